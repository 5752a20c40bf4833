"""pyme_crm installed on a database that already holds a sales history: every contact lands in its list
with the follow-up list's sort key agreeing, clients date from their first sale, and the addon, once
used, uninstalls and installs again without an error."""

import ast
import os
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sales_history import CONTACTS, months_ago

TESTS = Path(__file__).resolve().parent
MANIFEST = TESTS.parent / "pyme_crm" / "__manifest__.py"
TODAY = date.today()


def history_script(function, *args):
    """An ``odoo-bin shell`` script calling ``sales_history.function(env, *args)``."""
    return (
        f"import sys\nsys.path.insert(0, {str(TESTS)!r})\n"
        f"import sales_history\nsales_history.{function}(env, *{args!r})"
    )


def query(odoo, database, statement, params=()):
    with closing(odoo.connect(database)) as connection, connection.cursor() as cr:
        cr.execute(statement, params)
        return cr.fetchall()


def assert_no_errors(odoo, log, step):
    problems = odoo.problems(log)
    assert not problems, f"the {step} logged errors:\n" + "\n".join(problems[:20])


@pytest.fixture(scope="module")
def populated_database(odoo, request):
    """pyme_crm's dependencies only, without demo data, holding the sales history."""
    with odoo.database(f"pyme_crm_populated_{os.getpid()}") as database:
        if dependencies := request.config.option.dependencies_database:
            odoo.copy_database(dependencies, database)
        else:
            depends = ",".join(ast.literal_eval(MANIFEST.read_text())["depends"])
            odoo.run("dependencies", "-d", database, "-i", depends, "--without-demo=all", "--stop-after-init")
        odoo.shell("history", database, history_script("write_history", TODAY.isoformat()))
        yield database


@pytest.fixture(scope="module")
def install_log(odoo, populated_database):
    return odoo.run("install", "-d", populated_database, "-i", "pyme_crm", "--stop-after-init")


def assert_classified(odoo, database):
    expected, found = {}, {}
    for contact in CONTACTS:
        first_sale = contact.first_sale_months_ago and months_ago(TODAY, contact.first_sale_months_ago)
        expected[contact.name] = (contact.expected_list, contact.before_proposal, first_sale)
        for person in contact.people:  # a person holds its company's list; the company is the client
            expected[person] = (contact.expected_list, contact.before_proposal, None)
    rows = query(
        odoo,
        database,
        """SELECT name, commercial_list, commercial_list_before_proposal, client_since
             FROM res_partner WHERE name = ANY(%s)""",
        [list(expected)],
    )
    found = {name: tuple(values) for name, *values in rows}
    assert found == expected

    assert not query(
        odoo,
        database,
        """SELECT name, commercial_list, followup_list_rank FROM res_partner
            WHERE followup_list_rank IS DISTINCT FROM
                  CASE WHEN commercial_list = 'proposal' THEN 0 ELSE 1 END""",
    ), "the follow-up list's sort key disagrees with the list: proposals are not listed first"
    assert not query(
        odoo, database, "SELECT name FROM res_partner WHERE commercial_list_before_proposal = 'proposal'"
    ), "a proposal would go back to the proposals"
    assert not query(
        odoo,
        database,
        """SELECT person.name FROM res_partner person
             JOIN res_partner entity ON entity.id = person.commercial_partner_id
            WHERE (person.commercial_list, person.commercial_list_before_proposal)
                  IS DISTINCT FROM (entity.commercial_list, entity.commercial_list_before_proposal)""",
    ), "contact people hold another list than their company"


def test_install_classifies_the_existing_contacts(odoo, populated_database, install_log):
    assert_no_errors(odoo, install_log, "install")
    assert_classified(odoo, populated_database)


def test_used_addon_uninstalls_and_installs_again(odoo, populated_database, install_log):
    odoo.shell("use", populated_database, history_script("use_the_addon"))

    uninstall_log = odoo.shell(
        "uninstall",
        populated_database,
        "env['ir.module.module'].search([('name', '=', 'pyme_crm')]).button_immediate_uninstall()",
    )
    assert_no_errors(odoo, uninstall_log, "uninstall")
    assert query(odoo, populated_database, "SELECT state FROM ir_module_module WHERE name = 'pyme_crm'") == [
        ("uninstalled",)
    ]
    assert not query(
        odoo,
        populated_database,
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'res_partner' AND column_name = 'commercial_list'""",
    ), "the addon's columns stay after the uninstall"
    assert not query(odoo, populated_database, "SELECT name FROM ir_model_data WHERE module = 'pyme_crm'"), (
        "the addon's records stay after the uninstall"
    )

    reinstall_log = odoo.run("reinstall", "-d", populated_database, "-i", "pyme_crm", "--stop-after-init")
    assert_no_errors(odoo, reinstall_log, "second install")
    assert_classified(odoo, populated_database)
