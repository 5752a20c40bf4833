"""PostgreSQL clusters of the out-of-process tests' own: a primary made with ``initdb`` on a free port,
holding a copy of the installed database, which a test may restart or stream to a replica without
touching the machine's server."""

import contextlib
import getpass
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest

from conftest import free_port

PG_BIN = Path(os.environ.get("PG_BINDIR", "/usr/lib/postgresql/15/bin"))
PG_TOOLS = ("initdb", "pg_ctl", "postgres", "pg_basebackup", "pg_dump", "pg_restore", "psql")
PG_OS_USER = "postgres"  # the server refuses to run as root
TOOL_TIMEOUT = 120
COPY_TIMEOUT = 600
# Lines of the clusters' logs: "<time> [<pid>] <application>@<database> LOG:  statement: ..."
LOG_PREFIX = "%m [%p] %a@%d "


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

    def restart(self):
        """A fast restart (sessions ended, the same settings); its log goes on in the same file."""
        self.pg_ctl("restart", "-m", "fast", "-l", self.log)

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
def primary_database(odoo, server_database, primary):
    """A copy of the installed database (``pg_dump | pg_restore``) and its filestore on the primary."""
    name = f"{server_database}_primary_{os.getpid()}"
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
        yield name
    finally:
        shutil.rmtree(filestore, ignore_errors=True)
