from collections import Counter
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from ..tools.call_times import CALL_TIME_KEYS, call_times_now
from ..tools.followup import FOLLOWUP_TYPE
from .pyme_crm_call_session_line import selection_of
from .res_partner_call import call_time_key
from .res_users import SALES_STYLES

# The blocks of the queue in the method's order, by the salesperson's style (see _queue_blocks).
FIRST_AFTER_FOLLOWUPS = {"farmer": ("client", "prospect"), "hunter": ("prospect", "client")}
VISIT_TYPE = "pyme_crm.mail_activity_type_visit"
PROPOSAL_TYPE = "pyme_crm.mail_activity_type_send_proposal"


class PymeCrmCallSession(models.Model):
    """A block of calls: the day's calls of a salesperson in the method's order, one contact at a time."""

    _name = "pyme_crm.call.session"
    _inherit = ["mail.thread"]
    _description = "Call session"
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date = fields.Date(required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        required=True,
        default="draft",
        tracking=True,
    )
    planned_minutes = fields.Integer(
        string="Planned minutes", default=180, help="The method: blocks of at least three hours."
    )
    call_limit = fields.Integer(string="Number of calls", default=40, help="The most calls the queue holds.")
    sales_style = fields.Selection(
        SALES_STYLES,
        string="After the follow-ups",
        required=True,
        default=lambda self: self.env.user.sales_style or "farmer",
    )
    scope = fields.Selection(
        [("mine", "My contacts"), ("team", "My teams' contacts")],
        required=True,
        default="mine",
        help="My teams': the contacts of the salespeople of the teams I lead or belong to that I may see.",
    )
    started_at = fields.Datetime(readonly=True)
    ended_at = fields.Datetime(readonly=True)
    line_ids = fields.One2many("pyme_crm.call.session.line", "session_id", string="Calls")
    call_count = fields.Integer(string="Calls made", compute="_compute_summary")
    answered_count = fields.Integer(string="Answered", compute="_compute_summary")
    appointment_count = fields.Integer(string="Appointments", compute="_compute_summary")
    proposal_count = fields.Integer(string="Proposals requested", compute="_compute_summary")
    move_count = fields.Integer(string="Moves between lists", compute="_compute_summary")

    @api.depends("user_id", "date")
    def _compute_name(self):
        for session in self:
            session.name = f"{session.user_id.name or ''} {format_date(self.env, session.date)}".strip()

    @api.depends("line_ids.state", "line_ids.outcome_id", "line_ids.list_after")
    def _compute_summary(self):
        visit, proposal = self.env.ref(VISIT_TYPE), self.env.ref(PROPOSAL_TYPE)
        for session in self:
            done = session.line_ids.filtered(lambda line: line.state == "done")
            next_types = [line.outcome_id.next_activity_type_id for line in done]
            session.call_count = len(done)
            session.answered_count = len(done.filtered(lambda line: not line.outcome_id.no_answer))
            session.appointment_count = next_types.count(visit)
            session.proposal_count = next_types.count(proposal)
            session.move_count = len(done.filtered(lambda line: line.list_after != line.list_before))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_start(self):
        """Build the queue and start the block."""
        for session in self:
            if session.state != "draft":
                raise UserError(
                    self.env._("The call session %(name)s has started already.", name=session.name)
                )
            session.line_ids.unlink()
            self.env["pyme_crm.call.session.line"].create(
                [
                    {"session_id": session.id, "sequence": sequence, **line}
                    for sequence, line in enumerate(session._queue(), start=1)
                ]
            )
            session.write({"state": "running", "started_at": fields.Datetime.now()})
        return True

    def action_end(self):
        """End the block: the contacts not called stay due tomorrow, and the summary is posted."""
        for session in self.filtered(lambda s: s.state == "running"):
            session._carry_over()
            session.write({"state": "done", "ended_at": fields.Datetime.now()})
            # logged, not sent: the salesperson may have no email address
            session._message_log(body=session._summary_text(), author_id=session.user_id.partner_id.id)
        return True

    @api.model
    def action_open_current(self):
        """The current user's session of today that has not ended, or a new one to start."""
        session = self.search(
            [
                ("user_id", "=", self.env.uid),
                ("date", "=", fields.Date.context_today(self)),
                ("state", "!=", "done"),
            ],
            limit=1,
        )
        return (session or self.create({})).id

    @api.readonly
    def get_screen(self):
        """Everything the call screen shows: the session, its next pending call, the outcomes and the
        follow-up shortcuts to choose from, and the summary."""
        self.ensure_one()
        line = self.line_ids.filtered(lambda line: line.state == "pending")[:1]
        followup = self.env.ref(FOLLOWUP_TYPE)
        elapsed = self.started_at and ((self.ended_at or fields.Datetime.now()) - self.started_at)
        return {
            "session": {
                "id": self.id,
                "name": self.name,
                "state": self.state,
                "call_limit": self.call_limit,
                "planned_minutes": self.planned_minutes,
                "sales_style": self.sales_style,
                "scope": self.scope,
                "elapsed_minutes": int(elapsed.total_seconds() // 60) if elapsed else 0,
                "line_count": len(self.line_ids),
                "handled_count": len(self.line_ids.filtered(lambda line: line.state != "pending")),
            },
            "sales_styles": selection_of(self, "sales_style"),
            "scopes": selection_of(self, "scope"),
            "line": line._screen() if line else False,
            "outcomes": [
                {"id": o.id, "name": o.name, "note_required": o.note_required, "no_answer": o.no_answer}
                for o in followup._outcomes_for("res.partner")
            ],
            "shortcuts": selection_of(self.env["res.partner.call.outcome"], "followup_shortcut"),
            "summary": {
                "calls": self.call_count,
                "answered": self.answered_count,
                "appointments": self.appointment_count,
                "proposals": self.proposal_count,
                "moves": self.move_count,
            },
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _scope_users(self):
        self.ensure_one()
        if self.scope == "mine":
            return self.user_id
        return self.user_id._pyme_crm_team_members()

    def _queue(self):
        """The session's queue in the method's order, as line values, in one query: the proposals in
        progress (with their follow-up due or none planned), the follow-ups due (late first, by date,
        then priority A, B, C, 1, 2, 3), then the clients and the prospects (the prospects first for a
        hunter) with no follow-up planned, the ones called longest ago first. Within each block the
        contacts whose best time to call is now come first. Only the commercial entities the
        salesperson may see, up to the call limit; nobody called today without a follow-up due.

        Each part of a block is read for each salesperson and each time to call up to the call limit,
        in the order of an index (see res_partner_call.py): the queue costs the same whatever the
        number of contacts."""
        self.ensure_one()
        Partner = self.env["res.partner"].with_user(self.user_id).with_company(self.company_id)
        today = fields.Date.context_today(self.with_user(self.user_id))
        now = fields.Datetime.context_timestamp(self.with_user(self.user_id), fields.Datetime.now())
        first, second = FIRST_AFTER_FOLLOWUPS[self.sales_style]
        limit = max(self.call_limit, 0)
        due = [("next_followup_date", "<=", today)]
        unplanned = [("next_followup_date", "=", False), ("last_call_date", "!=", today)]
        due_order = "next_followup_date, commercial_priority_rank, last_call_date asc nulls first, id"
        unplanned_order = "last_call_date asc nulls first, commercial_priority_rank, id"
        proposal_order = f"commercial_priority_rank, {unplanned_order}"
        # (block, domain, order, the follow-up list's rank: proposals 0, the others 1)
        parts = [
            (0, due, due_order, 0),
            (0, [("commercial_list", "=", "proposal"), *unplanned], proposal_order, None),
            (1, due, due_order, 1),
            (2, [("commercial_list", "=", first), *unplanned], unplanned_order, None),
            (3, [("commercial_list", "=", second), *unplanned], unplanned_order, None),
        ]
        fitting = call_times_now(now) or [""]
        selects = [
            SQL("(%s)", self._queue_part(Partner, block, domain, order, limit, fitting, list_rank))
            for block, domain, order, list_rank in parts
        ]
        rows = self.env.execute_query(  # flushes the fields it reads, the record rules' too
            SQL(
                """SELECT id, block, fits_now
                     FROM unnest(%s::int[]) AS scope_user(uid),
                          unnest(%s::varchar[]) AS call_time(key),
                          LATERAL (%s) queue
                    ORDER BY block, fits_now DESC, followup_date NULLS LAST,
                             CASE WHEN block < 2 THEN rank END, last_call NULLS FIRST, rank, id
                    LIMIT %s""",
                self._scope_users().ids,
                [*CALL_TIME_KEYS, ""],
                SQL(" UNION ALL ").join(selects),
                limit,
            )
        )
        reasons = {0: "proposal", 1: "followup", 2: first, 3: second}
        return [
            {"partner_id": partner_id, "reason": reasons[block], "time_fits_now": fits}
            for partner_id, block, fits in rows
        ]

    def _queue_part(self, Partner, block, domain, order, limit, fitting, list_rank):
        """The first ``limit`` commercial entities of ``domain`` (and of the follow-up list's rank
        ``list_rank`` if given) the salesperson may see, in ``order``, of the salesperson ``scope_user``
        and with the time to call ``call_time`` of the query around."""
        query = Partner._search(domain, order=order, limit=limit)
        table = query.table

        def column(name):
            return SQL.identifier(table, name, to_flush=Partner._fields[name])

        query.add_where(SQL("%s = %s", column("commercial_partner_id"), column("id")))
        query.add_where(SQL("%s = scope_user.uid", column("user_id")))
        query.add_where(SQL("%s = call_time.key", call_time_key(column)))
        if list_rank is not None:  # in SQL: the domain's "= 0" would also match NULL, and miss the index
            query.add_where(SQL("%s = %s", column("followup_list_rank"), list_rank))
        return query.select(
            SQL("%s AS id", column("id")),
            SQL("%s AS block", block),
            SQL("call_time.key = ANY(%s) AS fits_now", fitting),
            SQL("%s AS followup_date", column("next_followup_date")),
            SQL("%s AS rank", column("commercial_priority_rank")),
            SQL("%s AS last_call", column("last_call_date")),
        )

    def _carry_over(self):
        """The contacts of the lines not done with nothing planned get a follow-up tomorrow; the ones
        with a follow-up due keep it (still due tomorrow, the late ones still first)."""
        partners = self.line_ids.filtered(lambda line: line.state != "done").partner_id
        tomorrow = fields.Date.context_today(self.with_user(self.user_id)) + timedelta(days=1)
        partners.filtered(lambda p: not p.next_followup_date)._schedule_followups(tomorrow)

    def _summary_text(self):
        """The summary as the salesperson's history keeps it: the counts, then each move between lists."""
        self.ensure_one()
        text = self.env._(
            "Call session ended. Calls: %(calls)s, answered: %(answered)s, appointments: %(appointments)s, "
            "proposals requested: %(proposals)s, moves between lists: %(moves)s.",
            calls=self.call_count,
            answered=self.answered_count,
            appointments=self.appointment_count,
            proposals=self.proposal_count,
            moves=self.move_count,
        )
        lists = dict(selection_of(self.line_ids, "list_before"))
        moves = Counter(
            (line.list_before, line.list_after)
            for line in self.line_ids
            if line.list_before != line.list_after
        )
        items = [
            Markup("<li>%s → %s: %s</li>") % (lists[before], lists[after], count)
            for (before, after), count in sorted(moves.items())
        ]
        return Markup("<p>%s</p>") % text + (Markup("<ul>%s</ul>") % Markup().join(items) if items else "")
