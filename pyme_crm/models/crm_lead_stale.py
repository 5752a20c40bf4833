import logging

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class CrmLead(models.Model):
    """Stale opportunities: an open opportunity whose stage has not changed for longer than its threshold
    (the stage's own, or the company's) is stale, and its salesperson gets one reminder per stale
    period. A stale period starts at the last stage change, or when the salesperson marks a reminder
    done without moving the deal."""

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
    stale_days_count = fields.Integer(compute="_compute_stale", string="Days without stage change")
    stale_badge = fields.Char(compute="_compute_stale", string="Stale for")

    def _compute_stale(self):
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                "SELECT lead.id, period.start + make_interval(days => threshold.days) AS since "
                "%s AND lead.id = ANY(%s)",
                self._stale_from(now),
                self._origin.ids,
            )
        )
        stale_since = dict(self.env.cr.fetchall())
        for lead in self:
            since = stale_since.get(lead._origin.id)
            lead.is_stale = bool(since)
            lead.stale_since = since
            days = since and (now - lead._stage_since()).days
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
        ``stage``, ``threshold.days`` and ``period.start`` (start of the current stale period)."""
        self.env["crm.lead"].flush_model(
            [
                *("active", "type", "stage_id", "company_id", "team_id", "user_id"),
                *("create_date", "date_last_stage_update", "stale_acknowledged_at", "stale_reminded_for"),
            ]
        )
        self.env["crm.stage"].flush_model(["is_won", "stale_custom", "stale_days"])
        self.env["crm.team"].flush_model(["user_id"])
        self.env["res.company"].flush_model(["crm_stale_days"])
        return SQL(
            """
              FROM crm_lead lead
              JOIN crm_stage stage ON stage.id = lead.stage_id
         LEFT JOIN crm_team team ON team.id = lead.team_id
         LEFT JOIN res_company company ON company.id = lead.company_id
        CROSS JOIN LATERAL (
                   SELECT CASE WHEN stage.stale_custom THEN stage.stale_days
                               ELSE COALESCE(company.crm_stale_days, %(default_days)s) END AS days
                   ) threshold
        CROSS JOIN LATERAL (
                   SELECT GREATEST(COALESCE(lead.date_last_stage_update, lead.create_date),
                                   lead.stale_acknowledged_at) AS start
                   ) period
             WHERE lead.active AND lead.type = 'opportunity' AND stage.is_won IS NOT TRUE
               AND threshold.days > 0 AND period.start + make_interval(days => threshold.days) <= %(now)s
            """,
            default_days=self.env.company.crm_stale_days,
            now=now,
        )

    def _stage_since(self):
        return self.date_last_stage_update or self.create_date

    def _remind_stale(self, batch):
        """Remind the leads of ``batch`` ((lead id, period start, assignee id) rows, already marked as
        reminded for their period). When the batch fails, its leads are reminded one at a time: a lead that
        fails is logged and skipped for its period, so it never blocks the others, nor the next runs."""
        try:
            with self.env.cr.savepoint():
                self._plan_stale_reminders(batch)
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
        leads = self.browse([lead_id for lead_id, _start, _user in batch])
        users = self.env["res.users"].browse({user_id for _lead, _start, user_id in batch})
        envs = {user.id: self.with_context(lang=user.lang).env for user in users}  # in each one's language
        stale_type = self.env.ref("pyme_crm.mail_activity_type_stale")
        res_model_id = self.env["ir.model"]._get_id("crm.lead")
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        activities = []
        for lead, (_lead_id, _start, user_id) in zip(leads, batch, strict=True):
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
                        days=(now - lead._stage_since()).days,
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
                     FROM (SELECT lead.id, period.start, COALESCE(lead.user_id, team.user_id) AS user_id %s
                            ORDER BY lead.id LIMIT %s FOR UPDATE OF lead SKIP LOCKED) claim
                    WHERE crm_lead.id = claim.id
                RETURNING claim.id, claim.start, claim.user_id""",
                pending,
                batch_size,
            )
        )
        batch = sorted(self.env.cr.fetchall())
        self.browse([lead_id for lead_id, _start, _user in batch]).invalidate_recordset(
            ["stale_reminded_for"]
        )
        if batch:
            self._remind_stale(batch)
        self.env.cr.execute(SQL("SELECT COUNT(*) %s", pending))  # the batch is no longer pending
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=self.env.cr.fetchone()[0])
        return len(batch)
