from odoo import api, models
from odoo.exceptions import AccessError


class SystemFieldsMixin(models.AbstractModel):
    """Fields only the addon's own code (running as superuser) or an administrator sets: the dates and
    marks the method's figures and reminders are computed from, so that no one inflates a KPI or silences
    a reminder over RPC."""

    _name = "pyme_crm.system.fields.mixin"
    _description = "Fields set by CRM PYME itself"
    _system_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        self._check_system_fields({name for vals in vals_list for name in vals})
        return super().create(vals_list)

    def write(self, vals):
        self._check_system_fields(vals)
        return super().write(vals)

    def _check_system_fields(self, field_names):
        if self.env.is_system():
            return
        if given := [name for name in self._system_fields if name in field_names]:
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s are set by CRM PYME itself: they cannot be written.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in given),
                    model=self._description,
                )
            )
