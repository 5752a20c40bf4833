"""A JSON-RPC journey per profile against a running server: what each reads, writes, creates and unlinks,
as an integration or a user's automation would call it."""

import pytest
from rpc import Rpc, RpcError

PASSWORD = "Pyme-rpc-2026"
SETUP = f"""
def group(xmlid):
    return [(4, env.ref(xmlid).id)]

def user(login, *groups, **values):
    return env["res.users"].with_context(no_reset_password=True).create(
        {{"name": login, "login": login, "password": {PASSWORD!r}, "groups_id": [(6, 0, [])], **values}}
    ).write({{"groups_id": [g for xmlid in groups for g in group(xmlid)]}})

user("rpc_seller", "pyme_crm.group_pyme_salesperson")
user("rpc_other_seller", "pyme_crm.group_pyme_salesperson")
user("rpc_manager", "pyme_crm.group_pyme_manager")
user("rpc_marketing", "pyme_crm.group_pyme_marketing")
user("rpc_service", "pyme_crm.group_pyme_customer_service")
user("rpc_accountant", "account.group_account_invoice")
seller = env["res.users"].search([("login", "=", "rpc_seller")])
client = env["res.partner"].create({{
    "name": "Cliente RPC S.L.", "is_company": True, "commercial_list": "client", "commercial_priority": "A",
    "vat": "B11111111", "email": "rpc@cliente.example", "user_id": seller.id,
}})
portal_contact = env["res.partner"].create(
    {{"name": "Portal RPC", "parent_id": client.id, "email": "portal@cliente.example"}}
)
user("rpc_portal", "base.group_portal", partner_id=portal_contact.id)
env["crm.lead"].create(
    {{"name": "Trato RPC", "type": "opportunity", "partner_id": client.id, "user_id": seller.id}}
)
env["res.partner"].create({{
    "name": "Prospecto RPC", "is_company": True, "commercial_list": "prospect", "commercial_priority": "2",
    "user_id": seller.id,
}})
"""


def refused(result, exception="odoo.exceptions.AccessError"):
    return isinstance(result, RpcError) and result.name == exception


@pytest.fixture(scope="module")
def server(odoo, server_database):
    odoo.shell("rpc_setup", server_database, SETUP)
    with odoo.server("rpc", server_database, "--workers=2", "--max-cron-threads=0") as running:
        yield running


@pytest.fixture(scope="module")
def session(server, server_database):
    sessions = {}

    def login(name):
        if name not in sessions:
            sessions[name] = Rpc(server.url, server_database, f"rpc_{name}", PASSWORD)
        return sessions[name]

    return login


@pytest.fixture(scope="module")
def client_id(session):
    [client] = session("manager").ids("res.partner", [("name", "=", "Cliente RPC S.L.")])
    return client


@pytest.fixture(scope="module")
def deal_id(session):
    [deal] = session("manager").ids("crm.lead", [("name", "=", "Trato RPC")])
    return deal


def test_portal_reads_no_internal_classification(session, client_id):
    portal = session("portal")
    assert portal.call("res.partner", "read", [client_id], ["name"])[0]["name"] == "Cliente RPC S.L."
    for field in (
        "commercial_priority",
        "abc_share",
        "last_note",
        "purchase_potential",
        "commercial_role_ids",
    ):
        assert refused(portal.call("res.partner", "read", [client_id], [field])), field


def test_who_reads_the_deal_figures(session, deal_id):
    for profile in ("marketing", "service"):
        assert refused(session(profile).call("crm.lead", "search_read", [], ["invoiced_amount"])), profile
    seller = session("seller")
    assert seller.call("crm.lead", "read", [deal_id], ["invoiced_amount"])[0]["invoiced_amount"] == 0
    assert refused(seller.call("crm.lead", "read", [deal_id], ["margin_amount"]))
    for profile in ("manager", "accountant"):
        assert "margin_amount" in session(profile).call("crm.lead", "read", [deal_id], ["margin_amount"])[0]


def test_marketing_reads_deals_and_edits_contacts(session, deal_id):
    marketing = session("marketing")
    assert marketing.call("crm.lead", "read", [deal_id], ["name"])[0]["name"] == "Trato RPC"
    assert refused(marketing.call("crm.lead", "write", [deal_id], {"name": "Cambiado"}))
    partner = marketing.call("res.partner", "create", {"name": "Contacto de marketing", "is_company": True})
    assert marketing.call("res.partner", "write", [partner], {"source_id": False}) is True
    assert marketing.call("res.partner", "unlink", [partner]) is True


def test_customer_service_has_no_pipeline(session, client_id):
    service = session("service")
    assert refused(service.call("crm.lead", "search_read", [], ["name"]))
    assert service.call("res.partner", "read", [client_id], ["name"])


def test_salespeople_are_kept_apart(session, client_id):
    other = session("other_seller")
    assert client_id not in other.ids("res.partner", [("id", "=", client_id)])
    [portal_contact] = session("manager").ids("res.partner", [("email", "=", "portal@cliente.example")])
    assert refused(other.call("res.partner", "write", [portal_contact], {"email": "robado@x.example"}))
    assert refused(session("seller").call("res.partner", "unlink", [client_id]))


