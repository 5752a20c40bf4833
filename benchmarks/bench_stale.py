"""Remind the salespeople of their stale opportunities on a large pipeline.

Inserts --opportunities open opportunities (SQL, spread over the salespeople and the open stages),
--stale-share of them untouched for 60 days and the rest changed yesterday, then runs the daily
action batch after batch as the cron does, and prints its time, the activities it planned and the
SQL queries of each batch. Everything is rolled back at the end.

    python benchmarks/bench_stale.py --config .odoo/odoo.conf --database DB --opportunities 100000
"""

import argparse
import statistics
import time

import odoo

from seed import environment


def insert_opportunities(env, count, stale_share):
    salespeople = env.ref("sales_team.group_sale_salesman").users.filtered(lambda u: not u.share)
    stages = env["crm.stage"].search([("is_won", "=", False)])
    env.company.crm_stale_days = 21
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO crm_lead (name, type, active, stage_id, user_id, company_id, probability,
                              date_last_stage_update, create_date, write_date, create_uid, write_uid)
        SELECT 'Oportunidad ' || n, 'opportunity', TRUE, (%(stages)s::int[])[1 + n %% %(nstages)s],
               (%(users)s::int[])[1 + n %% %(nusers)s], %(company)s, 10,
               now() at time zone 'utc' - CASE WHEN n %% 100 < %(stale_pct)s THEN interval '60 days'
                                               ELSE interval '1 day' END,
               now() at time zone 'utc', now() at time zone 'utc', 1, 1
          FROM generate_series(1, %(count)s) n
        """,
        {
            "stages": stages.ids,
            "nstages": len(stages),
            "users": salespeople.ids,
            "nusers": len(salespeople),
            "company": env.company.id,
            "stale_pct": round(stale_share * 100),
            "count": count,
        },
    )
    env.invalidate_all()
    return salespeople


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--opportunities", type=int, default=100_000)
    parser.add_argument("--stale-share", type=float, default=0.2)
    parser.add_argument("--batch-size", type=int, default=1000)
    args, registry = environment(parser)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        salespeople = insert_opportunities(env, args.opportunities, args.stale_share)
        stale_type = env.ref("pyme_crm.mail_activity_type_stale")
        Lead = env["crm.lead"]
        queries, batch_seconds, done = [], [], 0
        start = time.perf_counter()
        while True:
            env.invalidate_all()
            batch_start, start_queries = time.perf_counter(), cr.sql_log_count
            count = Lead._cron_remind_stale_opportunities(batch_size=args.batch_size)
            if not count:
                break
            queries.append(cr.sql_log_count - start_queries)
            batch_seconds.append(time.perf_counter() - batch_start)
            done += count
        seconds = time.perf_counter() - start
        planned = env["mail.activity"].search_count([("activity_type_id", "=", stale_type.id)])
        cr.execute("SELECT count(*) FROM crm_lead WHERE active AND type = 'opportunity'")
        print(f"open opportunities          {cr.fetchone()[0]:>8} ({len(salespeople)} salespeople)")
        print(f"reminded (activities)       {done:>8} ({planned} stale activities in the database)")
        print(f"batches of {args.batch_size:<6}           {len(queries):>8}")
        median = statistics.median(queries)
        print(f"queries per batch           {median:>8.0f} (min {min(queries)}, max {max(queries)})")
        print(f"seconds per batch           {statistics.median(batch_seconds):>8.3f} median")
        print(f"seconds in all              {seconds:>8.2f} ({done / seconds:.0f} reminders per second)")
        cr.rollback()


if __name__ == "__main__":
    main()
