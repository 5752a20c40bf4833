"""Salespeople working the day against a running server, each in a thread signed in to the web client
(JSON-RPC with a session cookie, as the browser calls): the follow-up list, a call outcome, a new
priority, every fifth call a deal and its quotation, every tenth the dashboard. Every write the server
acknowledged is kept, to be looked for in the database afterwards."""

import statistics
import threading
import time
from collections import Counter, defaultdict

import requests
from rpc import RpcError, RpcFailure, WebSession

PASSWORD = "Pyme-load-2026"
CONTACTS_PER_SALESPERSON = 50
LIST_SPEC = {
    "next_followup_date": {},
    "display_name": {},
    "commercial_list": {},
    "commercial_priority": {},
    "phone": {},
    "last_note": {},
}
LIST_ORDER = "followup_list_rank, next_followup_date, commercial_priority_rank, id"
# What a server that lost a worker or its database answers: no answer, or the database's error. A
# salesperson retries those (presses the button again) for up to RETRY_SECONDS when ``retry`` is on.
FAULTS = ("psycopg2.",)
RETRY_SECONDS = 60


def setup_script(salespeople):
    """An ``odoo-bin shell`` script: the salespeople (load_sp_N), their due contacts and a product."""
    return f"""
from odoo import fields
group = env.ref("pyme_crm.group_pyme_salesperson")
env["product.product"].create({{"name": "Servicio de carga", "type": "service", "list_price": 100}})
Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
for n in range({salespeople}):
    user = env["res.users"].with_context(no_reset_password=True).create({{
        "name": f"Comercial {{n}}", "login": f"load_sp_{{n}}", "password": {PASSWORD!r},
        "groups_id": [(6, 0, [group.id])],
    }})
    contacts = Partner.create([
        {{"name": f"Cliente {{n}}-{{c}}", "is_company": True, "commercial_list": "prospect",
          "commercial_priority": "123"[c % 3], "user_id": user.id, "phone": f"+34 976 {{n:03d}} {{c:03d}}"}}
        for c in range({CONTACTS_PER_SALESPERSON})
    ])
    contacts._schedule_followups(fields.Date.today())
"""


class Salesperson(threading.Thread):
    """One salesperson: logs in ``start_after`` seconds after the first one (people do not all log in the
    same second), then works, pausing ``think`` seconds before each request."""

    def __init__(
        self, number, url, database, deadline, max_calls, results, start_after=0, think=0, retry=False
    ):
        super().__init__(name=f"load_sp_{number}", daemon=True)
        self.url, self.database, self.deadline, self.max_calls = url, database, deadline, max_calls
        self.results, self.start_after, self.think, self.retry = results, start_after, think, retry

    def run(self):
        time.sleep(self.start_after)
        try:
            self.work()
        except RpcFailure as failure:
            self.results.record("session", 0, failure.error)
        except Exception as error:  # noqa: BLE001 - a salesperson who cannot work is an error, not a silent stop
            self.results.record("session", 0, RpcError(type(error).__name__, str(error)))

    def timed(self, kind, model, method, *args, **kwargs):
        time.sleep(self.think)
        started, start = time.monotonic(), time.perf_counter()
        result = self.attempt(kind, lambda: self.rpc.call(model, method, *args, **kwargs))
        self.results.record(kind, time.perf_counter() - start, result, started)
        return None if isinstance(result, RpcError) else result

    def attempt(self, kind, call):
        """``call()``'s result or RpcError; with ``retry``, a fault is tried again until it passes."""
        give_up = time.monotonic() + RETRY_SECONDS
        while True:
            try:
                result = call()
                fault = isinstance(result, RpcError) and result.name.startswith(FAULTS)
            except requests.RequestException as error:  # no answer (or not Odoo's)
                result, fault = RpcError(type(error).__name__, str(error)), True
            except RpcFailure as failure:
                result, fault = failure.error, failure.error.name.startswith(FAULTS)
            if not (self.retry and fault and time.monotonic() < give_up):
                return result
            self.results.retry(kind)
            time.sleep(1)

    def work(self):
        self.rpc = self.attempt("login", lambda: WebSession(self.url, self.database, self.name, PASSWORD))
        if isinstance(self.rpc, RpcError):
            raise RpcFailure(self.rpc)
        outcome = self.rpc.ids("mail.activity.outcome", [("name", "=", "Interested")])[0]
        product = self.rpc.ids("product.product", [("name", "=", "Servicio de carga")])[0]
        calls = 0
        while calls < self.max_calls and time.monotonic() < self.deadline:
            page = self.timed(
                "followup list",
                "res.partner",
                "web_search_read",
                [("next_followup_date", "<=", time.strftime("%Y-%m-%d")), ("user_id", "=", self.rpc.uid)],
                LIST_SPEC,
                limit=80,
                order=LIST_ORDER,
                count_limit=10_001,
            )
            if not page or not page["records"]:
                continue
            calls += 1
            token = f"{self.name}-{calls}"
            contact = page["records"][calls % len(page["records"])]["id"]
            dialog = self.timed(
                "call outcome",
                "res.partner.call.outcome",
                "create",
                {"partner_id": contact, "outcome_id": outcome, "note": token, "followup_shortcut": "today"},
            )
            if dialog and self.timed("call outcome", "res.partner.call.outcome", "action_apply", [dialog]):
                self.results.acknowledge("note", (contact, token))
            other = page["records"][(calls + 1) % len(page["records"])]["id"]
            priority = "123"[calls % 3]
            if self.timed("reprioritise", "res.partner", "write", [other], {"commercial_priority": priority}):
                self.results.acknowledge("priority", (other, priority))
            if calls % 5 == 0:
                self.deal_and_quotation(contact, token, product)
            if calls % 10 == 0:
                self.timed("dashboard", "pyme_crm.dashboard", "get_dashboard", scope="mine", period="month")

    def deal_and_quotation(self, contact, token, product):
        deal = self.timed(
            "deal", "crm.lead", "create", {"name": token, "type": "opportunity", "partner_id": contact}
        )
        if not deal:
            return
        self.results.acknowledge("deal", token)
        line = {"product_id": product, "product_uom_qty": 1}
        values = {
            "partner_id": contact,
            "opportunity_id": deal,
            "client_order_ref": token,
            "order_line": [(0, 0, line)],
        }
        if self.timed("quotation", "sale.order", "create", values):
            self.results.acknowledge("quotation", token)


