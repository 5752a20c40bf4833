import logging

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..tools.followup import FOLLOWUP_TYPE

_logger = logging.getLogger(__name__)


class CrmLead(models.Model):
    """Stale opportunities: an open opportunity left without change for longer than its threshold (the
    stage's own, or the company's) is stale, and its salesperson gets one reminder per stale period.

    What counts as a change is the company's rule: the last stage change ("stage"), or also the last
    activity marked done or note logged on the deal ("activity"). A stale period starts at that change,
    or when the salesperson marks a reminder done without moving the deal. With the company's pause on,
    a deal with an action planned from today on (an open activity on the deal, or a follow-up of its
    contact) is not stale while it waits for that date; once the date has passed, the deal is judged as
    if it had not waited: doing the action (a change under the "activity" rule) is what starts a new
    period, planning it only hides the deal until its day."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "pyme_crm.system.fields.mixin"]
    _system_fields = ("stale_acknowledged_at", "stale_reminded_for")

    stale_acknowledged_at = fields.Datetime(
        readonly=True, copy=False, help="When a stale reminder was last marked done."
    )
    stale_reminded_for = fields.Datetime(
        readonly=True, copy=False, help="Start of the stale period a reminder was planned for."
    )
    is_stale = fields.Boolean(compute="_compute_stale", search="_search_is_stale", string="Stale")
    stale_since = fields.Datetime(compute="_compute_stale", string="Stale since")
    stale_days_count = fields.Integer(
        compute="_compute_stale",
        string="Days without change",
        help="Days since the last change the company's stale rule counts: the last stage change, or also "
        "the last activity done or note logged on the deal.",
    )
    stale_badge = fields.Char(compute="_compute_stale", string="Stale for")

    def _compute_stale(self):
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                "SELECT lead.id, period.start + make_interval(days => threshold.days), period.changed "
                "%s AND lead.id = ANY(%s)",
                self._stale_from(now),
                self._origin.ids,
            )
        )
        stale = {lead_id: (since, changed) for lead_id, since, changed in self.env.cr.fetchall()}
        for lead in self:
            since, changed = stale.get(lead._origin.id, (False, False))
            lead.is_stale = bool(since)
            lead.stale_since = since
            days = since and (now - changed).days
            lead.stale_days_count = days
            lead.stale_badge = since and (
                self.env._("stale · 1 day") if days == 1 else self.env._("stale · %s days", days)
            )

    def _search_is_stale(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Stale opportunities can only be searched as yes or no."))
        stale = SQL("(SELECT lead.id %s)", self._stale_from(fields.Datetime.now()))
        return [("id", "in" if (operator == "=") == value else "not in", stale)]

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def init(self):
        result = super().init()
        # The open opportunities unchanged since before the shortest threshold: the only ones that can be
        # stale, so the cron and the "Stale" filter look at the old deals, not the whole pipeline.
        create_index(
            self.env.cr,
            "crm_lead_pyme_crm_stale_candidate_index",
            self._table,
            ["COALESCE(date_last_stage_update, create_date)"],
            where="active AND type = 'opportunity'",
        )
        return result

    def write(self, vals):
        result = super().write(vals)
        if "stage_id" in vals:  # a stage change ends the stale period and its reminder
            stale_type = self.env.ref("pyme_crm.mail_activity_type_stale", raise_if_not_found=False)
            self.activity_ids.filtered(lambda a: a.activity_type_id == stale_type).sudo().unlink()
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _stale_from(self, now):
        """FROM and WHERE of the open opportunities that are stale at ``now``, exposing ``lead``, ``team``,
        ``stage``, ``threshold.days``, ``period.changed`` (the last change the company's rule counts) and
        ``period.start`` (start of the current stale period: that change, or a reminder marked done).

        Rule "activity" counts as changes the notes logged on the deal (internal notes) and its activities
        marked done (their message keeps their type); emails to the customer, including the stale email
        itself, are not changes. The pause counts the deal's open activities due from today on (in the
        user's time zone) other than its stale reminders, and the open follow-ups of its contact (or of the
        contact's company) due from today on. A deal's period starts at its last stage change or later,
        so only the deals unchanged since before the shortest threshold (positive, of a stage or a
        company) are looked at, read from ``crm_lead_pyme_crm_stale_candidate_index``."""
        self.env["crm.lead"].flush_model(
            [
                *("active", "type", "stage_id", "company_id", "team_id", "user_id", "partner_id"),
                *("create_date", "date_last_stage_update", "stale_acknowledged_at", "stale_reminded_for"),
            ]
        )
        self.env["crm.stage"].flush_model(["is_won", "stale_custom", "stale_days"])
        self.env["crm.team"].flush_model(["user_id"])
        self.env["res.company"].flush_model(["crm_stale_days", "crm_stale_rule", "crm_stale_pause_planned"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["mail.message"].flush_model(
            ["model", "res_id", "message_type", "subtype_id", "mail_activity_type_id", "date"]
        )
        self.env["mail.activity"].flush_model(
            ["res_model", "res_id", "active", "activity_type_id", "date_deadline"]
        )
        xmlid = self.env["ir.model.data"]._xmlid_to_res_id  # cached: no query per call
        company = self.env.company
        return SQL(
            """
              FROM crm_lead lead
              JOIN crm_stage stage ON stage.id = lead.stage_id
         LEFT JOIN crm_team team ON team.id = lead.team_id
         LEFT JOIN res_company company ON company.id = lead.company_id
         LEFT JOIN res_partner partner ON partner.id = lead.partner_id
        CROSS JOIN LATERAL (
                   SELECT CASE WHEN stage.stale_custom THEN stage.stale_days
                               ELSE COALESCE(company.crm_stale_days, %(default_days)s) END AS days,
                          COALESCE(company.crm_stale_rule, %(default_rule)s) AS rule,
                          COALESCE(company.crm_stale_pause_planned, %(default_pause)s) AS pause_planned
                   ) threshold
        CROSS JOIN LATERAL (
                   SELECT GREATEST(COALESCE(lead.date_last_stage_update, lead.create_date), MAX(message.date))
                          AS at
                     FROM mail_message message
                    WHERE threshold.rule = 'activity'
                      AND message.model = 'crm.lead' AND message.res_id = lead.id
                      AND (message.mail_activity_type_id IS NOT NULL
                           OR (message.message_type = 'comment' AND message.subtype_id = %(note)s))
                   ) change
        CROSS JOIN LATERAL (
                   SELECT change.at AS changed, GREATEST(change.at, lead.stale_acknowledged_at) AS start
                   ) period
             WHERE lead.active AND lead.type = 'opportunity' AND stage.is_won IS NOT TRUE
               AND COALESCE(lead.date_last_stage_update, lead.create_date) <= %(now)s - make_interval(
                   days => (SELECT MIN(days)
                              FROM (SELECT stale_days FROM crm_stage WHERE stale_custom
                                     UNION ALL SELECT crm_stale_days FROM res_company) thresholds(days)
                             WHERE days > 0))
               AND threshold.days > 0 AND period.start + make_interval(days => threshold.days) <= %(now)s
               AND NOT (threshold.pause_planned AND (
                        EXISTS (SELECT FROM mail_activity planned
                                 WHERE planned.res_model = 'crm.lead' AND planned.res_id = lead.id
                                   AND planned.active AND planned.date_deadline >= %(today)s
                                   AND planned.activity_type_id IS DISTINCT FROM %(stale_type)s)
                        OR EXISTS (SELECT FROM mail_activity followup
                                    WHERE followup.res_model = 'res.partner'
                                      AND followup.res_id IN (partner.id, partner.commercial_partner_id)
                                      AND followup.active AND followup.date_deadline >= %(today)s
                                      AND followup.activity_type_id = %(followup_type)s)))
            """,
            default_days=company.crm_stale_days,
            default_rule=company.crm_stale_rule,
            default_pause=company.crm_stale_pause_planned,
            note=xmlid("mail.mt_note"),
            stale_type=xmlid("pyme_crm.mail_activity_type_stale"),
            followup_type=xmlid(FOLLOWUP_TYPE),
            now=now,
            today=fields.Date.context_today(self, now),
        )

    def _remind_stale(self, batch):
        """Remind the leads of ``batch`` ((lead id, period start, assignee id, last change) rows, already
        marked as reminded for their period). When the batch fails, its leads are reminded one at a time: a
        lead that fails is logged and skipped for its period, so it never blocks the others, nor the next
        runs. A failure of the database itself (connection lost, serialization failure, timeout) ends the
        run: its transaction is rolled back, claims included, and the next run takes the batch again."""
        try:
            with self.env.cr.savepoint():
                self._plan_stale_reminders(batch)
        except (psycopg2.OperationalError, psycopg2.InterfaceError):
            raise
        except Exception:
            self.env.invalidate_all(flush=False)
            if len(batch) > 1:
                for row in batch:
                    self._remind_stale([row])
                return
            _logger.exception(
                "Stale opportunity %s: its reminder failed, skipped for this period", batch[0][0]
            )

    def _plan_stale_reminders(self, batch):
        """Plan the reminders of ``batch`` and send each stage's email, in a number of queries that does not
        grow with the batch."""
        leads = self.browse([row[0] for row in batch])
        users = self.env["res.users"].browse({row[2] for row in batch})
        envs = {user.id: self.with_context(lang=user.lang).env for user in users}  # in each one's language
        stale_type = self.env.ref("pyme_crm.mail_activity_type_stale")
        res_model_id = self.env["ir.model"]._get_id("crm.lead")
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        activities = []
        for lead, (_lead_id, _start, user_id, changed) in zip(leads, batch, strict=True):
            env = envs[user_id]
            activities.append(
                {
                    "res_model_id": res_model_id,
                    "res_id": lead.id,
                    "activity_type_id": stale_type.id,
                    "user_id": user_id,
                    "date_deadline": today,
                    "summary": stale_type.with_env(env).name,
                    "note": env._(
                        "No change for %(days)s days in the stage “%(stage)s”.",
                        days=(now - changed).days,
                        stage=lead.stage_id.with_env(env).name,
                    ),
                }
            )
        Activity = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True, tracking_disable=True)
        )
        Activity.create(activities).flush_recordset()  # res_name computed without tracking each lead
        for lead in leads.filtered(lambda lead: lead.stage_id.stale_mail_template_id):
            lead.sudo().message_post_with_source(
                lead.stage_id.stale_mail_template_id, subtype_xmlid="mail.mt_comment"
            )

    # ------------------------------------------------------------
    # CRONS
    # ------------------------------------------------------------

    @api.model
    def _cron_remind_stale_opportunities(self, batch_size=1000):
        """Plan one "stale opportunity" activity per stale period, a batch per call, reporting progress to
        the cron so that a long run goes on in the next call. Leads are claimed with SKIP LOCKED: two
        workers never remind the same period twice."""
        now = fields.Datetime.now()
        pending = SQL(
            """%s AND COALESCE(lead.user_id, team.user_id) IS NOT NULL
                  AND (lead.stale_reminded_for IS NULL OR lead.stale_reminded_for < period.start)""",
            self._stale_from(now),
        )
        # claimed and marked as reminded at once: a lead whose reminder fails is skipped for its period
        self.env.cr.execute(
            SQL(
                """UPDATE crm_lead SET stale_reminded_for = claim.start
                     FROM (SELECT lead.id, period.start, COALESCE(lead.user_id, team.user_id) AS user_id,
                                  period.changed %s
                            LIMIT %s FOR UPDATE OF lead SKIP LOCKED) claim
                    WHERE crm_lead.id = claim.id
                RETURNING claim.id, claim.start, claim.user_id, claim.changed""",
                pending,
                batch_size,
            )
        )
        batch = sorted(self.env.cr.fetchall())
        self.browse([row[0] for row in batch]).invalidate_recordset(["stale_reminded_for"])
        if batch:
            self._remind_stale(batch)
        remaining = 0  # a batch that is not full took every lead pending and not claimed by another worker
        if len(batch) == batch_size:
            self.env.cr.execute(SQL("SELECT COUNT(*) %s", pending))  # the batch is no longer pending
            remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return len(batch)
