from odoo import api, fields, models

from ..tools.method import COMMERCIAL_LISTS


class CrmCallScript(models.Model):
    _name = "crm.call.script"
    _description = "Call script"
    _order = "commercial_list, team_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    commercial_list = fields.Selection(COMMERCIAL_LISTS, string="Commercial list", required=True)
    team_id = fields.Many2one(
        "crm.team", string="Sales team", help="Leave empty for every team; a team's own script comes first."
    )
    script = fields.Html(translate=True, required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.model
    def _script_for(self, commercial_list, team):
        """The script for a list: the team's own one, else the one for every team."""
        scripts = self.search(
            [("commercial_list", "=", commercial_list), ("team_id", "in", [team.id, False])]
        )
        return scripts.sorted(lambda s: (not s.team_id, s.sequence))[:1]
