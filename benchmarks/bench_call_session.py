"""Start a call session and save its calls with tens of thousands of contacts.

Tops the database up to --contacts commercial contacts with follow-up dates around today (as
bench_followup_list.py does), then, as the first salesperson, times and counts the SQL queries of
starting a session of --calls calls (the queue built out of every contact), of reading the call screen
and of saving a call (outcome, note, next follow-up tomorrow). Everything is rolled back at the end.

    python benchmarks/bench_call_session.py --config .odoo/odoo.conf --database DB --contacts 50000
"""

import argparse
import statistics

from bench_followup_list import top_up

import odoo

from seed import environment, repeat, salespeople


def started_session(env, user, calls):
    session = env["pyme_crm.call.session"].with_user(user).create({"call_limit": calls})
    session.action_start()
    session.env.flush_all()
    return session


def print_figures(label, queries, seconds):
    print(f"{label:<28} {statistics.median(seconds):>8.3f} s, {statistics.median(queries):>5.0f} queries")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args, registry = environment(parser)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        top_up(env, args.contacts)
        user = salespeople(env)[0]
        outcome = env.ref("pyme_crm.outcome_interested")
        session, queries, seconds = repeat(env, args.runs, lambda: started_session(env, user, args.calls))
        print(f"contacts in the queue       {len(session.line_ids):>8} of {args.contacts}")
        print_figures("start a session", queries, seconds)
        _screen, queries, seconds = repeat(env, args.runs, session.get_screen)
        print_figures("read the call screen", queries, seconds)
        lines = iter(session.line_ids)

        def save_call():
            line = next(lines)
            line.action_log(outcome.id, "Le interesa, llamar mañana", "tomorrow")
            line.env.flush_all()

        _result, queries, seconds = repeat(env, args.runs, save_call)
        print_figures("save a call", queries, seconds)
        cr.rollback()


if __name__ == "__main__":
    main()
