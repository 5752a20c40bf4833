"""Faults while salespeople work (tests/load.py), on a PostgreSQL cluster of the test's own: one HTTP
worker killed with SIGKILL, then the PostgreSQL server restarted, while the stale reminders' cron works
through its batches. Nothing acknowledged is lost, no call is half-written, the service answers again
within RECOVERY_SECONDS and the cron ends its work once, where it was.

A benchmark, not a CI test: it runs with ``--load-faults`` only (``make bench``)."""

import os
import re
import signal
import threading
import time
from collections import Counter
from contextlib import closing

import psutil
import pytest
from clusters import wait_for
from load import CONTACTS_PER_SALESPERSON, PASSWORD, lost_writes, report, setup_script
from rpc import RpcError, WebSession
from test_load import salespeople_at_work

RECOVERY_SECONDS = 30
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")
CRON_JOB = re.compile(r"Job '(.*)' \(\d+\)")  # ir.cron's "Job 'NAME' (ID) server action #N failed"
STALE_LEADS = 20_000
STALE_SCRIPT = f"""
env.company.crm_stale_days = 21
stage = env["crm.stage"].search([("is_won", "=", False)], limit=1)
env.flush_all()
env.cr.execute(
    "INSERT INTO crm_lead (name, type, active, stage_id, user_id, company_id, probability, "
    "                      date_last_stage_update, create_date, write_date, create_uid, write_uid) "
    "SELECT 'Estancada ' || n, 'opportunity', TRUE, %s, %s, %s, 10, now() - interval '60 days', "
    "       now() - interval '60 days', now(), 1, 1 FROM generate_series(1, {STALE_LEADS}) n",
    [stage.id, env.ref("base.user_admin").id, env.company.id],
)
env.ref("pyme_crm.ir_cron_remind_stale_opportunities")._trigger()
"""
# contacts called whose open follow-ups are not exactly one: a call saved without its next follow-up
HALF_WRITTEN = """
SELECT partner.id, count(activity.id)
  FROM res_partner partner
  LEFT JOIN mail_activity activity ON activity.res_model = 'res.partner' AND activity.res_id = partner.id
 WHERE partner.id = ANY(%s)
 GROUP BY partner.id HAVING count(activity.id) != 1
"""
STALE_LEFT = "SELECT count(*) FROM crm_lead WHERE name LIKE 'Estancada %%' AND stale_reminded_for IS NULL"
STALE_TYPE = "SELECT res_id FROM ir_model_data WHERE module = 'pyme_crm' AND name = %s"
STALE_TWICE = """
SELECT count(*) FROM (SELECT res_id FROM mail_activity
                       WHERE res_model = 'crm.lead' AND activity_type_id = %s
                       GROUP BY res_id HAVING count(*) > 1) twice
"""


def cron_failures(text):
    """The cron jobs that failed, counted by job and by the exception that ended each (its traceback's
    last line)."""
    lines = [*text.splitlines(), ""]
    failures = Counter()
    for index, line in enumerate(lines):
        if LOG_LINE.match(line) and " ERROR " in line and "ir_cron" in line:
            end = next(i for i in range(index + 1, len(lines)) if not lines[i] or LOG_LINE.match(lines[i]))
            job = CRON_JOB.search(line)
            failures[job.group(1) if job else "?", lines[end - 1].strip()] += 1
    return failures


def http_workers(server):
    """The prefork server's HTTP workers (their process title, setproctitle's, names them)."""
    children = psutil.Process(server.process.pid).children(recursive=True)
    return [child for child in children if "WorkerHTTP" in " ".join(child.cmdline())]


def answers_again(server, database, since):
    """Seconds from ``since`` until a salesperson can log in and read their follow-up list."""

    def answered():
        try:
            rpc = WebSession(server.url, database, "load_sp_0", PASSWORD)
        except Exception:  # noqa: BLE001 - not up yet
            return False
        return not isinstance(rpc.call("res.partner", "search_count", []), RpcError)

    wait_for(answered, RECOVERY_SECONDS * 4, "the service did not answer again")
    return time.monotonic() - since


@pytest.mark.faults
def test_faults_lose_nothing(odoo, primary, primary_database, request):
    options = request.config.option
    database, on_primary = primary_database, ["--db_host=127.0.0.1", f"--db_port={primary.port}"]
    odoo.shell("faults_setup", database, setup_script(options.load_salespeople) + STALE_SCRIPT, *on_primary)
    workers = f"--workers={options.load_workers}"
    with odoo.server("faults", database, workers, "--max-cron-threads=1", *on_primary) as server:
        outcome = {}

        def load():
            outcome["work"] = salespeople_at_work(server, database, options, retry=True)

        salespeople = threading.Thread(target=load, daemon=True)
        salespeople.start()
        time.sleep(options.load_seconds / 3)
        [worker, *_others] = http_workers(server) or pytest.fail("no HTTP worker: is setproctitle installed?")
        killed = time.monotonic()
        os.kill(worker.pid, signal.SIGKILL)
        after_kill = answers_again(server, database, killed)
        time.sleep(options.load_seconds / 3)
        restarted = time.monotonic()
        primary.restart()
        after_restart = answers_again(server, database, restarted)
        salespeople.join(options.load_seconds + 600)
        assert not salespeople.is_alive(), "the salespeople are still working"
        results, elapsed = outcome["work"]

        with closing(primary.connect(database)) as connection, connection.cursor() as cr:

            def stale_left():
                connection.rollback()
                cr.execute(STALE_LEFT)
                return cr.fetchone()[0]

            wait_for(lambda: stale_left() == 0, 600, "the stale reminders' cron did not end its work")
            lost = lost_writes(cr, results.acknowledged)
            called = sorted({contact for contact, _token in results.acknowledged["note"]})
            cr.execute(HALF_WRITTEN, [called])
            half_written = cr.fetchall()
            cr.execute(STALE_TYPE, ["mail_activity_type_stale"])
            cr.execute(STALE_TWICE, [cr.fetchone()[0]])
            [[reminded_twice]] = cr.fetchall()
        failed_crons = cron_failures(server.text())

    third = options.load_seconds // 3
    print(
        f"\n{options.load_salespeople} salespeople, {workers}, {options.load_think} s between requests, "
        f"{CONTACTS_PER_SALESPERSON} contacts each; an HTTP worker killed at {third} s (answering again "
        f"after {after_kill:.1f} s), PostgreSQL restarted at {2 * third} s (after {after_restart:.1f} s):\n"
        + report(results, elapsed, lost)
        + f"\nhalf-written calls: {len(half_written)}; stale leads reminded twice: {reminded_twice}; "
        f"cron jobs that failed (rolled back, then resumed): {sum(failed_crons.values())}"
        + "".join(
            f"\n  {count} times: {job}: {exception}" for (job, exception), count in failed_crons.most_common()
        )
    )
    assert not any(lost.values()), "acknowledged writes lost"
    assert not half_written, f"calls without exactly one next follow-up: {half_written[:10]}"
    assert not reminded_twice, "stale leads reminded twice"
    assert after_kill <= RECOVERY_SECONDS and after_restart <= RECOVERY_SECONDS
    assert not results.errors, f"errors the salespeople saw after retrying: {dict(results.errors)}"
