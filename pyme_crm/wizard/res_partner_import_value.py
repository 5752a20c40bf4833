from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.contact_columns import CLASSIFICATIONS, IMPORTED_AS


class ResPartnerImportValue(models.TransientModel):
    """A value of a classification column (sector, zone, role, tag, origin) found in the file, and what
    it becomes: a record already there, a new one of that name, or nothing."""

    _name = "res.partner.import.value"
    _description = "Value of an imported column and the record it becomes"
    _order = "column, name"

    wizard_id = fields.Many2one("res.partner.import", required=True, ondelete="cascade")
    column = fields.Selection(
        [item for item in IMPORTED_AS if item[0] in CLASSIFICATIONS], required=True, readonly=True
    )
    name = fields.Char(string="In the file", required=True, readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)
    action = fields.Selection(
        [("existing", "An existing one"), ("create", "Create it"), ("ignore", "Leave it empty")],
        string="Becomes",
        required=True,
    )
    res_model = fields.Char(compute="_compute_res_model")
    record_id = fields.Many2oneReference(model_field="res_model")
    can_create = fields.Boolean(readonly=True, help="Whether the user may create records of this column.")

    @api.depends("column")
    def _compute_res_model(self):
        for value in self:
            value.res_model = CLASSIFICATIONS.get(value.column)

    @api.constrains("action", "record_id")
    def _check_record(self):
        for value in self:
            if value.action == "existing" and not value.record_id:
                raise ValidationError(
                    self.env._("Choose the record that “%s” becomes, or create it.", value.name)
                )

    @api.onchange("record_id")
    def _onchange_record_id(self):
        if self.record_id:
            self.action = "existing"

    def _choice(self):
        """What the value becomes for the row parser (see RowParser.choice)."""
        self.ensure_one()
        if self.action == "existing":
            return self.record_id
        return self.name if self.action == "create" else None
