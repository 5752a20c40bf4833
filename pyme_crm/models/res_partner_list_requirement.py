from odoo import api, fields, models
from odoo.exceptions import RedirectWarning, ValidationError

from ..tools.method import COMMERCIAL_LISTS


class ResPartnerListRequirement(models.Model):
    """Information a contact must have to enter a commercial list: one of the fields of the line (a phone
    or an email), and every line of the list (a tax ID and an email). Checked when a contact is moved."""

    _name = "res.partner.list.requirement"
    _description = "Information required to enter a commercial list"
    _order = "commercial_list, sequence, id"

    sequence = fields.Integer(default=10)
    commercial_list = fields.Selection(COMMERCIAL_LISTS, required=True)
    field_ids = fields.Many2many(
        "ir.model.fields",
        string="Any of these fields",
        required=True,
        domain="[('model', '=', 'res.partner'), ('store', '=', True), "
        "('ttype', 'not in', ('one2many', 'binary', 'boolean'))]",
        help="The contact (or one of its people) must have at least one of them filled in.",
    )
    active = fields.Boolean(default=True)

    @api.depends("field_ids")
    def _compute_display_name(self):
        for requirement in self:
            requirement.display_name = self.env._(" or ").join(
                requirement.field_ids.mapped("field_description")
            )

    def _missing(self, partner):
        """The requirements of self that the commercial entity ``partner`` does not meet."""
        people = partner | partner.child_ids
        return self.filtered(
            lambda requirement: (
                not any(person[field.name] for field in requirement.field_ids for person in people)
            )
        )

    def _names(self):
        """The requirements of self as a user reads them: "Tax ID and Email"."""
        return self.env._(" and ").join(self.mapped("display_name"))

    def _missing_in_values(self, values_list):
        """The requirements of self that none of ``values_list`` meets: the field values of a contact not
        created yet and of its people."""
        return self.filtered(
            lambda requirement: (
                not any(values.get(field.name) for field in requirement.field_ids for values in values_list)
            )
        )

    @api.model
    def _for_list(self, commercial_list):
        return self.sudo().search([("commercial_list", "=", commercial_list)])

    @api.model
    def _check_new(self, entities):
        """New commercial ``entities`` must have what their list requires, as a move there would."""
        for commercial_list, partners in entities.grouped("commercial_list").items():
            requirements = self._for_list(commercial_list)
            for partner in partners:
                if missing := requirements._missing(partner):
                    raise ValidationError(
                        self.env._(
                            "%(contact)s cannot be created in %(list)s: fill in %(missing)s.",
                            contact=partner.display_name,
                            list=partner._list_label(commercial_list),
                            missing=missing._names(),
                        )
                    )

    @api.model
    def _check_entry(self, entities, to_list):
        """The commercial ``entities`` moved by hand to ``to_list`` must have what the list requires."""
        entities = entities.filtered(lambda p: p.commercial_list != to_list)
        if not entities:  # Odoo's sync writes the list on people whose list it already is
            return
        requirements = self._for_list(to_list)
        if not requirements:
            return
        for entity in entities:
            if missing := requirements._missing(entity):
                raise RedirectWarning(
                    self.env._(
                        "%(contact)s cannot go to %(list)s: fill in %(missing)s first.",
                        contact=entity.display_name,
                        list=entity._list_label(to_list),
                        missing=missing._names(),
                    ),
                    {
                        "type": "ir.actions.act_window",
                        "res_model": "res.partner",
                        "res_id": entity.id,
                        "views": [(False, "form")],
                        "target": "current",
                    },
                    self.env._("Fill in the contact"),
                )
