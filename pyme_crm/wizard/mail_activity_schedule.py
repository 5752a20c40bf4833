from odoo import models


class MailActivitySchedule(models.TransientModel):
    """Scheduling and marking done at once logs an action that already happened: its outcome is set here."""

    _name = "mail.activity.schedule"
    _inherit = ["mail.activity.schedule", "pyme_crm.activity.outcome.mixin"]

    def action_schedule_activities(self):
        """Only an action done now has an outcome."""
        self.write({"outcome_id": False, "outcome_note": False})
        return super().action_schedule_activities()

    def _action_schedule_activities(self):
        activities = super()._action_schedule_activities()
        if self.outcome_id:
            activities.write({"outcome_id": self.outcome_id.id, "outcome_note": self.outcome_note})
        return activities
