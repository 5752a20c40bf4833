from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..tools.method import ALLOWED_MOVES, COMMERCIAL_LISTS, PRIORITIES_BY_LIST

NOTES_SHOWN = 3


def selection_of(model, name):
    """The [key, label] pairs of a selection field, in the user's language."""
    return model._fields[name]._description_selection(model.env)


def label_of(record, name):
    return dict(selection_of(record, name)).get(record[name], "")


CALL_REASONS = [
    ("proposal", "Proposal in progress"),
    ("followup", "Follow-up due"),
    ("client", "Client"),
    ("prospect", "Prospect"),
]


class PymeCrmCallSessionLine(models.Model):
    """One contact to call in a session, and what came of the call."""

    _name = "pyme_crm.call.session.line"
    _description = "Call of a call session"
    _order = "session_id, sequence, id"

    session_id = fields.Many2one("pyme_crm.call.session", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one(related="session_id.user_id", store=True, string="Salesperson")
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one("res.partner", string="Contact", required=True, index=True)
    reason = fields.Selection(CALL_REASONS, required=True, default="followup")
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done"), ("skipped", "Skipped")], required=True, default="pending"
    )
    outcome_id = fields.Many2one("mail.activity.outcome", readonly=True)
    note = fields.Text(readonly=True)
    best_call_time = fields.Selection(related="partner_id.best_call_time")
    time_fits_now = fields.Boolean(
        string="Its time",
        readonly=True,
        help="The contact's best time to call was now when the queue was built.",
    )
    list_before = fields.Selection(COMMERCIAL_LISTS, readonly=True)
    list_after = fields.Selection(COMMERCIAL_LISTS, readonly=True)
    done_at = fields.Datetime(readonly=True)
    suggest_on_hold = fields.Boolean(
        readonly=True, help="The calls without an answer reached the company's maximum."
    )

    def action_log(
        self,
        outcome_id,
        note="",
        followup_shortcut=None,
        followup_date=None,
        commercial_list=None,
        commercial_priority=None,
    ):
        """Log the call of the line as the call dialog does (res.partner._log_call): the outcome, the note,
        the next follow-up (a shortcut, and its date for "date"; after no answer, the next try at another
        time of day by default), the list and the priority. Returns what _log_call does."""
        self.ensure_one()
        self._check_pending()
        outcome = self.env["mail.activity.outcome"].browse(outcome_id).exists()
        if not outcome:
            raise UserError(self.env._("Choose the outcome of the call."))
        partner = self.partner_id.commercial_partner_id
        list_before = partner.commercial_list
        result = partner._log_call(
            outcome,
            note,
            followup_shortcut or None,
            fields.Date.to_date(followup_date) if followup_date else None,
            commercial_list or None,
            commercial_priority,
        )
        self.write(
            {
                "state": "done",
                "outcome_id": outcome.id,
                "note": note or False,
                "list_before": list_before,
                "list_after": partner.commercial_list,
                "done_at": fields.Datetime.now(),
                "suggest_on_hold": result["suggest_on_hold"],
            }
        )
        return result

    def action_skip(self):
        for line in self:
            line._check_pending()
        self.state = "skipped"
        return True

    def _screen(self):
        """The contact of the line as the call screen shows it."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        lists = dict(selection_of(partner, "commercial_list"))
        priorities = dict(selection_of(partner, "commercial_priority"))
        current = partner.commercial_list
        allowed = (current, *ALLOWED_MOVES[current])
        team = partner.user_id.sale_team_id or self.env.user.sale_team_id
        return {
            "id": self.id,
            "reason": self.reason,
            "reason_label": label_of(self, "reason"),
            "time_fits_now": self.time_fits_now,
            "best_call_time": label_of(partner, "best_call_time"),
            "attempts": partner.call_attempt_count,
            "partner": {
                **self._contact(partner),
                "commercial_list": current,
                "list_label": lists[current],
                "priority": partner.commercial_priority or "",
                "whatsapp_url": partner.whatsapp_url or "",
                "city": partner.city or "",
                "people": [self._contact(person) for person in partner.child_ids],
            },
            "allowed_lists": [[key, lists[key]] for key in allowed],
            "priorities": {key: [[p, priorities[p]] for p in PRIORITIES_BY_LIST[key]] for key in allowed},
            "notes": self._notes(partner),
            "deals": [
                {
                    "id": deal.id,
                    "name": deal.name,
                    "stage": deal.stage_id.name,
                    "amount": deal.expected_revenue,
                    "currency_id": deal.company_currency.id,
                }
                for deal in self.env["crm.lead"].search(partner._open_opportunities_domain(partner))
            ],
            "quotations": [
                {
                    "id": order.id,
                    "name": order.name,
                    "state": label_of(order, "state"),
                    "amount": order.amount_total,
                    "currency_id": order.currency_id.id,
                }
                for order in self.env["sale.order"].search(
                    [("partner_id", "child_of", partner.id), ("state", "in", ("draft", "sent"))]
                )
            ],
            "script": self.env["crm.call.script"]._script_for(current, team).script or "",
        }

    @staticmethod
    def _contact(partner):
        return {
            "id": partner.id,
            "name": partner.name or "",
            "function": partner.function or "",
            "phone": partner.phone or "",
            "mobile": partner.mobile or "",
            "email": partner.email or "",
        }

    def _notes(self, partner):
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                "|",
                ("activity_feedback", "!=", False),
                ("message_type", "=", "comment"),
            ],
            limit=NOTES_SHOWN,
        )
        return [
            {
                "date": fields.Datetime.to_string(message.date),
                "author": message.author_id.name or "",
                "outcome": message.activity_outcome_id.name or "",
                "text": message.activity_feedback or html2plaintext(message.body or ""),
            }
            for message in messages
        ]

    def _check_pending(self):
        if self.session_id.state != "running":
            raise UserError(self.env._("Start the call session before logging its calls."))
        if self.state != "pending":
            raise UserError(
                self.env._("The call to %(partner)s is logged already.", partner=self.partner_id.display_name)
            )
