from odoo import fields, models

from ..tools.contact_columns import IMPORTED_AS


class ResPartnerImportColumn(models.TransientModel):
    _name = "res.partner.import.column"
    _description = "Column of a workbook to import and the contact data it holds"
    _order = "index"

    wizard_id = fields.Many2one("res.partner.import", required=True, ondelete="cascade")
    index = fields.Integer(required=True)
    header = fields.Char(readonly=True)
    sample = fields.Char(string="First value", readonly=True)
    column = fields.Selection(
        IMPORTED_AS,
        string="Imported as",
        help="Empty: the column is not imported.",
    )
