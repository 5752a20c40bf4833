import base64
import datetime
import io
import re
import time
import tracemalloc
import zipfile
from datetime import timedelta
from unittest.mock import patch

import openpyxl

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..tools import spreadsheet
from ..tools.contact_columns import LIST_TEMPLATE_VALUES, guess_column, split_values
from ..tools.followup import followup_date
from .common import IMPORT_HEADERS as COLUMNS
from .common import PymeCrmCase, workbook

HEADERS = [
    "Empresa",
    "Nombre",
    "Teléfono",
    "Email",
    "Ciudad",
    "Lista",
    "Prioridad",
    "Comercial",
    "Seguimiento",
]


OOXML = "http://schemas.openxmlformats.org"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def raw_xlsx(sheet_rows_xml, dimension=None):
    """A minimal .xlsx written part by part, the sheet's rows streamed: for sheets too big for openpyxl."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types xmlns="{OOXML}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
            '+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CONTENT_TYPE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CONTENT_TYPE}.worksheet+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{OOXML}/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Contactos" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for chunk in sheet_rows_xml:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return output.getvalue()


def declare_dimension(data, ref):
    """The workbook ``data`` with its sheet declaring the dimension ``ref``, true or not."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, count = re.subn(
                    rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), content
                )
                assert count == 1
            target.writestr(item, content)
    return output.getvalue()


