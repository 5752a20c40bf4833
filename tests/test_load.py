"""Salespeople working at once against Odoo with workers, over JSON-RPC on the loopback (tests/load.py):
no request fails and every acknowledged write is in the database. In CI, 6 salespeople for 30 s; the
issue's load is `--load-salespeople 40 --load-seconds 600` (see README, Scaling out)."""

import os
from contextlib import closing

from load import CONTACTS_PER_SALESPERSON, lost_writes, report, setup_script, work_the_day

# A bound on each salesperson's calls, whatever the duration: the due contacts are never exhausted.
MAX_CALLS = 10 * CONTACTS_PER_SALESPERSON


def salespeople_at_work(server, database, options, retry=False):
    """The command line's salespeople working against ``server``: (results, elapsed)."""
    return work_the_day(
        server.url,
        database,
        options.load_salespeople,
        options.load_seconds,
        MAX_CALLS,
        think=options.load_think,
        retry=retry,
    )


def test_salespeople_at_once_lose_nothing(odoo, server_database, request):
    options = request.config.option
    with odoo.database(f"pyme_crm_load_{os.getpid()}") as database:
        odoo.copy_database(server_database, database)
        odoo.shell("load_setup", database, setup_script(options.load_salespeople))
        workers = f"--workers={options.load_workers}"
        with odoo.server("load", database, workers, "--max-cron-threads=0") as server:
            results, elapsed = salespeople_at_work(server, database, options)
        with closing(odoo.connect(database)) as connection, connection.cursor() as cr:
            lost = lost_writes(cr, results.acknowledged)
        print(
            f"\n{options.load_salespeople} salespeople, {workers}, {options.load_think} s between requests:\n"
            + report(results, elapsed, lost)
        )
        assert results.acknowledged["note"], "no call was logged"
        assert not results.errors, report(results, elapsed, lost)
        assert not any(lost.values()), report(results, elapsed, lost)
