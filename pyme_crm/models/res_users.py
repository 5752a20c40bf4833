from odoo import fields, models

SALES_STYLES = [("farmer", "Farmer: clients first"), ("hunter", "Hunter: prospects first")]


class ResUsers(models.Model):
    _inherit = "res.users"

    sales_style = fields.Selection(
        SALES_STYLES,
        string="Sales style",
        default="farmer",
        required=True,
        help="Whom the call session puts first after the proposals and the follow-ups due: a farmer's "
        "clients or a hunter's prospects.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "sales_style"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "sales_style"]

    def _pyme_crm_visible_salespeople(self):
        """The salespeople whose contacts and deals this user sees: themselves, and their teams'
        members when the company shares them (CRM settings). Used by the record rules, whose domains
        Odoo caches: team changes clear that cache (see crm.team and crm.team.member)."""
        self.ensure_one()
        if self.company_id.crm_salesperson_sees_team:
            return self._pyme_crm_team_members().ids
        return self.ids

    def _pyme_crm_team_members(self):
        """The user and the members and leaders of the teams they belong to or lead."""
        teams = self.crm_team_ids | self.env["crm.team"].sudo().search([("user_id", "=", self.id)])
        return teams.member_ids | teams.user_id | self
