from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

DOCUMENT_FIGURES = [
    "quoted_amount",
    "ordered_amount",
    "invoiced_amount",
    "paid_amount",
    "purchased_amount",
    "margin_amount",
]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    purchase_order_ids = fields.One2many("purchase.order", "opportunity_id", string="Purchase orders")
    purchase_order_count = fields.Integer(
        compute="_compute_purchase_order_count", compute_sudo=True, string="Purchases"
    )
    invoice_ids = fields.One2many("account.move", "opportunity_id", string="Invoices and bills")
    customer_invoice_count = fields.Integer(compute="_compute_customer_invoice_count", compute_sudo=True)
    # The deal's figures in the company currency, read in one query for a whole list of deals
    quoted_amount = fields.Monetary(
        string="Quoted",
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="Untaxed total of the open quotations.",
    )
    ordered_amount = fields.Monetary(
        string="Ordered",
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="Untaxed total of the confirmed sales orders.",
    )
    invoiced_amount = fields.Monetary(
        string="Invoiced",
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="Untaxed total of the posted customer invoices minus their credit notes.",
    )
    paid_amount = fields.Monetary(
        string="Paid",
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="What has been paid of the posted customer invoices, taxes included, minus what was refunded.",
    )
    purchased_amount = fields.Monetary(
        string="Purchased",
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="Untaxed total of the confirmed purchase orders and of the posted vendor bills that do not come "
        "from one.",
    )
    margin_amount = fields.Monetary(
        string="Margin",
        compute="_compute_document_figures",
        compute_sudo=True,
        currency_field="company_currency",
        help="Invoiced minus purchased.",
    )

    # Stale opportunities: a stale period starts at the last stage change, or when the salesperson marks a
    # stale reminder done without moving the deal; one reminder per period.
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

    @api.depends("purchase_order_ids")
    def _compute_purchase_order_count(self):
        counts = self._count_per_deal("purchase.order", [])
        for lead in self:
            lead.purchase_order_count = counts.get(lead._origin.id, 0)

    @api.depends("invoice_ids.state", "invoice_ids.move_type")
    def _compute_customer_invoice_count(self):
        counts = self._count_per_deal(
            "account.move", [("move_type", "in", ("out_invoice", "out_refund")), ("state", "!=", "cancel")]
        )
        for lead in self:
            lead.customer_invoice_count = counts.get(lead._origin.id, 0)

    def _count_per_deal(self, model, domain):
        """{deal id: number of its ``model`` documents matching ``domain``}, in one query."""
        groups = self.env[model]._read_group(
            [("opportunity_id", "in", self._origin.ids), *domain], ["opportunity_id"], ["__count"]
        )
        return {deal.id: count for deal, count in groups}

    @api.depends(
        "order_ids.state",
        "order_ids.amount_untaxed",
        "purchase_order_ids.state",
        "purchase_order_ids.amount_untaxed",
        "invoice_ids.state",
        "invoice_ids.amount_untaxed_signed",
        "invoice_ids.amount_residual_signed",
    )
    def _compute_document_figures(self):
        groups = self.env["crm.lead.document.report"]._read_group(
            [("opportunity_id", "in", self._origin.ids)],
            ["opportunity_id"],
            [f"{figure}:sum" for figure in DOCUMENT_FIGURES],
        )
        figures = {lead.id: sums for lead, *sums in groups}
        for lead in self:
            sums = figures.get(lead._origin.id) or [0.0] * len(DOCUMENT_FIGURES)
            lead.update(dict(zip(DOCUMENT_FIGURES, sums, strict=True)))

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
            days = since and (now - lead.date_last_stage_update).days
            lead.stale_days_count = days
            lead.stale_badge = since and (
                self.env._("stale · 1 day") if days == 1 else self.env._("stale · %s days", days)
            )

    def _search_is_stale(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Stale opportunities can only be searched as yes or no."))
        stale = SQL("(SELECT lead.id %s)", self._stale_from(fields.Datetime.now()))
        return [("id", "in" if (operator == "=") == value else "not in", stale)]

    @api.onchange("partner_id")
    def _onchange_partner_id_salesperson(self):
        if salesperson := self.partner_id.commercial_partner_id.user_id:
            self.user_id = salesperson

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._default_salesperson_from_partner(vals_list)
        leads = super().create(vals_list)
        leads.filtered(lambda lead: lead.stage_id.is_proposal_stage).partner_id._start_proposal()
        leads._plan_first_call()
        return leads

    def write(self, vals):
        result = super().write(vals)
        if "stage_id" in vals:  # a stage change ends the stale period and its reminder
            stale_type = self.env.ref("pyme_crm.mail_activity_type_stale", raise_if_not_found=False)
            self.activity_ids.filtered(lambda a: a.activity_type_id == stale_type).sudo().unlink()
        if vals.get("stage_id"):
            proposals = self.filtered(
                lambda lead: lead.stage_id.is_proposal_stage and not lead.stage_id.is_won
            )
            proposals.partner_id._start_proposal()
        if vals.get("active") is False:  # lost or archived: a proposal deal may end the proposals
            self.filtered(lambda lead: lead.stage_id.is_proposal_stage).partner_id._end_proposal()
        return result

    def get_formview_id(self, access_uid=None):
        """Users outside sales (accountants) open a deal in its read-only accounting view."""
        user = self.env["res.users"].browse(access_uid) if access_uid else self.env.user
        if not user.has_group("sales_team.group_sale_salesman"):
            return self.env.ref("pyme_crm.crm_lead_view_form_accounting").id
        return super().get_formview_id(access_uid=access_uid)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_new_purchase_order(self):
        """A new purchase order for the deal, with the deal as its origin."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New purchase order"),
            "res_model": "purchase.order",
            "view_mode": "form",
            "context": {
                "default_opportunity_id": self.id,
                "default_origin": self.name,
                "default_company_id": (self.company_id or self.env.company).id,
            },
        }

    def action_view_purchase_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_form_action")
        action["domain"] = [("opportunity_id", "=", self.id)]
        action["context"] = {"default_opportunity_id": self.id, "default_origin": self.name}
        if self.purchase_order_count == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=self.purchase_order_ids.id)
        return action

    def action_view_invoices(self):
        """The deal's customer invoices and credit notes, as far as the user may see them."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [
            ("opportunity_id", "=", self.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ]
        action["context"] = {
            "default_move_type": "out_invoice",
            "default_opportunity_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_view_document_figures(self):
        """Every document of the deal with its figures."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("pyme_crm.crm_lead_document_report_action")
        action["domain"] = [("opportunity_id", "=", self.id)]
        action["context"] = {}
        action["view_mode"] = "list,pivot"
        action["views"] = [(False, "list"), (False, "pivot")]
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _default_salesperson_from_partner(self, vals_list):
        """A new deal without a salesperson takes its contact's responsible salesperson."""
        partner_ids = {
            vals["partner_id"] for vals in vals_list if vals.get("partner_id") and "user_id" not in vals
        }
        if not partner_ids:
            return
        partners = self.env["res.partner"].browse(partner_ids)
        salesperson = {partner.id: partner.commercial_partner_id.user_id.id for partner in partners}
        for vals in vals_list:
            if "user_id" not in vals and salesperson.get(vals.get("partner_id")):
                vals["user_id"] = salesperson[vals["partner_id"]]

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        """A contact created from a lead or an opportunity is a prospect."""
        return dict(
            super()._prepare_customer_values(partner_name, is_company=is_company, parent_id=parent_id),
            commercial_list="prospect",
        )

    def _plan_first_call(self):
        """Every new lead becomes a call for its salesperson (the team leader when it has none), whatever
        its channel, unless something is planned already; and optionally an acknowledgement email."""
        leads = self.filtered(lambda lead: lead.active and not lead.stage_id.is_won and not lead.activity_ids)
        default_type = self.env.ref("pyme_crm.mail_activity_type_call_lead")
        default_ack = self.env.ref("pyme_crm.mail_template_lead_acknowledgement")
        res_model_id = self.env["ir.model"]._get_id("crm.lead")
        activities, acknowledged = [], []
        for lead in leads:
            company = lead.company_id or self.env.company
            assignee = lead.user_id or lead.team_id.user_id
            if company.crm_call_new_leads and assignee:
                activity_type = company.crm_call_activity_type_id or default_type
                deadline = fields.Date.context_today(lead) + timedelta(days=company.crm_call_delay_days)
                activities.append(
                    {
                        "res_model_id": res_model_id,
                        "res_id": lead.id,
                        "activity_type_id": activity_type.id,
                        "summary": activity_type.summary,
                        "user_id": assignee.id,
                        "date_deadline": deadline,
                    }
                )
            if company.crm_lead_ack_mail and lead.email_from:
                acknowledged.append((lead, company.crm_lead_ack_template_id or default_ack))
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(activities)
        for lead, template in acknowledged:
            lead.sudo().message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    # ------------------------------------------------------------
    # STALE OPPORTUNITIES
    # ------------------------------------------------------------

    def _stale_from(self, now):
        """FROM and WHERE of the open opportunities that are stale at ``now``, exposing ``lead``, ``team``,
        ``stage``, ``threshold.days`` and ``period.start`` (start of the current stale period)."""
        self.env["crm.lead"].flush_model(
            [
                *("active", "type", "stage_id", "company_id", "team_id", "user_id"),
                *("date_last_stage_update", "stale_acknowledged_at", "stale_reminded_for"),
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
                   SELECT GREATEST(lead.date_last_stage_update, lead.stale_acknowledged_at) AS start
                   ) period
             WHERE lead.active AND lead.type = 'opportunity' AND stage.is_won IS NOT TRUE
               AND threshold.days > 0 AND period.start + make_interval(days => threshold.days) <= %(now)s
            """,
            default_days=self.env.company.crm_stale_days,
            now=now,
        )

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
        self.env.cr.execute(
            SQL(
                """SELECT lead.id, period.start, COALESCE(lead.user_id, team.user_id) %s
                   ORDER BY lead.id LIMIT %s FOR UPDATE OF lead SKIP LOCKED""",
                pending,
                batch_size,
            )
        )
        batch = self.env.cr.fetchall()
        if batch:
            self._remind_stale(batch)
        self.env.cr.execute(SQL("SELECT COUNT(*) %s", pending))  # the batch is no longer pending
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=self.env.cr.fetchone()[0])
        return len(batch)

    def _remind_stale(self, batch):
        """Plan the reminders of ``batch`` ((lead id, period start, assignee id) rows) and send each stage's
        email, in a number of queries that does not grow with the batch."""
        leads = self.browse([lead_id for lead_id, _start, _user in batch])
        users = self.env["res.users"].browse({user_id for _lead, _start, user_id in batch})
        langs = {user.id: user.lang for user in users}
        stale_type = self.env.ref("pyme_crm.mail_activity_type_stale")
        res_model_id = self.env["ir.model"]._get_id("crm.lead")
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        activities = []
        for lead, (_lead_id, _start, user_id) in zip(leads, batch, strict=True):
            days = (now - lead.date_last_stage_update).days
            activities.append(
                {
                    "res_model_id": res_model_id,
                    "res_id": lead.id,
                    "activity_type_id": stale_type.id,
                    "user_id": user_id,
                    "date_deadline": today,
                    "summary": stale_type.with_context(lang=langs[user_id]).name,
                    "note": self.with_context(lang=langs[user_id]).env._(
                        "No change for %(days)s days in the stage “%(stage)s”.",
                        days=days,
                        stage=lead.stage_id.with_context(lang=langs[user_id]).name,
                    ),
                }
            )
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(activities)
        self.env.cr.execute(
            SQL(
                """UPDATE crm_lead SET stale_reminded_for = batch.start
                     FROM unnest(%s::int[], %s::timestamp[]) AS batch(id, start)
                    WHERE crm_lead.id = batch.id""",
                [lead_id for lead_id, _start, _user in batch],
                [start for _lead, start, _user in batch],
            )
        )
        leads.invalidate_recordset(["stale_reminded_for"])
        for lead in leads.filtered(lambda lead: lead.stage_id.stale_mail_template_id):
            lead.sudo().message_post_with_source(
                lead.stage_id.stale_mail_template_id, subtype_xmlid="mail.mt_comment"
            )
