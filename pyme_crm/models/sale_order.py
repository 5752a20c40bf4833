from odoo import Command, api, fields, models

# A client with this many confirmed orders in the last 12 months (a repeat purchase) is a loyal client.
LOYAL_CLIENT_ORDERS = 2


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "pyme_crm.system.fields.mixin"]
    _system_fields = ("proposal_date", "proposal_decided_date", "proposal_expired")

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
    proposal_expired = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="The sent quotation expired and its proposal was ended, once: a new validity date starts over.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._move_partners_by_state()
        return orders

    def write(self, vals):
        sent_before = self.filtered(lambda o: o.state == "sent")
        result = super().write(vals)
        if "validity_date" in vals:
            self.sudo().filtered("proposal_expired").proposal_expired = False
        if "state" in vals:
            self._move_partners_by_state()
            # a cancelled proposal may end the contact's proposals; a cancelled draft was none
            sent_before.filtered(lambda o: o.state == "cancel").partner_id._end_proposal()
        return result

    def _move_partners_by_state(self):
        """Sent quotation: the customer enters the proposals; confirmed order: it is a client. The dates
        of the proposal feed the dashboard."""
        now = fields.Datetime.now()
        orders = self.sudo()  # the proposal dates are system fields
        orders.filtered(lambda o: o.state in ("sent", "sale") and not o.proposal_date).proposal_date = now
        orders.filtered(
            lambda o: o.state in ("sale", "cancel") and o.proposal_date and not o.proposal_decided_date
        ).proposal_decided_date = now
        self.filtered(lambda o: o.state == "sent").partner_id._start_proposal()
        confirmed = self.filtered(lambda o: o.state == "sale")
        confirmed.partner_id._become_client()
        confirmed._mark_loyal_clients()

    def _mark_loyal_clients(self):
        """Give the loyal client role to the customers of self that confirmed at least
        LOYAL_CLIENT_ORDERS orders in the last 12 months (one query for the whole set)."""
        clients = self.partner_id._commercial_entities()
        loyal_role = self.env.ref("pyme_crm.commercial_role_loyal_client", raise_if_not_found=False)
        if not loyal_role or not clients:
            return
        since = fields.Datetime.subtract(fields.Datetime.now(), months=12)
        orders = self.sudo()._read_group(
            [
                ("partner_id.commercial_partner_id", "in", clients.ids),
                ("state", "=", "sale"),
                ("date_order", ">=", since),
            ],
            ["partner_id"],
            ["__count"],
        )
        counts = dict.fromkeys(clients.ids, 0)
        for partner, count in orders:
            counts[partner.commercial_partner_id.id] += count
        loyal = clients.filtered(
            lambda p: counts[p.id] >= LOYAL_CLIENT_ORDERS and loyal_role not in p.commercial_role_ids
        )
        loyal.write({"commercial_role_ids": [Command.link(loyal_role.id)]})
