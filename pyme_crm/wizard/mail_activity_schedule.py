from odoo import api, fields, models


class MailActivitySchedule(models.TransientModel):
    """Scheduling and marking done at once logs an action that already happened: its outcome is set here."""

    _inherit = "mail.activity.schedule"

    outcome_id = fields.Many2one(
        "mail.activity.outcome", domain="[('activity_type_ids', 'in', [activity_type_id])]"
    )
    outcome_note = fields.Text()
    outcome_required = fields.Boolean(compute="_compute_outcome_required")

    @api.depends("activity_type_id.outcome_ids", "res_model")
    def _compute_outcome_required(self):
        for wizard in self:
            wizard.outcome_required = bool(wizard.activity_type_id._outcomes_for(wizard.res_model))

    def action_schedule_activities(self):
        """Only an action done now has an outcome."""
        self.write({"outcome_id": False, "outcome_note": False})
        return super().action_schedule_activities()

    def _action_schedule_activities(self):
        activities = super()._action_schedule_activities()
        if self.outcome_id:
            activities.write({"outcome_id": self.outcome_id.id, "outcome_note": self.outcome_note})
        return activities
