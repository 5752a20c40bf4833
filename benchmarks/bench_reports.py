"""Read the reports on a million contacts, 200,000 deals and a million actions done.

For each scale of --scales (a share of --contacts, --deals and --actions), tops the database up by SQL:
the contacts with follow-up dates around today as bench_followup_list.py inserts them, spread over the
lists (a third with no follow-up planned) with an open follow-up activity for each planned one; the
open deals as bench_stale.py inserts them, each on a contact and with a sales order cloned from one made
with the ORM (40 % confirmed and invoiced, 30 % sent, 20 % draft, 10 % cancelled, over two years); and
the actions done with an outcome as bench_outcomes.py inserts them. Then, for a salesperson and for the
company, times and counts the SQL queries of: the dashboard (the whole call, and its follow-up figures:
due today, late, contacts without a follow-up), the salesperson report as its pivot opens (salesperson
by month over the year, and the total), the deal figures of the deal list's first page, the ABC
suggestion (the monthly cron's statement) and the call session's queue (a session of 100 calls).
--explain prints the plan of the slowest query of each report at each scale; --only keeps the reports
whose label holds the given text; --timeout cancels a report whose statement runs longer (shown as
>SECONDS). It works on a copy of the database, committed and vacuumed after each top-up as autovacuum
would, dropped at the end.

    PGOPTIONS="-c jit=off" python benchmarks/bench_reports.py --config .odoo/odoo.conf --database DB \
        --scales 0.05,1 --explain
"""

import argparse
import statistics
import time
from contextlib import contextmanager

import psycopg2
from bench_followup_list import top_up
from bench_outcomes import FOLLOWUP_TYPE, insert_done_actions

import odoo
from odoo import Command, fields

from bench_stale import insert_opportunities
from seed import environment, salespeople, scratch_copy, vacuum

BENCH_CONTACT = "Contacto de prueba %"  # the name of the contacts bench_followup_list.top_up inserts
SALESPEOPLE = 5
PAGE = 80
DEAL_FIGURES = ["quoted_amount", "ordered_amount", "invoiced_amount", "paid_amount"]
COST_FIGURES = ["purchased_amount", "margin_amount"]
PIVOT_MEASURES = [
    "new_clients:sum",
    "actions_done:sum",
    "action_effectiveness:avg",
    "action_success_rate:avg",
    "proposals:sum",
    "proposal_effectiveness:avg",
    "opportunities:sum",
    "sales_amount:sum",
]


class QueryLog:
    """The SQL statements a block runs, with their seconds (wraps the cursor's execute)."""

    def __init__(self, cr):
        self.cr, self.statements = cr, []

    @contextmanager
    def recording(self):
        execute = self.cr.execute

        def timed(query, params=None, log_exceptions=True):
            start = time.perf_counter()
            try:
                return execute(query, params, log_exceptions)
            finally:
                self.statements.append((time.perf_counter() - start, query, params))

        self.cr.execute = timed
        try:
            yield self
        finally:
            del self.cr.execute

    def slowest(self):
        return max(self.statements, key=lambda statement: statement[0]) if self.statements else None


def salespeople_and_templates(env):
    """The salespeople (created once) and one confirmed order with its posted invoice, and one open
    quotation, made with the ORM: the documents the SQL clones."""
    existing = salespeople(env, SALESPEOPLE)
    template = env["sale.order"].search([("client_order_ref", "=", "bench_reports")], limit=1)
    if not template:
        product = env["product.product"].create(
            {
                "name": "Mantenimiento anual",
                "type": "service",
                "list_price": 1200.0,
                "invoice_policy": "order",
            }
        )
        customer = env["res.partner"].create({"name": "Plantilla", "is_company": True})
        # the salespeople have CRM PYME's salesperson profile (seed.salespeople): the manager gets
        # the CRM PYME manager's, which sees every contact
        env.ref("base.user_admin").groups_id = [Command.link(env.ref("pyme_crm.group_pyme_manager").id)]
        template = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "client_order_ref": "bench_reports",
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
            }
        )
        template.action_confirm()
        template._create_invoices().action_post()
    env.flush_all()
    return existing, template


