from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestActionOutcomes(PymeCrmCase):
    """Commercial actions end with an outcome (and a note when the outcome asks for it), whatever the
    way they are marked done: popover, form, call dialog or RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outcome = {
            name: cls.env.ref(f"pyme_crm.outcome_{name}")
            for name in (
                "no_answer",
                "not_interested",
                "interested",
                "appointment",
                "proposal_requested",
                "satisfied",
            )
        }

    def followup(self, partner=None):
        return (partner or self.prospect)._plan_followup("today").with_user(self.salesman)

    def test_the_method_actions_have_their_outcomes(self):
        types = {
            "call": "mail.mail_activity_data_call",
            "visit": "pyme_crm.mail_activity_type_visit",
            "proposal": "pyme_crm.mail_activity_type_send_proposal",
            "followup": "pyme_crm.mail_activity_type_followup",
            "satisfaction": "pyme_crm.mail_activity_type_satisfaction",
        }
        outcomes = {key: self.env.ref(xmlid).outcome_ids.mapped("name") for key, xmlid in types.items()}
        self.assertEqual(
            outcomes["call"],
            [
                "No answer",
                "Not interested",
                "Interested",
                "Appointment made",
                "Proposal requested",
                "Call back later",
            ],
        )
        self.assertEqual(outcomes["followup"], outcomes["call"])
        self.assertEqual(
            outcomes["visit"], ["Not interested", "Interested", "Proposal requested", "Call back later"]
        )
        self.assertEqual(outcomes["proposal"], ["Not interested", "Proposal sent", "More information needed"])
        self.assertEqual(
            outcomes["satisfaction"], ["No answer", "Satisfied", "Wants to buy again", "Not satisfied"]
        )

    def test_done_without_outcome_is_refused(self):
        activity = self.followup()
        with self.assertRaisesRegex(UserError, "Choose the outcome of the activity “Follow-up” on Bodegas"):
            activity.action_feedback(feedback="Hablado con Rosa")
        with self.assertRaisesRegex(UserError, "Choose the outcome"):
            activity.action_done()
        self.assertTrue(activity.exists(), "the follow-up stays open")

    def test_outcome_must_be_one_of_its_type(self):
        activity = self.followup()
        activity.outcome_id = self.outcome["satisfied"]
        with self.assertRaisesRegex(UserError, "“Satisfied” is not an outcome of the activity “Follow-up”"):
            activity.action_feedback(feedback="Contentos")
        self.assertTrue(activity.exists())
        with Form(activity) as form:
            form.activity_type_id = self.env.ref("pyme_crm.mail_activity_type_visit")
            self.assertFalse(form.outcome_id, "changing the type clears an outcome it does not offer")

    def test_note_required_by_the_outcome(self):
        activity = self.followup()
        activity.outcome_id = self.outcome["interested"]
        with self.assertRaisesRegex(UserError, "The outcome “Interested” .* needs a note"):
            activity.action_feedback(feedback="  ")
        activity.action_feedback(feedback="Quiere ver el catálogo")
        message = self.prospect.message_ids[0]
        self.assertEqual(message.activity_outcome_id, self.outcome["interested"])
        self.assertEqual(message.activity_feedback, "Quiere ver el catálogo")
        self.assertIn("Outcome:", message.body)
        self.assertIn("Interested", message.body)
        self.assertEqual(self.prospect.last_note, "Quiere ver el catálogo", "the follow-up list shows it")
        no_answer = self.followup(self.client)
        no_answer.outcome_id = self.outcome["no_answer"]
        no_answer.action_done()  # no note needed
        self.assertEqual(self.client.message_ids[0].activity_outcome_id, self.outcome["no_answer"])

    def test_outcome_and_note_written_on_the_activity(self):
        """The form (and RPC) set the outcome and its note, then call the "Mark as Done" button."""
        first, second = self.followup(), self.followup(self.client)
        first.write({"outcome_id": self.outcome["not_interested"].id, "outcome_note": "Ya tienen proveedor"})
        second.write({"outcome_id": self.outcome["interested"].id, "outcome_note": "Pide catálogo"})
        (first | second).action_done()
        self.assertEqual(self.prospect.message_ids[0].activity_feedback, "Ya tienen proveedor")
        self.assertEqual(self.client.message_ids[0].activity_feedback, "Pide catálogo")
        self.assertFalse((first | second).exists())

    @freeze_time("2026-11-25")
    def test_outcome_plans_its_next_action(self):
        activity = self.followup()
        activity.write({"outcome_id": self.outcome["proposal_requested"].id})
        self.assertFalse(activity.action_feedback_schedule_next(feedback="Presupuesto de 3 máquinas"))
        send = self.prospect.activity_ids
        self.assertEqual(send.activity_type_id, self.env.ref("pyme_crm.mail_activity_type_send_proposal"))
        self.assertEqual((send.user_id, send.date_deadline), (self.salesman, date(2026, 11, 27)))
        send.with_user(self.salesman).write({"outcome_id": self.env.ref("pyme_crm.outcome_proposal_sent").id})
        send.with_user(self.salesman).action_done()
        self.assertFalse(self.prospect.activity_ids, "a proposal sent plans nothing")

    def test_an_action_logged_as_done_takes_its_outcome(self):
        """The chatter's "Schedule & Mark as Done" (mail.activity.schedule)."""

        def schedule(**values):
            wizard = self.env["mail.activity.schedule"].with_user(self.salesman)
            with Form(wizard.with_context(active_model="res.partner", active_ids=self.prospect.ids)) as form:
                form.activity_type_id = self.env.ref("pyme_crm.mail_activity_type_visit")
                for name, value in values.items():
                    setattr(form, name, value)
            return form.save()

        # a savepoint stands for the request's transaction, which the error rolls back
        visit_without_outcome, visit_without_note = (
            schedule(),
            schedule(outcome_id=self.outcome["interested"]),
        )
        with (
            self.assertRaisesRegex(UserError, "Choose the outcome of the activity “Visit”"),
            self.env.cr.savepoint(),
        ):
            visit_without_outcome.action_schedule_activities_done()
        with self.assertRaisesRegex(UserError, "needs a note"), self.env.cr.savepoint():
            visit_without_note.action_schedule_activities_done()
        self.assertFalse(self.prospect.activity_ids, "nothing is left half-done")
        schedule(
            outcome_id=self.outcome["interested"], outcome_note="Visitada la bodega"
        ).action_schedule_activities_done()
        planned = schedule(outcome_id=self.outcome["interested"], outcome_note="Nota")
        planned.action_schedule_activities()
        self.assertFalse(self.prospect.activity_ids.outcome_id, "a planned visit has no outcome yet")
        message = self.prospect.message_ids.filtered("activity_outcome_id")
        self.assertEqual(
            (message.mail_activity_type_id, message.activity_outcome_id, message.activity_feedback),
            (
                self.env.ref("pyme_crm.mail_activity_type_visit"),
                self.outcome["interested"],
                "Visitada la bodega",
            ),
        )

    def test_one_next_action_per_record(self):
        first, second = self.followup(), self.followup()
        (first | second).write({"outcome_id": self.outcome["appointment"].id, "outcome_note": "El lunes"})
        (first | second).action_done()
        self.assertEqual(
            self.prospect.activity_ids.activity_type_id, self.env.ref("pyme_crm.mail_activity_type_visit")
        )
        self.assertEqual(len(self.prospect.activity_ids), 1)

    def test_next_action_when_the_record_is_read_only(self):
        """Marketing reads deals only: its call still ends with an appointment and plans the visit."""
        marketing = new_test_user(self.env, login="pyme_marketing", groups="pyme_crm.group_pyme_marketing")
        deal = self.env["crm.lead"].create({"name": "Bodega nueva", "type": "opportunity"})
        call = deal.activity_schedule("mail.mail_activity_data_call", user_id=marketing.id).with_user(
            marketing
        )
        call.write({"outcome_id": self.outcome["appointment"].id, "outcome_note": "Visita el jueves"})
        call.action_done()
        visit_type = self.env.ref("pyme_crm.mail_activity_type_visit")
        visit = deal.activity_ids.filtered(lambda activity: activity.activity_type_id == visit_type)
        self.assertEqual(visit.user_id, marketing)

    def test_outcomes_apply_to_contacts_and_deals_only(self):
        """Odoo's Call type keeps working as before on other records."""
        template = self.product.product_tmpl_id
        call = template.activity_schedule("mail.mail_activity_data_call", user_id=self.salesman.id)
        self.assertFalse(call.outcome_required)
        self.assertTrue(self.followup().outcome_required)
        call.with_user(self.salesman).action_done()
        self.assertFalse(call.exists())

    def test_types_without_outcomes_are_done_as_before(self):
        todo = self.prospect.activity_schedule("mail.mail_activity_data_todo", user_id=self.salesman.id)
        todo.with_user(self.salesman).action_done()
        self.assertFalse(todo.exists())
        self.assertFalse(self.prospect.message_ids[0].activity_outcome_id)

    def test_satisfaction_ends_with_its_outcomes(self):
        satisfaction = self.client.activity_schedule(
            "pyme_crm.mail_activity_type_satisfaction", user_id=self.salesman.id
        ).with_user(self.salesman)
        with self.assertRaisesRegex(UserError, "Choose the outcome of the activity “Satisfaction”"):
            satisfaction.action_done()
        satisfaction.outcome_id = self.outcome["satisfied"]
        satisfaction.action_done()
        self.assertEqual(self.client.message_ids[0].activity_outcome_id, self.outcome["satisfied"])

    def test_popover_gets_the_outcomes_of_each_activity(self):
        followup = self.followup()
        todo = self.prospect.activity_schedule("mail.mail_activity_data_todo")
        data = {
            activity["id"]: activity
            for activity in (followup | todo).activity_format()["mail.activity"]  # what the chatter loads
        }
        options = data[followup.id]["outcome_options"]
        self.assertEqual(
            [option["name"] for option in options][:2], ["No answer", "Not interested"], "in their order"
        )
        self.assertEqual([option["note_required"] for option in options][:2], [False, True])
        self.assertEqual(data[todo.id]["outcome_options"], [])


