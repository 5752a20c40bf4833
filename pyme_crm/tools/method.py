"""The commercial method's vocabulary: lists, priority codes, moves and segments, shared by the models,
wizards and reports."""

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
# The follow-up list's order: clients by priority, then prospects, then contacts with none.
PRIORITY_RANK = {key: rank for rank, (key, _label) in enumerate(COMMERCIAL_PRIORITIES, start=1)}

# The moves the method allows, by hand or after a call, besides staying put: a contact advances one
# list at a time, is put on hold or goes back to the prospects, and a client only leaves for a new
# proposal or, lost, the prospects.
ALLOWED_MOVES = {
    "reserve": ("prospect", "on_hold"),
    "prospect": ("proposal", "on_hold"),
    "proposal": ("client", "prospect", "on_hold"),
    "client": ("proposal", "prospect"),
    "on_hold": ("prospect",),
}

CUSTOMER_TYPES = [
    ("company", "Company"),
    ("self_employed", "Self-employed"),
    ("individual", "Individual"),
    ("public_body", "Public body"),
]
PURCHASE_POTENTIALS = [("high", "High"), ("medium", "Medium"), ("low", "Low")]
# The commercial records whose actions end with an outcome: Odoo's generic types (Call) stay free elsewhere.
OUTCOME_MODELS = ("res.partner", "crm.lead")
OUTCOME_RESULTS = [("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")]
# The fields a company shares with its contact people, who hold the company's values.
COMMERCIAL_FIELDS = [
    "commercial_list",
    "commercial_list_before_proposal",
    "commercial_priority",
    "commercial_role_ids",
    "source_id",
    "customer_type",
    "purchase_potential",
    "sales_zone_id",
    "commercial_priority_from_abc",
    "no_satisfaction_check",
    "best_call_time",
]


def priority_rank(priority):
    """A priority's place in the follow-up list; contacts without one come last."""
    return PRIORITY_RANK.get(priority, len(PRIORITY_RANK) + 1)
