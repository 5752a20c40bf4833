"""Open the follow-up list with tens of thousands of contacts due.

Tops the database up to --contacts commercial contacts, gives each a follow-up date around
today (spread over the salespeople), then times the request the web client sends when a
salesperson opens the list (search, count and read of the first page of 80 rows) and counts
its SQL queries. Everything is rolled back at the end.

    python benchmarks/bench_followup_list.py --config .odoo/odoo.conf --database DB --contacts 50000
"""

import argparse
import statistics

from lxml import etree

import odoo

from seed import environment, repeat


def top_up(env, contacts):
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    entities = ["|", ("is_company", "=", True), ("parent_id", "=", False)]
    missing = contacts - Partner.search_count(entities)
    for start in range(0, max(missing, 0), 1000):
        Partner.create(
            [
                {"name": f"Contacto de prueba {start + n}", "is_company": True, "commercial_list": "prospect"}
                for n in range(min(1000, missing - start))
            ]
        )
    env.flush_all()
    salespeople = env.ref("sales_team.group_sale_salesman").users.filtered(lambda u: not u.share)
    # Follow-up dates from 30 days late to 30 days ahead, salespeople in turn.
    env.cr.execute(
        """
        WITH entity AS (
            SELECT id, row_number() OVER (ORDER BY id) AS n FROM res_partner
             WHERE is_company OR parent_id IS NULL ORDER BY id LIMIT %s)
        UPDATE res_partner p
           SET next_followup_date = CURRENT_DATE + ((entity.n %% 61) - 30)::int,
               user_id = (%s::int[])[1 + entity.n %% %s]
          FROM entity WHERE p.id = entity.id
        """,
        [contacts, salespeople.ids, len(salespeople)],
    )
    env.invalidate_all()
    return salespeople


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    args, registry = environment(parser)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        salespeople = top_up(env, args.contacts)
        # the same request as the addon's query-count test, once the registry set the addons path up
        from odoo.addons.pyme_crm.tests.test_followup_performance import LIST_SPEC

        view = env.ref("pyme_crm.res_partner_view_list_followup")
        order = etree.fromstring(view.arch_db).get("default_order")
        user = salespeople[0]
        partners = env["res.partner"].with_user(user).with_context(search_default_due_today=1)
        today = odoo.fields.Date.context_today(partners)
        domain = [
            ("next_followup_date", "!=", False),
            ("next_followup_date", "<=", today),
            ("user_id", "=", user.id),
        ]
        page, queries, seconds = repeat(
            env,
            args.runs,
            lambda: partners.web_search_read(domain, LIST_SPEC, limit=80, order=order, count_limit=1_000_000),
        )
        cr.execute("SELECT count(*) FROM res_partner WHERE next_followup_date IS NOT NULL")
        planned = cr.fetchone()[0]
        print(f"contacts with a follow-up   {planned:>8}")
        print(f"due for {user.login:<19} {page['length']:>8} (page of {len(page['records'])} rows)")
        print(
            f"queries per opening         {statistics.median(queries):>8.0f} (runs: {sorted(set(queries))})"
        )
        print(f"seconds per opening         {statistics.median(seconds):>8.3f} median of {args.runs}")
        cr.rollback()


if __name__ == "__main__":
    main()
