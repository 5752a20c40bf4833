from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    purchase_order_ids = fields.One2many("purchase.order", "opportunity_id", string="Purchase orders")
    purchase_order_count = fields.Integer(compute="_compute_purchase_order_count", string="Purchases")

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

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        """A contact created from a lead or an opportunity is a prospect."""
        return dict(
            super()._prepare_customer_values(partner_name, is_company=is_company, parent_id=parent_id),
            commercial_list="prospect",
        )
