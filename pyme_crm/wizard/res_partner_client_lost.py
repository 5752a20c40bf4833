from odoo import fields, models

from ..tools.method import COMMERCIAL_PRIORITIES, PROSPECT_PRIORITIES


class ResPartnerClientLost(models.TransientModel):
    _name = "res.partner.client.lost"
    _description = "Move lost clients back to the prospects"

    partner_ids = fields.Many2many("res.partner", string="Clients", required=True)
    reason = fields.Text(required=True, help="Why the client was lost; kept in its history.")
    commercial_priority = fields.Selection(
        [(key, label) for key, label in COMMERCIAL_PRIORITIES if key in PROSPECT_PRIORITIES],
        string="Prospect priority",
    )

    def action_confirm(self):
        self.ensure_one()
        self.partner_ids._check_client()
        self.partner_ids.write(
            {"commercial_list": "prospect", "commercial_priority": self.commercial_priority}
        )
        for partner in self.partner_ids:
            partner.message_post(
                body=self.env._("Client lost: %(reason)s", reason=self.reason),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}
