from odoo import fields, models


class MailActivitySchedule(models.TransientModel):
    """Scheduling and marking done at once logs an action that already happened: its outcome is set here."""

    _inherit = "mail.activity.schedule"

    outcome_id = fields.Many2one(
        "mail.activity.outcome", domain="[('activity_type_ids', 'in', [activity_type_id])]"
    )
    outcome_note = fields.Text()
    outcome_required = fields.Boolean(related="activity_type_id.outcome_required")

    def _action_schedule_activities(self):
        activities = super()._action_schedule_activities()
        if self.outcome_id:
            activities.write({"outcome_id": self.outcome_id.id, "outcome_note": self.outcome_note})
        return activities
