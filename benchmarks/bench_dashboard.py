"""Open the dashboard on 100,000 deals.

Inserts --deals open opportunities (as bench_stale.py does) and tops the sales orders up to --deals
by copying the seeded ones (SQL), then calls the dashboard's server method for a salesperson (their
own figures) and for a manager (the company's), and prints the SQL queries and the median seconds.
Everything is rolled back at the end.

    python benchmarks/bench_dashboard.py --config .odoo/odoo.conf --database DB --deals 100000
"""

import argparse
import statistics

import odoo

from bench_stale import insert_opportunities
from seed import environment, repeat


def copy_orders(env, total):
    env.cr.execute("SELECT count(*) FROM sale_order")
    missing = total - env.cr.fetchone()[0]
    if missing <= 0:
        return
    env.cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'sale_order' AND column_name NOT IN ('id', 'name')"""
    )
    columns = ", ".join(f'"{name}"' for (name,) in env.cr.fetchall())
    env.cr.execute(
        f"""INSERT INTO sale_order (name, {columns})
            SELECT 'COPY' || n, {columns}
              FROM generate_series(1, %s) n
              JOIN LATERAL (SELECT * FROM sale_order ORDER BY id LIMIT 1 OFFSET n %% 1000) source ON TRUE""",
        [missing],
    )
    env.invalidate_all()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args, registry = environment(parser)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        salespeople = insert_opportunities(env, args.deals, 0.2)
        copy_orders(env, args.deals)
        env.flush_all()
        manager = env.ref("base.user_admin")
        cr.execute("SELECT count(*) FROM crm_lead")
        deals = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM sale_order")
        print(f"opportunities {deals:>8}, sales orders {cr.fetchone()[0]:>8}")
        for label, user, scope in (("salesperson", salespeople[0], "mine"), ("manager", manager, "company")):
            dashboard = env["pyme_crm.dashboard"].with_user(user)
            _figures, queries, seconds = repeat(
                env,
                args.runs,
                lambda dashboard=dashboard, scope=scope: dashboard.get_dashboard(scope=scope, period="year"),
            )
            print(
                f"{label:<12} ({scope:<7}) queries {statistics.median(queries):>4.0f} "
                f"(runs {sorted(set(queries))}), seconds {statistics.median(seconds):.3f} "
                f"median of {args.runs}"
            )
        cr.rollback()


if __name__ == "__main__":
    main()
