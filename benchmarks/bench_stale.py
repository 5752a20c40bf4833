"""Remind the salespeople of their stale opportunities on a large pipeline, against a bare create.

Inserts --opportunities open opportunities (SQL, spread over the salespeople and the open stages),
--stale-share of them untouched for 60 days and the rest changed yesterday, then, side by side in one
run, each in a savepoint rolled back, one after the other --runs times (medians printed: a busy
machine's noise hits both alike):

- the cron: the daily action batch after batch as the cron does, with its time, the activities it
  planned and the SQL queries of each batch;
- the bare create: the same activities (the values the cron planned) created in one batch with
  ``mail.activity.create()``, tracking off and no notification (as the cron asks), after reading
  the names of their opportunities in batch.

It prints the seconds, queries and activities per second of each, and the ratio of their seconds.

    python benchmarks/bench_stale.py --config .odoo/odoo.conf --database DB --opportunities 100000 --runs 3
"""

import argparse
import statistics
import time
from contextlib import closing

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
    env.cr.execute("ANALYZE crm_lead")  # as autovacuum would after such an insert
    env.invalidate_all()
    return salespeople


ACTIVITY_FIELDS = (
    "res_model_id",
    "res_id",
    "activity_type_id",
    "user_id",
    "date_deadline",
    "summary",
    "note",
)


def run_cron(env, batch_size):
    """Run the cron batch after batch, as the cron does: seconds and queries in all, queries and seconds
    of each batch, the values of the activities planned."""
    cr, Lead = env.cr, env["crm.lead"]
    queries, batch_seconds = [], []
    start, start_queries = time.perf_counter(), cr.sql_log_count
    while True:
        env.invalidate_all()
        batch_start, batch_queries = time.perf_counter(), cr.sql_log_count
        if not Lead._cron_remind_stale_opportunities(batch_size=batch_size):
            break
        queries.append(cr.sql_log_count - batch_queries)
        batch_seconds.append(time.perf_counter() - batch_start)
    seconds, all_queries = time.perf_counter() - start, cr.sql_log_count - start_queries
    cr.execute(
        f"SELECT {', '.join(ACTIVITY_FIELDS)} FROM mail_activity WHERE activity_type_id = %s ORDER BY id",
        [env.ref("pyme_crm.mail_activity_type_stale").id],
    )
    planned = [dict(zip(ACTIVITY_FIELDS, row, strict=True)) for row in cr.fetchall()]
    return seconds, all_queries, queries, batch_seconds, planned


def run_bare(env, values):
    """Create the activities of ``values`` in one batch: seconds and queries. The names of their
    opportunities are read first in batch, or their activities' res_name would read them one by one."""
    env.invalidate_all()
    start, start_queries = time.perf_counter(), env.cr.sql_log_count
    env["crm.lead"].browse(vals["res_id"] for vals in values).fetch(["name"])
    env["mail.activity"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_activity_quick_update=True
    ).create(values)
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - start_queries


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--opportunities", type=int, default=100_000)
    parser.add_argument("--stale-share", type=float, default=0.2)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args, registry = environment(parser)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        salespeople = insert_opportunities(env, args.opportunities, args.stale_share)
        cron_runs, bare_runs = [], []
        for _ in range(args.runs):
            with closing(cr.savepoint()):
                cron_runs.append(run_cron(env, args.batch_size))
            with closing(cr.savepoint()):
                bare_runs.append(run_bare(env, cron_runs[-1][-1]))
        seconds = statistics.median(run[0] for run in cron_runs)
        bare_seconds = statistics.median(run[0] for run in bare_runs)
        _seconds, cron_queries, queries, batch_seconds, planned = cron_runs[-1]
        bare_queries = bare_runs[-1][1]
        cr.execute("SELECT count(*) FROM crm_lead WHERE active AND type = 'opportunity'")
        done = len(planned)
        print(f"open opportunities          {cr.fetchone()[0]:>8} ({len(salespeople)} salespeople)")
        print(f"reminded (activities)       {done:>8}")
        print(f"batches of {args.batch_size:<6}           {len(queries):>8}")
        median = statistics.median(queries)
        print(f"queries per batch           {median:>8.0f} (min {min(queries)}, max {max(queries)})")
        print(f"seconds per batch           {statistics.median(batch_seconds):>8.3f} median")
        for name, spent, count, runs in (
            ("cron", seconds, cron_queries, cron_runs),
            ("bare create", bare_seconds, bare_queries, bare_runs),
        ):
            each = ", ".join(f"{run[0]:.2f}" for run in runs)
            print(
                f"{name + ': seconds':<28}{spent:>8.2f} median of {each} "
                f"({count} queries, {done / spent:.0f} activities/s)"
            )
        pairs = zip(cron_runs, bare_runs, strict=True)
        ratios = ", ".join(f"{cron[0] / bare[0]:.2f}" for cron, bare in pairs)
        print(f"ratio cron / bare           {seconds / bare_seconds:>8.2f} (of the medians; runs {ratios})")
        cr.rollback()


if __name__ == "__main__":
    main()