def clone(cr, table, source, overrides, source_alias="src"):
    """``INSERT INTO table SELECT ...`` copying every column of the rows of ``source`` (a FROM clause in
    which ``source_alias`` is the row to copy) but id and the ``overrides`` (column: SQL expression)."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [name for (name,) in cr.fetchall()]
    values = [overrides.get(name, f'{source_alias}."{name}"') for name in columns]
    names = ", ".join(f'"{name}"' for name in columns)
    return f"INSERT INTO {table} ({names}) SELECT {', '.join(values)} FROM {source}"


def top_up_contacts(env, contacts):
    """bench_followup_list's contacts, spread over the lists: clients (since some day of the last two
    years), prospects, proposals, the contact database and on hold; a third has no follow-up planned,
    the others an open follow-up activity on their date."""
    salespeople = top_up(env, contacts)
    cr = env.cr
    # hashed, so that the lists and the unplanned contacts do not follow the salespeople's turns
    cr.execute(
        """
        UPDATE res_partner
           SET commercial_list = (ARRAY['client', 'client', 'prospect', 'prospect', 'prospect',
                                        'proposal', 'reserve', 'reserve', 'reserve', 'on_hold'])[1 + bucket],
               commercial_priority = (ARRAY['A', 'B', '1', '2', '3', 'A', NULL, NULL, NULL, '2'])[1 + bucket],
               commercial_priority_rank = (ARRAY[1, 2, 4, 5, 6, 1, 7, 7, 7, 5])[1 + bucket],
               followup_list_rank = CASE WHEN bucket = 5 THEN 0 ELSE 1 END,
               client_since = CASE WHEN bucket < 2 THEN CURRENT_DATE - (id %% 730)::int END,
               next_followup_date = CASE WHEN unplanned THEN NULL ELSE next_followup_date END
          FROM (SELECT id AS partner_id, abs(hashint4(id)) %% 10 AS bucket,
                       abs(hashint4(id + 1)) %% 3 = 0 AS unplanned
                  FROM res_partner) hashed
         WHERE hashed.partner_id = res_partner.id AND name LIKE %s AND (is_company OR parent_id IS NULL)
        """,
        [BENCH_CONTACT],
    )
    cr.execute(
        """
        INSERT INTO mail_activity (res_model_id, res_model, res_id, activity_type_id, user_id, date_deadline,
                                   summary, active, create_uid, write_uid, create_date, write_date)
        SELECT %(model)s, 'res.partner', partner.id, %(type)s, partner.user_id, partner.next_followup_date,
               'Seguimiento', TRUE, 1, 1, now() at time zone 'utc', now() at time zone 'utc'
          FROM res_partner partner
         WHERE partner.name LIKE %(name)s AND partner.next_followup_date IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM mail_activity activity
                            WHERE activity.res_model = 'res.partner' AND activity.res_id = partner.id)
        """,
        {
            "model": env["ir.model"]._get_id("res.partner"),
            "type": env.ref(FOLLOWUP_TYPE).id,
            "name": BENCH_CONTACT,
        },
    )
    return salespeople


def top_up_deals(env, deals, template):
    """Open deals (bench_stale's) up to ``deals``, each on a contact and its salesperson, with a sales
    order cloned from the template (its lines too), and an invoice for each confirmed one."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM crm_lead")
    if (missing := deals - cr.fetchone()[0]) > 0:
        insert_opportunities(env, missing, 0.2)
        # without fresh statistics the UPDATE below expects one deal without a contact and joins each
        # of them to every contact (an hour at scale 1)
        cr.execute("ANALYZE crm_lead")
    cr.execute(
        """
        WITH entity AS (SELECT id, user_id, row_number() OVER (ORDER BY id) - 1 AS n
                          FROM res_partner WHERE name LIKE %s AND (is_company OR parent_id IS NULL)),
             total AS (SELECT count(*) AS n FROM entity),
             lead AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM crm_lead WHERE partner_id IS NULL)
        UPDATE crm_lead SET partner_id = entity.id, user_id = COALESCE(entity.user_id, crm_lead.user_id)
          FROM lead, total, entity
         WHERE crm_lead.id = lead.id AND entity.n = (lead.n * 7919) %% total.n
        """,
        [BENCH_CONTACT],
    )
    state = "(ARRAY['sale', 'sale', 'sale', 'sale', 'sent', 'sent', 'sent', 'draft', 'draft', 'cancel'])"
    ordered = "(now() at time zone 'utc' - (lead.id %% 730) * interval '1 day')"
    orders = clone(
        cr,
        "sale_order",
        f"""(SELECT lead.*, {state}[1 + lead.id %% 10] AS new_state FROM crm_lead lead
             WHERE lead.partner_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM sale_order so WHERE so.opportunity_id = lead.id)) lead,
           (SELECT * FROM sale_order WHERE id = %(template)s) src""",
        {
            "name": "'BENCH' || lead.id",
            "partner_id": "lead.partner_id",
            "partner_invoice_id": "lead.partner_id",
            "partner_shipping_id": "lead.partner_id",
            "user_id": "lead.user_id",
            "opportunity_id": "lead.id",
            "client_order_ref": "NULL",
            "state": "lead.new_state",
            "invoice_status": "CASE WHEN lead.new_state = 'sale' THEN 'invoiced' ELSE 'no' END",
            "date_order": ordered,
            "create_date": ordered,
            "proposal_date": f"CASE WHEN lead.new_state != 'draft' THEN {ordered} END",
            "proposal_decided_date": f"CASE WHEN lead.new_state IN ('sale', 'cancel') "
            f"THEN {ordered} + interval '7 days' END",
        },
    )
    lines = clone(
        cr,
        "sale_order_line",
        "new_order, (SELECT * FROM sale_order_line WHERE order_id = %(template)s) src",
        {
            "order_id": "new_order.id",
            "state": "new_order.state",
            "salesman_id": "new_order.user_id",
            "order_partner_id": "new_order.partner_id",
            "create_date": "new_order.date_order",
        },
    )
    cr.execute(
        f"WITH new_order AS ({orders} RETURNING id, state, user_id, partner_id, date_order) {lines}",
        {"template": template.id},
    )
    invoice = template.invoice_ids[:1]
    amount = "(100 + (so.partner_id %% 97) * 50)"
    cr.execute(
        clone(
            cr,
            "account_move",
            """sale_order so, (SELECT * FROM account_move WHERE id = %(invoice)s) src
                WHERE so.name LIKE 'BENCH%%' AND so.state = 'sale'
                  AND NOT EXISTS (SELECT 1 FROM account_move move
                                   WHERE move.opportunity_id = so.opportunity_id)""",
            {
                "name": "'BENCH/' || so.id",
                "ref": "NULL",
                "invoice_origin": "so.name",
                "partner_id": "so.partner_id",
                "commercial_partner_id": "so.partner_id",
                "partner_shipping_id": "so.partner_id",
                "invoice_user_id": "so.user_id",
                "opportunity_id": "so.opportunity_id",
                "invoice_date": "(so.date_order + interval '3 days')::date",
                "date": "(so.date_order + interval '3 days')::date",
                "invoice_date_due": "(so.date_order + interval '33 days')::date",
                "amount_untaxed": amount,
                "amount_untaxed_signed": amount,
                "amount_untaxed_in_currency_signed": amount,
                "amount_total": f"{amount} * 1.21",
                "amount_total_signed": f"{amount} * 1.21",
                "amount_total_in_currency_signed": f"{amount} * 1.21",
                "amount_residual": f"CASE WHEN so.id %% 2 = 0 THEN 0 ELSE {amount} * 1.21 END",
                "amount_residual_signed": f"CASE WHEN so.id %% 2 = 0 THEN 0 ELSE {amount} * 1.21 END",
                "payment_state": "CASE WHEN so.id %% 2 = 0 THEN 'paid' ELSE 'not_paid' END",
            },
        ),
        {"invoice": invoice.id},
    )


