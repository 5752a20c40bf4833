from urllib.parse import quote

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, create_index

from ..tools.call_times import CALL_TIMES, DEFAULT_CALL_TIME, next_try
from ..tools.method import ALLOWED_MOVES
from .res_partner import INTERNAL


def call_time_key(column=SQL.identifier):
    """When to call a contact now: its next try, else its best time ('' if none), as the call session's
    queue and its indexes read it; ``column`` renders a column of res_partner."""
    return SQL("COALESCE(%s, %s, '')", column("next_call_time"), column("best_call_time"))


class ResPartner(models.Model):
    """Calling a contact: when to call it, the attempts without an answer, and logging a call with its
    outcome, the same for the call dialog and the call session."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    best_call_time = fields.Selection(
        CALL_TIMES,
        string="Best time to call",
        compute="_compute_best_call_time",
        store=True,
        readonly=False,
        help="When the contact is usually reached. By default, businesses in the morning, the "
        "self-employed from 17:00 to 19:00 and individuals in the evening.",
        groups=INTERNAL,
    )
    next_call_time = fields.Selection(
        CALL_TIMES,
        string="Next try",
        readonly=True,
        copy=False,
        help="After a call without an answer, the next try is at another time of day.",
        groups=INTERNAL,
    )
    call_attempt_count = fields.Integer(
        string="Calls without an answer",
        readonly=True,
        copy=False,
        help="Calls in a row without an answer; back to 0 when someone answers.",
        groups=INTERNAL,
    )
    last_call_date = fields.Date(
        string="Last call", readonly=True, copy=False, index="btree_not_null", groups=INTERNAL
    )
    whatsapp_url = fields.Char(string="WhatsApp", compute="_compute_whatsapp_url", groups=INTERNAL)

    def _auto_init(self):
        """The best time of existing contacts in one statement, not computed contact by contact."""
        cr = self.env.cr
        if not column_exists(cr, "res_partner", "best_call_time"):
            create_column(cr, "res_partner", "best_call_time", "varchar")
            best_time = SQL("%s", "morning")  # installing: nobody has a customer type yet
            if column_exists(cr, "res_partner", "customer_type"):
                cases = SQL(" ").join(SQL("WHEN %s THEN %s", *case) for case in DEFAULT_CALL_TIME.items())
                best_time = SQL("CASE customer_type %s ELSE %s END", cases, "morning")
            cr.execute(SQL("UPDATE res_partner SET best_call_time = %s", best_time))
        return super()._auto_init()

    def init(self):
        result = super().init()
        # The call session's queue reads each of its parts for one salesperson and one time to call, in
        # its order, from these (see pyme_crm.call.session._queue): its first calls, whatever the number
        # of contacts. The commercial entities only: the follow-ups due, the proposals and the lists with
        # nothing planned.
        entities = "commercial_partner_id = id"
        call_time = call_time_key().code
        for name, columns, where in (
            (
                "res_partner_queue_due_index",
                [
                    "user_id",
                    "followup_list_rank",
                    call_time,
                    "next_followup_date",
                    "commercial_priority_rank",
                    "last_call_date NULLS FIRST",
                    "id",
                ],
                "next_followup_date IS NOT NULL",
            ),
            (
                "res_partner_queue_unplanned_index",
                [
                    "user_id",
                    "commercial_list",
                    call_time,
                    "last_call_date NULLS FIRST",
                    "commercial_priority_rank",
                    "id",
                ],
                "next_followup_date IS NULL",
            ),
            (
                "res_partner_queue_proposal_index",
                ["user_id", call_time, "commercial_priority_rank", "last_call_date NULLS FIRST", "id"],
                "next_followup_date IS NULL AND commercial_list = 'proposal'",
            ),
        ):
            create_index(self.env.cr, name, self._table, columns, where=f"{where} AND {entities}")
        return result

    @api.depends("customer_type")
    def _compute_best_call_time(self):
        for partner in self:
            partner.best_call_time = DEFAULT_CALL_TIME.get(partner.customer_type, "morning")

    @api.depends("mobile", "phone", "country_id", "name")
    @api.depends_context("uid")
    def _compute_whatsapp_url(self):
        for partner in self:
            number = partner.mobile or partner.phone
            international = number and partner._phone_format(number=number, country=partner.country_id)
            digits = "".join(filter(str.isdigit, international or ""))
            partner.whatsapp_url = digits and f"https://wa.me/{digits}?text={quote(partner._whatsapp_text())}"

    def _whatsapp_text(self):
        user = self.env.user
        if self.is_company or not self.name:
            return self.env._(
                "Hello, this is %(user)s from %(company)s.", user=user.name, company=user.company_id.name
            )
        return self.env._(
            "Hello %(name)s, this is %(user)s from %(company)s.",
            name=self.name.split()[0],
            user=user.name,
            company=user.company_id.name,
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_whatsapp(self):
        """Open WhatsApp on the contact's number, the message written, and log it on the contact."""
        self.ensure_one()
        if not self.whatsapp_url:
            raise UserError(self.env._("%(partner)s has no phone number.", partner=self.display_name))
        self.commercial_partner_id.message_post(
            body=self.env._("WhatsApp message to %(number)s.", number=self.mobile or self.phone),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_url", "url": self.whatsapp_url, "target": "new"}

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _log_call(
        self,
        outcome,
        note="",
        shortcut=None,
        chosen_date=None,
        commercial_list=None,
        commercial_priority=None,
    ):
        """Log a call to the commercial entity of self: reclassify it and set its priority (given ones
        only), close its current follow-up (or the call itself, as a follow-up done today) with the
        outcome and the note, count the attempts without an answer, and plan the next follow-up: the
        ``shortcut``'s, else after no answer the next try at another time of day, else next week. Any
        refusal leaves the contact as it was.

        Returns {"answered", "attempts", "suggest_on_hold"}: the attempts reached the company's
        maximum and the contact may be put on hold."""
        partner = self.commercial_partner_id
        partner.ensure_one()
        came_from = partner.commercial_list
        commercial_list = commercial_list or came_from
        if shortcut == "date" and not chosen_date:
            raise UserError(self.env._("Choose the date of the next follow-up."))
        if came_from == "client" and commercial_list == "prospect" and not (note or "").strip():
            raise UserError(self.env._("Say in the note why the client was lost."))
        if outcome.note_required and not (note or "").strip():
            raise UserError(
                self.env._(
                    "The outcome “%(outcome)s” needs a note: write what was said.", outcome=outcome.name
                )
            )
        partner._check_move(commercial_list)
        values = {"commercial_list": commercial_list} if commercial_list != came_from else {}
        if commercial_priority is not None and commercial_priority != partner.commercial_priority:
            values["commercial_priority"] = commercial_priority or False
        if values:
            partner.write(values)
        if commercial_list == "proposal" and came_from != "proposal":
            partner.sudo().commercial_list_before_proposal = came_from  # a system field
        calls = partner._open_followups() or partner.with_context(
            mail_activity_quick_update=True
        )._schedule_followups(fields.Date.context_today(self))
        calls.write({"outcome_id": outcome.id})
        calls.action_feedback(feedback=note or False)
        answered = not outcome.no_answer
        attempts = 0 if answered else partner.call_attempt_count + 1
        call_time = False
        if not answered:
            call_time, retry_day = next_try(fields.Datetime.context_timestamp(self, fields.Datetime.now()))
            if shortcut is None:
                shortcut, chosen_date = "date", retry_day
        # the counters only the calls write (system fields)
        partner.sudo().write(
            {
                "call_attempt_count": attempts,
                "next_call_time": call_time,
                "last_call_date": fields.Date.context_today(self),
            }
        )
        partner._plan_followup(shortcut or "next_week", chosen_date)
        maximum = (partner.company_id or self.env.company).crm_call_attempts
        return {
            "answered": answered,
            "attempts": attempts,
            "suggest_on_hold": bool(
                maximum and attempts >= maximum and "on_hold" in ALLOWED_MOVES[partner.commercial_list]
            ),
        }
