from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from ..models.crm_lead import DOCUMENT_FIGURES as FIGURES
from .common import DealDocumentsCase


@tagged("post_install", "-at_install")
class TestDealFigures(DealDocumentsCase):
    """A deal's figures in the company currency, and who may see them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.iva = cls.env["account.tax"].create(
            {"name": "IVA 21% (pyme)", "amount": 21, "type_tax_use": "sale"}
        )
        cls.product.write({"taxes_id": [Command.set(cls.iva.ids)], "supplier_taxes_id": [Command.clear()]})
        cls.accountant = new_test_user(
            cls.env, login="pyme_accountant", name="Pilar Contable", groups="account.group_account_invoice"
        )
        cls.buyer = new_test_user(
            cls.env, login="pyme_buyer", name="Tomás Compras", groups="purchase.group_purchase_user"
        )

    def figures(self, deal):
        deal.invalidate_recordset(FIGURES)
        return {name: deal[name] for name in FIGURES}

    def pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_difference_handling": "open"})._create_payments()

    def credit_note(self, invoice, untaxed):
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Devolución parcial"})
        )
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.invoice_line_ids.price_unit = untaxed
        refund.action_post()
        return refund

    def vendor_bill(self, deal, untaxed, **values):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_date": fields.Date.today(),
                "opportunity_id": deal.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "quantity": 1, "price_unit": untaxed})
                ],
                **values,
            }
        )
        bill.action_post()
        return bill

    def test_figures_of_a_deal(self):
        deal = self.maintenance
        self.assertEqual(set(self.figures(deal).values()), {0.0}, "a deal without documents shows zeros")
        self.quotation(self.client, opportunity_id=deal.id)
        invoice = self.posted_invoice(deal)
        self.assertEqual(invoice.amount_total, 1452.0)
        self.pay(invoice, 500.0)
        self.credit_note(invoice, 200.0)
        order = self.purchase_order(deal)
        order.button_confirm()
        order.action_create_invoice()
        order.invoice_ids.invoice_date = fields.Date.today()
        order.invoice_ids.action_post()
        self.vendor_bill(deal, 150.0)
        self.purchase_order(deal, price=999.0)  # a purchase quotation is not a purchase
        self.assertEqual(
            self.figures(deal),
            {
                "quoted_amount": 1200.0,
                "ordered_amount": 1200.0,
                "invoiced_amount": 1000.0,  # 1,200 invoiced minus a 200 credit note
                "paid_amount": 500.0,  # the open credit note is not a refund paid
                "purchased_amount": 750.0,  # the order's 600 (its bill is not counted twice) and a 150 bill
                "margin_amount": 250.0,
            },
        )
        self.assertEqual(self.figures(self.extension)["invoiced_amount"], 0.0)

    def test_credit_note_paid_back(self):
        invoice = self.posted_invoice(self.maintenance)
        self.pay(invoice, invoice.amount_total)
        refund = self.credit_note(invoice, 1200.0)
        self.pay(refund, refund.amount_total)
        figures = self.figures(self.maintenance)
        self.assertEqual(figures["invoiced_amount"], 0.0)
        self.assertEqual(figures["paid_amount"], 0.0, "paid and refunded: nothing kept")

    def test_cancelled_and_draft_documents_do_not_count(self):
        self.quotation(self.client, opportunity_id=self.maintenance.id).action_cancel()
        self.confirmed_order(self.maintenance)._create_invoices()  # a draft invoice
        figures = self.figures(self.maintenance)
        self.assertEqual((figures["quoted_amount"], figures["ordered_amount"]), (0.0, 1200.0))
        self.assertEqual(figures["invoiced_amount"], 0.0)
        self.assertEqual(self.maintenance.customer_invoice_count, 1)

    def test_foreign_currency_documents_converted_at_their_date(self):
        foreign = self.env.ref("base.EUR" if self.company.currency_id.name != "EUR" else "base.USD")
        foreign.active = True
        self.env["res.currency.rate"].create(
            [
                {"currency_id": foreign.id, "company_id": self.company.id, "name": "2026-01-01", "rate": 4.0},
                {"currency_id": foreign.id, "company_id": self.company.id, "name": "2026-03-01", "rate": 2.0},
            ]
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client.id,
                "currency_id": foreign.id,
                "invoice_date": "2026-03-10",
                "opportunity_id": self.maintenance.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "quantity": 1, "price_unit": 1000.0})
                ],
            }
        )
        invoice.action_post()
        order = self.purchase_order(
            self.maintenance, price=100.0, currency_id=foreign.id, date_order="2026-02-01"
        )
        order.button_confirm()
        figures = self.figures(self.maintenance)
        self.assertEqual(figures["invoiced_amount"], 500.0, "1,000 at 2 per unit of the company currency")
        self.assertEqual(figures["purchased_amount"], 50.0, "200 at the rate of the order's date, 4")
        self.assertEqual(figures["margin_amount"], 450.0)

    def test_accountant_sees_the_deal_on_the_invoice_and_opens_it_read_only(self):
        invoice = self.posted_invoice(self.maintenance).with_user(self.accountant)
        names = invoice.web_read(
            {
                name: {"fields": {"display_name": {}}}
                for name in ("opportunity_id", "opportunity_stage_id", "opportunity_user_id")
            }
        )[0]
        self.assertEqual(names["opportunity_id"]["display_name"], "Mantenimiento anual")
        self.assertEqual(names["opportunity_stage_id"]["display_name"], self.maintenance.stage_id.name)
        self.assertEqual(names["opportunity_user_id"]["display_name"], "Lucía Romero")
        deal = self.maintenance.with_user(self.accountant)
        action = deal.get_formview_action()
        self.assertEqual(
            action["views"], [(self.env.ref("pyme_crm.crm_lead_view_form_accounting").id, "form")]
        )
        deal_form = Form(deal, view="pyme_crm.crm_lead_view_form_accounting")
        self.assertEqual(deal_form.invoiced_amount, 1200.0)
        with self.assertRaises(AccessError):
            deal.write({"name": "Renombrada"})
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.accountant).create({"name": "Nueva"})
        self.assertNotEqual(
            self.maintenance.with_user(self.salesman).get_formview_id(),
            action["views"][0][0],
            "salespeople keep the full form",
        )

    def test_salesperson_without_accounting_sees_figures_but_no_more_entries(self):
        invoice = self.posted_invoice(self.maintenance)
        self.pay(invoice, 300.0)
        bill = self.vendor_bill(self.maintenance, 150.0)
        other_invoice = self.posted_invoice(self.extension)
        other_invoice.invoice_user_id = self.sales_manager
        deal = self.maintenance.with_user(self.salesman)
        self.assertEqual((deal.invoiced_amount, deal.paid_amount), (1200.0, 300.0))
        with self.assertRaises(AccessError, msg="no purchase rights: no purchase cost"):
            deal.read(["margin_amount"])
        self.assertEqual(deal.customer_invoice_count, 1)
        payment_entry = invoice._get_reconciled_payments().move_id
        self.assertTrue(payment_entry)
        for entry in (bill, other_invoice, payment_entry):
            with self.assertRaises(AccessError):
                entry.with_user(self.salesman).check_access("read")
        action = deal.action_view_invoices()
        self.assertEqual(self.env["account.move"].with_user(self.salesman).search(action["domain"]), invoice)
        rows = (
            self.env["crm.lead.document.report"]
            .with_user(self.salesman)
            .search([("opportunity_id", "=", self.maintenance.id), ("document_type", "=", "vendor_bill")])
        )
        with self.assertRaises(AccessError):
            rows.read(["purchased_amount"])
        with self.assertRaises(AccessError):
            rows.action_open_document()
        self.salesman.groups_id = [Command.link(self.env.ref("purchase.group_purchase_user").id)]
        self.assertEqual(deal.read(["margin_amount"])[0]["margin_amount"], 1050.0)
        self.assertEqual(rows.read(["purchased_amount"])[0]["purchased_amount"], 150.0)
        invoice_row = (
            self.env["crm.lead.document.report"]
            .with_user(self.salesman)
            .search([("opportunity_id", "=", self.maintenance.id), ("document_type", "=", "invoice")])
        )
        self.assertEqual(invoice_row.action_open_document()["res_id"], invoice.id)

    def test_purchase_user(self):
        order = self.purchase_order(self.maintenance).with_user(self.buyer)
        self.assertEqual(
            order.web_read({"opportunity_id": {"fields": {"display_name": {}}}})[0]["opportunity_id"][
                "display_name"
            ],
            "Mantenimiento anual",
        )
        order.button_confirm()
        with self.assertRaises(AccessError):
            self.maintenance.with_user(self.buyer).read(["name"])
        self.buyer.groups_id = [Command.link(self.env.ref("sales_team.group_sale_salesman_all_leads").id)]
        deal = self.maintenance.with_user(self.buyer)
        self.assertEqual((deal.purchased_amount, deal.purchase_order_count), (600.0, 1))
        self.assertEqual(deal.action_view_purchase_orders()["res_id"], order.id)

    def test_pivot_by_salesperson_and_month(self):
        self.posted_invoice(self.maintenance)
        manager_deal = self.deal(self.client, self.env.ref("crm.stage_lead1"), user_id=self.sales_manager.id)
        self.posted_invoice(manager_deal)
        Report = self.env["crm.lead.document.report"]
        month = fields.Date.today().replace(day=1)
        groups = Report.with_user(self.sales_manager)._read_group(
            [("document_type", "=", "invoice")], ["user_id", "date:month"], ["invoiced_amount:sum"]
        )
        self.assertEqual(
            sorted((user.name, date, amount) for user, date, amount in groups),
            [("Lucía Romero", month, 1200.0), ("Marta Jefa", month, 1200.0)],
        )
        own = Report.with_user(self.salesman)._read_group([], ["user_id"], ["invoiced_amount:sum"])
        self.assertEqual([(user, amount) for user, amount in own], [(self.salesman, 1200.0)])


@tagged("post_install", "-at_install", "pyme_crm_performance")
class TestDealFiguresQueries(DealDocumentsCase):
    """A list of deals reads its figures in a constant number of queries."""

    def test_figures_of_80_deals_in_a_constant_number_of_queries(self):
        stage = self.env.ref("crm.stage_lead1")
        deals = self.env["crm.lead"].create(
            [
                {
                    "name": f"Obra {n}",
                    "type": "opportunity",
                    "partner_id": self.client.id,
                    "stage_id": stage.id,
                }
                for n in range(80)
            ]
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.client.id,
                    "opportunity_id": deal.id,
                    "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1})],
                }
                for deal in deals
            ]
        )
        orders[:60].action_confirm()
        orders[:60]._create_invoices(grouped=True).action_post()
        purchases = self.env["purchase.order"].create(
            [
                {
                    "partner_id": self.vendor.id,
                    "opportunity_id": deal.id,
                    "order_line": [Command.create({"product_id": self.product.id, "price_unit": 100})],
                }
                for deal in deals
            ]
        )
        purchases.button_confirm()
        specification = {name: {} for name in ["name", "stage_id", *FIGURES, "company_currency"]}
        self.salesman.groups_id = [Command.link(self.env.ref("purchase.group_purchase_user").id)]  # the costs
        Lead = self.env["crm.lead"].with_user(self.salesman)

        def read_list(limit):
            self.env.invalidate_all()
            return Lead.web_search_read([("id", "in", deals.ids)], specification, limit=limit)

        read_list(80)  # warm the caches of rules and views
        with self.assertQueryCount(6):
            read_list(10)
        with self.assertQueryCount(6):
            result = read_list(80)
        self.assertEqual(result["length"], 80)
        self.assertEqual(sum(record["invoiced_amount"] for record in result["records"]), 60 * 1200.0)
        self.assertEqual(sum(record["purchased_amount"] for record in result["records"]), 80 * 100.0)