def top_up_all(env, scale, args, template):
    contacts, deals, actions = (round(scale * size) for size in (args.contacts, args.deals, args.actions))
    start = time.perf_counter()
    top_up_contacts(env, contacts)
    top_up_deals(env, deals, template)
    cr = env.cr
    cr.execute("SELECT count(*) FROM mail_message WHERE mail_activity_type_id IS NOT NULL")
    if (missing := actions - cr.fetchone()[0]) > 0:
        companies = env["res.partner"].search(
            [("name", "=like", BENCH_CONTACT), ("is_company", "=", True), ("user_id", "!=", False)],
            limit=20_000,
            order="id",
        )
        insert_done_actions(env, missing, companies)
    cr.commit()
    tables = ["res_partner", "mail_activity", "crm_lead", "sale_order", "sale_order_line", "account_move"]
    vacuum(cr.dbname, [*tables, "mail_message"])  # as autovacuum would after such growth
    env.invalidate_all()
    counts = {}
    for label, query in (
        ("contacts", "SELECT count(*) FROM res_partner WHERE is_company OR parent_id IS NULL"),
        ("follow-ups", "SELECT count(*) FROM mail_activity WHERE res_model = 'res.partner'"),
        ("deals", "SELECT count(*) FROM crm_lead"),
        ("orders", "SELECT count(*) FROM sale_order"),
        ("invoices", "SELECT count(*) FROM account_move WHERE move_type = 'out_invoice'"),
        ("actions done", "SELECT count(*) FROM mail_message WHERE mail_activity_type_id IS NOT NULL"),
    ):
        cr.execute(query)
        counts[label] = cr.fetchone()[0]
    print(
        f"\nscale {scale:g}: "
        + ", ".join(f"{label} {count:,}" for label, count in counts.items())
        + f" (seeded in {time.perf_counter() - start:.0f} s)"
    )


