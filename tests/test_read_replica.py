"""The addon's read-only calls served by a streaming replica, as Odoo 18 does with ``db_replica_host``.

The test makes its own primary cluster with a copy of the installed database, a hot standby of it
made with ``pg_basebackup``, and runs prefork workers on both: the web client's ``@api.readonly`` calls
go to the replica, its writes to the primary, and the replica sees them by streaming.
"""

import contextlib
import re
import time
import uuid

import psycopg2
import pytest
from clusters import COPY_TIMEOUT, PG_OS_USER, Cluster, as_postgres, wait_for
from test_server_workers import authenticate

from conftest import free_port

STREAMING_TIMEOUT = 30
DATABASE_EXISTS = "SELECT 1 FROM pg_database WHERE datname = %s"
PARTNER = "SELECT id FROM res_partner WHERE name = %s"
DASHBOARD = "pyme_crm.dashboard"


def statements(log, database, table=None):
    """The statements Odoo's connections to ``database`` ran in a cluster's log (on ``table``)."""
    line = re.compile(
        rf"^\S+ \S+ \S+ \[\d+\] odoo-\d+@{re.escape(database)} LOG:  statement: (.*)$", re.MULTILINE
    )
    return [found for found in line.findall(log) if table is None or f'"{table}"' in found]


def inserts(log, database):
    return [statement for statement in statements(log, database) if statement.startswith("INSERT")]


@pytest.fixture
def database(primary, primary_database):
    """The primary's copy, with every statement from now on in both clusters' logs (the replica
    inherits postgresql.auto.conf)."""
    primary.query("postgres", "ALTER SYSTEM SET log_statement = 'all'")
    primary.query("postgres", "SELECT pg_reload_conf()")
    return primary_database


@pytest.fixture
def replica(workdir, primary, database):
    """A hot standby of the primary, made with ``pg_basebackup -R``, streaming from it."""
    cluster = Cluster(workdir, "replica", primary.user)
    started = time.monotonic()
    source = ["-h", workdir, "-p", primary.port, "-U", PG_OS_USER]
    as_postgres("pg_basebackup", "-R", "-c", "fast", "-D", cluster.data, *source, timeout=COPY_TIMEOUT)
    try:
        cluster.start(free_port(), hot_standby="on", log_statement="all")

        def ready():
            with contextlib.suppress(psycopg2.OperationalError):
                [[recovering]] = cluster.query("postgres", "SELECT pg_is_in_recovery()")
                return recovering and cluster.query("postgres", DATABASE_EXISTS, database)
            return False

        wait_for(ready, 60, "the replica was not a hot standby with the database")
        print(f"replica made and serving in {time.monotonic() - started:.1f} s")
        yield cluster
    finally:
        cluster.stop()


def call_kw(server, session, model, method, args, **kwargs):
    """What the web client posts to call a model's method."""
    params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
    answer = session.post(
        f"{server.url}/web/dataset/call_kw/{model}/{method}",
        json={"jsonrpc": "2.0", "method": "call", "params": params},
        timeout=120,
    ).json()
    assert "error" in answer or "result" in answer, answer
    assert "error" not in answer, f"{model}.{method}: {answer['error']['data']['message']}\n{server.report()}"
    return answer["result"]


def cursor_mode(server, model, method):
    """The cursor Odoo's access log says a call used: ``ro`` (replica), ``rw`` or ``ro->rw`` (retried)."""
    line = re.compile(
        rf'"POST /web/dataset/call_kw/{re.escape(f"{model}/{method}")} HTTP/[\d.]+" 200 .* (\S+)$'
    )

    def mode():
        return next((found[1] for found in map(line.search, server.text().splitlines()) if found), None)

    return wait_for(mode, 10, f"no access log line of {model}.{method}")


def test_readonly_calls_go_to_the_replica(odoo, primary, database, replica):
    replica_args = ["--db_replica_host=127.0.0.1", f"--db_replica_port={replica.port}"]
    primary_args = ["--db_host=127.0.0.1", f"--db_port={primary.port}"]
    workers = ["--workers=2", "--max-cron-threads=0"]
    with odoo.server("replica", database, *workers, *primary_args, *replica_args) as server:
        session = authenticate(server, database)

        # the dashboard (@api.readonly) reads on the replica, not on the primary
        on_replica, on_primary = replica.log_size(), primary.log_size()
        started = time.monotonic()
        dashboard = call_kw(server, session, DASHBOARD, "get_dashboard", [], scope="mine", period="month")
        elapsed = time.monotonic() - started
        assert {figure["key"] for figure in dashboard["results"]} >= {"sales_ordered", "sales_invoiced"}
        read_on_replica = replica.log_since(on_replica)
        for table in ("sale_report", "account_move", "sale_order"):
            assert statements(read_on_replica, database, table), f"no SELECT of {table} on the replica"
        assert not statements(primary.log_since(on_primary), database, "sale_report"), (
            "the dashboard read on the primary"
        )
        assert cursor_mode(server, DASHBOARD, "get_dashboard") == "ro", "the dashboard wrote"
        print(
            f"dashboard in {elapsed:.2f} s: {len(statements(read_on_replica, database))} statements "
            f"on the replica, {len(statements(read_on_replica, database, 'sale_report'))} of sale_report"
        )

        # a write goes to the primary only, and reaches the replica by streaming
        name = f"Replica probe {uuid.uuid4().hex[:8]}"
        on_replica, on_primary = replica.log_size(), primary.log_size()
        call_kw(server, session, "res.partner", "create", [{"name": name}])
        written = [insert for insert in inserts(primary.log_since(on_primary), database) if name in insert]
        assert written and written[0].startswith('INSERT INTO "res_partner"'), "no INSERT on the primary"
        assert primary.query(database, PARTNER, name)
        assert not inserts(replica.log_since(on_replica), database), "the replica was written to"
        assert cursor_mode(server, "res.partner", "create") == "rw"
        started = time.monotonic()
        wait_for(lambda: replica.query(database, PARTNER, name), STREAMING_TIMEOUT, "no partner streamed")
        print(f"the partner reached the replica in {time.monotonic() - started:.2f} s")
        assert not server.problems(), server.report()

    assert not inserts(replica.log.read_text(errors="replace"), database), "the replica was written to"
