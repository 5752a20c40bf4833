"""The contact import with workbooks as a small business keeps them: titles above the headers, its own
sectors and origins written in several ways, the lists and phones as people write them, invalid emails,
and a big file imported in the background."""

import base64
import io
from unittest.mock import patch

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..wizard import res_partner_import as import_module
from .common import workbook
from .test_contact_import import ContactImportCase


class OneBatchPerRun:
    """A clock that moves one second each time it is read: with BATCH_SECONDS at 1.5, each run of the
    scheduled action writes exactly one batch, however fast the machine."""

    def __init__(self):
        self.now = 0

    def monotonic(self):
        self.now += 1
        return self.now


@tagged("post_install", "-at_install")
class TestContactImportValues(ContactImportCase):
    """The values step: each sector and origin found once, and what it becomes."""

    def value(self, wizard, column, name):
        values = wizard.value_ids.filtered(lambda v: v.column == column and v.name == name)
        self.assertEqual(len(values), 1, f"{column}: {name} in {wizard.value_ids.mapped('name')}")
        return values

    def test_title_rows_capital_headers_and_new_sectors(self):
        Industry, Source = self.env["res.partner.industry"], self.env["utm.source"]
        hosteleria = Industry.create({"name": "Hostelería"})
        linkedin = self.env.ref("utm.utm_source_linkedin")
        transport = self.env.ref("base.res_partner_industry_H")
        rows = [
            ["LISTADO DE EMPRESAS 2025"],
            [],
            ["SECTOR", "ORIGEN", "EMPRESA", "NOMBRE", "TELÉFONO", "EMAIL"],
            ["Electricidad", "Feria de Zaragoza", "Electricidad Ebro S.L.", "Juan", "976 100 001", ""],
            ["ELECTRICIDAD", "feria de zaragoza", "Instalaciones Moncayo", "", "976 100 002", ""],
            ["Gestoría", "Boca a boca", "Gestoría Pilar", "Pilar", "", "pilar@gestoria.example"],
            ["hosteleria", "LINKEDIN", "Bar La Plaza", "", "976 100 003", ""],
            ["HOSTELERÍA", "", "Hotel Aragón", "", "976 100 004", ""],
            ["Transporte", "Boca a boca", "Transportes Jalón", "", "976 100 005", ""],
        ]
        wizard = self.wizard(workbook(rows))
        self.assertEqual(wizard.header_row, 3, "the title and the blank row are skipped")
        self.assertEqual(
            wizard.column_ids.mapped("column"), ["industry", "source", "company", "name", "phone", "email"]
        )
        self.assertEqual(wizard.row_count, 6)
        industries, sources = Industry.search_count([]), Source.search_count([])
        wizard.action_read_values()
        self.assertEqual(wizard.state, "values")
        self.assertEqual(
            sorted((v.column, v.name, v.row_count, v.action, v.can_create) for v in wizard.value_ids),
            [
                ("industry", "Electricidad", 2, "create", True),
                ("industry", "Gestoría", 1, "create", True),
                ("industry", "Transporte", 1, "create", True),
                ("industry", "hosteleria", 2, "existing", True),
                ("source", "Boca a boca", 2, "create", True),
                ("source", "Feria de Zaragoza", 2, "create", True),
                ("source", "LINKEDIN", 1, "existing", True),
            ],
            "one line per value, whatever its case or accents; the first spelling is shown",
        )
        self.assertEqual(self.value(wizard, "industry", "hosteleria").record_id, hosteleria.id)
        self.assertEqual(self.value(wizard, "industry", "hosteleria").res_model, "res.partner.industry")
        self.assertEqual(self.value(wizard, "source", "LINKEDIN").record_id, linkedin.id)
        self.assertFalse(self.value(wizard, "industry", "Electricidad").record_id)
        self.assertEqual(
            (Industry.search_count([]), Source.search_count([])),
            (industries, sources),
            "reading the values creates nothing",
        )

        # The user's choices: Transporte is Odoo's own sector, Boca a boca is left empty.
        self.value(wizard, "industry", "Transporte").write({"action": "existing", "record_id": transport.id})
        self.value(wizard, "source", "Boca a boca").action = "ignore"
        wizard.action_read_values()  # reading them again keeps the choices
        self.assertEqual(self.value(wizard, "industry", "Transporte").record_id, transport.id)
        self.assertEqual(self.value(wizard, "source", "Boca a boca").action, "ignore")

        partners = self.env["res.partner"].search_count([])
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual((wizard.new_count, wizard.rejected_count), (6, 0), self.problems(wizard))
        self.assertEqual(
            (Industry.search_count([]), Source.search_count([]), self.env["res.partner"].search_count([])),
            (industries, sources, partners),
            "the preview creates no sector, origin or contact",
        )

        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.new_count, wizard.rejected_count), (6, 0), self.problems(wizard))
        for name in ("Electricidad", "Gestoría"):
            self.assertEqual(Industry.search_count([("name", "=ilike", name)]), 1, name)
        self.assertFalse(Industry.search([("name", "=", "Transporte")]), "mapped to an existing sector")
        self.assertEqual(Industry.search_count([("name", "ilike", "hosteler")]), 1, "found, not created")
        self.assertEqual(Source.search_count([("name", "=ilike", "feria de zaragoza")]), 1)
        self.assertFalse(Source.search([("name", "=ilike", "boca a boca")]), "ignored: not created")
        self.assertEqual(Industry.search_count([]), industries + 2)
        self.assertEqual(Source.search_count([]), sources + 1)
        electricidad = Industry.search([("name", "=", "Electricidad")])
        feria = Source.search([("name", "=", "Feria de Zaragoza")])
        expected = {
            "Electricidad Ebro S.L.": (electricidad, feria),
            "Instalaciones Moncayo": (electricidad, feria),
            "Gestoría Pilar": (Industry.search([("name", "=", "Gestoría")]), Source),
            "Bar La Plaza": (hosteleria, linkedin),
            "Hotel Aragón": (hosteleria, Source),
            "Transportes Jalón": (transport, Source),
        }
        for name, (industry, source) in expected.items():
            company = self.find(name)
            self.assertEqual((company.industry_id, company.source_id), (industry, source), name)
        self.assertEqual(self.find("Juan").parent_id, self.find("Electricidad Ebro S.L."))

    def test_a_salesperson_cannot_create_sectors(self):
        rows = [["Empresa", "Sector"], ["Carpintería Ríos", "Carpintería"], ["Hotel Sol", "Hostelería"]]
        hosteleria = self.env["res.partner.industry"].create({"name": "Hostelería"})
        wizard = self.wizard(workbook(rows), user=self.salesman)
        wizard.action_read_values()
        carpinteria = self.value(wizard, "industry", "Carpintería")
        self.assertEqual((carpinteria.action, carpinteria.can_create), ("ignore", False))
        self.assertEqual(self.value(wizard, "industry", "Hostelería").action, "existing")
        carpinteria.action = "create"
        with self.assertRaisesRegex(UserError, "“Carpintería”"):
            wizard.action_preview()
        with self.assertRaisesRegex(UserError, "“Carpintería”"):
            wizard.action_import()
        self.assertFalse(self.find("Carpintería Ríos"))
        carpinteria.action = "ignore"
        wizard.action_import()
        self.assertEqual((wizard.new_count, wizard.rejected_count), (2, 0), self.problems(wizard))
        self.assertFalse(self.find("Carpintería Ríos").industry_id, "left empty")
        self.assertEqual(self.find("Hotel Sol").industry_id, hosteleria)
        self.assertFalse(self.env["res.partner.industry"].search([("name", "=", "Carpintería")]))

        rows = [["Empresa", "Sector"], ["Carpintería Ebro", "Carpintería"]]
        wizard = self.wizard(workbook(rows), user=self.sales_manager)
        wizard.action_read_values()
        carpinteria = self.value(wizard, "industry", "Carpintería")
        self.assertEqual((carpinteria.action, carpinteria.can_create), ("create", True))
        wizard.action_import()
        created = self.env["res.partner.industry"].search([("name", "=", "Carpintería")])
        self.assertEqual(len(created), 1)
        self.assertEqual(self.find("Carpintería Ebro").industry_id, created)


