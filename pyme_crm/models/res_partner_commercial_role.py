from odoo import fields, models


class ResPartnerCommercialRole(models.Model):
    _name = "res.partner.commercial.role"
    _description = "Commercial role of a contact"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A commercial role with this name already exists."),
    ]
