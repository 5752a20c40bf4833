from . import client_lost
from . import call_outcome