@tagged("post_install", "-at_install")
class TestContactImportAsWritten(ContactImportCase):
    """Lists, customer types, emails and phones as people write them."""

    def test_list_names_and_customer_types_in_their_variants(self):
        rows = [
            ["Empresa", "Teléfono", "Lista", "Tipo de cliente"],
            ["Reserva Uno", "", "Base de contactos", "Autónomo"],
            ["Reserva Dos", "", "Base de datos de contactos", "AUTONOMO"],
            ["Reserva Tres", "", "Lista de reserva", "Particular"],
            ["Reserva Cuatro", "", "base de datos", "particulares"],
            ["Prospecto Uno", "976 200 001", "CLIENTES POTENCIALES", "Administración pública"],
            ["Prospecto Dos", "976 200 002", "prospectos", "administracion publica"],
            ["Propuesta Uno", "", "Propuestas", "Empresa"],
            ["Propuesta Dos", "", "propuestas en curso", ""],
            ["Espera Uno", "", "contactos en espera", ""],
            ["Espera Dos", "", "EN ESPERA", "Organismo público"],
        ]
        wizard = self.run_import(rows)
        self.assertEqual((wizard.new_count, wizard.rejected_count), (10, 0), self.problems(wizard))
        found = {
            name: (self.find(name).commercial_list, self.find(name).customer_type)
            for name in [row[0] for row in rows[1:]]
        }
        self.assertEqual(
            found,
            {
                "Reserva Uno": ("reserve", "self_employed"),
                "Reserva Dos": ("reserve", "self_employed"),
                "Reserva Tres": ("reserve", "individual"),
                "Reserva Cuatro": ("reserve", "individual"),
                "Prospecto Uno": ("prospect", "public_body"),
                "Prospecto Dos": ("prospect", "public_body"),
                "Propuesta Uno": ("proposal", "company"),
                "Propuesta Dos": ("proposal", False),
                "Espera Uno": ("on_hold", False),
                "Espera Dos": ("on_hold", "public_body"),
            },
        )
        wizard = self.run_import([["Empresa", "Lista"], ["Otra", "Lista rara"]], preview=True)
        self.assertEqual(wizard.rejected_count, 1)
        self.assertIn("unknown list", wizard.problem_ids.message)

    def test_invalid_email_imported_without_it(self):
        rows = [
            ["Empresa", "Nombre", "Email", "Teléfono"],
            ["", "Ana Ruiz", "ana@@ruiz", "600 300 001"],
            ["Hotel Sol", "Pedro Sol", "pedro en hotelsol.es", ""],
            ["", "Marta Pilar", "marta@pilar,es", ""],  # a comma for the dot
            ["", "Jorge Gil", "jorge gil@gil.example", ""],
            ["", "Eva Gil", "Eva Gil <Eva@Gil.example>", ""],
        ]
        wizard = self.run_import(rows)
        self.assertEqual(
            (wizard.new_count, wizard.rejected_count), (5, 0), "rows with a bad email are imported"
        )
        warning = "email not imported, it is not valid: %s"
        self.assertEqual(
            [(p.row, p.kind, p.message) for p in wizard.problem_ids],
            [
                (2, "warning", warning % "ana@@ruiz"),
                (3, "warning", warning % "pedro en hotelsol.es"),
                (4, "warning", warning % "marta@pilar,es"),
                (5, "warning", warning % "jorge gil@gil.example"),
            ],
        )
        ana, pedro, hotel = self.find("Ana Ruiz"), self.find("Pedro Sol"), self.find("Hotel Sol")
        marta, jorge = self.find("Marta Pilar"), self.find("Jorge Gil")
        self.assertEqual(
            (ana | pedro | hotel | marta | jorge).mapped("email"),
            [False] * 5,
            "nothing the email normalisation makes of a typo (@ruiz, marta@pilar, gil@gil.example)",
        )
        self.assertEqual(ana.mobile or ana.phone, "+34 600 30 00 01", "the rest of the row is imported")
        self.assertEqual(pedro.parent_id, hotel)
        self.assertEqual(ana.last_note, warning % "ana@@ruiz")
        self.assertEqual(marta.last_note, warning % "marta@pilar,es")
        self.assertEqual(
            hotel.last_note,
            "Pedro Sol: " + warning % "pedro en hotelsol.es",
            "a person's note goes on their company, naming them",
        )
        note = ana.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(note), 1)
        self.assertIn("ana@@ruiz", note.body)
        eva = self.find("Eva Gil")
        self.assertEqual(eva.email, "eva@gil.example", "a name and its address: the address")
        self.assertFalse(eva.last_note, "no note without a warning")

    def test_phones_as_people_write_them(self):
        existing = self.env["res.partner"].create({"name": "Pedro Existente", "phone": "976 44 55 66"})
        rows = [
            ["Empresa", "Nombre", "Teléfono", "Móvil"],
            ["Espacios", "", "976 111 222", ""],
            ["Seguidos", "", "976111222", ""],
            ["Prefijo", "", "+34 976 111 222", ""],
            ["Ceros", "", "0034 976 111 222", ""],
            ["Guiones", "", "(+34) 976-11-12-22", ""],
            ["Puntos", "", "", "600.12.34.56"],
            ["Texto", "", "pregunte por Ana", ""],
            ["", "Pedro E.", "(+34) 976-44-55-66", ""],  # Pedro Existente, his phone written otherwise
            ["", "Luisa Nueva", "", "0034 600 777 888"],
        ]
        wizard = self.run_import(rows, duplicate_policy="skip")
        self.assertEqual(
            (wizard.new_count, wizard.skipped_count, wizard.rejected_count), (8, 1, 0), self.problems(wizard)
        )
        phones = {
            name: self.find(name).phone for name in ("Espacios", "Seguidos", "Prefijo", "Ceros", "Guiones")
        }
        self.assertEqual(set(phones.values()), {"+34 976 11 12 22"}, phones)
        self.assertEqual(self.find("Puntos").mobile, "+34 600 12 34 56")
        self.assertEqual(self.find("Texto").phone, "pregunte por Ana", "not a number: kept as written")
        self.assertFalse(self.find("Pedro E."), "found as the individual already there: skipped")
        self.assertEqual(existing.phone, "976 44 55 66", "skipped: untouched")
        luisa = self.find("Luisa Nueva")
        self.assertEqual(luisa.mobile, "+34 600 77 78 88")

        # the same phone again, with the update policy: the individual is completed, not created again
        wizard = self.run_import(
            [["Nombre", "Teléfono", "Ciudad"], ["Pedro E.", "976445566", "Calatayud"]],
            duplicate_policy="update",
        )
        self.assertEqual((wizard.new_count, wizard.updated_count), (0, 1), self.problems(wizard))
        self.assertEqual(existing.city, "Calatayud")
        self.assertFalse(self.find("Pedro E."))

    def test_a_company_on_several_rows_with_one_person_each(self):
        rows = [
            ["Empresa", "Nombre", "Teléfono", "Email", "Cargo"],
            ["Talleres Moncayo S.L.", "Luis Pardo", "976 222 333", "luis@moncayo.example", "Gerente"],
            ["Talleres Moncayo S.L.", "Eva Lasa", "976 222 333", "", "Compras"],
            ["TALLERES MONCAYO, SL", "Iñaki Ortiz", "976222333", "", "Taller"],
        ]
        wizard = self.run_import(rows)
        self.assertEqual(
            (wizard.new_count, wizard.skipped_count, wizard.rejected_count), (3, 0, 0), self.problems(wizard)
        )
        company = self.env["res.partner"].search([("name", "ilike", "talleres moncayo")])
        self.assertEqual(company.mapped("name"), ["Talleres Moncayo S.L."], "one company")
        self.assertTrue(company.is_company)
        people = company.child_ids
        self.assertEqual(
            {person.name: person.function for person in people},
            {"Luis Pardo": "Gerente", "Eva Lasa": "Compras", "Iñaki Ortiz": "Taller"},
            "the shared switchboard number does not make the people one",
        )
        self.assertEqual(set(people.mapped("phone")), {"+34 976 22 23 33"})
        self.assertEqual(set(wizard.partner_ids.ids), set((company | people).ids))
        # imported again: the company is there, and so are its people
        wizard = self.run_import(rows)
        self.assertEqual((wizard.new_count, wizard.skipped_count), (0, 3))
        self.assertEqual(len(company.child_ids), 3)


