from odoo import api, fields, models
from odoo.tools import SQL, html2plaintext


class MailMessage(models.Model):
    _inherit = "mail.message"

    activity_outcome_id = fields.Many2one(
        "mail.activity.outcome", string="Outcome", index="btree_not_null", readonly=True
    )
    activity_feedback = fields.Text(string="Activity note", readonly=True)

    @api.model
    def _latest_notes(self, model, res_ids):
        """{record id: its latest log note or note of an action done, as text}, in one query."""
        if not res_ids:
            return {}
        self.flush_model(["model", "res_id", "message_type", "body", "activity_feedback"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (res_id) res_id, activity_feedback, body
                  FROM mail_message
                 WHERE model = %(model)s AND res_id = ANY(%(ids)s)
                       AND (activity_feedback IS NOT NULL
                            OR (message_type = 'comment' AND body IS NOT NULL AND body != ''))
                 ORDER BY res_id, id DESC
                """,
                model=model,
                ids=res_ids,
            )
        )
        return {res_id: feedback or html2plaintext(body) for res_id, feedback, body in self.env.cr.fetchall()}
