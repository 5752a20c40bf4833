from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    opportunity_id = fields.Many2one(
        "crm.lead",
        compute="_compute_opportunity_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        recursive=True,
        tracking=True,
        domain="[('type', '=', 'opportunity')]",
        help="The deal of the invoice: taken from its sales or purchase orders when they all belong to one "
        "deal, from the invoice a credit note reverses, or set by hand.",
    )
    opportunity_stage_id = fields.Many2one(related="opportunity_id.stage_id", string="Deal stage")
    opportunity_user_id = fields.Many2one(related="opportunity_id.user_id", string="Deal salesperson")
    opportunity_warning = fields.Char(compute="_compute_opportunity_warning", string="Opportunity warning")

    @api.depends(
        "invoice_line_ids.sale_line_ids.order_id.opportunity_id",
        "invoice_line_ids.purchase_line_id.order_id.opportunity_id",
        "reversed_entry_id.opportunity_id",
    )
    def _compute_opportunity_id(self):
        for move in self:
            deals = move._source_opportunities()
            if deals:
                move.opportunity_id = deals if len(deals) == 1 else False
            else:
                move.opportunity_id = move.opportunity_id  # nothing to follow: keep the one set by hand

    @api.depends("opportunity_id")
    def _compute_opportunity_warning(self):
        for move in self:
            deals = move._source_opportunities()
            move.opportunity_warning = len(deals) > 1 and self.env._(
                "Not linked to a deal: its lines come from several deals (%(deals)s).",
                deals=", ".join(deals.mapped("name")),
            )

    def _source_opportunities(self):
        """The deals of the documents this move comes from."""
        if self.reversed_entry_id.opportunity_id:
            return self.reversed_entry_id.opportunity_id
        lines = self.invoice_line_ids
        return lines.sale_line_ids.order_id.opportunity_id | lines.purchase_line_id.order_id.opportunity_id

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        invoices = posted.filtered(lambda m: m.move_type == "out_invoice")
        invoices.partner_id._become_client()
        invoices._plan_satisfaction()
        return posted

    def _plan_satisfaction(self):
        """After a sale (invoice posted), ask the salesperson to check the client's satisfaction N days
        later (CRM settings), unless the client opted out or a check is already planned."""
        activity_type = self.env.ref("pyme_crm.mail_activity_type_satisfaction")
        clients = self.partner_id._commercial_entities().filtered(lambda p: not p.no_satisfaction_check)
        for client in clients:
            company = client.company_id or self.env.company
            if not company.crm_satisfaction_days or client.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ):
                continue
            client.activity_schedule(
                "pyme_crm.mail_activity_type_satisfaction",
                date_deadline=fields.Date.context_today(self)
                + relativedelta(days=company.crm_satisfaction_days),
                user_id=client.user_id.id or self.env.uid,
            )
