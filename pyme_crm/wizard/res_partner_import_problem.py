from odoo import fields, models


class ResPartnerImportProblem(models.TransientModel):
    _name = "res.partner.import.problem"
    _description = "Row of a workbook rejected, skipped or imported with a warning"
    _order = "row, id"

    wizard_id = fields.Many2one("res.partner.import", required=True, ondelete="cascade")
    row = fields.Integer(readonly=True)
    kind = fields.Selection(
        [("rejected", "Rejected"), ("skipped", "Skipped"), ("warning", "Imported, to check")],
        default="rejected",
        readonly=True,
    )
    column = fields.Char(readonly=True)
    value = fields.Char(readonly=True)
    message = fields.Char(string="Problem", readonly=True)
