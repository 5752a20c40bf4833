import io

import openpyxl

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from ..tools.contact_columns import COLUMNS


def tracked_values(partner, field_name):
    """(old, new) pairs the chatter keeps for a field of the partner."""
    trackings = partner.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == field_name)
    return [(t.old_value_char, t.new_value_char) for t in trackings.sorted("id")]


class PymeCrmCase(TransactionCase):
    """Salespeople, a manager and one company per commercial list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        cls.salesman = new_test_user(
            cls.env, login="pyme_salesman", name="Lucía Romero", groups="sales_team.group_sale_salesman"
        )
        cls.sales_manager = new_test_user(
            cls.env, login="pyme_manager", name="Marta Jefa", groups="sales_team.group_sale_manager"
        )
        Partner = cls.env["res.partner"]
        cls.prospect = Partner.create(
            {
                "name": "Bodegas Viña Alta",
                "is_company": True,
                "phone": "+34 941 000 111",
                "email": "bodega@vinaalta.example",
                "vat": "B26000001",
                "commercial_list": "prospect",
                "commercial_priority": "1",
                "user_id": cls.salesman.id,
            }
        )
        cls.prospect_contact = Partner.create({"name": "Rosa Jiménez", "parent_id": cls.prospect.id})
        cls.client = Partner.create(
            {
                "name": "Construcciones Alhambra S.A.",
                "is_company": True,
                "email": "obras@alhambra.example",
                "vat": "A18000001",
                "commercial_list": "client",
                "commercial_priority": "A",
                "user_id": cls.salesman.id,
            }
        )
        cls.reserve = Partner.create(
            {"name": "Librería El Quijote", "is_company": True, "email": "libros@quijote.example"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Mantenimiento anual", "type": "service", "list_price": 1200.0}
        )
        # As if the fixtures were committed earlier: mail tracks the tests' changes
        # only for records not created in the current transaction.
        cls.env.flush_all()
        cls.env.cr.precommit.clear()

    def deal(self, partner, stage, **values):
        return self.env["crm.lead"].create(
            {
                "name": f"Oportunidad {partner.name}",
                "type": "opportunity",
                "partner_id": partner.id,
                "stage_id": stage.id,
                **values,
            }
        )

    def quotation(self, partner, **values):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1})],
                **values,
            }
        )


class DealDocumentsCase(PymeCrmCase):
    """Two deals of one client, a vendor, and helpers for the documents a deal leads to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.write({"invoice_policy": "order", "purchase_method": "purchase"})
        stage = cls.env.ref("crm.stage_lead1")
        cls.maintenance = cls.deal(
            cls, cls.client, stage, name="Mantenimiento anual", user_id=cls.salesman.id
        )
        cls.extension = cls.deal(cls, cls.client, stage, name="Ampliación nave", user_id=cls.salesman.id)
        cls.vendor = cls.env["res.partner"].create({"name": "Suministros Aragón S.L.", "is_company": True})

    def confirmed_order(self, deal, **values):
        order = self.quotation(deal.partner_id, opportunity_id=deal.id, **values)
        order.action_confirm()
        return order

    def posted_invoice(self, deal):
        invoice = self.confirmed_order(deal)._create_invoices()
        invoice.action_post()
        return invoice

    def purchase_order(self, deal, price=300.0, **values):
        return self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "opportunity_id": deal.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 2, "price_unit": price})
                ],
                **values,
            }
        )


# The contact import's columns as (key, template header, every header it is recognised by).
IMPORT_HEADERS = [(key, header, [header, *synonyms]) for key, _label, header, synonyms in COLUMNS]


def workbook(rows, sheet="Contactos", more_sheets=()):
    """An .xlsx built in memory, the first row being the headers."""
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    for name in more_sheets:
        book.create_sheet(name).append(["otra hoja"])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
