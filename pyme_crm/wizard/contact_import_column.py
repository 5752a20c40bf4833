from odoo import fields, models

# What each import column holds, in the order of tools.contact_import.COLUMNS.
IMPORTED_AS = [
    ("company", "Company"),
    ("name", "Contact name"),
    ("function", "Job position"),
    ("phone", "Phone"),
    ("mobile", "Mobile"),
    ("email", "Email"),
    ("website", "Website"),
    ("street", "Street"),
    ("city", "City"),
    ("zip", "Zip"),
    ("state", "State / province"),
    ("country", "Country"),
    ("vat", "Tax ID"),
    ("category", "Tags"),
    ("commercial_list", "Commercial list"),
    ("commercial_priority", "Priority code"),
    ("salesperson", "Salesperson"),
    ("followup", "Next follow-up"),
    ("role", "Commercial roles"),
    ("source", "Origin"),
    ("industry", "Industry"),
    ("customer_type", "Customer type"),
    ("purchase_potential", "Purchase potential"),
    ("sales_zone", "Sales zone"),
    ("notes", "Notes"),
]


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