def reports(env, salesperson, manager):
    """(label, user, callable) of every report read."""
    today = fields.Date.context_today(env["res.users"])
    year = [
        ("date", ">=", today.replace(month=1, day=1)),
        ("date", "<", today.replace(year=today.year + 1, month=1, day=1)),
    ]

    def dashboard(user, scope):
        return lambda: env["pyme_crm.dashboard"].with_user(user).get_dashboard(scope=scope, period="year")

    def followup_figures(user, scope):
        board = env["pyme_crm.dashboard"].with_user(user)
        return lambda: board._followup_figures(board._scope_users(scope))

    def pivot(user):
        report = env["crm.salesperson.report"].with_user(user)
        # the pivot's four read_groups: the total, the rows, the columns and the cells
        groupbys = ([], ["user_id"], ["date:month"], ["user_id", "date:month"])
        return lambda: [
            report.web_read_group(year, PIVOT_MEASURES, groupby, lazy=False) for groupby in groupbys
        ]

    def deal_page(user, figures):
        spec = {name: {} for name in ["name", "stage_id", *figures, "company_currency"]}
        leads = env["crm.lead"].with_user(user)
        return lambda: leads.web_search_read([("type", "=", "opportunity")], spec, limit=PAGE)

    def abc():
        return env.company._suggest_abc()

    def call_session(user):
        # the queue as the addon's test counts it: action_start and its flush, the session created before
        Session = env["pyme_crm.call.session"].with_user(user)

        def start():
            session = Session.create({"call_limit": 100})
            session.env.flush_all()
            start_queries, start = env.cr.sql_log_count, time.perf_counter()
            session.action_start()
            session.env.flush_all()
            return env.cr.sql_log_count - start_queries, time.perf_counter() - start

        start.self_timed = True
        return start

    return [
        ("dashboard, salesperson (mine)", salesperson, dashboard(salesperson, "mine")),
        ("dashboard, manager (company)", manager, dashboard(manager, "company")),
        ("follow-up figures, mine", salesperson, followup_figures(salesperson, "mine")),
        ("follow-up figures, company", manager, followup_figures(manager, "company")),
        ("salesperson report, salesperson", salesperson, pivot(salesperson)),
        ("salesperson report, manager", manager, pivot(manager)),
        ("deal figures, page, salesperson", salesperson, deal_page(salesperson, DEAL_FIGURES)),
        ("deal figures, page, manager", manager, deal_page(manager, DEAL_FIGURES + COST_FIGURES)),
        ("ABC suggestion (cron)", None, abc),
        ("call session queue (100)", salesperson, call_session(salesperson)),
    ]


