from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_stale_days = fields.Integer(related="company_id.crm_stale_days", readonly=False)
    crm_stale_rule = fields.Selection(related="company_id.crm_stale_rule", readonly=False)
    crm_stale_pause_planned = fields.Boolean(related="company_id.crm_stale_pause_planned", readonly=False)
    crm_call_new_leads = fields.Boolean(related="company_id.crm_call_new_leads", readonly=False)
    crm_call_activity_type_id = fields.Many2one(
        related="company_id.crm_call_activity_type_id", readonly=False
    )
    crm_call_delay_days = fields.Integer(related="company_id.crm_call_delay_days", readonly=False)
    crm_lead_ack_mail = fields.Boolean(related="company_id.crm_lead_ack_mail", readonly=False)
    crm_lead_ack_template_id = fields.Many2one(related="company_id.crm_lead_ack_template_id", readonly=False)
    crm_abc_months = fields.Integer(related="company_id.crm_abc_months", readonly=False)
    crm_abc_threshold = fields.Float(related="company_id.crm_abc_threshold", readonly=False)
    crm_abc_auto_apply = fields.Boolean(related="company_id.crm_abc_auto_apply", readonly=False)
    crm_satisfaction_days = fields.Integer(related="company_id.crm_satisfaction_days", readonly=False)
    crm_salesperson_sees_team = fields.Boolean(related="company_id.crm_salesperson_sees_team", readonly=False)
    crm_call_attempts = fields.Integer(related="company_id.crm_call_attempts", readonly=False)

    def set_values(self):
        sharing = self.company_id.crm_salesperson_sees_team
        result = super().set_values()
        if self.company_id.crm_salesperson_sees_team != sharing:
            self.env.registry.clear_cache()  # the record rules read the setting
        return result
