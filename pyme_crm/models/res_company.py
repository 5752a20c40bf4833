from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_stale_days = fields.Integer(
        string="Days without change before stale",
        default=21,
        help="Default for the stages without their own threshold: an open opportunity whose stage has not "
        "changed for longer is stale. 0: never.",
    )
    crm_call_new_leads = fields.Boolean(
        string="Call every new lead",
        default=True,
        help="Every new lead or opportunity with no planned activity gets a call activity for its "
        "salesperson (or its team leader when it has none).",
    )
    crm_call_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Call activity",
        domain="[('res_model', 'in', (False, 'crm.lead'))]",
        help="Empty: the method's “Call the lead” activity.",
    )
    crm_call_delay_days = fields.Integer(string="Call within (days)", help="0: the call is due the same day.")
    crm_lead_ack_mail = fields.Boolean(
        string="Acknowledge new leads by email",
        help="Send the acknowledgement template to every new lead that has an email address.",
    )
    crm_lead_ack_template_id = fields.Many2one(
        "mail.template",
        string="Acknowledgement email",
        domain="[('model', '=', 'crm.lead')]",
        help="Empty: the method's acknowledgement template.",
    )
    crm_abc_months = fields.Integer(
        string="ABC: months of revenue",
        default=12,
        help="The ABC suggestion adds up the posted customer invoices of these last months.",
    )
    crm_abc_threshold = fields.Float(
        string="ABC: share of revenue for A",
        default=80.0,
        help="The clients that together make this share of the revenue are suggested priority A.",
    )
    crm_abc_auto_apply = fields.Boolean(
        string="Apply the ABC suggestion",
        help="Give priority A to the suggested clients automatically, unless someone set their priority "
        "by hand.",
    )
    crm_satisfaction_days = fields.Integer(
        string="Satisfaction call after (days)",
        default=15,
        help="Days after an invoice to check the client's satisfaction. 0: no satisfaction activity.",
    )
    crm_salesperson_sees_team = fields.Boolean(
        string="Salespeople see their team's contacts and deals",
        help="Off: a CRM PYME salesperson sees their own contacts and deals, and the unassigned ones.",
    )