@tagged("post_install", "-at_install")
class TestContactImportInBackground(ContactImportCase):
    """A file over BACKGROUND_ROWS rows: planned in one run of the scheduled action, written in batches
    in the next ones, the user told in their inbox."""

    HEADERS = ["Empresa", "Nombre", "Email", "Lista"]

    def rows(self, count, bad_row=None):
        rows = [self.HEADERS]
        for index in range(1, count + 1):
            rows.append([f"Empresa Fondo {index}", f"Persona {index}", f"p{index}@fondo.example", ""])
        if bad_row:
            rows.insert(bad_row - 1, ["Empresa Rechazada", "", "", "Lista rara"])
        return rows

    def start(self, rows, user=None, **values):
        wizard = self.wizard(workbook(rows), user=user, **values)
        with patch.object(import_module, "BACKGROUND_ROWS", 3):
            wizard.action_import()
        return wizard

    def run_cron(self):
        with (
            patch.object(import_module, "BATCH_UNITS", 2),
            patch.object(import_module, "BATCH_SECONDS", 1.5),
            patch.object(import_module, "time", OneBatchPerRun()),
            patch.object(type(self.env["res.users"]), "_bus_send", autospec=True) as bus_send,
        ):
            self.env["res.partner.import"]._cron_import_contacts()
        return bus_send

    def imported(self):
        return self.env["res.partner"].search([("name", "=like", "Empresa Fondo %")])

    def notifications(self, user):
        return self.env["mail.message"].search(
            [("partner_ids", "in", user.partner_id.ids), ("message_type", "=", "user_notification")],
            order="id",
        )

    def test_in_batches_then_told(self):
        user = self.sales_manager
        wizard = self.start(self.rows(7), user=user)
        self.assertEqual(wizard.state, "running")
        self.assertFalse(self.imported(), "nothing written when the import starts")
        self.assertTrue(
            self.env["ir.cron.trigger"].search(
                [("cron_id", "=", self.env.ref("pyme_crm.ir_cron_import_contacts").id)]
            ),
            "the scheduled action is triggered",
        )
        self.run_cron()  # the plan
        self.assertEqual((wizard.state, wizard.job_total, wizard.job_done), ("running", 7, 0))
        self.assertEqual(wizard.new_count, 7)
        self.assertFalse(self.imported(), "planned, not written yet")
        progress = []
        for _run in range(10):
            bus_send = self.run_cron()
            progress.append(wizard.job_done)
            if wizard.state == "done":
                break
        self.assertEqual(progress, [2, 4, 6, 7], "one batch of two contacts per run")
        self.assertEqual(wizard.state, "done")
        companies = self.imported()
        self.assertEqual(len(companies), 7)
        self.assertEqual(len(companies.child_ids), 7)
        self.assertEqual(set(companies.create_uid.ids), {user.id}, "written as the user who imported")
        self.assertEqual(set(wizard.partner_ids.ids), set((companies | companies.child_ids).ids))
        message = self.notifications(user)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.env.ref("base.partner_root"))
        self.assertEqual(message.subject, "Contacts imported")
        self.assertIn("contactos.xlsx: 7 new, 0 updated, 0 skipped, 0 rejected", message.body)
        self.assertFalse(message.attachment_ids)
        self.assertIn(
            user.partner_id,
            self.env["mail.notification"].search([("mail_message_id", "=", message.id)]).res_partner_id,
        )
        bus_send.assert_called_once()
        _user, kind, payload = bus_send.call_args.args
        self.assertEqual((_user, kind, payload["type"]), (user, "simple_notification", "success"))
        self.assertIn("7 new", payload["message"])
        self.run_cron()  # nothing left to do
        self.assertEqual(len(self.notifications(user)), 1)

    def test_a_rejected_row_stops_it_all(self):
        user = self.sales_manager
        wizard = self.start(self.rows(4, bad_row=4), user=user)
        self.assertEqual((wizard.state, wizard.row_count), ("running", 5))
        self.run_cron()
        self.assertEqual(wizard.state, "done", "over as soon as planned")
        self.assertEqual((wizard.rejected_count, wizard.job_total), (1, 0))
        self.assertFalse(self.imported() or self.find("Empresa Rechazada"), "nothing written")
        message = self.notifications(user)
        self.assertEqual(message.subject, "Contacts not imported")
        self.assertIn("0 new, 0 updated, 0 skipped, 1 rejected", message.body)
        self.assertIn("Nothing was imported", message.body)
        self.assertEqual(message.attachment_ids.mapped("name"), ["rechazados_contactos.xlsx"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(message.attachment_ids.datas)))
        rejected = [[cell.value for cell in row] for row in book.active.iter_rows()]
        self.assertEqual(rejected[0], [*self.HEADERS, "Error"])
        self.assertEqual(rejected[1][:4], ["Empresa Rechazada", None, None, "Lista rara"])
        self.assertIn("unknown list", rejected[1][4])
        self.assertEqual(len(rejected), 2)

    def test_valid_rows_only(self):
        user = self.sales_manager
        wizard = self.start(self.rows(4, bad_row=3), user=user, valid_rows_only=True)
        for _run in range(10):
            self.run_cron()
            if wizard.state == "done":
                break
        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.new_count, wizard.rejected_count, wizard.job_done), (4, 1, 4))
        self.assertEqual(len(self.imported()), 4)
        self.assertFalse(self.find("Empresa Rechazada"))
        message = self.notifications(user)
        self.assertEqual(message.subject, "Contacts imported")
        self.assertIn("4 new, 0 updated, 0 skipped, 1 rejected", message.body)
        self.assertEqual(message.attachment_ids.mapped("name"), ["rechazados_contactos.xlsx"])

    def test_runs_as_the_salesperson_who_started_it(self):
        wizard = self.start(self.rows(4), user=self.salesman)
        self.assertEqual(wizard.create_uid, self.salesman)
        for _run in range(10):
            self.run_cron()
            if wizard.state == "done":
                break
        self.assertEqual((wizard.state, wizard.new_count, wizard.job_error), ("done", 4, False))
        companies = self.imported()
        self.assertEqual(len(companies), 4)
        self.assertEqual(set((companies | companies.child_ids).create_uid.ids), {self.salesman.id})
        self.assertEqual(len(self.notifications(self.salesman)), 1)
        self.assertFalse(self.notifications(self.sales_manager), "only the user who imported is told")