class ContactImportCase(PymeCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.salesman.write({"email": "lucia@pyme.example"})
        cls.env.company.country_id = cls.env.ref("base.es")

    def wizard(self, data, user=None, **values):
        Import = self.env["res.partner.import"].with_user(user) if user else self.env["res.partner.import"]
        wizard = Import.create({"file": base64.b64encode(data), "filename": "contactos.xlsx", **values})
        wizard.action_read_file()
        return wizard

    def run_import(self, rows, preview=False, **values):
        wizard = self.wizard(workbook(rows), **values)
        if preview:
            wizard.action_preview()
        else:
            wizard.action_import()
        return wizard

    def problems(self, wizard):
        return [(p.row, p.column, p.value, p.message) for p in wizard.problem_ids]

    def find(self, name):
        return self.env["res.partner"].search([("name", "=", name)])


@tagged("post_install", "-at_install")
class TestContactImport(ContactImportCase):
    def test_every_header_synonym_is_recognised(self):
        for key, _label, synonyms in COLUMNS:
            for synonym in synonyms:
                for variant in (synonym, synonym.upper(), f"  {synonym.lower()} "):
                    self.assertEqual(guess_column(variant), key, variant)
        self.assertEqual(guess_column("TELEFONO"), "phone", "accents are ignored")
        self.assertEqual(guess_column("nif / cif"), "vat")
        self.assertFalse(guess_column("Error"), "the error column of a rejected-rows file is not imported")
        self.assertFalse(guess_column("Columna rara"))

    def test_columns_are_mapped_and_the_mapping_can_be_changed(self):
        wizard = self.wizard(
            workbook([["Razón social", "Persona de contacto", "Observaciones"], ["Hotel Sol", "Ana", "x"]])
        )
        self.assertEqual(wizard.column_ids.mapped("column"), ["company", "name", "notes"])
        self.assertEqual(wizard.column_ids[0].sample, "Hotel Sol")
        wizard.column_ids[2].column = "function"
        wizard.action_import()
        self.assertEqual(self.find("Ana").function, "x")
        wizard = self.wizard(workbook([["Empresa", "Nombre"], ["Hotel Luna", "Eva"]]))
        wizard.column_ids[1].column = "company"
        with self.assertRaisesRegex(UserError, "both imported as"):
            wizard.action_preview()

    def test_choose_the_sheet(self):
        wizard = self.wizard(workbook([["Empresa"], ["Hotel Sol"]], sheet="Clientes", more_sheets=["Notas"]))
        self.assertEqual(wizard.sheet_ids.mapped("name"), ["Clientes", "Notas"])
        self.assertEqual(wizard.sheet_id.name, "Clientes")
        wizard.sheet_id = wizard.sheet_ids[1]
        with self.assertRaisesRegex(UserError, "No header row"):
            wizard.action_read_sheet()

    def test_a_company_with_several_contacts_and_the_method_values(self):
        zone = self.env["res.partner.sales.zone"].create({"name": "Aragón"})
        rows = [
            [
                *HEADERS,
                "Rol",
                "Origen",
                "Sector",
                "Categoría",
                "Zona",
                "Tipo de cliente",
                "Potencial",
                "Notas",
                "Provincia",
                "CP",
                "NIF/CIF",
                "Cargo",
            ],
            [
                "Construcciones Pilar S.L.",
                "Marta Gil",
                "976 111 222",
                "marta@pilar.example",
                "Zaragoza",
                "Clientes",
                "A",
                "Lucía Romero",
                "próxima semana",
                "Prescriber",
                "Feria",
                "Construction",
                "Obra, Reformas",
                "Aragón",
                "Empresa",
                "Alto",
                "Quiere ampliar",
                "Zaragoza",
                50001,
                "B-50123456",
                "Gerente",
            ],
            [
                "Construcciones Pilar S.L.",
                "Jorge Gil",
                "",
                "jorge@pilar.example",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "Compras",
            ],
            [
                "",
                "Rosa Autónoma",
                600123123,
                "rosa@example.com",
                "Huesca",
                "Prospectos",
                2,
                "pyme_salesman",
                "marzo",
                "",
                "",
                "",
                "",
                "",
                "Autónomo",
                "",
                "",
                "Vizcaya",
                "",
                "",
                "",
            ],
            [
                "Talleres Ebro",
                "",
                "976 000 000",  # a prospect needs a phone, a mobile or an email
                "",
                "",
                "",
                "1",
                "lucia@pyme.example",
                datetime.datetime(2027, 1, 15),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                8001,
                "",
                "",
            ],
        ]
        wizard = self.run_import(rows)
        self.assertEqual(
            (wizard.new_count, wizard.updated_count, wizard.rejected_count), (4, 0, 0), self.problems(wizard)
        )
        company = self.find("Construcciones Pilar S.L.")
        self.assertTrue(company.is_company)
        self.assertEqual(company.child_ids.mapped("name"), ["Jorge Gil", "Marta Gil"])
        marta = company.child_ids.filtered(lambda p: p.name == "Marta Gil")
        self.assertEqual(
            (marta.email, marta.phone, marta.function), ("marta@pilar.example", "+34 976 11 12 22", "Gerente")
        )
        self.assertEqual((company.commercial_list, company.commercial_priority), ("client", "A"))
        self.assertEqual(marta.commercial_list, "client", "the people share their company's list")
        self.assertEqual(company.user_id, self.salesman)
        self.assertEqual(company.commercial_role_ids.name, "Prescriber")
        self.assertEqual(company.source_id.name, "Feria")
        self.assertEqual(company.industry_id, self.env.ref("base.res_partner_industry_F"))
        self.assertEqual(sorted(company.category_id.mapped("name")), ["Obra", "Reformas"])
        self.assertEqual(company.sales_zone_id, zone)
        self.assertEqual((company.customer_type, company.purchase_potential), ("company", "high"))
        self.assertEqual((company.city, company.zip, company.vat), ("Zaragoza", "50001", "B50123456"))
        self.assertEqual(company.state_id, self.env.ref("base.state_es_z"))
        self.assertEqual(self.find("Rosa Autónoma").state_id, self.env.ref("base.state_es_bi"), "Vizcaya")
        self.assertEqual(company.next_followup_date, followup_date("next_week", self.today))
        self.assertEqual(company.last_note, "Marta Gil: Quiere ampliar")
        rosa = self.find("Rosa Autónoma")
        self.assertFalse(rosa.is_company or rosa.parent_id)
        self.assertEqual(
            (rosa.commercial_list, rosa.commercial_priority, rosa.phone),
            ("prospect", "2", "+34 600 12 31 23"),
        )
        self.assertEqual(rosa.next_followup_date, followup_date("month_3", self.today))
        talleres = self.find("Talleres Ebro")
        self.assertEqual(
            (talleres.commercial_list, talleres.commercial_priority), ("prospect", "1"), "1 means prospect"
        )
        self.assertEqual(talleres.next_followup_date, datetime.date(2027, 1, 15))
        self.assertEqual(talleres.zip, "08001", "Excel's lost leading zero")
        self.assertEqual(talleres.user_id, self.salesman, "salesperson found by email")
        self.assertEqual(
            set(wizard.partner_ids.ids), set((company | company.child_ids | rosa | talleres).ids)
        )

    def test_every_rejected_value_names_row_column_and_reason(self):
        new_test_user(self.env, login="otra_lucia", name="Lucía Romero")
        rows = [
            [
                "Empresa",
                "Nombre",
                "Email",
                "Lista",
                "Prioridad",
                "Comercial",
                "Seguimiento",
                "Rol",
                "Sector",
                "Zona",
                "País",
                "Provincia",
                "Tipo de cliente",
                "Potencial",
            ],
            ["A1", "", "no-es-un-correo", "", "", "", "", "", "", "", "", "", "", ""],
            ["A2", "", "", "Amigos", "", "", "", "", "", "", "", "", "", ""],
            ["A3", "", "", "", "Z", "", "", "", "", "", "", "", "", ""],
            ["A4", "", "", "Prospectos", "A", "", "", "", "", "", "", "", "", ""],
            ["A5", "", "", "Base de datos", "1", "", "", "", "", "", "", "", "", ""],
            ["A6", "", "", "", "", "Nadie", "", "", "", "", "", "", "", ""],
            ["A7", "", "", "", "", "Lucía Romero", "", "", "", "", "", "", "", ""],
            ["A8", "", "", "", "", "", "cuando pueda", "", "", "", "", "", "", ""],
            ["A9", "", "", "", "", "", "", "Amigo", "", "", "", "", "", ""],
            ["A10", "", "", "", "", "", "", "", "Astronáutica", "", "", "", "", ""],
            ["A11", "", "", "", "", "", "", "", "", "Luna", "", "", "", ""],
            ["A12", "", "", "", "", "", "", "", "", "", "Atlántida", "", "", ""],
            ["A13", "", "", "", "", "", "", "", "", "", "", "Narnia", "", ""],
            ["A14", "", "", "", "", "", "", "", "", "", "", "", "Marciano", ""],
            ["A15", "", "", "", "", "", "", "", "", "", "", "", "", "Infinito"],
            ["", "", "sin@nombre.example", "", "", "", "", "", "", "", "", "", "", ""],
            ["X" * 1001, "", "", "", "", "", "", "", "", "", "", "", "", ""],
            ["Válida S.L.", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ]
        wizard = self.run_import(rows)
        self.assertEqual(wizard.rejected_count, 13)
        self.assertEqual(
            wizard.new_count,
            5,
            "counted, but not written: one bad row stops everything (the invalid email, "
            "the new role, sector and zone are no rejection)",
        )
        self.assertFalse(self.find("Válida S.L."))
        self.assertFalse(self.env["res.partner.industry"].search([("name", "=", "Astronáutica")]))
        problems = {row: (column, value, message) for row, column, value, message in self.problems(wizard)}
        self.assertEqual(problems[2], (False, False, "email not imported, it is not valid: no-es-un-correo"))
        self.assertEqual(problems[3][:2], ("Lista", "Amigos"))
        self.assertIn("Propuestas en curso", problems[3][2], "the accepted values are named")
        self.assertIn("unknown priority", problems[4][2])
        self.assertEqual(problems[5][:2], ("Prioridad", "A"))
        self.assertIn("does not fit the list", problems[5][2])
        self.assertIn("(it takes: none)", problems[6][2])
        self.assertIn("no user", problems[7][2])
        self.assertIn("several users", problems[8][2])
        self.assertEqual(problems[9][:2], ("Seguimiento", "cuando pueda"))
        self.assertNotIn(10, problems, "a new role is created")
        self.assertEqual(
            [problems[row][0] for row in range(13, 17)], ["País", "Provincia", "Tipo de cliente", "Potencial"]
        )
        self.assertIn("Empresa, Autónomo, Particular", problems[15][2])
        self.assertIn("Alto, Medio, Bajo", problems[16][2])
        self.assertIn("needs a company or a contact name", problems[17][2])
        self.assertEqual(problems[18][0], "Empresa")
        self.assertIn("too long (1001 characters, at most 1000)", problems[18][2])

    def test_rejections_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["pyme_crm"], ["es_ES"], overwrite=True)
        wizard = self.run_import(
            [
                ["Empresa", "Email", "Rol", "Lista"],
                ["Hotel Sol", "mal", "Prescriptor", ""],
                ["Hotel Luna", "", "Embajador", "Amigos"],
            ]
        )
        wizard = wizard.with_context(lang="es_ES")
        wizard.action_import()
        self.assertEqual(
            self.problems(wizard),
            [
                (2, False, False, "correo no importado, no es válido: mal"),
                (3, "Lista", "Amigos", f"lista desconocida: escriba {', '.join(LIST_TEMPLATE_VALUES)}"),
            ],
        )
        roles = self.env["res.partner.commercial.role"].search([("name", "in", ("Prescriptor", "Embajador"))])
        self.assertFalse(roles, "the Spanish names of the method's roles are those roles, not new ones")

    def test_valid_rows_only(self):
        wizard = self.run_import(
            [["Empresa", "Lista"], ["Hotel Sol", "Amigos"], ["Hotel Luna", "Base de contactos"]],
            valid_rows_only=True,
        )
        self.assertEqual((wizard.new_count, wizard.rejected_count), (1, 1))
        self.assertTrue(self.find("Hotel Luna"))
        self.assertFalse(self.find("Hotel Sol"))

    def test_dry_run_writes_nothing(self):
        def snapshot():
            return [
                self.env[model].search_count([])
                for model in (
                    "res.partner",
                    "res.partner.category",
                    "utm.source",
                    "mail.activity",
                    "mail.message",
                )
            ]

        before = snapshot()
        rows = [
            ["Empresa", "Nombre", "Categoría", "Origen", "Seguimiento", "Notas"],
            ["Hotel Sol", "Ana", "Hoteles", "Web nueva", "hoy", "Llamar"],
        ]
        wizard = self.run_import(rows, preview=True)
        self.assertEqual((wizard.state, wizard.new_count), ("preview", 1))
        self.assertEqual(snapshot(), before)
        wizard.action_import()
        self.assertEqual(snapshot()[0], before[0] + 2)

    def test_error_workbook_reimports_after_correction(self):
        wizard = self.run_import(
            [
                ["Empresa", "Tipo de cliente", "Lista", "Teléfono"],
                ["Hotel Sol", "Marciano", "En espera", ""],
                ["Hotel Luna", "", "Amigos", "976 000 000"],
            ]
        )
        self.assertEqual(wizard.rejected_count, 2)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.rejected_file)))
        sheet = book.active
        self.assertEqual(
            [cell.value for cell in sheet[1]], ["Empresa", "Tipo de cliente", "Lista", "Teléfono", "Error"]
        )
        self.assertIn("Tipo de cliente: unknown value", sheet["E2"].value)
        sheet["B2"] = "Empresa"
        sheet["C3"] = "Prospectos"
        output = io.BytesIO()
        book.save(output)
        again = self.wizard(output.getvalue())
        self.assertFalse(again.column_ids.filtered(lambda c: c.header == "Error").column)
        again.action_import()
        self.assertEqual((again.new_count, again.rejected_count), (2, 0))
        self.assertEqual(self.find("Hotel Luna").commercial_list, "prospect")

    def test_multi_value_cells_split_in_linear_time(self):
        for text, values in [
            ("Obra, Reformas", ["Obra", "Reformas"]),
            (" Obra ;Reformas | Hoteles ", ["Obra", "Reformas", "Hoteles"]),
            ("Obra,, ;|", ["Obra"]),
            ("Obra  nueva\t,\u00a0Reformas\n", ["Obra  nueva", "Reformas"]),
            ("", []),
            (None, []),
            (12, ["12"]),
        ]:
            self.assertEqual(split_values(text), values, repr(text))
        spaces = " " * 20_000
        text = f"Obra{spaces}nueva{spaces}, {spaces}Reformas{spaces}|Hoteles{spaces}x"
        start = time.perf_counter()
        values = split_values(text)
        elapsed = time.perf_counter() - start
        self.assertEqual(values, [f"Obra{spaces}nueva", "Reformas", f"Hoteles{spaces}x"])
        self.assertLess(elapsed, 0.05, "long runs of spaces: no backtracking")

    def test_required_information_is_checked_on_create(self):
        rows = [
            ["Empresa", "Nombre", "Email", "NIF/CIF", "Lista", "Teléfono", "Ciudad"],
            ["Hotel Sol", "Ana", "ana@sol.example", "", "Clientes", "", ""],  # a client without tax ID
            ["Hotel Sol", "Eva", "eva@sol.example", "", "", "", ""],  # the same company: rejected too
            ["Hotel Luna", "Pablo", "pablo@luna.example", "B-12345678", "Clientes", "", ""],  # his email
            ["Hotel Mar", "", "", "", "Prospectos", "", ""],  # a prospect without phone, mobile or email
            ["Hotel Río", "", "", "", "Prospectos", "976 000 000", ""],
            ["Hotel Lago", "", "", "", "", "", ""],  # the contact database requires nothing
            ["Hotel Monte", "", "", "", "Clientes", "", ""],  # a client without either
        ]
        client = "a contact in Clients needs Tax ID and Email"
        expected = [
            (2, "NIF/CIF", "", f"{client}: fill in the column NIF/CIF"),
            (3, "NIF/CIF", "", f"{client}: fill in the column NIF/CIF"),
            (
                5,
                "Email",
                "",
                "a contact in Prospects needs Email or Mobile or Phone: fill in the column Email",
            ),
            (8, "NIF/CIF", "", f"{client}: fill in the columns NIF/CIF and Email"),
        ]
        wizard = self.run_import(rows)
        self.assertEqual(self.problems(wizard), expected)
        self.assertEqual((wizard.new_count, wizard.rejected_count), (3, 4))
        self.assertFalse(self.find("Hotel Luna"), "a rejected row stops the whole import")
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.rejected_file)))
        self.assertEqual(book.active["H2"].value, f"NIF/CIF: {client}: fill in the column NIF/CIF")

        # as a user, whom Odoo checks too when a contact is created
        wizard = self.run_import(rows, valid_rows_only=True, user=self.salesman)
        self.assertEqual((wizard.new_count, wizard.rejected_count), (3, 4), self.problems(wizard))
        luna = self.find("Hotel Luna")
        self.assertEqual(
            (luna.commercial_list, luna.vat, luna.child_ids.email),
            ("client", "B12345678", "pablo@luna.example"),
        )
        self.assertEqual(self.find("Hotel Río").commercial_list, "prospect")
        self.assertEqual(self.find("Hotel Lago").commercial_list, "reserve")
        self.assertFalse(
            self.find("Hotel Sol") | self.find("Ana") | self.find("Hotel Mar") | self.find("Hotel Monte")
        )

        # the requirements are configurable, the default list's included
        self.env["res.partner.list.requirement"].create(
            {
                "commercial_list": "reserve",
                "field_ids": [Command.set(self.env.ref("base.field_res_partner__city").ids)],
            }
        )
        wizard = self.run_import([["Empresa", "Ciudad"], ["Hotel Valle", ""], ["Hotel Cima", "Jaca"]])
        self.assertEqual(
            self.problems(wizard),
            [(2, "Ciudad", "", "a contact in Contact database needs City: fill in the column Ciudad")],
        )

    def test_template(self):
        wizard = self.env["res.partner.import"].create({})
        action = wizard.action_download_template()
        self.assertIn("template_file", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        sheet = book.active
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers, [label for _key, label, _synonyms in COLUMNS])
        lists = {
            validation.sqref.ranges[0].coord.split(":")[0][:1]: validation.formula1
            for validation in sheet.data_validations.dataValidation
        }
        list_column = openpyxl.utils.get_column_letter(headers.index("Lista") + 1)
        priority_column = openpyxl.utils.get_column_letter(headers.index("Prioridad") + 1)
        self.assertIn("Clientes", lists[list_column])
        self.assertEqual(lists[priority_column], '"A,B,C,1,2,3"')
        notes = "\n".join(row[0].value for row in book.worksheets[1].iter_rows())
        self.assertIn("the values step shows each value found once and what it becomes", notes)


