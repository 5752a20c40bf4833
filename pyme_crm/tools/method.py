"""The commercial method's lists, priority codes and moves, shared by the models and wizards."""

# In the order a contact moves through them (the status bar's order).
COMMERCIAL_LISTS = [
    ("reserve", "Contact database"),
    ("prospect", "Prospects"),
    ("proposal", "Proposals in progress"),
    ("client", "Clients"),
    ("on_hold", "Contacts on hold"),
]
COMMERCIAL_PRIORITIES = [
    ("A", "A - key client"),
    ("B", "B - client with potential"),
    ("C", "C - client to classify"),
    ("1", "1 - high potential, easy access"),
    ("2", "2 - high potential, hard access"),
    ("3", "3 - small potential, easy access"),
]
CLIENT_PRIORITIES = ("A", "B", "C")
PROSPECT_PRIORITIES = ("1", "2", "3")
# Which priorities each list accepts. Proposals and contacts on hold keep the
# priority they came with, whichever kind; the contact database holds none.
PRIORITIES_BY_LIST = {
    "client": CLIENT_PRIORITIES,
    "prospect": PROSPECT_PRIORITIES,
    "proposal": CLIENT_PRIORITIES + PROSPECT_PRIORITIES,
    "on_hold": CLIENT_PRIORITIES + PROSPECT_PRIORITIES,
    "reserve": (),
}
# The moves the method allows (rule 4), by hand or after a call, besides staying put.
ALLOWED_MOVES = {
    "reserve": ("prospect", "on_hold"),
    "prospect": ("proposal", "on_hold"),
    "proposal": ("client", "prospect", "on_hold"),
    "client": ("proposal", "prospect"),
    "on_hold": ("prospect",),
}
