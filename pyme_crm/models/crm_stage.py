from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    is_proposal_stage = fields.Boolean(
        string="Proposal stage",
        help="A deal entering this stage puts its contact in the proposals in progress.",
    )
    stale_custom = fields.Boolean(
        string="Own stale threshold",
        help="Use the days set here instead of the company's default (CRM settings).",
    )
    stale_days = fields.Integer(
        string="Days without change before stale",
        help="An open opportunity that stays longer in this stage is stale. 0: never.",
    )
    stale_mail_template_id = fields.Many2one(
        "mail.template",
        string="Email to stale opportunities",
        domain="[('model', '=', 'crm.lead')]",
        help="Sent to the customer once per stale period, asking whether they are still interested.",
    )
