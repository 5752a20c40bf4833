"""The demo (``make run``'s first database) installs on a fresh database with demo data, as a new user
installs it, with no error nor warning of its own, and tells the method's story: contacts in every
list, follow-ups late, today and ahead, a stale deal, a web lead to call, invoices partly paid, the
company in euros."""

import os
import re

from test_install_populated_database import assert_no_errors, query

DEMO_WARNING = re.compile(r"^\S+ \S+ \d+ WARNING .*(pyme_crm/demo|demo data)", re.MULTILINE)


def test_the_demo_installs_and_tells_the_story(odoo):
    with odoo.database(f"pyme_crm_demo_{os.getpid()}") as database:
        log = odoo.run("demo_install", "-d", database, "-i", "pyme_crm", "--stop-after-init", "--no-http")
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
