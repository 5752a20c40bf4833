"""The addon's read-only calls served by a streaming replica, as Odoo 18 does with ``db_replica_host``.

The test makes its own primary cluster with a copy of the installed database, a hot standby of it
made with ``pg_basebackup``, and runs prefork workers on both: the web client's ``@api.readonly`` calls
go to the replica, its writes to the primary, and the replica sees them by streaming.
"""

import contextlib
import getpass
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
from test_server_workers import authenticate

from conftest import free_port

PG_BIN = Path(os.environ.get("PG_BINDIR", "/usr/lib/postgresql/15/bin"))
PG_TOOLS = ("initdb", "pg_ctl", "postgres", "pg_basebackup", "pg_dump", "pg_restore", "psql")
PG_OS_USER = "postgres"  # the server refuses to run as root
TOOL_TIMEOUT = 120
COPY_TIMEOUT = 600
STREAMING_TIMEOUT = 30
# Lines of both clusters' logs: "<time> [<pid>] <application>@<database> LOG:  statement: ..."
LOG_PREFIX = "%m [%p] %a@%d "
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


def wait_for(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"{message} within {timeout} s")
        time.sleep(0.2)
    return result


def as_postgres(*command, timeout=TOOL_TIMEOUT):
    """Run a PostgreSQL tool as the ``postgres`` OS user; its output, or the test fails."""
    command = ["runuser", "-u", PG_OS_USER, "--", str(PG_BIN / command[0]), *map(str, command[1:])]
    try:
        done = subprocess.run(command, check=False, cwd="/", capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(command)} took more than {timeout} s")
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


class Cluster:
    """A PostgreSQL cluster of the test: its data directory, port and log, run by ``pg_ctl``."""

    def __init__(self, workdir, name, user):
        self.workdir, self.name, self.user = workdir, name, user
        self.data = workdir / name
        self.log = workdir / f"{name}.log"
        self.port = None

    def start(self, port, **settings):
        self.port = port
        settings = {
            "port": port,
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": self.workdir,
            "log_line_prefix": LOG_PREFIX,
            **settings,
        }
        options = " ".join(f"-c {key}='{value}'" for key, value in settings.items())
        self.pg_ctl("start", "-l", self.log, "-o", options)

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "immediate")

    def pg_ctl(self, action, *args):
        as_postgres("pg_ctl", action, "-w", "-t", "60", "-D", self.data, *args)

    def connect(self, database="postgres"):
        return psycopg2.connect(host="127.0.0.1", port=self.port, dbname=database, user=self.user)

    def query(self, database, query, *params):
        with contextlib.closing(self.connect(database)) as connection, connection.cursor() as cr:
            connection.autocommit = True
            cr.execute(query, params)
            return cr.fetchall() if cr.description else None

    def log_size(self):
        return self.log.stat().st_size

    def log_since(self, offset):
        with self.log.open(errors="replace") as log:
            log.seek(offset)
            return log.read()


@pytest.fixture
def workdir(odoo):
    """A directory the ``postgres`` OS user owns, for both clusters and their logs; removed afterwards."""
    missing = [tool for tool in PG_TOOLS if not (PG_BIN / tool).exists()]
    if missing or not shutil.which("runuser") or os.geteuid() != 0:
        pytest.fail(f"needs root, runuser and {', '.join(PG_TOOLS)} in PG_BINDIR={PG_BIN}; missing {missing}")
    path = Path(tempfile.mkdtemp(prefix="pyme_replica_"))
    shutil.chown(path, PG_OS_USER, PG_OS_USER)
    try:
        yield path
    finally:
        for log in path.glob("*.log"):  # kept with odoo-bin's logs for a failed run
            shutil.copy(log, odoo.log_dir / f"postgresql-{log.name}")
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def primary(odoo, workdir):
    """A fresh primary cluster accepting local and 127.0.0.1 connections, replication included; Odoo's
    database user (the configuration's db_user, or the OS user) is a superuser of it."""
    cluster = Cluster(workdir, "primary", odoo.dsn.get("user") or getpass.getuser())
    as_postgres("initdb", "--auth=trust", "-U", PG_OS_USER, "-D", cluster.data)
    (cluster.data / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        "local replication all trust\nhost replication all 127.0.0.1/32 trust\n"
    )
    try:
        cluster.start(free_port(), wal_level="replica")
        create_role = f'CREATE ROLE "{cluster.user}" SUPERUSER LOGIN'
        as_postgres("psql", "-h", workdir, "-p", cluster.port, "-d", "postgres", "-c", create_role)
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def database(odoo, server_database, primary):
    """A copy of the installed database (``pg_dump | pg_restore``) and its filestore on the primary."""
    name = f"{server_database}_replica_{os.getpid()}"
    filestore = odoo.data_dir / "filestore" / name
    source = {"host": "-h", "port": "-p", "user": "-U"}
    dump_args = [arg for key, flag in source.items() if key in odoo.dsn for arg in (flag, odoo.dsn[key])]
    env = {**os.environ, **({"PGPASSWORD": odoo.dsn["password"]} if "password" in odoo.dsn else {})}
    primary.query("postgres", f'CREATE DATABASE "{name}"')
    try:
        started = time.monotonic()
        dump = subprocess.Popen(
            [PG_BIN / "pg_dump", "-Fc", *dump_args, server_database], stdout=subprocess.PIPE, env=env
        )
        target = ["-h", "127.0.0.1", "-p", str(primary.port), "-U", primary.user, "-d", name]
        try:
            restore = subprocess.run(
                [PG_BIN / "pg_restore", "--no-owner", *target],
                check=False,
                stdin=dump.stdout,
                capture_output=True,
                text=True,
                timeout=COPY_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"copying {server_database} took more than {COPY_TIMEOUT} s")
        finally:
            dump.stdout.close()
            if dump.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    dump.wait(TOOL_TIMEOUT)
                dump.kill()
                dump.wait()
        assert dump.returncode == 0, "pg_dump failed"
        assert restore.returncode == 0, f"pg_restore failed:\n{restore.stderr[-3000:]}"
        if (source_filestore := odoo.data_dir / "filestore" / server_database).exists():
            shutil.copytree(source_filestore, filestore)
        print(f"\ncopied {server_database} to the primary in {time.monotonic() - started:.1f} s")
        # every statement from now on, in both clusters' logs (the replica inherits postgresql.auto.conf)
        primary.query("postgres", "ALTER SYSTEM SET log_statement = 'all'")
        primary.query("postgres", "SELECT pg_reload_conf()")
        yield name
    finally:
        shutil.rmtree(filestore, ignore_errors=True)


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