def measure(env, runs, call, timeout):
    """Queries and seconds of each of ``runs`` runs with empty caches, after a run that warms the
    registry's caches (views, rules) and records the slowest statement. A statement running past
    ``timeout`` seconds (0: no limit) cancels the report: no figures, and that statement."""
    log = QueryLog(env.cr)
    queries, seconds = [], []
    env.cr.execute("SET LOCAL statement_timeout = %s", [round(timeout * 1000)])
    try:
        with env.cr.savepoint():
            env.invalidate_all()
            with log.recording():
                call()
            for _ in range(runs):
                env.invalidate_all()
                if getattr(call, "self_timed", False):  # it leaves its preparation out
                    count, elapsed = call()
                else:
                    start_queries, start = env.cr.sql_log_count, time.perf_counter()
                    call()
                    count, elapsed = env.cr.sql_log_count - start_queries, time.perf_counter() - start
                queries.append(count)
                seconds.append(elapsed)
    except psycopg2.errors.QueryCanceled:
        env.invalidate_all()
        return None, None, log.slowest()
    finally:
        env.cr.execute("SET LOCAL statement_timeout = 0")
    return queries, seconds, log.slowest()


def explain(cr, statement, analyze=True):
    _seconds, query, params = statement
    if isinstance(query, odoo.tools.SQL):
        query, params = query.code, query.params
    cr.execute("SAVEPOINT explain")  # EXPLAIN ANALYZE runs it: an UPDATE is undone
    cr.execute(f"EXPLAIN {'(ANALYZE, BUFFERS)' if analyze else ''} {query}", params)
    plan = "\n".join(row[0] for row in cr.fetchall())
    cr.execute("ROLLBACK TO SAVEPOINT explain")
    return plan


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--deals", type=int, default=200_000)
    parser.add_argument("--actions", type=int, default=1_000_000, help="actions done (mail.message)")
    parser.add_argument("--scales", default="1", help="shares of the sizes, comma-separated: 0.05,1")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="plan of each report's slowest query")
    parser.add_argument("--timeout", type=float, default=0, help="seconds a report's statement may run")
    parser.add_argument("--only", default="", help="the reports whose label holds this text")
    args, _registry = environment(parser)
    with scratch_copy(args) as registry, registry.cursor() as cr:
        env = odoo.api.Environment(
            cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        salespeople, template = salespeople_and_templates(env)
        manager = env.ref("base.user_admin")
        chosen = [report for report in reports(env, salespeople[0], manager) if args.only in report[0]]
        figures = {}
        scales = [float(scale) for scale in args.scales.split(",")]
        for scale in scales:
            top_up_all(env, scale, args, template)
            plans = []
            for label, _user, call in chosen:
                queries, seconds, slowest = measure(env, args.runs, call, args.timeout)
                figures[label, scale] = (queries, seconds)
                plans.append((label, slowest, queries is not None))
                if queries is None:
                    print(f"  {label:<34} cancelled: a statement ran past {args.timeout:g} s")
                    continue
                print(
                    f"  {label:<34} {statistics.median(queries):>5.0f} queries (runs {sorted(set(queries))}) "
                    f"{statistics.median(seconds):>8.3f} s median of {args.runs} (min {min(seconds):.3f})"
                    f" (slowest query {slowest[0]:.3f} s)"
                )
            for label, statement, finished in plans if args.explain else ():
                done = f"{statement[0]:.3f} s" if finished else "cancelled, its plan without ANALYZE"
                print(f"\n== {label} @{scale:g}: slowest query, {done}\n{explain(cr, statement, finished)}")
        print(f"\n{'report':<34}" + "".join(f" {f'queries @{s:g}':>13} {f's @{s:g}':>9}" for s in scales))
        for label, _user, _call in chosen:
            cells = ""
            for scale in scales:
                queries, seconds = figures[label, scale]
                if queries is None:
                    cells += f" {'-':>13} {f'>{args.timeout:g}':>9}"
                else:
                    cells += f" {statistics.median(queries):>13.0f} {statistics.median(seconds):>9.3f}"
            print(f"{label:<34}{cells}")


if __name__ == "__main__":
    main()
