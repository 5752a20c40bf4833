"""Fixtures of the out-of-process tests: odoo-bin run as a deployment runs it, in its own processes
with real ports and databases, against the database ``make test`` installed.

Every process is started in its own process group, killed with its whole group (prefork workers and the
gevent process included) and bounded by a timeout, so a hung server fails the run instead of hanging it;
every database a test creates is dropped with its filestore.
"""

import configparser
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import psycopg2
import pytest
import requests
from psycopg2 import sql

REPO = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT = 180
COMMAND_TIMEOUT = 600
# Odoo's log lines: "2025-01-31 12:00:00,000 4242 ERROR db logger: message"
ERROR_LINE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
# What a crashing process writes, even before Odoo's logging is set up.
CRASH_MARKS = ("Traceback", "DistributionNotFound", "crashed")
# the own PostgreSQL clusters' fixtures (primary, primary_database)
pytest_plugins = ["clusters"]


def pytest_addoption(parser):
    group = parser.getgroup("pyme_crm out-of-process tests")
    group.addoption(
        "--server-config", default=str(REPO / ".odoo" / "odoo.conf"), help="odoo-bin's configuration file"
    )
    group.addoption("--server-database", help="a database with pyme_crm installed (make test's)")
    group.addoption(
        "--dependencies-database",
        help="a database with only pyme_crm's dependencies, copied instead of installing them again",
    )
    group.addoption("--load-salespeople", type=int, default=6, help="salespeople of the load test")
    group.addoption("--load-seconds", type=int, default=30, help="how long the load test's salespeople work")
    group.addoption("--load-workers", type=int, default=2, help="Odoo's HTTP workers under the load")
    group.addoption(
        "--load-faults",
        action="store_true",
        help="also run the load with a worker killed and PostgreSQL restarted (make bench, not CI)",
    )
    group.addoption(
        "--load-think", type=float, default=0.0, help="seconds a salesperson pauses before each request"
    )
    group.addoption(
        "--odoo-bin",
        default=str(Path(os.environ.get("ODOO_SRC", "/opt/odoo")) / "odoo-bin"),
        help="the odoo-bin to run",
    )


def pytest_configure(config):
    if config.pluginmanager.has_plugin("odoo"):
        raise pytest.UsageError("tests/ runs odoo-bin in other processes: run it with -p no:odoo")
    config.addinivalue_line("markers", "faults: a benchmark of faults, run with --load-faults only")


