from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

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
        """Sent quotation: the customer enters the proposals; confirmed order: it is a client."""
        self.filtered(lambda o: o.state == "sent").partner_id._start_proposal()
        confirmed = self.filtered(lambda o: o.state == "sale").partner_id
        confirmed._become_client()
        confirmed._mark_loyal_clients()