class Results:
    """Latencies and errors per kind of request, and the acknowledged writes, shared by the threads. The
    latencies are of the requests sent once every salesperson has logged in (``measured_from``); the
    errors and the writes, of all."""

    def __init__(self, measured_from=0):
        self.measured_from = measured_from
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.errors = Counter()
        self.retried = Counter()
        self.acknowledged = defaultdict(list)

    def record(self, kind, seconds, result, started=None):
        with self.lock:
            if started is None or started >= self.measured_from:
                self.latencies[kind].append(seconds)
            if isinstance(result, RpcError):
                self.errors[f"{kind}: {result.name}"] += 1

    def retry(self, kind):
        with self.lock:
            self.retried[kind] += 1

    def acknowledge(self, kind, write):
        with self.lock:
            self.acknowledged[kind].append(write)

    def percentiles(self, kind):
        cuts = statistics.quantiles(self.latencies[kind], n=100, method="inclusive")
        return cuts[49], cuts[94]


def work_the_day(url, database, salespeople, seconds, max_calls, ramp=0.5, think=0, retry=False):
    """Run the salespeople, one more every ``ramp`` seconds, until ``seconds`` pass or each made
    ``max_calls`` calls; (results, elapsed)."""
    start = time.monotonic()
    results = Results(measured_from=start + salespeople * ramp + 5)
    threads = [
        Salesperson(n, url, database, start + seconds, max_calls, results, n * ramp, think, retry)
        for n in range(salespeople)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 300)
        assert not thread.is_alive(), f"{thread.name} is still working after {seconds + 300} s"
    return results, time.monotonic() - start


def lost_writes(cr, acknowledged):
    """The acknowledged writes the database does not hold, by kind."""
    notes = acknowledged["note"]
    cr.execute(
        """SELECT res_id, activity_feedback FROM mail_message
            WHERE model = 'res.partner' AND activity_feedback = ANY(%s)""",
        [[token for _contact, token in notes]],
    )
    lost = {"note": set(notes) - set(cr.fetchall())}
    last_priority = dict(acknowledged["priority"])  # a thread writes its contacts one after the other
    cr.execute("SELECT id, commercial_priority FROM res_partner WHERE id = ANY(%s)", [list(last_priority)])
    lost["priority"] = set(last_priority.items()) - set(cr.fetchall())
    for kind, query in [
        ("deal", "SELECT name FROM crm_lead WHERE name = ANY(%s)"),
        ("quotation", "SELECT client_order_ref FROM sale_order WHERE client_order_ref = ANY(%s)"),
    ]:
        cr.execute(query, [acknowledged[kind]])
        lost[kind] = set(acknowledged[kind]) - {row[0] for row in cr.fetchall()}
    return lost


def report(results, elapsed, lost):
    calls = len(results.acknowledged["note"])
    rate = f"{calls} calls in {elapsed:.0f} s: {calls / elapsed:.1f} calls/s"
    lines = [f"{rate} (latencies once everyone has logged in)"]
    for kind in sorted(kind for kind, latencies in results.latencies.items() if len(latencies) > 1):
        p50, p95 = results.percentiles(kind)
        count = len(results.latencies[kind])
        lines.append(f"{kind:<15} {count:>6} requests  p50 {p50 * 1000:>6.0f} ms  p95 {p95 * 1000:>6.0f} ms")
    lines.append(f"errors: {dict(results.errors) or 0}")
    if results.retried:
        lines.append(f"retried: {dict(results.retried)}")
    lines.append(
        "acknowledged: "
        + ", ".join(f"{kind} {len(writes)}" for kind, writes in sorted(results.acknowledged.items()))
    )
    lines.append(f"lost: {sum(map(len, lost.values()))} {({k: len(v) for k, v in lost.items() if v}) or ''}")
    return "\n".join(lines)
