from odoo import api, fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    outcome_ids = fields.Many2many(
        "mail.activity.outcome",
        "mail_activity_outcome_type_rel",
        "activity_type_id",
        "outcome_id",
        string="Outcomes",
        help="When this type has outcomes, marking one of its activities done asks for one of them.",
    )
    outcome_required = fields.Boolean(compute="_compute_outcome_required")

    @api.depends("outcome_ids")
    def _compute_outcome_required(self):
        for activity_type in self:
            activity_type.outcome_required = bool(activity_type.outcome_ids)
