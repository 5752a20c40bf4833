from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _pyme_crm_visible_salespeople(self):
        """The salespeople whose contacts and deals this user sees: themselves, and their teams'
        members when the company shares them (CRM settings). Used by the record rules, whose domains
        Odoo caches: team changes clear that cache (see crm.team and crm.team.member)."""
        self.ensure_one()
        if self.company_id.crm_salesperson_sees_team:
            teams = self.crm_team_ids | self.env["crm.team"].sudo().search([("user_id", "=", self.id)])
            return (teams.member_ids | teams.user_id | self).ids
        return self.ids