@tagged("post_install", "-at_install")
class TestContactImportDuplicates(ContactImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client.write({"vat": "A28000001", "phone": False, "city": False})
        cls.person = cls.env["res.partner"].create(
            {"name": "Rosa Jiménez", "email": "rosa@vinaalta.example", "parent_id": cls.prospect.id}
        )

    def test_matches_by_company_name_vat_and_email(self):
        rows = [
            ["Empresa", "Nombre", "Email", "NIF/CIF", "Teléfono"],
            ["CONSTRUCCIONES ALHAMBRA, SA", "", "", "", "958 000 000"],  # name without the legal form
            ["Otra razón social", "", "", "A-28000001", ""],  # same VAT
            ["Bodegas Nuevas", "Rosa J.", "ROSA@vinaalta.example", "", "600 000 000"],  # same email
            ["Hotel Nuevo", "", "", "", ""],
        ]
        wizard = self.run_import(rows, duplicate_policy="skip")
        self.assertEqual((wizard.new_count, wizard.skipped_count), (1, 3))
        self.assertFalse(self.client.phone, "skipped: untouched")
        self.assertFalse(self.find("Bodegas Nuevas"))

    def test_update_fills_empty_fields_only(self):
        self.client.email = "info@alhambra.example"
        wizard = self.run_import(
            [
                ["Empresa", "Nombre", "Email", "Teléfono", "Ciudad", "Lista"],
                [
                    "Construcciones Alhambra S.A.",
                    "",
                    "otro@alhambra.example",
                    "958 000 000",
                    "Granada",
                    "Prospectos",
                ],
                ["Bodegas Viña Alta", "Rosa Jiménez", "rosa@vinaalta.example", "600 000 000", "", ""],
            ],
            duplicate_policy="update",
        )
        self.assertEqual((wizard.new_count, wizard.updated_count), (0, 2), self.problems(wizard))
        self.assertEqual((self.client.phone, self.client.city), ("+34 958 00 00 00", "Granada"))
        self.assertEqual(self.client.email, "info@alhambra.example", "a filled field is kept")
        self.assertEqual(self.client.commercial_list, "client", "so is the list")
        self.assertEqual(self.person.phone, "+34 600 00 00 00")

    def test_create_anyway(self):
        wizard = self.run_import([["Empresa"], ["Construcciones Alhambra S.A."]], duplicate_policy="create")
        self.assertEqual(wizard.new_count, 1)
        self.assertEqual(len(self.find("Construcciones Alhambra S.A.")), 2)

    def test_duplicates_inside_the_file(self):
        rows = [
            ["Empresa", "Nombre", "Email", "Teléfono"],
            ["Hotel Sol", "Ana", "ana@sol.example", ""],
            ["Hotel Sol S.L.", "Ana Ruiz", "ANA@sol.example", "600 111 222"],
            ["", "Pablo", "pablo@example.com", ""],
            ["", "Pablo Gómez", "pablo@example.com", "600 333 444"],
        ]
        skipped = self.run_import(rows, duplicate_policy="skip")
        self.assertEqual((skipped.new_count, skipped.skipped_count), (2, 2))
        self.env["res.partner"].search([("name", "in", ("Hotel Sol", "Pablo"))]).child_ids.unlink()
        self.env["res.partner"].search([("name", "in", ("Hotel Sol", "Pablo"))]).unlink()
        updated = self.run_import(rows, duplicate_policy="update")
        self.assertEqual((updated.new_count, updated.updated_count), (2, 2))
        ana = self.find("Ana")
        self.assertEqual((ana.phone, len(self.find("Hotel Sol").child_ids)), ("+34 600 11 12 22", 1))
        self.assertEqual(self.find("Pablo").phone, "+34 600 33 34 44")


@tagged("post_install", "-at_install")
class TestContactImportSalespeople(ContactImportCase):
    """Two salespeople: duplicates are found among every contact, but another salesperson's is never
    named, updated or created again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ana = new_test_user(
            cls.env, login="imp_ana", name="Ana Comercial", groups="pyme_crm.group_pyme_salesperson"
        )
        cls.beto = new_test_user(
            cls.env, login="imp_beto", name="Beto Comercial", groups="pyme_crm.group_pyme_salesperson"
        )
        Partner = cls.env["res.partner"]
        cls.betos = Partner.create(
            {
                "name": "Hostal Secreto S.L.",
                "is_company": True,
                "email": "info@secreto.example",
                "vat": "B11111111",
                "user_id": cls.beto.id,
            }
        )
        cls.betos_person = Partner.create(
            {"name": "Carmen Oculta", "email": "carmen@secreto.example", "parent_id": cls.betos.id}
        )
        cls.anas = Partner.create({"name": "Hotel de Ana", "is_company": True, "user_id": cls.ana.id})
        cls.rows = [
            ["Empresa", "Nombre", "Email", "NIF/CIF", "Teléfono"],
            ["HOSTAL SECRETO", "", "", "", "900 000 001"],  # Beto's, by its name
            ["Otra razón social", "", "", "B-11111111", "900 000 002"],  # by its tax ID
            ["Empresa Nueva", "Carmen", "carmen@secreto.example", "", "900 000 003"],  # his contact's email
            ["", "Carmen particular", "info@secreto.example", "", "900 000 004"],  # his company's email
            ["Hotel de Ana", "", "", "", "900 000 005"],  # Ana's own
            ["Hotel Nuevo", "", "", "", ""],
        ]
        cls.notice = "already in Odoo: this contact belongs to another salesperson"

    def assert_nothing_of_beto_told_or_touched(self, wizard):
        self.assertEqual(self.problems(wizard), [(row, False, False, self.notice) for row in (2, 3, 4, 5)])
        self.assertFalse(self.betos.phone or self.betos_person.phone)
        self.assertEqual(self.betos.child_ids, self.betos_person)
        for name in ("Otra razón social", "Empresa Nueva", "Carmen", "Carmen particular"):
            self.assertFalse(self.find(name), name)
        self.assertEqual(len(self.find("Hostal Secreto S.L.")), 1)

    def test_contacts_given_to_another_salesperson(self):
        rows = [["Empresa", "Comercial"], ["Hotel de Beto", "imp_beto"], ["Hotel Mío", "Ana Comercial"]]
        wizard = self.wizard(workbook(rows), user=self.ana, valid_rows_only=True)
        wizard.action_import()
        self.assertEqual((wizard.new_count, wizard.rejected_count), (1, 1), "a row problem, not an error")
        self.assertEqual(self.problems(wizard)[0][:3], (2, "Comercial", "imp_beto"))
        self.assertIn("you cannot create contacts of this salesperson", self.problems(wizard)[0][3])
        self.assertEqual(self.find("Hotel Mío").user_id, self.ana)
        manager = new_test_user(self.env, login="imp_jefa", groups="pyme_crm.group_pyme_manager")
        wizard = self.wizard(workbook(rows[:2]), user=manager)
        wizard.action_import()
        self.assertEqual(self.find("Hotel de Beto").user_id, self.beto, "a manager imports for anyone")

    def test_skip(self):
        wizard = self.wizard(workbook(self.rows), user=self.ana, duplicate_policy="skip")
        wizard.action_read_sheet()  # each step replaces the lines of the one before
        wizard.action_preview()
        self.assertEqual((wizard.new_count, wizard.skipped_count, wizard.rejected_count), (1, 5, 0))
        self.assert_nothing_of_beto_told_or_touched(wizard)
        wizard.action_import()
        self.assertEqual((wizard.new_count, wizard.skipped_count, wizard.rejected_count), (1, 5, 0))
        self.assert_nothing_of_beto_told_or_touched(wizard)
        self.assertFalse(self.anas.phone, "skipped")
        self.assertEqual(self.find("Hotel Nuevo").create_uid, self.ana)

    def test_update(self):
        wizard = self.wizard(workbook(self.rows), user=self.ana, duplicate_policy="update")
        wizard.action_import()
        self.assertEqual(
            (wizard.new_count, wizard.updated_count, wizard.skipped_count, wizard.rejected_count),
            (1, 1, 4, 0),
        )
        self.assert_nothing_of_beto_told_or_touched(wizard)
        self.assertEqual(self.anas.phone, "+34 900 000 005")

    def test_create_anyway(self):
        wizard = self.wizard(workbook(self.rows), user=self.ana, duplicate_policy="create")
        wizard.action_import()
        self.assertEqual((wizard.new_count, wizard.skipped_count, wizard.rejected_count), (2, 4, 0))
        self.assert_nothing_of_beto_told_or_touched(wizard)
        self.assertEqual(len(self.find("Hotel de Ana")), 2, "her own, created anyway")

    def test_each_salesperson_updates_their_own(self):
        wizard = self.wizard(workbook(self.rows[:2]), user=self.beto, duplicate_policy="update")
        wizard.action_import()
        self.assertEqual((wizard.updated_count, self.problems(wizard)), (1, []))
        self.assertEqual(self.betos.phone, "+34 900 000 001")


@tagged("post_install", "-at_install")
class TestHostileFiles(ContactImportCase):
    def assert_refused(self, data, message):
        with self.assertRaisesRegex(UserError, message):
            self.wizard(data)

    def test_not_an_xlsx(self):
        self.assert_refused(b"Empresa;Nombre\nHotel Sol;Ana\n", "not an Excel workbook")
        self.assert_refused(b"%PDF-1.7 renamed to .xlsx", "not an Excel workbook")
        document = io.BytesIO()
        with zipfile.ZipFile(document, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        self.assert_refused(document.getvalue(), "not an Excel workbook")

    def test_corrupt_zip(self):
        data = workbook([["Empresa"], ["Hotel Sol"]])
        self.assert_refused(data[: len(data) // 2], "damaged")
        self.assert_refused(b"PK\x03\x04" + b"\x00" * 200, "damaged")

    def test_password_protected(self):
        self.assert_refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "password-protected")

    def test_too_big(self):
        self.assert_refused(b"PK\x03\x04" + b"\x00" * (20 * 1024 * 1024 + 1), "too big")

    def test_zip_bomb_refused_before_parsing(self):
        bomb = io.BytesIO()
        zeros = b"\x00" * (1024 * 1024)
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
                for _ in range(210):
                    sheet.write(zeros)
        self.assertLess(len(bomb.getvalue()), 1024 * 1024)
        self.assert_refused(bomb.getvalue(), "once unpacked")

    def test_a_million_rows_refused_by_the_limit(self):
        def rows():
            yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>Empresa</t></is></c></row>'
            for number in range(2, 1_000_002):
                yield f'<row r="{number}"><c r="A{number}"><v>{number}</v></c></row>'.encode()

        data = raw_xlsx(rows())
        tracemalloc.start()
        try:
            self.assert_refused(data, "more than 100000 rows")
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertLess(peak, 200 * 1024 * 1024, "read as a stream: memory stays bounded")
        declared = raw_xlsx(
            iter([b'<row r="1"><c r="A1" t="inlineStr"><is><t>Empresa</t></is></c></row>']), "A1:A1000000"
        )
        self.assert_refused(declared, "more than 100000 rows")

    def test_a_declared_dimension_is_not_trusted(self):
        # A 20 KB file declaring 16,384 columns: openpyxl would pad each row read to as many cells.
        data = declare_dimension(
            workbook([["Empresa"], *([f"Hotel {number}"] for number in range(2000))]), "A1:XFD100000"
        )
        self.assertLess(len(data), 40 * 1024)
        tracemalloc.start()
        start = time.perf_counter()
        try:
            wizard = self.wizard(data)
            wizard.action_preview()
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        elapsed = time.perf_counter() - start
        self.assertEqual((wizard.column_ids.mapped("header"), wizard.new_count), (["Empresa"], 2000))
        self.assertLess(peak, 20 * 1024 * 1024, "the rows are as wide as their header row")
        self.assertLess(elapsed, 10)
        # nor does a dimension shorter than the sheet cut it
        wizard = self.wizard(
            declare_dimension(workbook([["Empresa"], ["Hotel Sol"], ["Hotel Luna"]]), "A1:A2")
        )
        wizard.action_preview()
        self.assertEqual(wizard.new_count, 2)

    def test_a_hundred_thousand_rows_in_bounded_memory(self):
        small = declare_dimension(workbook([["Empresa"], ["Hotel Sol"]]), "A1:XFD100001")
        rows = spreadsheet.read_rows(spreadsheet.open_workbook(small), "Contactos")
        self.assertEqual(rows[1], (2, ["Hotel Sol"]), "a reader that pads the rows would need 13 GB below")
        data = declare_dimension(
            workbook([["Empresa"], *([f"Hotel {number}"] for number in range(100_000))]), "A1:XFD100001"
        )
        tracemalloc.start()
        start = time.perf_counter()
        try:
            rows = spreadsheet.read_rows(spreadsheet.open_workbook(data), "Contactos")
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        elapsed = time.perf_counter() - start
        self.assertEqual((len(rows), rows[-1]), (100_001, (100_001, ["Hotel 99999"])))
        self.assertLess(peak, 60 * 1024 * 1024)
        self.assertLess(elapsed, 60)

    def test_the_columns_read_end_with_the_header_row(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Empresa", None, "Nombre"])
        sheet.append(["Hotel Sol", "x", "Ana"])
        sheet.cell(row=2, column=16_384, value="far away")
        output = io.BytesIO()
        book.save(output)
        rows = spreadsheet.read_rows(spreadsheet.open_workbook(output.getvalue()), "Sheet")
        self.assertEqual(rows, [(1, ["Empresa", None, "Nombre"]), (2, ["Hotel Sol", "x", "Ana"])])
        sheet.cell(row=1, column=201, value="Notas")
        output = io.BytesIO()
        book.save(output)
        self.assert_refused(output.getvalue(), "more than 200 columns")

    def test_the_file_is_read_once_per_sheet_and_header_row(self):
        data = workbook([["Empresa", "Email"], ["Hoja"], ["Empresa", "Ciudad"], ["Hotel Sol", "Jaca"]])
        with (
            patch.object(spreadsheet, "open_workbook", wraps=spreadsheet.open_workbook) as opened,
            patch.object(spreadsheet, "read_rows", wraps=spreadsheet.read_rows) as read,
        ):

            def reads(step):
                opened.reset_mock()
                read.reset_mock()
                getattr(wizard, step)()
                return opened.call_count, read.call_count

            wizard = self.env["res.partner.import"].create({"file": base64.b64encode(data)})
            self.assertEqual(reads("action_read_file"), (1, 1))
            for step in ("action_read_sheet", "action_read_values", "action_preview"):
                self.assertEqual(reads(step), (0, 0), f"{step}: the sheet as the step before read it")
            wizard.header_row = 3
            self.assertEqual(reads("action_read_sheet"), (1, 1), "another header row: read again")
            self.assertEqual(wizard.column_ids.mapped("header"), ["Empresa", "Ciudad"])
            wizard.header_row = 1
            self.assertEqual(reads("action_read_sheet"), (1, 1))
            wizard.file = base64.b64encode(workbook([["Empresa"], ["Hotel Mar"]]))
            self.assertEqual(reads("action_import"), (1, 1), "another file: read again")
        self.assertEqual(wizard.new_count, 1)
        self.assertTrue(self.env["res.partner"].search([("name", "=", "Hotel Mar")]))

    def test_the_sheet_read_keeps_every_type_of_cell(self):
        values = [
            "=SUM(A1:A2)",
            7,
            2.5,
            True,
            None,
            datetime.datetime(2026, 12, 1, 9, 30),
            datetime.date(2026, 12, 1),
            datetime.time(9, 30),
            timedelta(hours=36),
        ]
        packed = spreadsheet.pack_rows([["Empresa"], [[2, values]]])
        self.assertEqual(spreadsheet.unpack_rows(packed), [["Empresa"], [[2, values]]])
        self.assertEqual(
            [type(value) for value in spreadsheet.unpack_rows(packed)[1][0][1]], [type(v) for v in values]
        )

    def test_empty_sheet_and_no_header_row(self):
        self.assert_refused(workbook([]), "is empty")
        self.assert_refused(workbook([["Hotel Sol", "Ana"], ["Hotel Luna", "Eva"]]), "No header row")

    def test_formulas_are_never_run(self):
        wizard = self.run_import(
            [["Empresa", "Notas", "Teléfono"], ["Hotel Sol", "=1+1", '=HYPERLINK("http://evil.example","x")']]
        )
        hotel = self.find("Hotel Sol")
        self.assertEqual(wizard.new_count, 1)
        self.assertEqual(hotel.phone, '=HYPERLINK("http://evil.example","x")', "a formula stays its text")
        self.assertIn("=1+1", hotel.last_note, "never run: not 2")

    def test_xml_attacks_refused(self):
        entity = raw_xlsx(iter([b'<row r="1"><c r="A1" t="inlineStr"><is><t>Empresa</t></is></c></row>']))
        book = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(entity)) as source, zipfile.ZipFile(book, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    content = content.replace(
                        b'<?xml version="1.0"?>',
                        b'<?xml version="1.0"?>'
                        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
                    )
                target.writestr(item, content)
        self.assert_refused(book.getvalue(), "damaged")


@tagged("post_install", "-at_install")
class TestContactExport(ContactImportCase):
    def test_export_neutralises_formulas_and_reimports(self):
        hostile = self.env["res.partner"].create(
            {
                "name": '=HYPERLINK("http://evil.example","pulse")',
                "is_company": True,
                "phone": "+34 976 000 000",
                "email": "pulse@evil.example",
                "vat": "B50000009",
                "city": "@Zaragoza",
                "street": "-1 planta",
                "commercial_list": "client",
                "commercial_priority": "B",
                "user_id": self.salesman.id,
            }
        )
        hostile._plan_followup("tomorrow")
        partners = hostile | self.prospect | self.prospect_contact
        action = partners.action_export_xlsx()
        export = self.env["res.partner.export"].search([], order="id desc", limit=1)
        self.assertIn(f"/{export.id}/file/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file)))
        sheet = book.active
        headers = [cell.value for cell in sheet[1]]
        row = {header: cell for header, cell in zip(headers, sheet[2], strict=False)}
        for header in ("Empresa", "Teléfono", "Ciudad", "Dirección"):
            self.assertEqual(row[header].data_type, "s", header)
            self.assertTrue(row[header].quotePrefix, header)
        self.assertEqual(row["Empresa"].value, hostile.name)
        self.assertEqual(
            (row["Lista"].value, row["Prioridad"].value, row["Comercial"].value),
            ("Clientes", "B", "pyme_salesman"),
        )
        self.assertEqual(row["Seguimiento"].value, hostile.next_followup_date.strftime("%d/%m/%Y"))
        person = {header: cell.value for header, cell in zip(headers, sheet[4], strict=False)}
        self.assertEqual((person["Empresa"], person["Nombre"]), ("Bodegas Viña Alta", "Rosa Jiménez"))
        name = hostile.name
        hostile.unlink()
        wizard = self.wizard(base64.b64decode(export.file), duplicate_policy="skip")
        wizard.action_import()
        self.assertEqual(
            (wizard.new_count, wizard.skipped_count, wizard.rejected_count), (1, 2, 0), self.problems(wizard)
        )
        again = self.find(name)
        self.assertEqual((again.commercial_list, again.phone), ("client", "+34 976 00 00 00"))
        self.assertEqual(again.next_followup_date, self.today + timedelta(days=1))

    def test_followup_list_exports(self):
        self.prospect._plan_followup("today")
        followups = self.env["res.partner"].search([("next_followup_date", "!=", False)])
        followups.action_export_xlsx()
        export = self.env["res.partner.export"].search([], order="id desc", limit=1)
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file))).active
        self.assertIn("Bodegas Viña Alta", [cell.value for cell in sheet["A"]])

    def test_export_strips_control_characters(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Hotel\x0b Sol\x01",
                "is_company": True,
                "street": "Calle\x0bMayor, 1",
                "function": "Gerente\x01",
            }
        )
        # what was said after a call, kept as typed (a message's body is sanitized)
        partner.message_post(body="Llamada", message_type="comment", subtype_xmlid="mail.mt_note").write(
            {"activity_feedback": "Llamar\x0b el lunes\x01"}
        )
        person = self.env["res.partner"].create({"name": "Ana\x1f Ruiz", "parent_id": partner.id})
        (partner | person).action_export_xlsx()
        export = self.env["res.partner.export"].search([], order="id desc", limit=1)
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file))).active
        headers = [cell.value for cell in sheet[1]]
        rows = [
            dict(zip(headers, (cell.value for cell in row), strict=False))
            for row in sheet.iter_rows(min_row=2)
        ]
        self.assertEqual(
            [(row["Empresa"], row["Nombre"], row["Dirección"]) for row in rows],
            [("Hotel Sol", None, "CalleMayor, 1"), ("Hotel Sol", "Ana Ruiz", "CalleMayor, 1")],
        )
        self.assertEqual(rows[0]["Cargo"], "Gerente")
        self.assertEqual(partner.last_note, "Llamar\x0b el lunes\x01")
        self.assertEqual(rows[0]["Notas"], "Llamar el lunes")


@tagged("post_install", "-at_install")
class TestSpreadsheetsAsPeopleKeepThem(ContactImportCase):
    """The header row where it is, and the method's lists as people write them."""

    def test_title_and_blank_rows_above_capital_plural_headers(self):
        rows = [
            ["LISTADO DE EMPRESAS 2025"],
            [],
            ["Actualizado en marzo", "", "", "Uso interno"],
            ["EMPRESAS", "TELÉFONOS", "EMAILS", "CIUDADES", "LISTA"],
            ["Electricidad Ebro S.L.", "976 111 222", "info@ebro.example", "Zaragoza", "Base de contactos"],
            ["Gestoría Pilar", "976 333 444", "pilar@gestoria.example", "Huesca", "Clientes potenciales"],
            ["Bar La Plaza", "976 555 666", "", "Teruel", "Contactos en espera"],
        ]
        wizard = self.wizard(workbook(rows))
        self.assertEqual(wizard.header_row, 4, "the row that names the most columns")
        self.assertEqual(
            wizard.column_ids.mapped("column"), ["company", "phone", "email", "city", "commercial_list"]
        )
        wizard.action_import()
        self.assertEqual((wizard.new_count, wizard.rejected_count), (3, 0))
        partners = self.env["res.partner"].search([("city", "in", ("Zaragoza", "Huesca", "Teruel"))])
        self.assertEqual(
            {partner.name: partner.commercial_list for partner in partners},
            {"Electricidad Ebro S.L.": "reserve", "Gestoría Pilar": "prospect", "Bar La Plaza": "on_hold"},
        )

    def test_the_user_picks_another_header_row(self):
        rows = [["Empresa", "Nombre"], ["Hoja de clientes"], ["Empresa", "Ciudad"], ["Hotel Sol", "Jaca"]]
        wizard = self.wizard(workbook(rows))
        self.assertEqual(wizard.header_row, 1, "the first of the rows naming most columns")
        wizard.header_row = 3
        wizard.action_read_sheet()
        self.assertEqual(wizard.column_ids.mapped("column"), ["company", "city"])
        wizard.action_import()
        self.assertEqual(self.env["res.partner"].search([("name", "=", "Hotel Sol")]).city, "Jaca")
        wizard = self.wizard(workbook(rows))
        wizard.header_row = 2
        with self.assertRaisesRegex(UserError, "No header row"):
            wizard.action_read_sheet()

    def test_customer_types_as_people_write_them(self):
        rows = [["Empresa", "Tipo de cliente"], ["Ana Ruiz", "Autónoma"], ["Ayuntamiento", "Administración"]]
        self.wizard(workbook(rows)).action_import()
        found = self.env["res.partner"].search([("name", "in", ("Ana Ruiz", "Ayuntamiento"))])
        self.assertEqual(set(found.mapped("customer_type")), {"self_employed", "public_body"})
