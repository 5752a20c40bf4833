from odoo import fields, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    activity_outcome_id = fields.Many2one(
        "mail.activity.outcome", string="Outcome", index="btree_not_null", readonly=True
    )
    activity_feedback = fields.Text(string="Activity note", readonly=True)
