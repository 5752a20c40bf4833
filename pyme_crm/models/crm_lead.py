from datetime import timedelta

from odoo import api, fields, models

# Who reads a deal's figures: its sales side, salespeople and accountants; its purchase cost (purchased,
# margin), people with purchase rights, sales managers and accountants.
SALES_FIGURE_GROUPS = "sales_team.group_sale_salesman,account.group_account_invoice"
COST_FIGURE_GROUPS = (
    "purchase.group_purchase_user,sales_team.group_sale_manager,account.group_account_invoice"
)
DOCUMENT_FIGURES = [
    "quoted_amount",
    "ordered_amount",
    "invoiced_amount",
    "paid_amount",
    "purchased_amount",
    "margin_amount",
]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    purchase_order_ids = fields.One2many("purchase.order", "opportunity_id", string="Purchase orders")
    purchase_order_count = fields.Integer(
        compute="_compute_purchase_order_count", compute_sudo=True, string="Purchases"
    )
    invoice_ids = fields.One2many("account.move", "opportunity_id", string="Invoices and bills")
    customer_invoice_count = fields.Integer(compute="_compute_customer_invoice_count", compute_sudo=True)
    # The deal's figures in the company currency, read in one query for a whole list of deals
    quoted_amount = fields.Monetary(
        string="Quoted",
        groups=SALES_FIGURE_GROUPS,
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="Untaxed total of the open quotations.",
    )
    ordered_amount = fields.Monetary(
        string="Ordered",
        groups=SALES_FIGURE_GROUPS,
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="Untaxed total of the confirmed sales orders.",
    )
    invoiced_amount = fields.Monetary(
        string="Invoiced",
        groups=SALES_FIGURE_GROUPS,
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="Untaxed total of the posted customer invoices minus their credit notes.",
    )
    paid_amount = fields.Monetary(
        string="Paid",
        groups=SALES_FIGURE_GROUPS,
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="What has been paid of the posted customer invoices, taxes included, minus what was refunded.",
    )
    purchased_amount = fields.Monetary(
        string="Purchased",
        groups=COST_FIGURE_GROUPS,
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="Untaxed total of the confirmed purchase orders and of the posted vendor bills that do not come "
        "from one.",
    )
    margin_amount = fields.Monetary(
        string="Margin",
        groups=COST_FIGURE_GROUPS,
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="Invoiced minus purchased.",
    )

    @api.depends("purchase_order_ids")
    def _compute_purchase_order_count(self):
        counts = self._count_per_deal("purchase.order", [])
        for lead in self:
            lead.purchase_order_count = counts.get(lead._origin.id, 0)

    @api.depends("invoice_ids.state", "invoice_ids.move_type")
    def _compute_customer_invoice_count(self):
        counts = self._count_per_deal(
            "account.move", [("move_type", "in", ("out_invoice", "out_refund")), ("state", "!=", "cancel")]
        )
        for lead in self:
            lead.customer_invoice_count = counts.get(lead._origin.id, 0)

    def _count_per_deal(self, model, domain):
        """{deal id: number of its ``model`` documents matching ``domain``}, in one query."""
        groups = self.env[model]._read_group(
            [("opportunity_id", "in", self._origin.ids), *domain], ["opportunity_id"], ["__count"]
        )
        return {deal.id: count for deal, count in groups}

    @api.depends(
        "order_ids.state",
        "order_ids.amount_untaxed",
        "purchase_order_ids.state",
        "purchase_order_ids.amount_untaxed",
        "invoice_ids.state",
        "invoice_ids.amount_untaxed_signed",
        "invoice_ids.amount_residual_signed",
    )
    def _compute_document_figures(self):
        groups = self.env["crm.lead.document.report"]._read_group(
            [("opportunity_id", "in", self._origin.ids)],
            ["opportunity_id"],
            [f"{figure}:sum" for figure in DOCUMENT_FIGURES],
        )
        figures = {lead.id: sums for lead, *sums in groups}
        for lead in self:
            sums = figures.get(lead._origin.id) or [0.0] * len(DOCUMENT_FIGURES)
            lead.update(dict(zip(DOCUMENT_FIGURES, sums, strict=True)))

    @api.onchange("partner_id")
    def _onchange_partner_id_salesperson(self):
        if salesperson := self.partner_id.commercial_partner_id.user_id:
            self.user_id = salesperson

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._default_salesperson_from_partner(vals_list)
        leads = super().create(vals_list)
        leads.filtered(lambda lead: lead.stage_id.is_proposal_stage).partner_id._start_proposal()
        leads._plan_first_call()
        return leads

    def write(self, vals):
        result = super().write(vals)
        if vals.get("stage_id"):
            proposals = self.filtered(
                lambda lead: lead.stage_id.is_proposal_stage and not lead.stage_id.is_won
            )
            proposals.partner_id._start_proposal()
        if vals.get("active") is False:  # lost or archived: a proposal deal may end the proposals
            self.filtered(lambda lead: lead.stage_id.is_proposal_stage).partner_id._end_proposal()
        return result

    def get_formview_id(self, access_uid=None):
        """Users outside sales (accountants) open a deal in its read-only accounting view."""
        user = self.env["res.users"].browse(access_uid) if access_uid else self.env.user
        if not user.has_group("sales_team.group_sale_salesman"):
            return self.env.ref("pyme_crm.crm_lead_view_form_accounting").id
        return super().get_formview_id(access_uid=access_uid)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_new_purchase_order(self):
        """A new purchase order for the deal, with the deal as its origin."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New purchase order"),
            "res_model": "purchase.order",
            "view_mode": "form",
            "context": {
                "default_opportunity_id": self.id,
                "default_origin": self.name,
                "default_company_id": (self.company_id or self.env.company).id,
            },
        }

    def action_view_purchase_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_form_action")
        action["domain"] = [("opportunity_id", "=", self.id)]
        action["context"] = {"default_opportunity_id": self.id, "default_origin": self.name}
        if self.purchase_order_count == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=self.purchase_order_ids.id)
        return action

    def action_view_invoices(self):
        """The deal's customer invoices and credit notes, as far as the user may see them."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [
            ("opportunity_id", "=", self.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ]
        action["context"] = {
            "default_move_type": "out_invoice",
            "default_opportunity_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_view_document_figures(self):
        """Every document of the deal with its figures."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("pyme_crm.crm_lead_document_report_action")
        action["domain"] = [("opportunity_id", "=", self.id)]
        action["context"] = {}
        action["view_mode"] = "list,pivot"
        action["views"] = [(False, "list"), (False, "pivot")]
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _default_salesperson_from_partner(self, vals_list):
        """A new deal without a salesperson takes its contact's responsible salesperson."""
        partner_ids = {
            vals["partner_id"] for vals in vals_list if vals.get("partner_id") and "user_id" not in vals
        }
        if not partner_ids:
            return
        partners = self.env["res.partner"].browse(partner_ids)
        salesperson = {partner.id: partner.commercial_partner_id.user_id.id for partner in partners}
        for vals in vals_list:
            if "user_id" not in vals and salesperson.get(vals.get("partner_id")):
                vals["user_id"] = salesperson[vals["partner_id"]]

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        """A contact created from a lead or an opportunity is a prospect when it has what the prospects
        require; otherwise it waits in the contact database."""
        values = super()._prepare_customer_values(partner_name, is_company=is_company, parent_id=parent_id)
        requirements = self.env["res.partner.list.requirement"]._for_list("prospect")
        return dict(
            values, commercial_list="reserve" if requirements._missing_in_values([values]) else "prospect"
        )

    def _plan_first_call(self):
        """Every new lead becomes a call for its salesperson (the team leader when it has none), whatever
        its channel, unless something is planned already; and optionally an acknowledgement email."""
        leads = self.filtered(lambda lead: lead.active and not lead.stage_id.is_won and not lead.activity_ids)
        default_type = self.env.ref("pyme_crm.mail_activity_type_call_lead")
        default_ack = self.env.ref("pyme_crm.mail_template_lead_acknowledgement")
        res_model_id = self.env["ir.model"]._get_id("crm.lead")
        activities, acknowledged = [], []
        for lead in leads:
            company = lead.company_id or self.env.company
            assignee = lead.user_id or lead.team_id.user_id
            if company.crm_call_new_leads and assignee:
                activity_type = company.crm_call_activity_type_id or default_type
                today = fields.Date.context_today(lead.with_context(tz=assignee.tz))  # the assignee's day
                deadline = today + timedelta(days=company.crm_call_delay_days)
                activities.append(
                    {
                        "res_model_id": res_model_id,
                        "res_id": lead.id,
                        "activity_type_id": activity_type.id,
                        "summary": activity_type.summary,
                        "user_id": assignee.id,
                        "date_deadline": deadline,
                    }
                )
            if company.crm_lead_ack_mail and lead.email_from:
                acknowledged.append((lead, company.crm_lead_ack_template_id or default_ack))
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(activities)
        for lead, template in acknowledged:
            lead.sudo().message_post_with_source(template, subtype_xmlid="mail.mt_comment")