def test_no_context_key_and_no_create_skips_the_required_information(session):
    seller = session("seller")
    bare = seller.call("res.partner", "create", {"name": "Sin Datos RPC", "is_company": True})
    forged = seller.call(
        "res.partner",
        "write",
        [bare],
        {"commercial_list": "client"},
        context={"pyme_crm_automatic_move": True},
    )
    assert refused(forged, "odoo.exceptions.RedirectWarning"), forged
    for profile in ("seller", "marketing", "service"):
        created = session(profile).call(
            "res.partner", "create", {"name": "Cliente Vacío", "commercial_list": "client"}
        )
        assert refused(created, "odoo.exceptions.ValidationError"), (profile, created)


def test_no_one_but_the_addon_sets_its_system_fields(session, client_id, deal_id):
    seller = session("seller")
    assert refused(seller.call("res.partner", "write", [client_id], {"client_since": "2020-01-01"}))
    assert refused(seller.call("crm.lead", "write", [deal_id], {"stale_reminded_for": "2030-01-01 00:00:00"}))
    for profile in ("manager", "marketing", "service"):
        profile_session = session(profile)
        for vals in ({"commercial_priority_from_abc": True}, {"client_since": "2020-01-01"}):
            assert refused(profile_session.call("res.partner", "write", [client_id], vals)), (profile, vals)


def test_accountant_reads_deals_without_editing_them(session, deal_id):
    accountant = session("accountant")
    assert (
        accountant.call("crm.lead", "read", [deal_id], ["name", "invoiced_amount"])[0]["name"] == "Trato RPC"
    )
    assert refused(accountant.call("crm.lead", "write", [deal_id], {"name": "Cambiado"}))


def test_who_creates_sectors_and_imports(session):
    """The import's values step creates a sector only for those who may: marketing and managers."""
    for profile in ("marketing", "manager"):
        created = session(profile).call("res.partner.industry", "create", {"name": f"Sector de {profile}"})
        assert isinstance(created, int), (profile, created)
    for profile in ("seller", "service", "portal"):
        assert refused(session(profile).call("res.partner.industry", "create", {"name": "Sector"})), profile
    assert refused(session("portal").call("res.partner.import", "create", {})), "no import for the portal"


def test_a_call_session_over_rpc(session, client_id):
    """A salesperson's session as the call screen drives it, with the call dialog's rules."""
    seller = session("seller")
    session_id = seller.call("pyme_crm.call.session", "action_open_current")
    assert seller.call("pyme_crm.call.session", "action_start", [session_id]) is True
    lines = seller.call("pyme_crm.call.session", "read", [session_id], ["line_ids"])[0]["line_ids"]
    queue = seller.call("pyme_crm.call.session.line", "read", lines, ["partner_id", "reason"])
    by_name = {line["partner_id"][1]: line for line in queue}
    assert [by_name[name]["reason"] for name in ("Cliente RPC S.L.", "Prospecto RPC")] == [
        "client",
        "prospect",
    ]
    [interested] = seller.ids("mail.activity.outcome", [("name", "=", "Interested")])
    [no_answer] = seller.ids("mail.activity.outcome", [("no_answer", "=", True)])
    client_line, prospect_line = by_name["Cliente RPC S.L."]["id"], by_name["Prospecto RPC"]["id"]
    refused_move = seller.call(
        "pyme_crm.call.session.line", "action_log", [client_line], interested, "Sí", commercial_list="on_hold"
    )
    assert refused(refused_move, "odoo.exceptions.UserError"), refused_move
    logged = seller.call(
        "pyme_crm.call.session.line",
        "action_log",
        [client_line],
        outcome_id=interested,
        note="Quiere ampliar el contrato",
        followup_shortcut="date",
        followup_date="2030-01-15",
    )
    assert logged == {"answered": True, "attempts": 0, "suggest_on_hold": False}, logged
    client = seller.call("res.partner", "read", [client_id], ["next_followup_date", "last_note"])[0]
    assert (client["next_followup_date"], client["last_note"]) == ("2030-01-15", "Quiere ampliar el contrato")
    attempt = seller.call("pyme_crm.call.session.line", "action_log", [prospect_line], no_answer)
    assert attempt["attempts"] == 1, attempt
    [prospect_id] = seller.ids("res.partner", [("name", "=", "Prospecto RPC")])
    assert refused(seller.call("res.partner", "write", [prospect_id], {"call_attempt_count": 0}))
    assert refused(session("other_seller").call("pyme_crm.call.session.line", "read", lines, ["note"]))
    for profile in ("marketing", "service", "portal"):
        assert refused(session(profile).call("pyme_crm.call.session", "create", {})), profile
    assert seller.call("pyme_crm.call.session", "action_end", [session_id]) is True


def test_who_reads_the_dashboard_charts_and_sets_the_stale_rule(session):
    for profile in ("seller", "manager"):
        charts = session(profile).call("pyme_crm.dashboard", "get_charts", scope="mine", period="month")
        assert {chart["key"] for chart in charts["charts"]} >= {"sales_ordered", "proposals"}, profile
    for profile in ("marketing", "service", "portal"):
        result = session(profile).call("pyme_crm.dashboard", "get_charts", scope="mine", period="month")
        assert refused(result), profile
    for profile in ("seller", "manager", "marketing", "portal"):
        result = session(profile).call("res.company", "write", [1], {"crm_stale_pause_planned": False})
        assert refused(result), profile
