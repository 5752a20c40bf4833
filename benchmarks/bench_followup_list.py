"""Open the follow-up list with tens of thousands to a million contacts.

For each size of --contacts, tops the database up to that many commercial contacts, gives each a
follow-up date around today (spread over the salespeople, CRM PYME salespeople with their record
rules), then times the request the web client sends when a salesperson opens the list (search, the
count bounded as the web client bounds it, and the read of the first page of 80 rows) and counts its
SQL queries; --explain prints the plans of the page query and of the count at the last size. It works
on a copy of the database, committed and vacuumed as autovacuum would, dropped at the end.

    python benchmarks/bench_followup_list.py --config .odoo/odoo.conf --database DB \
        --contacts 50000,200000,1000000 --explain
"""

import argparse
import statistics

from lxml import etree

import odoo
from odoo.tools import SQL

from seed import environment, repeat, scratch_copy, vacuum
from seed import salespeople as bench_salespeople

COUNT_LIMIT = 10_001  # the web client's (DEFAULT_COUNT_LIMIT + 1): "10000+" beyond


def top_up(env, contacts):
    """Companies up to ``contacts`` commercial contacts (inserted in one statement: a million takes a
    minute, not the ORM's hours), with follow-up dates from 30 days late to 30 days ahead and the
    salespeople in turn, seed.salespeople (CRM PYME's salesperson profile, its record rules) among them."""
    entities = "(is_company OR parent_id IS NULL)"
    env.flush_all()
    env.cr.execute(f"SELECT count(*) FROM res_partner WHERE {entities}")
    missing = contacts - env.cr.fetchone()[0]
    env.cr.execute(
        """
        INSERT INTO res_partner (name, active, type, is_company, autopost_bills, commercial_list,
                                 followup_list_rank, commercial_priority_rank, best_call_time,
                                 create_date, write_date)
        SELECT 'Contacto de prueba ' || n, TRUE, 'contact', TRUE, 'ask', 'prospect', 1, 7, 'morning',
               now(), now()
          FROM generate_series(1, %s) n
        """,
        [max(missing, 0)],
    )
    # as autovacuum would: without it, each row's foreign key check below scans the table
    env.cr.execute("ANALYZE res_partner")
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    bench_salespeople(env)
    salespeople = env.ref("sales_team.group_sale_salesman").users.filtered(lambda u: not u.share)
    env.cr.execute(
        f"""
        WITH entity AS (
            SELECT id, row_number() OVER (ORDER BY id) AS n FROM res_partner
             WHERE {entities} ORDER BY id LIMIT %s)
        UPDATE res_partner p
           SET next_followup_date = CURRENT_DATE + ((entity.n %% 61) - 30)::int,
               user_id = (%s::int[])[1 + entity.n %% %s]
          FROM entity WHERE p.id = entity.id
        """,
        [contacts, salespeople.ids, len(salespeople)],
    )
    # the stored salesperson of each contact's commercial entity, which the record rules read
    env.cr.execute(
        """
        UPDATE res_partner p SET commercial_user_id = entity.user_id
          FROM res_partner entity
         WHERE entity.id = p.commercial_partner_id AND p.commercial_user_id IS DISTINCT FROM entity.user_id
        """
    )
    env.cr.execute("ANALYZE res_partner")
    env.invalidate_all()
    return salespeople


def open_list(env, user, runs):
    """The web client's request when the salesperson opens the list: its first page, sorted, and the
    count it shows, bounded as the web client bounds it."""
    view = etree.fromstring(env.ref("pyme_crm.res_partner_view_list_followup").arch_db)
    order = view.get("default_order")
    # the fields the web client reads for the view's columns (a many2one: its display name)
    Partner = env["res.partner"]
    spec = {
        name: {"fields": {"display_name": {}}} if Partner._fields[name].type == "many2one" else {}
        for name in view.xpath("//field/@name")
    }
    partners = env["res.partner"].with_user(user).with_context(search_default_due_today=1)
    today = odoo.fields.Date.context_today(partners)
    domain = [
        ("next_followup_date", "!=", False),
        ("next_followup_date", "<=", today),
        ("user_id", "=", user.id),
    ]
    page, queries, seconds = repeat(
        env,
        runs,
        lambda: partners.web_search_read(domain, spec, limit=80, order=order, count_limit=COUNT_LIMIT),
    )
    # the page's search, and the count as search_count(limit=) makes it
    bounded = partners._search(domain, limit=COUNT_LIMIT)
    count = SQL("SELECT COUNT(*) FROM (%s) bounded", bounded.select(SQL("1")))
    return page, queries, seconds, (partners._search(domain, order=order, limit=80), count)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", default="50000", help="sizes, comma-separated: 50000,200000,1000000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the page at the last size")
    args, _registry = environment(parser)
    with scratch_copy(args) as registry, registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = bench_salespeople(env)[0]
        print(f"{'contacts':>10} {'due (mine)':>11} {'queries':>8} {'seconds':>8}")
        for size in map(int, args.contacts.split(",")):
            top_up(env, size)
            cr.commit()
            vacuum(cr.dbname, ["res_partner"])
            page, queries, seconds, queries_of_page = open_list(env, user, args.runs)
            cr.execute(
                "SELECT count(*) FROM res_partner WHERE user_id = %s AND next_followup_date <= CURRENT_DATE",
                [user.id],
            )
            due = cr.fetchone()[0]
            print(
                f"{size:>10} {due:>11} {statistics.median(queries):>8.0f} {statistics.median(seconds):>8.3f}"
                f"  (queries of each run: {sorted(set(queries))}, page of {len(page['records'])},"
                f" count shown {page['length']})"
            )
        if args.explain:
            page_query, count_query = queries_of_page
            for label, query in (("page", page_query.select()), ("count", count_query)):
                cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
                print(f"\n== {label}\n" + "\n".join(row[0] for row in cr.fetchall()))


if __name__ == "__main__":
    main()
