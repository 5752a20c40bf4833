from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestClientLost(PymeCrmCase):
    def _lose(self, partner, reason, priority=False, user=None):
        action = partner.with_user(user or self.salesman).action_client_lost()
        wizard_model = self.env[action["res_model"]].with_user(user or self.salesman)
        with Form(wizard_model.with_context(**action["context"])) as wizard_form:
            wizard_form.reason = reason
            if priority:
                wizard_form.commercial_priority = priority
        return wizard_form.save().action_confirm()

    def test_lost_client_becomes_prospect_with_reason_in_history(self):
        self._lose(self.client, "Se fue a la competencia por precio", priority="2")
        self.assertEqual(self.client.commercial_list, "prospect")
        self.assertEqual(self.client.commercial_priority, "2")
        notes = self.client.message_ids.filtered(lambda m: "competencia por precio" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("Client lost", notes.body)
        self.assertEqual(notes.author_id, self.salesman.partner_id)

    def test_without_priority_the_prospect_waits_to_be_prioritised(self):
        self._lose(self.client, "Cierre del negocio")
        self.assertEqual(self.client.commercial_list, "prospect")
        self.assertFalse(self.client.commercial_priority)

    def test_only_clients_can_be_lost(self):
        with self.assertRaisesRegex(UserError, "Bodegas"):
            self.prospect.action_client_lost()
        wizard = self.env["res.partner.client.lost"].create(
            {"partner_ids": [(6, 0, self.prospect.ids)], "reason": "x"}
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(self.prospect.commercial_list, "prospect")
