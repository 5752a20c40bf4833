from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.sql import create_index


class MailActivity(models.Model):
    _name = "mail.activity"
    _inherit = ["mail.activity", "pyme_crm.activity.outcome.mixin"]

    def init(self):
        result = super().init()
        # The follow-ups due today and late (the dashboard's figures, bounded) of a salesperson, and of
        # the company, counted from an index alone.
        for name, columns in (
            ("mail_activity_pyme_crm_contact_index", ["user_id", "date_deadline"]),
            ("mail_activity_pyme_crm_contact_day_index", ["date_deadline", "user_id"]),
        ):
            create_index(
                self.env.cr,
                name,
                self._table,
                [*columns, "activity_type_id", "active", "res_id"],
                where="res_model = 'res.partner'",
            )
        return result

    @api.onchange("activity_type_id")
    def _onchange_activity_type_outcome(self):
        """An outcome the new type does not offer is cleared (marking done checks it too)."""
        if self.outcome_id not in self.activity_type_id.outcome_ids:
            self.outcome_id = False

    def _to_store(self, store):
        """The outcomes each activity can end with, for the "Mark Done" popover."""
        result = super()._to_store(store)
        for activity in self:
            store.add(
                activity,
                {
                    "outcome_options": [
                        {"id": outcome.id, "name": outcome.name, "note_required": outcome.note_required}
                        for outcome in activity._outcomes()
                    ]
                },
            )
        return result

    def _action_done(self, feedback=False, attachment_ids=None):
        """Activities whose type has outcomes end with one (and a note when the outcome asks for it):
        both are kept on the posted message, and the outcome's next action is planned."""
        notes = set(self.mapped("outcome_note"))
        if not feedback and len(notes) > 1:
            messages, next_activities = self.env["mail.message"], self.env["mail.activity"]
            for activity in self:
                done, planned = activity._action_done(attachment_ids=attachment_ids)
                messages, next_activities = messages | done, next_activities | planned
            return messages, next_activities
        feedback = feedback or (notes.pop() if notes else False)
        self._check_outcome(feedback)
        self._acknowledge_stale_reminders()
        # super() posts one message per activity, in the order of _classify_by_model()
        ordered = [activity for data in self._classify_by_model().values() for activity in data["activities"]]
        outcomes = [activity.outcome_id for activity in ordered]
        # one next action per record, type and person, however many activities asked for it
        next_values = {
            (activity.res_model, activity.res_id, next_type, activity.user_id or self.env.user): {
                "res_model_id": activity.res_model_id.id,
                "res_id": activity.res_id,
                "activity_type_id": next_type.id,
                "user_id": (activity.user_id or self.env.user).id,
                "date_deadline": next_type._get_date_deadline(),
            }
            for activity in ordered
            if (next_type := activity.outcome_id.next_activity_type_id)
        }
        messages, next_activities = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        by_outcome = defaultdict(lambda: self.env["mail.message"])
        for outcome, message in zip(outcomes, messages, strict=True):
            by_outcome[outcome] |= message
        for outcome, done in by_outcome.items():
            if outcome or feedback:
                done.sudo().write({"activity_outcome_id": outcome.id, "activity_feedback": feedback})
        if next_values:
            # as Odoo posts the message: the person who did the action may only read the record
            next_activities |= self.env["mail.activity"].sudo().create(list(next_values.values()))
        return messages, next_activities

    def _check_outcome(self, feedback):
        for activity in self:
            outcomes = activity._outcomes()
            if not outcomes:
                continue
            names = {"activity": activity.activity_type_id.name, "record": activity.res_name}
            if not activity.outcome_id:
                raise UserError(
                    self.env._(
                        "Choose the outcome of the activity “%(activity)s” on %(record)s: %(outcomes)s.",
                        outcomes=", ".join(outcomes.mapped("name")),
                        **names,
                    )
                )
            if activity.outcome_id not in outcomes:
                raise UserError(
                    self.env._(
                        "“%(outcome)s” is not an outcome of the activity “%(activity)s” on %(record)s.",
                        outcome=activity.outcome_id.name,
                        **names,
                    )
                )
            if activity.outcome_id.note_required and not (feedback or "").strip():
                raise UserError(
                    self.env._(
                        "The outcome “%(outcome)s” of the activity “%(activity)s” on %(record)s needs a "
                        "note: write what happened.",
                        outcome=activity.outcome_id.name,
                        **names,
                    )
                )

    def _acknowledge_stale_reminders(self):
        """A stale reminder done without moving the deal starts a new stale period."""
        stale_type = self.env.ref("pyme_crm.mail_activity_type_stale", raise_if_not_found=False)
        reminders = self.filtered(lambda a: a.res_model == "crm.lead" and a.activity_type_id == stale_type)
        if reminders:
            self.env["crm.lead"].sudo().browse(reminders.mapped("res_id")).write(
                {"stale_acknowledged_at": fields.Datetime.now()}
            )
