from odoo import api, models


class CrmTeamMember(models.Model):
    """Team sharing: whoever joins or leaves a team sees, or stops seeing, its contacts and deals at once
    (the record rules' domains are cached per user; a membership change clears them)."""

    _inherit = "crm.team.member"

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        self.env.registry.clear_cache()
        return members

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "crm_team_id", "active"} & vals.keys():
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
