from odoo import api, fields, models

from ..tools.method import PRIORITIES_BY_LIST


class CommercialPriorityMixin(models.AbstractModel):
    """The priority codes that fit a record's commercial list: offered by the form's
    selection widget, and cleared when the list changes to one that refuses them."""

    _name = "pyme_crm.commercial.priority.mixin"
    _description = "Priority codes fitting a commercial list"

    allowed_priorities = fields.Char(
        string="Allowed priorities",
        compute="_compute_allowed_priorities",
        help="Priority codes the commercial list accepts, comma-separated.",
    )

    @api.depends("commercial_list")
    def _compute_allowed_priorities(self):
        for record in self:
            record.allowed_priorities = ",".join(PRIORITIES_BY_LIST.get(record.commercial_list, ()))

    @api.onchange("commercial_list")
    def _onchange_commercial_list(self):
        if self.commercial_priority not in PRIORITIES_BY_LIST.get(self.commercial_list, ()):
            self.commercial_priority = False
