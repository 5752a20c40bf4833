from . import followup
