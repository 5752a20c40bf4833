from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """A stale reminder done without moving the deal starts a new stale period."""
        stale_type = self.env.ref("pyme_crm.mail_activity_type_stale", raise_if_not_found=False)
        reminders = self.filtered(lambda a: a.res_model == "crm.lead" and a.activity_type_id == stale_type)
        if reminders:
            self.env["crm.lead"].sudo().browse(reminders.mapped("res_id")).write(
                {"stale_acknowledged_at": fields.Datetime.now()}
            )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
