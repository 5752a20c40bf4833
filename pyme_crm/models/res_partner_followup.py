from odoo import api, fields, models
from odoo.tools import html2plaintext

from ..tools.followup import followup_date

# Sort keys of the follow-up list: proposals first (rule 3), then clients before prospects.
PRIORITY_RANK = {"A": 1, "B": 2, "C": 3, "1": 4, "2": 5, "3": 6}
NO_PRIORITY_RANK = 9
FOLLOWUP_TYPE = "pyme_crm.mail_activity_type_followup"


class ResPartner(models.Model):
    """The follow-up side of a contact: its planned follow-up and the daily list's sort keys."""

    _inherit = "res.partner"

    next_followup_date = fields.Date(
        string="Next follow-up",
        compute="_compute_next_followup_date",
        store=True,
        index=True,
        help="The earliest open follow-up activity of the contact.",
    )
    followup_list_rank = fields.Integer(compute="_compute_followup_ranks", store=True)
    commercial_priority_rank = fields.Integer(compute="_compute_followup_ranks", store=True)
    last_note = fields.Text(
        compute="_compute_last_note", help="The latest note or message written on the contact."
    )

    @api.depends("activity_ids.date_deadline", "activity_ids.activity_type_id")
    def _compute_next_followup_date(self):
        followup_type = self.env.ref(FOLLOWUP_TYPE, raise_if_not_found=False)
        for partner in self:
            dates = partner.activity_ids.filtered(lambda a: a.activity_type_id == followup_type).mapped(
                "date_deadline"
            )
            partner.next_followup_date = min(dates, default=False)

    @api.depends("commercial_list", "commercial_priority")
    def _compute_followup_ranks(self):
        for partner in self:
            partner.followup_list_rank = 0 if partner.commercial_list == "proposal" else 1
            partner.commercial_priority_rank = PRIORITY_RANK.get(
                partner.commercial_priority, NO_PRIORITY_RANK
            )

    def _compute_last_note(self):
        """One query for the whole page of contacts."""
        notes = {}
        if ids := self.filtered("id").ids:
            self.env.cr.execute(
                """
                SELECT DISTINCT ON (res_id) res_id, body
                  FROM mail_message
                 WHERE model = 'res.partner' AND res_id IN %s AND message_type = 'comment'
                       AND body IS NOT NULL AND body != ''
                 ORDER BY res_id, id DESC
                """,
                [tuple(ids)],
            )
            notes = {res_id: html2plaintext(body) for res_id, body in self.env.cr.fetchall()}
        for partner in self:
            partner.last_note = notes.get(partner.id, False)

    def _open_followups(self):
        followup_type = self.env.ref(FOLLOWUP_TYPE)
        return self.activity_ids.filtered(lambda a: a.activity_type_id == followup_type)

    def _plan_followup(self, shortcut, chosen=None, note=""):
        """Plan the next follow-up of each commercial entity of self with one of the method's
        shortcuts, for its salesperson (or the current user)."""
        when = followup_date(shortcut, fields.Date.context_today(self), chosen)
        if not when:
            return self.env["mail.activity"]
        activities = self.env["mail.activity"]
        for partner in self.commercial_partner_id:
            activities |= partner.activity_schedule(
                FOLLOWUP_TYPE, date_deadline=when, note=note, user_id=partner.user_id.id or self.env.uid
            )
        return activities

    def action_open_call_outcome(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Call outcome"),
            "res_model": "res.partner.call.outcome",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }
