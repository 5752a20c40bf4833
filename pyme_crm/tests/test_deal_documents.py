from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import DealDocumentsCase


@tagged("post_install", "-at_install")
class TestDealDocuments(DealDocumentsCase):
    """Invoices and purchase orders carry the deal they come from."""

    def test_invoice_of_a_deal_order_carries_the_deal(self):
        invoice = self.confirmed_order(self.maintenance)._create_invoices()
        self.assertEqual(invoice.opportunity_id, self.maintenance)
        self.assertFalse(invoice.opportunity_warning)

    def test_invoice_mixing_two_deals_is_left_unlinked_with_the_reason(self):
        orders = self.confirmed_order(self.maintenance) | self.confirmed_order(self.extension)
        invoice = orders._create_invoices()
        self.assertEqual(len(invoice), 1)
        self.assertFalse(invoice.opportunity_id)
        self.assertIn("several deals", invoice.opportunity_warning)
        self.assertIn("Ampliación nave", invoice.opportunity_warning)

    def test_credit_note_inherits_the_deal_of_the_invoice(self):
        invoice = self.confirmed_order(self.maintenance)._create_invoices()
        invoice.action_post()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Devolución"})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.opportunity_id, self.maintenance)

    def test_customer_invoice_linked_by_hand(self):
        with Form(self.env["account.move"].with_context(default_move_type="out_invoice")) as invoice_form:
            invoice_form.partner_id = self.client
            invoice_form.opportunity_id = self.maintenance
            with invoice_form.invoice_line_ids.new() as line:
                line.product_id = self.product
        invoice = invoice_form.save()
        invoice.action_post()
        self.assertEqual(invoice.opportunity_id, self.maintenance, "a hand-set deal stays after posting")

    def test_purchase_order_and_vendor_bill_carry_the_deal(self):
        order = self.purchase_order(self.maintenance)
        self.assertEqual(self.maintenance.purchase_order_count, 1)
        self.assertEqual(self.maintenance.action_view_purchase_orders()["res_id"], order.id)
        order.button_confirm()
        order.action_create_invoice()
        bill = order.invoice_ids
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.opportunity_id, self.maintenance)
        bill.invoice_date = fields.Date.today()
        bill.action_post()
        self.assertEqual(self.client.commercial_list, "client", "a vendor bill does not change the customer")

    def test_new_purchase_order_from_the_deal(self):
        purchase_user = self.env["res.users"].create(
            {
                "name": "Compras",
                "login": "pyme_buyer",
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("purchase.group_purchase_user").id,
                            self.env.ref("sales_team.group_sale_salesman_all_leads").id,
                        ]
                    )
                ],
            }
        )
        action = self.maintenance.with_user(purchase_user).action_new_purchase_order()
        with Form(
            self.env["purchase.order"].with_user(purchase_user).with_context(**action["context"])
        ) as po_form:
            po_form.partner_id = self.vendor
            with po_form.order_line.new() as line:
                line.product_id = self.product
        order = po_form.save()
        self.assertEqual(order.opportunity_id, self.maintenance)
        self.assertEqual(order.origin, self.maintenance.name)
        found = self.env["purchase.order"].search([("opportunity_id", "ilike", self.maintenance.name)])
        self.assertIn(order, found, "the deal is searchable on purchase orders")
