from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    is_proposal_stage = fields.Boolean(
        string="Proposal stage",
        help="A deal entering this stage puts its contact in the proposals in progress.",
    )