@tagged("post_install", "-at_install")
class TestCallDialogOutcome(PymeCrmCase):
    """The call outcome dialog closes the follow-up with the call's outcome and note."""

    def call(self, **values):
        return (
            self.env["res.partner.call.outcome"]
            .with_user(self.salesman)
            .create({"partner_id": self.prospect.id, "commercial_list": "prospect", **values})
        )

    def test_the_call_needs_its_outcome(self):
        followup = self.prospect._plan_followup("today")
        with self.assertRaisesRegex(UserError, "Choose the outcome"):
            self.call(note="Hablado").action_apply()
        self.assertTrue(followup.exists())
        self.call(outcome_id=self.env.ref("pyme_crm.outcome_interested").id, note="Hablado").action_apply()
        self.assertFalse(followup.exists())
        message = self.prospect.message_ids[0]
        self.assertEqual(message.activity_outcome_id, self.env.ref("pyme_crm.outcome_interested"))
        self.assertEqual(self.prospect.last_note, "Hablado")

    def test_a_call_without_follow_up_is_recorded_as_one(self):
        self.assertFalse(self.prospect._open_followups())
        self.call(
            outcome_id=self.env.ref("pyme_crm.outcome_no_answer").id, followup_shortcut="tomorrow"
        ).action_apply()
        done = self.prospect.message_ids.filtered("activity_outcome_id")
        self.assertEqual(done.mail_activity_type_id, self.env.ref("pyme_crm.mail_activity_type_followup"))
        self.assertEqual(len(self.prospect._open_followups()), 1, "the next call is planned")
