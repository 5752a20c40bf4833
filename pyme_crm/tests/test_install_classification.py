from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from ..hooks import classify_contacts
from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestInstallClassification(PymeCrmCase):
    """Contacts that existed before the addon are classified from their documents."""

    def as_before_install(self, partners):
        """Every contact in the column's default list, with the sort key the ORM computes for it and no
        client date, as the install finds them right before the classification."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET commercial_list = 'reserve', commercial_list_before_proposal = NULL, "
            "followup_list_rank = 1, client_since = NULL WHERE id IN %s",
            [tuple(partners.ids)],
        )
        partners.invalidate_recordset()

    def invoice(self, partner, **values):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 10})],
                **values,
            }
        )
        invoice.action_post()
        return invoice

    def test_existing_partners_are_classified_from_documents(self):
        Partner = self.env["res.partner"]
        ordered, invoiced, quoted, with_deal, proposal_deal, untouched = Partner.create(
            [{"name": name, "is_company": True} for name in "ABCDEF"]
        )
        person = Partner.create({"name": "Persona de C", "parent_id": quoted.id})
        self.quotation(ordered).action_confirm()
        self.invoice(invoiced)
        self.quotation(person).action_quotation_sent()
        stage_new, stage_proposal = self.env.ref("crm.stage_lead1"), self.env.ref("crm.stage_lead3")
        stage_proposal.is_proposal_stage = True
        self.env["crm.lead"].create(
            [
                {"name": "D", "type": "opportunity", "partner_id": with_deal.id, "stage_id": stage_new.id},
                {
                    "name": "E",
                    "type": "opportunity",
                    "partner_id": proposal_deal.id,
                    "stage_id": stage_proposal.id,
                },
            ]
        )
        partners = ordered | invoiced | quoted | person | with_deal | proposal_deal | untouched
        self.as_before_install(partners)

        with self.assertQueryCount(4):
            classify_contacts(self.env)

        self.assertEqual(ordered.commercial_list, "client")
        self.assertEqual(invoiced.commercial_list, "client")
        self.assertEqual(quoted.commercial_list, "proposal")
        self.assertEqual(quoted.commercial_list_before_proposal, "reserve")
        self.assertEqual(person.commercial_list, "proposal", "contact people share the company's list")
        self.assertEqual(with_deal.commercial_list, "prospect")
        self.assertEqual(proposal_deal.commercial_list, "proposal")
        self.assertEqual(proposal_deal.commercial_list_before_proposal, "prospect")
        self.assertEqual(untouched.commercial_list, "reserve")

    def test_proposals_come_first_in_the_followup_list(self):
        Partner = self.env["res.partner"]
        client, quoted, prospect = Partner.create([{"name": name, "is_company": True} for name in "ABC"])
        person = Partner.create({"name": "Persona de B", "parent_id": quoted.id})
        self.quotation(client).action_confirm()
        self.quotation(person).action_quotation_sent()
        self.deal(prospect, self.env.ref("crm.stage_lead1"))
        partners = client | quoted | person | prospect
        self.as_before_install(partners)

        classify_contacts(self.env)

        self.assertEqual(partners.mapped("followup_list_rank"), [1, 0, 0, 1])
        self.assertEqual(
            Partner.search([("id", "in", partners.ids)], order="followup_list_rank, id"),
            quoted | person | client | prospect,
        )

    def test_contacts_already_in_the_proposals_keep_the_list_they_came_from(self):
        """Demo data, or a classification run again, finds contacts already in the proposals."""
        quoted = self.env["res.partner"].create({"name": "Ofertada", "is_company": True})
        self.quotation(quoted).action_quotation_sent()
        self.assertEqual(quoted.commercial_list, "proposal")
        self.assertEqual(quoted.commercial_list_before_proposal, "reserve")

        classify_contacts(self.env)

        self.assertEqual(quoted.commercial_list, "proposal")
        self.assertEqual(quoted.commercial_list_before_proposal, "reserve", "not the proposals themselves")
        self.assertEqual(quoted.followup_list_rank, 0)

    def test_clients_date_from_their_first_sale(self):
        today = fields.Date.context_today(self.env.user)
        Partner = self.env["res.partner"]
        ordered, invoiced = Partner.create([{"name": name, "is_company": True} for name in "AB"])
        person = Partner.create({"name": "Persona de A", "parent_id": ordered.id})
        for months in (8, 2):
            order = self.quotation(person)
            order.action_confirm()
            order.date_order = today - relativedelta(months=months)
        self.quotation(ordered, date_order=today - relativedelta(months=14))._action_cancel()
        self.quotation(invoiced).action_confirm()  # confirmed today, invoiced earlier
        self.invoice(invoiced, invoice_date=today - relativedelta(months=5))
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": invoiced.id,
                "invoice_date": today - relativedelta(years=1),
            }
        )  # a draft is no sale
        partners = ordered | invoiced | person
        self.as_before_install(partners)
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id IN %s",
            [today - relativedelta(years=3), tuple(partners.ids)],
        )

        classify_contacts(self.env)

        self.assertEqual(ordered.client_since, today - relativedelta(months=8), "its person's first order")
        self.assertEqual(invoiced.client_since, today - relativedelta(months=5), "its first posted invoice")