def pytest_collection_modifyitems(config, items):
    """Without --load-faults, the faults benchmark is not collected (deselected, not skipped)."""
    if config.option.load_faults:
        return
    faults = [item for item in items if item.get_closest_marker("faults")]
    if faults:
        config.hook.pytest_deselected(items=faults)
        items[:] = [item for item in items if item not in faults]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kill_group(process, grace=20):
    """Stop a process and everything it started: SIGTERM to its group, SIGKILL to what is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class Server:
    """A running odoo-bin: its URLs, its processes and what it wrote."""

    def __init__(self, process, http_port, gevent_port, logfile, output):
        self.process = process
        self.url = f"http://127.0.0.1:{http_port}"
        self.websocket_url = f"ws://127.0.0.1:{gevent_port}/websocket"
        self.gevent_url = f"http://127.0.0.1:{gevent_port}"
        self.logfile = logfile
        self.output = output

    def wait_until_up(self, url, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (
                f"odoo-bin exited ({self.process.returncode}):\n{self.report()}"
            )
            with contextlib.suppress(requests.ConnectionError, requests.Timeout):
                if requests.get(url, timeout=5).ok:
                    return
            time.sleep(0.5)
        pytest.fail(f"{url} did not answer within {timeout} s:\n{self.report()}")

    def gevent_process(self):
        """The gevent process the prefork server spawns (``odoo-bin gevent ...``), or None."""
        for child in psutil.Process(self.process.pid).children():
            with contextlib.suppress(psutil.NoSuchProcess):
                if child.cmdline()[2:3] == ["gevent"]:
                    return child
        return None

    def text(self):
        return "\n".join(
            path.read_text(errors="replace") for path in (self.logfile, self.output) if path.exists()
        )

    def problems(self):
        return Odoo.problems(self.text())

    def report(self, lines=40):
        return "\n".join(self.problems()[:lines] or self.text().splitlines()[-lines:])


class Odoo:
    """odoo-bin with make test's configuration, and the PostgreSQL server it uses."""

    def __init__(self, odoo_bin, config_path, log_dir):
        self.odoo_bin = [sys.executable, odoo_bin]
        self.config_path = config_path
        self.log_dir = log_dir
        parser = configparser.ConfigParser()
        parser.read(config_path)
        options = parser["options"]
        self.data_dir = Path(options.get("data_dir", "~/.local/share/Odoo")).expanduser()
        self.dsn = {
            key: options[f"db_{key}"]
            for key in ("host", "port", "user", "password")
            if options.get(f"db_{key}", "False") != "False"
        }

    @staticmethod
    def problems(text):
        """The error lines and crash marks of an Odoo log or output."""
        lines = text.splitlines()
        return [line for line in lines if ERROR_LINE.match(line) or any(mark in line for mark in CRASH_MARKS)]

    def command(self, *args, subcommand=()):
        return [*self.odoo_bin, *subcommand, "-c", self.config_path, *args]

    def run(self, name, *args, subcommand=(), stdin=None, timeout=COMMAND_TIMEOUT):
        """Run odoo-bin to completion, logging to ``<name>.log``; returns the log and the output."""
        logfile, output = self.log_dir / f"{name}.log", self.log_dir / f"{name}.out"
        with output.open("w") as out:
            process = subprocess.Popen(
                self.command(*args, f"--logfile={logfile}", subcommand=subcommand),
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
            try:
                process.communicate(stdin, timeout=timeout)
            except subprocess.TimeoutExpired:
                kill_group(process)
                pytest.fail(f"odoo-bin {' '.join(args)} took more than {timeout} s; see {logfile}")
        text = "".join(path.read_text(errors="replace") for path in (logfile, output) if path.exists())
        assert process.returncode == 0, f"odoo-bin {' '.join(args)} failed:\n{text[-3000:]}"
        return text

    def shell(self, name, database, script, *args):
        """Run a script in ``odoo-bin shell`` (``env`` is the superuser's); it commits what it does."""
        script = f"{script}\nenv.cr.commit()\n"
        return self.run(name, "-d", database, "--no-http", *args, subcommand=("shell",), stdin=script)

    @contextlib.contextmanager
    def server(self, name, database, *args):
        """A server on free ports serving ``database`` only, up when given, killed afterwards."""
        http_port, gevent_port = free_port(), free_port()
        logfile, output = self.log_dir / f"{name}.log", self.log_dir / f"{name}.out"
        with output.open("w") as out:
            process = subprocess.Popen(
                self.command(
                    "-d",
                    database,
                    f"--db-filter=^{re.escape(database)}$",
                    f"--http-port={http_port}",
                    f"--gevent-port={gevent_port}",
                    f"--logfile={logfile}",
                    *args,
                ),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = Server(process, http_port, gevent_port, logfile, output)
        try:
            server.wait_until_up(f"{server.url}/web/health", SERVER_START_TIMEOUT)
            yield server
        finally:
            kill_group(process)

    def connect(self, database):
        return psycopg2.connect(dbname=database, **self.dsn)

    @contextlib.contextmanager
    def database(self, name):
        """A name for a database the test creates; dropped, with its filestore, before and after."""
        self.drop_database(name)
        try:
            yield name
        finally:
            self.drop_database(name)

    def copy_database(self, template, database):
        """A copy of ``template`` and its filestore, as ``odoo-bin db duplicate`` makes (same uuid)."""
        self._execute_on_server(sql.SQL("CREATE DATABASE {} TEMPLATE {}"), database, template)
        if (filestore := self.data_dir / "filestore" / template).exists():
            shutil.copytree(filestore, self.data_dir / "filestore" / database)

    def drop_database(self, database):
        self._execute_on_server(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)"), database)
        shutil.rmtree(self.data_dir / "filestore" / database, ignore_errors=True)

    def _execute_on_server(self, statement, *databases):
        with contextlib.closing(self.connect("postgres")) as connection:
            connection.autocommit = True  # databases are created and dropped outside transactions
            with connection.cursor() as cr:
                cr.execute(statement.format(*map(sql.Identifier, databases)))


@pytest.fixture(scope="session")
def odoo(request, tmp_path_factory):
    options = request.config.option
    return Odoo(options.odoo_bin, options.server_config, tmp_path_factory.mktemp("odoo-logs"))


@pytest.fixture(scope="session")
def server_database(request):
    if not (database := request.config.option.server_database):
        pytest.fail("--server-database: the database with pyme_crm installed (make test passes its own)")
    return database
