from odoo import fields, models


class ResPartnerImportSheet(models.TransientModel):
    _name = "res.partner.import.sheet"
    _description = "Sheet of a workbook to import"
    _order = "sequence, id"

    wizard_id = fields.Many2one("res.partner.import", required=True, ondelete="cascade")
    name = fields.Char(required=True)
    sequence = fields.Integer()
