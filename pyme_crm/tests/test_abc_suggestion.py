from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestAbcSuggestion(PymeCrmCase):
    """The clients making the first 80 % of the revenue are suggested A, never silently over a priority
    set by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"crm_abc_threshold": 80, "crm_abc_months": 12, "crm_abc_auto_apply": False})
        cls.today = fields.Date.context_today(cls.env.user)

    def clients(self, *revenues):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Cliente {n}", "is_company": True, "commercial_list": "client"}
                for n in range(len(revenues))
            ]
        )
        for partner, revenue in zip(partners, revenues, strict=True):
            if revenue:
                self.invoice(partner, revenue)
        return partners

    def invoice(self, partner, amount, move_type="out_invoice", date=None):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": date or self.today,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "quantity": 1, "price_unit": amount})
                ],
            }
        )
        move.action_post()
        return move

    def suggest(self):
        return self.company._suggest_abc()

    def test_the_first_80_percent_are_suggested_a(self):
        clients = self.clients(5000, 2500, 1500, 600, 400)
        self.assertEqual(self.suggest(), clients[:3])
        self.assertEqual(clients.mapped("abc_suggest_a"), [True, True, True, False, False])
        self.assertEqual(clients[0].abc_revenue, 5000)
        self.assertAlmostEqual(clients[0].abc_share, 50.0)
        self.assertAlmostEqual(clients[3].abc_share, 6.0)
        self.assertFalse(clients[0].commercial_priority, "a suggestion only")
        clients[0].action_accept_abc()
        self.assertEqual(clients[0].commercial_priority, "A")

    def test_threshold_changes(self):
        clients = self.clients(5000, 2500, 1500, 600, 400)
        self.company.crm_abc_threshold = 50
        self.assertEqual(self.suggest(), clients[:1])
        self.company.crm_abc_threshold = 95
        self.assertEqual(self.suggest(), clients[:4])
        self.assertEqual(clients.mapped("abc_suggest_a"), [True, True, True, True, False])

    def test_ties_share_the_same_fate(self):
        clients = self.clients(4000, 3000, 1500, 1500)
        self.assertEqual(self.suggest(), clients, "7,000 before both tied clients: under 8,000")
        self.company.crm_abc_threshold = 70
        self.assertEqual(self.suggest(), clients[:2], "neither of the tied clients, rather than one")

    def test_credit_notes_and_old_invoices(self):
        clients = self.clients(5000, 2500, 1500, 600)
        self.invoice(clients[0], 4500, move_type="out_refund")  # 500 left
        self.invoice(clients[3], 9000, date=self.today - relativedelta(months=13))  # out of the period
        self.suggest()
        self.assertEqual(clients[0].abc_revenue, 500)
        # 2,500 + 1,500 + 600 + 500: 600 comes after 4,000 (< 80 % of 5,100), 500 after 4,600
        self.assertEqual(clients.mapped("abc_suggest_a"), [False, True, True, True])
        self.assertEqual(clients[3].abc_revenue, 600)

    def test_no_revenue(self):
        clients = self.clients(0, 0)
        self.assertFalse(self.suggest())
        self.assertEqual(clients.mapped("abc_revenue"), [0, 0])
        refunded = self.clients(1000)
        self.suggest()
        self.assertTrue(refunded.abc_suggest_a)
        self.invoice(refunded, 1000, move_type="out_refund")
        self.suggest()
        self.assertFalse(refunded.abc_suggest_a, "an earlier suggestion is withdrawn")

    def test_automatic_application_keeps_hand_set_priorities(self):
        self.company.crm_abc_auto_apply = True
        by_hand, empty, earlier, _small = self.clients(5000, 2500, 1500, 1000)
        by_hand.commercial_priority = "B"
        earlier.write({"commercial_priority": "C", "commercial_priority_from_abc": True})
        self.env["res.partner"]._suggest_abc_priorities()
        self.assertEqual(
            (by_hand.commercial_priority, by_hand.abc_suggest_a), ("B", True), "shown, not applied"
        )
        self.assertEqual(empty.commercial_priority, "A")
        self.assertEqual(earlier.commercial_priority, "A", "a priority the ABC gave may be updated")
        self.assertFalse(by_hand.commercial_priority_from_abc)
        self.assertTrue(empty.commercial_priority_from_abc)
        empty.commercial_priority = "B"
        self.assertFalse(empty.commercial_priority_from_abc, "set by hand from now on")

    def test_one_statement_whatever_the_number_of_clients(self):
        self.clients(300, 200, 100)
        self.suggest()
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            self.suggest()
        self.clients(*range(100, 2100, 100))
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            self.suggest()

    def test_each_company_keeps_its_own_suggestion(self):
        other = self.env["res.company"].create({"name": "Otra Sociedad"})
        top, _small = self.clients(5000, 1000)
        self.suggest()
        self.assertEqual(other._suggest_abc(), self.env["res.partner"], "no revenue in the other company")
        self.assertTrue(
            top.with_company(self.company).abc_suggest_a, "the other company's pass keeps this one"
        )
        self.assertEqual(top.with_company(self.company).abc_revenue, 5000)
        self.assertFalse(top.with_company(other).abc_suggest_a)
        self.assertEqual(top.with_company(other).abc_revenue, 0)
