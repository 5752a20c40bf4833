from odoo import api, fields, models

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
    # The deal's figures in the company currency, read in one query for a whole list of deals.
    quoted_amount = fields.Monetary(
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        string="Quoted",
        help="Untaxed total of the open quotations.",
    )
    ordered_amount = fields.Monetary(
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        string="Ordered",
        help="Untaxed total of the confirmed sales orders.",
    )
    invoiced_amount = fields.Monetary(
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        string="Invoiced",
        help="Untaxed total of the posted customer invoices minus their credit notes.",
    )
    paid_amount = fields.Monetary(
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        string="Paid",
        help="What has been paid of the posted customer invoices, taxes included, minus what was refunded.",
    )
    purchased_amount = fields.Monetary(
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        string="Purchased",
        help="Untaxed total of the confirmed purchase orders and of the posted vendor bills that do not come "
        "from one.",
    )
    margin_amount = fields.Monetary(
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        string="Margin",
        help="Invoiced minus purchased.",
    )

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

    @api.depends("invoice_ids.state", "invoice_ids.move_type")
    def _compute_customer_invoice_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [
                    ("opportunity_id", "in", self._origin.ids),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "!=", "cancel"),
                ],
                ["opportunity_id"],
                ["__count"],
            )
        )
        for lead in self:
            lead.customer_invoice_count = counts.get(lead._origin, 0)

    @api.depends("purchase_order_ids")
    def _compute_purchase_order_count(self):
        counts = dict(
            self.env["purchase.order"]._read_group(
                [("opportunity_id", "in", self.ids)], ["opportunity_id"], ["__count"]
            )
        )
        for lead in self:
            lead.purchase_order_count = counts.get(lead, 0)

    @api.model_create_multi
    def create(self, vals_list):
        self._default_salesperson_from_partner(vals_list)
        leads = super().create(vals_list)
        leads.filtered(lambda lead: lead.stage_id.is_proposal_stage).partner_id._start_proposal()
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

    @api.onchange("partner_id")
    def _onchange_partner_id_salesperson(self):
        if salesperson := self.partner_id.commercial_partner_id.user_id:
            self.user_id = salesperson

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

    def get_formview_id(self, access_uid=None):
        """Users outside sales (accountants) open a deal in its read-only accounting view."""
        user = self.env["res.users"].browse(access_uid) if access_uid else self.env.user
        if not user.has_group("sales_team.group_sale_salesman"):
            return self.env.ref("pyme_crm.crm_lead_view_form_accounting").id
        return super().get_formview_id(access_uid=access_uid)

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        """A contact created from a lead or an opportunity is a prospect."""
        return dict(
            super()._prepare_customer_values(partner_name, is_company=is_company, parent_id=parent_id),
            commercial_list="prospect",
        )
