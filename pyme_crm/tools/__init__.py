from . import followup
from . import method
