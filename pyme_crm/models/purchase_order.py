from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    opportunity_id = fields.Many2one(
        "crm.lead",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('type', '=', 'opportunity')]",
        help="The deal this purchase is made for.",
    )
