from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    proposal_date = fields.Datetime(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the quotation was sent (or confirmed unsent).",
    )
    proposal_decided_date = fields.Datetime(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the proposal was won (confirmed) or cancelled.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._move_partners_by_state()
        return orders

    def write(self, vals):
        sent_before = self.filtered(lambda o: o.state == "sent")
        result = super().write(vals)
        if "state" in vals:
            self._move_partners_by_state()
            # a cancelled proposal may end the contact's proposals; a cancelled draft was none
            sent_before.filtered(lambda o: o.state == "cancel").partner_id._end_proposal()
        return result

    def _move_partners_by_state(self):
        """Sent quotation: the customer enters the proposals; confirmed order: it is a client. The dates
        of the proposal feed the dashboard."""
        now = fields.Datetime.now()
        self.filtered(lambda o: o.state in ("sent", "sale") and not o.proposal_date).proposal_date = now
        self.filtered(
            lambda o: o.state in ("sale", "cancel") and o.proposal_date and not o.proposal_decided_date
        ).proposal_decided_date = now
        self.filtered(lambda o: o.state == "sent").partner_id._start_proposal()
        confirmed = self.filtered(lambda o: o.state == "sale").partner_id
        confirmed._become_client()
        confirmed._mark_loyal_clients()
