"""The demo (``make run``'s first database) installs on a fresh database with demo data, as a new user
installs it, with no error nor warning of its own, and tells the method's story: contacts in every
list, follow-ups late, today and ahead, a stale deal, a web lead to call, invoices partly paid, the
company in euros; the README's screenshots are made from it."""

import os
import re
import struct
import subprocess
import sys

import pytest
from test_install_populated_database import assert_no_errors, query

from conftest import COMMAND_TIMEOUT, REPO

DEMO_WARNING = re.compile(r"^\S+ \S+ \d+ WARNING .*(pyme_crm/demo|demo data)", re.MULTILINE)
SCREENS = ["followup", "call-dialog", "call-session", "dashboard", "deal", "import-values"]
# the pixels of a screenshot: the phone's at twice its 390x844 CSS pixels
SIZES = {"desktop": (1440, 900), "phone": (780, 1688)}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def demo_database(odoo):
    """A new database with the demo, as ``make run`` installs it; and the install's log."""
    with odoo.database(f"pyme_crm_demo_{os.getpid()}") as database:
        log = odoo.run("demo_install", "-d", database, "-i", "pyme_crm", "--stop-after-init", "--no-http")
        yield database, log


def png_size(path):
    """A PNG's width and height, read from its header (its IHDR chunk comes first)."""
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE and header[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_the_demo_installs_and_tells_the_story(odoo, demo_database):
    database, log = demo_database
    assert_no_errors(odoo, log, "install with demo data")
    assert not DEMO_WARNING.findall(log), DEMO_WARNING.findall(log)
    lists = dict(
        query(
            odoo,
            database,
            "SELECT commercial_list, count(*) FROM res_partner WHERE is_company OR parent_id IS NULL "
            "GROUP BY commercial_list",
        )
    )
    assert all(lists.get(key) for key in ("reserve", "prospect", "client", "proposal", "on_hold")), lists
    [[late, today, ahead]] = query(
        odoo,
        database,
        """SELECT count(*) FILTER (WHERE next_followup_date < CURRENT_DATE),
                  count(*) FILTER (WHERE next_followup_date = CURRENT_DATE),
                  count(*) FILTER (WHERE next_followup_date > CURRENT_DATE)
             FROM res_partner""",
    )
    assert late and today and ahead, (late, today, ahead)
    [[currency, partly_paid, web_lead]] = query(
        odoo,
        database,
        """SELECT (SELECT name FROM res_currency WHERE id = company.currency_id),
                  (SELECT count(*) FROM account_move WHERE payment_state = 'partial'),
                  (SELECT count(*) FROM crm_lead WHERE type = 'lead' AND active)
             FROM res_company company WHERE company.id = 1""",
    )
    assert (currency, bool(partly_paid), bool(web_lead)) == ("EUR", True, True)
    [[stale]] = query(
        odoo,
        database,
        """SELECT count(*) FROM mail_activity activity
             JOIN ir_model_data data ON data.res_id = activity.activity_type_id
            WHERE data.module = 'pyme_crm' AND data.name = 'mail_activity_type_stale'""",
    )
    assert stale, "no stale deal reminded"


def test_the_screenshots_script_shoots_every_screen(odoo, demo_database, tmp_path):
    """scripts/screenshots.py (make screenshots) still finds every screen: it fails without Chromium."""
    database, _log = demo_database
    command = [
        sys.executable,
        str(REPO / "scripts" / "screenshots.py"),
        f"--config={odoo.config_path}",
        f"--database={database}",
        f"--output={tmp_path}",
        f"--odoo-bin={odoo.odoo_bin[-1]}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False)
    assert done.returncode == 0, (
        f"scripts/screenshots.py failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    )
    expected = {f"{screen}-{device}.png": size for screen in SCREENS for device, size in SIZES.items()}
    assert {path.name: png_size(path) for path in tmp_path.iterdir()} == expected
