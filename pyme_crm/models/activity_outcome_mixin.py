from odoo import api, fields, models


class ActivityOutcomeMixin(models.AbstractModel):
    """The outcome (and its note) of an action on a record of ``res_model`` typed ``activity_type_id``:
    on the activity itself and on the dialog that schedules and marks it done at once."""

    _name = "pyme_crm.activity.outcome.mixin"
    _description = "Outcome of an activity"

    outcome_id = fields.Many2one(
        "mail.activity.outcome",
        domain="[('activity_type_ids', 'in', [activity_type_id])]",
        help="What came of the action: asked for when it is marked done.",
    )
    outcome_note = fields.Text(help="What happened: used when the action is marked done without feedback.")
    outcome_required = fields.Boolean(compute="_compute_outcome_required")

    @api.depends("activity_type_id.outcome_ids", "res_model")
    def _compute_outcome_required(self):
        for record in self:
            record.outcome_required = bool(record._outcomes())

    def _outcomes(self):
        return self.activity_type_id._outcomes_for(self.res_model)
