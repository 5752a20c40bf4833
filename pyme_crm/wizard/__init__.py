from . import client_lost
