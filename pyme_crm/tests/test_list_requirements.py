from odoo import Command
from odoo.exceptions import RedirectWarning
from odoo.tests import tagged

from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestListRequirements(PymeCrmCase):
    """What a contact needs to enter a list, configurable, checked when it is moved."""

    def setUp(self):
        super().setUp()
        self.bare = self.env["res.partner"].create(
            {"name": "Hotel Sin Datos", "is_company": True, "commercial_list": "reserve"}
        )

    def test_defaults_name_what_is_missing_and_offer_a_shortcut(self):
        with self.assertRaises(RedirectWarning) as caught:
            self.bare.action_move_to_prospect()
        message, action, button = caught.exception.args[:3]
        self.assertEqual(
            message, "Hotel Sin Datos cannot go to Prospects: fill in Email or Mobile or Phone first."
        )
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.bare.id))
        self.assertEqual(button, "Fill in the contact")
        self.bare.mobile = "600 000 000"
        self.bare.action_move_to_prospect()
        self.assertEqual(self.bare.commercial_list, "prospect")
        with self.assertRaisesRegex(RedirectWarning, "fill in Tax ID and Email first"):
            self.bare.with_user(self.salesman).write({"commercial_list": "client"})

    def test_a_contact_persons_email_counts_and_rpc_writes_are_checked(self):
        self.bare.write({"mobile": "600 000 000", "vat": "B99000001"})
        self.bare.action_move_to_prospect()
        person = self.env["res.partner"].create(
            {"name": "Ana", "parent_id": self.bare.id, "email": "ana@x.example"}
        )
        person.write({"commercial_list": "client"})  # a write on a person lands on its company
        self.assertEqual(self.bare.commercial_list, "client")

    def test_automatic_moves_are_not_blocked(self):
        order = self.quotation(self.bare)
        order.action_confirm()
        self.assertEqual(self.bare.commercial_list, "client", "a confirmed order makes a client, data or not")

    def test_configurable(self):
        self.env.ref("pyme_crm.list_requirement_prospect_contact").active = False
        self.bare.action_move_to_prospect()
        self.env["res.partner.list.requirement"].create(
            {
                "commercial_list": "on_hold",
                "field_ids": [Command.set(self.env.ref("base.field_res_partner__city").ids)],
            }
        )
        with self.assertRaisesRegex(RedirectWarning, "Contacts on hold: fill in City first"):
            self.bare.action_put_on_hold()
