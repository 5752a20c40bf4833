from odoo import Command
from odoo.tests import tagged

from ..hooks import classify_contacts
from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestInstallClassification(PymeCrmCase):
    """Contacts that existed before the addon are classified from their documents."""

    def test_existing_partners_are_classified_from_documents(self):
        Partner = self.env["res.partner"]
        ordered, invoiced, quoted, with_deal, proposal_deal, untouched = Partner.create(
            [{"name": name, "is_company": True} for name in "ABCDEF"]
        )
        person = Partner.create({"name": "Persona de C", "parent_id": quoted.id})
        self.quotation(ordered).action_confirm()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": invoiced.id,
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 10})],
            }
        )
        invoice.action_post()
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
        # As before the install: every contact in the column's default list.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET commercial_list = 'reserve', commercial_list_before_proposal = NULL "
            "WHERE id IN %s",
            [tuple(partners.ids)],
        )
        partners.invalidate_recordset()

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
