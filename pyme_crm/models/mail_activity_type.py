from odoo import fields, models

from ..tools.method import OUTCOME_MODELS


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    outcome_ids = fields.Many2many(
        "mail.activity.outcome",
        "mail_activity_outcome_type_rel",
        "activity_type_id",
        "outcome_id",
        string="Outcomes",
        help="When this type has outcomes, marking one of its activities done on a contact or a deal asks "
        "for one of them.",
    )

    def _outcomes_for(self, res_model):
        """The outcomes an activity of this type on a ``res_model`` record must end with."""
        return self.outcome_ids if res_model in OUTCOME_MODELS else self.env["mail.activity.outcome"]
