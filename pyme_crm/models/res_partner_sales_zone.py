from odoo import fields, models


class ResPartnerSalesZone(models.Model):
    _name = "res.partner.sales.zone"
    _description = "Sales zone"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    state_ids = fields.Many2many(
        "res.country.state", string="Provinces", help="Provinces the zone covers, for reference."
    )
    user_id = fields.Many2one("res.users", string="Salesperson", domain="[('share', '=', False)]")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A sales zone with this name already exists."),
    ]
