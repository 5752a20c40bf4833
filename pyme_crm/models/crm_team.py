from odoo import api, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        self.env.registry.clear_cache()  # team sharing: the record rules see the new team at once
        return teams

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "member_ids", "crm_team_member_ids", "active"} & vals.keys():
            self.env.registry.clear_cache()  # a new leader or members: the record rules follow at once
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
