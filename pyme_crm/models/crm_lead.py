from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads.filtered(lambda lead: lead.stage_id.is_proposal_stage).partner_id._start_proposal()
        return leads

    def write(self, vals):
        result = super().write(vals)
        if vals.get("stage_id"):
            proposals = self.filtered(
                lambda lead: lead.stage_id.is_proposal_stage and not lead.stage_id.is_won
            )
            proposals.partner_id._start_proposal()
        if vals.get("active") is False:
            self.partner_id._end_proposal()
        return result
