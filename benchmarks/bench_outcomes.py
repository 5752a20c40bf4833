"""Mark commercial actions done with their outcome, and read the salesperson report by outcome.

1. Plans --actions follow-ups on the seeded companies and marks each one done as its salesperson
   does it from the "Mark Done" popover (write the outcome, then action_feedback with a note), and as
   many of Odoo's To-Dos, which have no outcome, done with a note: SQL queries and milliseconds per
   activity (median).
2. Inserts --messages actions done with an outcome (SQL, over the last year) and analyzes the table,
   then reads the salesperson report grouped by outcome, for a salesperson and for the company: SQL
   queries and median seconds.
Everything is rolled back at the end.

    python benchmarks/bench_outcomes.py --config .odoo/odoo.conf --database DB --messages 100000
"""

import argparse
import statistics
import time

import odoo
from odoo import fields

from seed import environment, repeat

FOLLOWUP_TYPE = "pyme_crm.mail_activity_type_followup"


def mark_done(env, companies, activity_type, outcome):
    """Queries and seconds of marking one activity of the type done on each company."""
    activities = env["mail.activity"]
    for company in companies:
        activities |= company.activity_schedule(activity_type, user_id=company.user_id.id)
    env.flush_all()
    queries, seconds = [], []
    for activity in activities:
        env.invalidate_all()
        mine = activity.with_user(activity.user_id)
        start_queries, start = env.cr.sql_log_count, time.perf_counter()
        if outcome:
            mine.write({"outcome_id": outcome.id})
        mine.action_feedback(feedback="Hablado con el cliente")
        env.flush_all()
        seconds.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - start_queries)
    return queries, seconds


def insert_done_actions(env, count, companies):
    outcomes = env.ref(FOLLOWUP_TYPE).outcome_ids
    env.cr.execute(
        """
        INSERT INTO mail_message (model, res_id, message_type, mail_activity_type_id, activity_outcome_id,
                                  author_id, body, create_date, date, write_date, create_uid, write_uid)
        SELECT 'res.partner', (%(companies)s::int[])[1 + n %% %(ncompanies)s], 'notification', %(type)s,
               (%(outcomes)s::int[])[1 + n %% %(noutcomes)s],
               (%(authors)s::int[])[1 + n %% %(ncompanies)s], '<p>Seguimiento hecho</p>',
               now() at time zone 'utc' - (n %% 365) * interval '1 day',
               now() at time zone 'utc' - (n %% 365) * interval '1 day', now() at time zone 'utc', 1, 1
          FROM generate_series(1, %(count)s) n
        """,
        {
            "companies": companies.ids,
            "ncompanies": len(companies),
            "authors": [company.user_id.partner_id.id for company in companies],
            "type": env.ref(FOLLOWUP_TYPE).id,
            "outcomes": outcomes.ids,
            "noutcomes": len(outcomes),
            "count": count,
        },
    )
    env.invalidate_all()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args, registry = environment(parser)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"mail_notify_force_send": False})
        companies = env["res.partner"].search(
            [("is_company", "=", True), ("user_id", "!=", False), ("commercial_list", "!=", False)],
            limit=2 * args.actions,
        )
        interested = env.ref("pyme_crm.outcome_interested")
        for label, chosen, activity_type, outcome in (
            ("follow-up with outcome", companies[: args.actions], FOLLOWUP_TYPE, interested),
            ("Odoo To-Do, no outcome", companies[args.actions :], "mail.mail_activity_data_todo", None),
        ):
            queries, seconds = mark_done(env, chosen, activity_type, outcome)
            print(
                f"mark done: {label:<24} {len(queries):>5} activities, "
                f"{statistics.median(queries):>5.0f} queries (max {max(queries)}), "
                f"{1000 * statistics.median(seconds):>6.1f} ms each (median)"
            )
        insert_done_actions(env, args.messages, companies)
        env.flush_all()
        cr.execute("ANALYZE mail_message")  # as autovacuum would after such growth
        cr.execute("SELECT count(*) FROM mail_message WHERE activity_outcome_id IS NOT NULL")
        print(f"actions done with an outcome {cr.fetchone()[0]:>8}")
        year_ago = fields.Date.subtract(fields.Date.today(), years=1)
        for label, user in (("salesperson", companies[0].user_id), ("company", env.ref("base.user_admin"))):
            report = env["crm.salesperson.report"].with_user(user)
            groups, queries, seconds = repeat(
                env,
                args.runs,
                lambda report=report: report._read_group(
                    [("kind", "=", "action"), ("date", ">=", year_ago)],
                    ["outcome_id"],
                    ["actions_done:sum", "actions_successful:sum", "action_success_rate:avg"],
                ),
            )
            actions = sum(done for _outcome, done, _successful, _rate in groups)
            print(
                f"report by outcome, {label:<11} {actions:>8} actions in {len(groups)} outcomes, "
                f"{statistics.median(queries):.0f} queries, {statistics.median(seconds):.3f} s (median)"
            )
        cr.rollback()


if __name__ == "__main__":
    main()
