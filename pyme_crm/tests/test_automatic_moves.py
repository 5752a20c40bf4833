from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import PymeCrmCase, tracked_values


@tagged("post_install", "-at_install")
class TestAutomaticMoves(PymeCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proposal_stage = cls.env.ref("crm.stage_lead3")
        cls.proposal_stage.is_proposal_stage = True
        cls.first_stage = cls.env.ref("crm.stage_lead1")

    def reclassify_activities(self, partner):
        return partner.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("pyme_crm.mail_activity_type_reclassify")
        )

    def test_quotation_sent_moves_to_proposals_remembering_the_list(self):
        order = self.quotation(self.prospect_contact)
        self.assertEqual(self.prospect.commercial_list, "prospect", "a draft is not a proposal yet")
        order.action_quotation_sent()
        self.assertEqual(self.prospect.commercial_list, "proposal")
        self.assertEqual(self.prospect.commercial_list_before_proposal, "prospect")
        self.assertEqual(self.prospect.commercial_priority, "1")
        self.assertEqual(self.prospect_contact.commercial_list, "proposal")

    def test_quotation_sent_by_email_moves_to_proposals(self):
        order = self.quotation(self.client)
        order.with_context(mark_so_as_sent=True).message_post(body="Presupuesto", message_type="comment")
        self.assertEqual(order.state, "sent")
        self.assertEqual(self.client.commercial_list, "proposal")
        self.assertEqual(self.client.commercial_list_before_proposal, "client")
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(
            tracked_values(self.client, "commercial_list"), [("Clients", "Proposals in progress")]
        )

    def test_deal_entering_a_proposal_stage_moves_to_proposals(self):
        lead = self.deal(self.prospect, self.first_stage)
        self.assertEqual(self.prospect.commercial_list, "prospect")
        lead.stage_id = self.proposal_stage
        self.assertEqual(self.prospect.commercial_list, "proposal")
        self.assertEqual(self.prospect.commercial_list_before_proposal, "prospect")

    def test_confirmed_order_makes_a_client_asked_for_abc(self):
        order = self.quotation(self.prospect)
        order.action_quotation_sent()
        order.action_confirm()
        self.assertEqual(self.prospect.commercial_list, "client")
        self.assertFalse(
            self.prospect.commercial_priority, "1/2/3 does not fit a client: asked again as A/B/C"
        )
        self.assertFalse(self.prospect.commercial_list_before_proposal)

    def test_posted_invoice_makes_a_client(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.reserve.id,
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 100})],
            }
        )
        self.assertEqual(self.reserve.commercial_list, "reserve")
        invoice.action_post()
        self.assertEqual(self.reserve.commercial_list, "client")

    def test_vendor_bill_does_not_make_a_client(self):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.reserve.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 100})],
            }
        )
        bill.action_post()
        self.assertEqual(self.reserve.commercial_list, "reserve")

    def test_last_proposal_cancelled_goes_back_and_asks_to_reclassify(self):
        first, second = self.quotation(self.prospect), self.quotation(self.prospect_contact)
        (first | second).action_quotation_sent()
        first._action_cancel()
        self.assertEqual(self.prospect.commercial_list, "proposal", "another proposal is still open")
        self.assertFalse(self.reclassify_activities(self.prospect))
        second._action_cancel()
        self.assertEqual(self.prospect.commercial_list, "prospect")
        self.assertEqual(self.prospect.commercial_priority, "1")
        activity = self.reclassify_activities(self.prospect)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)

    def test_client_proposal_lost_goes_back_to_clients(self):
        lead = self.deal(self.client, self.proposal_stage)
        self.assertEqual(self.client.commercial_list, "proposal")
        lead.action_set_lost()
        self.assertEqual(self.client.commercial_list, "client")
        self.assertEqual(self.client.commercial_priority, "A")
        self.assertEqual(len(self.reclassify_activities(self.client)), 1)

    def test_expired_quotation_ends_the_proposal(self):
        order = self.quotation(self.prospect, validity_date=fields.Date.today() + timedelta(days=3))
        order.action_quotation_sent()
        self.env["res.partner"]._cron_end_expired_proposals()
        self.assertEqual(self.prospect.commercial_list, "proposal", "not expired yet")
        order.validity_date = fields.Date.today() - timedelta(days=1)
        self.env["res.partner"]._cron_end_expired_proposals()
        self.assertEqual(self.prospect.commercial_list, "prospect")
        self.assertEqual(len(self.reclassify_activities(self.prospect)), 1)

    def test_salesperson_sending_a_quotation_moves_the_contact(self):
        order = self.quotation(self.prospect, user_id=self.salesman.id).with_user(self.salesman)
        order.action_quotation_sent()
        self.assertEqual(self.prospect.commercial_list, "proposal")
        order.action_confirm()
        self.assertEqual(self.prospect.commercial_list, "client")

    def test_contacts_put_in_the_proposals_by_hand_stay_there(self):
        self.prospect.write({"commercial_list": "proposal", "commercial_list_before_proposal": "prospect"})
        draft = self.quotation(self.prospect)
        draft._action_cancel()
        lead = self.deal(self.prospect, self.first_stage)
        lead.action_set_lost()
        expired_elsewhere = self.quotation(self.client, validity_date=fields.Date.today() - timedelta(days=1))
        expired_elsewhere.action_quotation_sent()
        self.env["res.partner"]._cron_end_expired_proposals()
        self.assertEqual(self.prospect.commercial_list, "proposal")
        self.assertFalse(self.reclassify_activities(self.prospect))
