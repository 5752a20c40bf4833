from odoo import fields, models


class ResPartnerImportProblem(models.TransientModel):
    _name = "res.partner.import.problem"
    _description = "Row of a workbook that cannot be imported"
    _order = "row, id"

    wizard_id = fields.Many2one("res.partner.import", required=True, ondelete="cascade")
    row = fields.Integer(readonly=True)
    column = fields.Char(readonly=True)
    value = fields.Char(readonly=True)
    message = fields.Char(string="Problem", readonly=True)
