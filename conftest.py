"""Test-run policy: a skipped test fails the run.

Odoo skips a browser tour, and reports nothing wrong, when Chromium or websocket-client
is missing; a green run must mean that every test, tours included, really ran.
"""


def _skipped(config):
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return reporter.stats.get("skipped", []) if reporter else []


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == 0 and _skipped(session.config):
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if skipped := _skipped(config):
        terminalreporter.section("skipped tests fail this run", red=True)
        terminalreporter.write_line(f"{len(skipped)} test(s) skipped: a skipped test counts as a failure.")
