"""A large workbook imported over JSON-RPC against Odoo run with workers: the request that starts it
returns at once, the scheduled action reads, checks and writes it in batches, the progress can be read
meanwhile, and the user is notified of the result."""

import base64
import io
import os
import time

import openpyxl
from rpc import Rpc

PASSWORD = "Pyme-import-2026"
ROWS = 8_000  # above the wizard's BACKGROUND_ROWS (2,000), and more than one run of writes
SETUP = f"""
env.company.country_id = env.ref("base.es")
env["res.users"].with_context(no_reset_password=True).create({{
    "name": "Importadora", "login": "importer", "password": {PASSWORD!r},
    "groups_id": [(6, 0, [env.ref("pyme_crm.group_pyme_manager").id])],
}})
"""


def contacts_workbook(rows):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Contactos")
    sheet.append(["LISTADO DE CLIENTES POTENCIALES"])
    sheet.append([])
    sheet.append(["EMPRESA", "NOMBRE", "TELÉFONO", "LISTA", "SECTOR"])
    for number in range(rows):
        company = f"Fondo {number // 2} S.L."
        sheet.append(
            [company, f"Persona {number}", f"976 {number:06d}"[:11], "Base de contactos", "Logística"]
        )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_a_large_workbook_is_imported_in_the_background(odoo, server_database):
    with odoo.database(f"pyme_crm_background_{os.getpid()}") as database:
        odoo.copy_database(server_database, database)
        odoo.shell("background_setup", database, SETUP)
        # one cron worker; web requests held at most 60 s, the crons 120 s (Odoo's default limit)
        with odoo.server(
            "background", database, "--workers=2", "--max-cron-threads=1", "--limit-time-real=60"
        ) as server:
            session = Rpc(server.url, database, "importer", PASSWORD)
            Import = "res.partner.import"
            wizard = session.call(
                Import,
                "create",
                {"file": base64.b64encode(contacts_workbook(ROWS)).decode(), "filename": "grande.xlsx"},
            )
            for step in ("action_read_file", "action_read_values", "action_preview"):
                session.call(Import, step, [wizard])
            (read,) = session.call(
                Import, "read", [wizard], ["state", "header_row", "row_count", "new_count"]
            )
            assert (read["state"], read["header_row"], read["row_count"]) == ("preview", 3, ROWS)
            assert read["new_count"] == ROWS, "new rows: each a company's person"
            started = time.monotonic()
            session.call(Import, "action_import", [wizard])
            assert time.monotonic() - started < 10, "the request only hands the file to the scheduled action"
            seen, deadline = [], time.monotonic() + 600
            while time.monotonic() < deadline:
                (read,) = session.call(
                    Import, "read", [wizard], ["state", "job_done", "job_total", "job_error"]
                )
                seen.append((read["job_done"], read["job_total"]))
                if read["state"] == "done":
                    break
                time.sleep(1)
            assert read["state"] == "done", f"not done in 10 minutes: {seen[-3:]}\n{server.report()}"
            assert not read["job_error"]
            assert read["job_done"] == read["job_total"] == ROWS // 2, "one unit per company"
            assert any(0 < done < total for done, total in seen), f"no progress seen between batches: {seen}"
            created = session.call("res.partner", "search_count", [("name", "=like", "Persona %")])
            assert created == ROWS
            assert session.call("res.partner.industry", "search_count", [("name", "=", "Logística")]) == 1
            phones = session.call("res.partner", "search_read", [("name", "=", "Persona 12")], ["phone"])
            assert phones[0]["phone"] == "+34 976 00 00 12"
            partner_id = session.call("res.users", "read", [session.uid], ["partner_id"])[0]["partner_id"][0]
            notices = session.call(
                "mail.message",
                "search_read",
                [("partner_ids", "in", partner_id), ("subject", "=", "Contacts imported")],
                ["body"],
            )
            assert len(notices) == 1 and f"{ROWS} new" in notices[0]["body"]
            assert not server.problems(), server.report()
