from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestCallOutcome(PymeCrmCase):
    def call(self, partner, user=None, **answers):
        action = partner.with_user(user or self.salesman).action_open_call_outcome()
        model = self.env[action["res_model"]].with_user(user or self.salesman)
        answers.setdefault("outcome_id", self.env.ref("pyme_crm.outcome_no_answer"))
        with Form(model.with_context(**action["context"])) as dialog:
            for name, value in answers.items():
                setattr(dialog, name, value)
        return dialog.save()

    @freeze_time("2026-11-25")  # a Wednesday
    def test_one_step_reclassify_prioritise_plan_and_note(self):
        current = self.prospect._plan_followup("today")
        outcome = self.call(
            self.prospect_contact,
            outcome_id=self.env.ref("pyme_crm.outcome_proposal_requested"),
            commercial_list="proposal",
            commercial_priority="2",
            followup_shortcut="next_week",
            note="Quieren la propuesta antes del viernes",
        )
        outcome.action_apply()
        self.assertEqual(self.prospect.commercial_list, "proposal")
        self.assertEqual(self.prospect.commercial_list_before_proposal, "prospect")
        self.assertEqual(self.prospect.commercial_priority, "2")
        self.assertFalse(current.exists(), "the follow-up of the call is done")
        self.assertEqual(self.prospect.next_followup_date, fields.Date.to_date("2026-11-30"))
        self.assertEqual(self.prospect.last_note, "Quieren la propuesta antes del viernes")
        next_one = self.prospect._open_followups()
        self.assertEqual(next_one.user_id, self.salesman)

    def test_the_dialog_offers_the_moves_of_the_method(self):
        self.assertEqual(self.call(self.prospect).allowed_lists, "prospect,proposal,on_hold")
        self.assertEqual(self.call(self.reserve).allowed_lists, "reserve,prospect,on_hold")
        with Form(
            self.env["res.partner.call.outcome"].with_context(default_partner_id=self.prospect.id)
        ) as dialog:
            dialog.commercial_list = "on_hold"
            self.assertEqual(dialog.commercial_priority, "1", "contacts on hold keep their priority")
            dialog.commercial_list = "proposal"
            self.assertEqual(dialog.allowed_priorities, "A,B,C,1,2,3")

    def test_refused_outcome_changes_nothing(self):
        current = self.prospect._plan_followup("today")
        outcome = self.env["res.partner.call.outcome"].create(
            {
                "partner_id": self.prospect.id,
                "commercial_list": "client",
                "note": "Compra ya",
                "outcome_id": self.env.ref("pyme_crm.outcome_interested").id,
            }
        )
        with self.assertRaisesRegex(UserError, "Bodegas Viña Alta"):
            outcome.action_apply()
        self.assertEqual(self.prospect.commercial_list, "prospect")
        self.assertTrue(current.exists())
        mismatch = self.env["res.partner.call.outcome"].create(
            {"partner_id": self.client.id, "commercial_list": "client", "commercial_priority": "1"}
        )
        with self.assertRaises(ValidationError):
            mismatch.action_apply()

    def test_lost_client_needs_a_reason(self):
        outcome = self.call(self.client, commercial_list="prospect", commercial_priority="2")
        with self.assertRaisesRegex(UserError, "why the client was lost"):
            outcome.action_apply()
        outcome.note = "Cerró la obra de Granada"
        outcome.action_apply()
        self.assertEqual(self.client.commercial_list, "prospect")

    def test_chosen_date_and_no_followup(self):
        when = fields.Date.today() + timedelta(days=40)
        self.call(self.reserve, followup_shortcut="date", followup_date=when).action_apply()
        self.assertEqual(self.reserve.next_followup_date, when)
        self.call(self.reserve, followup_shortcut="none").action_apply()
        self.assertFalse(self.reserve.next_followup_date)

    def test_script_of_the_list_and_team(self):
        Script = self.env["crm.call.script"]
        team = self.env["crm.team"].create({"name": "Equipo Norte", "member_ids": [(4, self.salesman.id)]})
        Script.create({"name": "General", "commercial_list": "prospect", "script": "<p>Guion general</p>"})
        self.assertIn("Guion general", self.call(self.prospect).script)
        Script.create(
            {
                "name": "Norte",
                "commercial_list": "prospect",
                "team_id": team.id,
                "script": "<p>Guion del norte</p>",
            }
        )
        self.assertIn("Guion del norte", self.call(self.prospect).script)
        self.assertFalse(self.call(self.client).script)
