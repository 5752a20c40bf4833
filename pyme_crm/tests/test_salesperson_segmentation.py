from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestSalespersonAndSegmentation(PymeCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesman = cls.salesman.copy({"login": "pyme_other", "name": "Javier Ortega"})

    def test_new_opportunity_takes_the_contact_salesperson(self):
        lead = self.env["crm.lead"].create(
            {"name": "Renovación", "type": "opportunity", "partner_id": self.prospect_contact.id}
        )
        self.assertEqual(lead.user_id, self.salesman)
        chosen = self.env["crm.lead"].create(
            {"name": "Otra", "partner_id": self.prospect.id, "user_id": self.other_salesman.id}
        )
        self.assertEqual(chosen.user_id, self.other_salesman, "an explicit salesperson is kept")
        with Form(self.env["crm.lead"].with_user(self.sales_manager)) as lead_form:
            lead_form.name = "Desde el formulario"
            lead_form.partner_id = self.client
            self.assertEqual(lead_form.user_id, self.salesman)

    def test_contact_created_from_an_opportunity_is_a_prospect(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Web",
                "type": "opportunity",
                "partner_name": "Óptica Serrano",
                "email_from": "o@s.example",
            }
        )
        lead._handle_partner_assignment(create_missing=True)
        self.assertEqual(lead.partner_id.commercial_list, "prospect")

    def test_changing_the_salesperson_offers_to_move_open_opportunities(self):
        Lead = self.env["crm.lead"]
        open_deal = Lead.create({"name": "A", "type": "opportunity", "partner_id": self.prospect.id})
        won_deal = Lead.create({"name": "B", "type": "opportunity", "partner_id": self.prospect_contact.id})
        won_deal.action_set_won()
        self.prospect.user_id = self.other_salesman
        self.assertEqual(self.prospect.other_salesperson_opportunity_count, 1)
        self.assertEqual(self.prospect_contact.other_salesperson_opportunity_count, 1)
        self.prospect.with_user(self.sales_manager).action_move_opportunities_to_salesperson()
        self.assertEqual(open_deal.user_id, self.other_salesman)
        self.assertEqual(won_deal.user_id, self.salesman, "won deals keep who won them")
        self.prospect.invalidate_recordset(["other_salesperson_opportunity_count"])
        self.assertEqual(self.prospect.other_salesperson_opportunity_count, 0)

    def test_repeat_purchases_make_a_loyal_client(self):
        loyal = self.env.ref("pyme_crm.commercial_role_loyal_client")
        for count in range(2):
            self.quotation(self.prospect_contact).action_confirm()
            self.assertEqual(loyal in self.prospect.commercial_role_ids, count == 1, "the repeat purchase")
        self.assertIn(loyal, self.prospect_contact.commercial_role_ids)

    def test_segmentation_is_held_by_the_company(self):
        zone = self.env["res.partner.sales.zone"].create({"name": "Norte"})
        source = self.env["utm.source"].create({"name": "Feria de Zaragoza"})
        self.prospect_contact.write(
            {
                "sales_zone_id": zone.id,
                "source_id": source.id,
                "customer_type": "company",
                "purchase_potential": "high",
            }
        )
        self.assertEqual(self.prospect.sales_zone_id, zone)
        self.assertEqual(self.prospect.source_id, source)
        self.assertEqual(self.prospect.customer_type, "company")
        self.assertEqual(self.prospect.purchase_potential, "high")

    def test_the_form_offers_the_priorities_of_the_list(self):
        self.assertEqual(self.client.allowed_priorities, "A,B,C")
        self.assertEqual(self.prospect.allowed_priorities, "1,2,3")
        self.assertEqual(self.reserve.allowed_priorities, "")
        with Form(self.prospect) as partner_form:
            partner_form.commercial_list = "client"
            self.assertEqual(partner_form.allowed_priorities, "A,B,C")
            self.assertFalse(partner_form.commercial_priority)
            partner_form.commercial_priority = "B"
        self.assertEqual(self.prospect.commercial_priority, "B")


@tagged("post_install", "-at_install")
class TestSatisfaction(PymeCrmCase):
    """After a sale, the salesperson checks the client's satisfaction N days later."""

    def invoice(self, partner):
        order = self.quotation(partner)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def satisfaction(self, partner):
        activity_type = self.env.ref("pyme_crm.mail_activity_type_satisfaction")
        return partner.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_planned_after_an_invoice(self):
        self.env.company.crm_satisfaction_days = 10
        self.product.invoice_policy = "order"
        with freeze_time("2026-03-02"):
            self.invoice(self.prospect_contact)
            activity = self.satisfaction(self.prospect)
            self.assertEqual(activity.date_deadline, date(2026, 3, 12))
            self.assertEqual(activity.user_id, self.salesman)
            self.invoice(self.prospect)
            self.assertEqual(len(self.satisfaction(self.prospect)), 1, "one check at a time")

    def test_off_per_client_or_company(self):
        self.product.invoice_policy = "order"
        self.client.no_satisfaction_check = True
        self.invoice(self.client)
        self.assertFalse(self.satisfaction(self.client))
        self.env.company.crm_satisfaction_days = 0
        self.invoice(self.prospect)
        self.assertFalse(self.satisfaction(self.prospect))
