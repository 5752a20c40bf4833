from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import RedirectWarning, UserError, ValidationError
from odoo.tools import SQL, clean_context, html2plaintext

from ..tools.followup import followup_date
from ..tools.method import ALLOWED_MOVES, COMMERCIAL_LISTS, COMMERCIAL_PRIORITIES, PRIORITIES_BY_LIST

# A client with this many confirmed orders in the last 12 months is a loyal client.
LOYAL_CLIENT_ORDERS = 2  # a repeat purchase (seed 003)
COMMERCIAL_FIELDS = [
    "commercial_list",
    "commercial_list_before_proposal",
    "commercial_priority",
    "commercial_role_ids",
    "source_id",
    "customer_type",
    "purchase_potential",
    "sales_zone_id",
    "commercial_priority_from_abc",
    "no_satisfaction_check",
]

# Sort keys of the follow-up list: proposals first (rule 3), then clients before prospects.
PRIORITY_RANK = {"A": 1, "B": 2, "C": 3, "1": 4, "2": 5, "3": 6}
NO_PRIORITY_RANK = 9
FOLLOWUP_TYPE = "pyme_crm.mail_activity_type_followup"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "pyme_crm.commercial.priority.mixin"]

    commercial_list = fields.Selection(
        COMMERCIAL_LISTS,
        string="Commercial list",
        # Not required in the database: Odoo's own tests of the addons below this one
        # insert partners without knowing the column. The constraint keeps it filled.
        default="reserve",
        index=True,
        tracking=True,
        help="Where the contact sits in the commercial method; shared by a company and its contact people.",
    )
    commercial_list_before_proposal = fields.Selection(
        COMMERCIAL_LISTS,
        string="List before the proposal",
        readonly=True,
        copy=False,
        help="Where the contact goes back when its last open proposal is cancelled, lost or expires.",
    )
    commercial_priority = fields.Selection(
        COMMERCIAL_PRIORITIES,
        string="Priority code",
        index=True,
        tracking=True,
        help="Clients take A, B or C; prospects 1, 2 or 3; proposals in progress and "
        "contacts on hold keep the one they had; the contact database takes none.",
    )
    # Segmentation (with Odoo's industry_id, country_id and state_id)
    source_id = fields.Many2one("utm.source", string="Origin", help="How the contact came to us.")
    customer_type = fields.Selection(
        string="Customer type",
        selection=[
            ("company", "Company"),
            ("self_employed", "Self-employed"),
            ("individual", "Individual"),
            ("public_body", "Public body"),
        ],
        index=True,
    )
    purchase_potential = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")],
        string="Purchase potential",
        index=True,
        tracking=True,
    )
    sales_zone_id = fields.Many2one("res.partner.sales.zone", string="Sales zone", index=True)
    commercial_role_ids = fields.Many2many(
        "res.partner.commercial.role",
        string="Commercial roles",
    )

    no_satisfaction_check = fields.Boolean(
        string="No satisfaction call", help="No satisfaction activity after this client's purchases."
    )
    client_since = fields.Date(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the contact first became a client.",
    )
    # ABC suggestion (rule of the method): the clients making the first 80 % of the revenue are A.
    commercial_priority_from_abc = fields.Boolean(
        readonly=True, copy=False, help="The priority was given by the ABC suggestion, not by hand."
    )
    abc_revenue = fields.Monetary(
        string="ABC revenue", readonly=True, copy=False, help="Untaxed revenue of the ABC period."
    )
    abc_share = fields.Float(string="Share of revenue (%)", readonly=True, copy=False, digits=(5, 2))
    abc_suggest_a = fields.Boolean(string="Suggested A", readonly=True, copy=False)

    other_salesperson_opportunity_count = fields.Integer(
        compute="_compute_other_salesperson_opportunity_count",
        string="Open opportunities of another salesperson",
        groups="sales_team.group_sale_salesman",
    )
    # Follow-up: the planned follow-up and the daily list's sort keys
    next_followup_date = fields.Date(
        string="Next follow-up",
        compute="_compute_next_followup_date",
        store=True,
        index=True,
        help="The earliest open follow-up activity of the contact.",
    )
    followup_list_rank = fields.Integer(
        string="Follow-up list rank", compute="_compute_followup_ranks", store=True
    )
    commercial_priority_rank = fields.Integer(
        string="Priority rank", compute="_compute_followup_ranks", store=True
    )
    last_note = fields.Text(
        string="Latest note",
        compute="_compute_last_note",
        help="The latest note or message written on the contact.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("commercial_list", self.env.context.get("default_commercial_list")) == "client":
                vals.setdefault("client_since", today)
        return super().create(vals_list)

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + COMMERCIAL_FIELDS

    @api.depends("user_id")
    def _compute_other_salesperson_opportunity_count(self):
        entities = self.filtered("id").commercial_partner_id
        groups = self.env["crm.lead"]._read_group(
            self._open_opportunities_domain(entities), ["partner_id", "user_id"], ["__count"]
        )
        counts = dict.fromkeys(entities.ids, 0)
        for partner, user, count in groups:
            entity = partner.commercial_partner_id
            if user != entity.user_id:
                counts[entity.id] += count
        for partner in self:
            partner.other_salesperson_opportunity_count = counts.get(partner.commercial_partner_id.id, 0)

    def _list_label(self, commercial_list):
        return dict(self._fields["commercial_list"]._description_selection(self.env))[commercial_list]

    @api.constrains("commercial_list", "commercial_priority")
    def _check_commercial_priority(self):
        for partner in self:
            if not partner.commercial_list:
                raise ValidationError(
                    self.env._(
                        "%(partner)s: every contact needs a commercial list.", partner=partner.display_name
                    )
                )
            priority = partner.commercial_priority
            allowed = PRIORITIES_BY_LIST[partner.commercial_list]
            if priority and priority not in allowed:
                list_name = self._list_label(partner.commercial_list)
                if allowed:
                    raise ValidationError(
                        self.env._(
                            "%(partner)s: priority %(priority)s does not fit the list "
                            "%(list)s, which takes %(allowed)s.",
                            partner=partner.display_name,
                            priority=priority,
                            list=list_name,
                            allowed=", ".join(allowed),
                        )
                    )
                raise ValidationError(
                    self.env._(
                        "%(partner)s: the list %(list)s takes no priority (given: %(priority)s).",
                        partner=partner.display_name,
                        priority=priority,
                        list=list_name,
                    )
                )

    def write(self, vals):
        if vals.get("commercial_list") and not self.env.context.get("pyme_crm_automatic_move"):
            self._check_list_requirements(vals["commercial_list"])
        if vals.get("commercial_list") == "client":
            self.filtered(
                lambda p: p.commercial_list != "client" and not p.client_since
            ).client_since = fields.Date.context_today(self)
        if "commercial_priority" in vals and not self.env.context.get("pyme_crm_abc"):
            vals = dict(vals, commercial_priority_from_abc=False)  # set by hand from now on
        shared = {k: vals[k] for k in COMMERCIAL_FIELDS if k in vals}
        if not shared or "parent_id" in vals or self.env.context.get("pyme_crm_sync"):
            return super().write(vals)
        # A contact person's list, priority and roles belong to its company: a write
        # on the person lands on the company, which then syncs all its people.
        people = self.filtered(lambda p: p.commercial_partner_id != p)
        entities = self - people
        if companies := people.commercial_partner_id - entities:
            companies.write(shared)
        own = {k: v for k, v in vals.items() if k not in shared}
        if people and own:
            super(ResPartner, people).write(own)
        new_list = vals.get("commercial_list")
        if new_list and "commercial_priority" not in vals:
            # Moving to a list clears a priority the new list does not accept.
            misfits = entities.filtered(lambda p: p.commercial_priority not in PRIORITIES_BY_LIST[new_list])
            super(ResPartner, misfits).write(dict(vals, commercial_priority=False))
            entities -= misfits
        return super(ResPartner, entities).write(vals)

    def _commercial_sync_from_company(self):
        return super(ResPartner, self.with_context(pyme_crm_sync=True))._commercial_sync_from_company()

    def _commercial_sync_to_children(self, fields_to_sync=None):
        return super(ResPartner, self.with_context(pyme_crm_sync=True))._commercial_sync_to_children(
            fields_to_sync
        )

    @api.model
    def _open_opportunities_domain(self, entities):
        return [
            ("partner_id.commercial_partner_id", "in", entities.ids),
            ("type", "=", "opportunity"),
            ("stage_id.is_won", "=", False),
        ]

    def action_move_opportunities_to_salesperson(self):
        """Give the contact's open opportunities to its responsible salesperson."""
        for entity in self.commercial_partner_id:
            opportunities = self.env["crm.lead"].search(
                [*self._open_opportunities_domain(entity), ("user_id", "!=", entity.user_id.id)]
            )
            opportunities.write({"user_id": entity.user_id.id})

    def _check_client(self):
        if not_clients := self.commercial_partner_id.filtered(lambda p: p.commercial_list != "client"):
            raise UserError(
                self.env._(
                    "Only clients can be lost, and %(partners)s are not clients.",
                    partners=", ".join(not_clients.mapped("display_name")),
                )
            )

    def _check_list_requirements(self, to_list):
        """A contact moved by hand must have what its new list requires (configurable)."""
        requirements = (
            self.env["res.partner.list.requirement"].sudo().search([("commercial_list", "=", to_list)])
        )
        if not requirements:
            return
        for entity in self.commercial_partner_id.filtered(lambda p: p.commercial_list != to_list):
            if missing := requirements._missing(entity):
                raise RedirectWarning(
                    self.env._(
                        "%(contact)s cannot go to %(list)s: fill in %(missing)s first.",
                        contact=entity.display_name,
                        list=self._list_label(to_list),
                        missing=self.env._(" and ").join(missing.mapped("display_name")),
                    ),
                    {
                        "type": "ir.actions.act_window",
                        "res_model": "res.partner",
                        "res_id": entity.id,
                        "views": [(False, "form")],
                        "target": "current",
                    },
                    self.env._("Fill in the contact"),
                )

    def _check_move(self, to_list):
        for partner in self:
            if to_list != partner.commercial_list and to_list not in ALLOWED_MOVES[partner.commercial_list]:
                raise UserError(
                    self.env._(
                        "%(partner)s is in %(current)s and cannot move to %(target)s from there.",
                        partner=partner.display_name,
                        current=self._list_label(partner.commercial_list),
                        target=self._list_label(to_list),
                    )
                )

    def action_move_to_prospect(self):
        self._check_move("prospect")
        self.commercial_partner_id.write({"commercial_list": "prospect"})

    def action_put_on_hold(self):
        self._check_move("on_hold")
        self.commercial_partner_id.write({"commercial_list": "on_hold"})

    def action_client_lost(self):
        self._check_client()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Client lost"),
            "res_model": "res.partner.client.lost",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }

    # Automatic moves, driven by the documents and deals of the contact. They run as
    # superuser: the list follows the document whoever handles it (an accountant posting
    # an invoice may not edit contacts), and the chatter still names the current user. The
    # move is tracked even when the document's own write is not (sale marks a quotation
    # sent by email with tracking disabled).
    def _commercial_entities(self):
        """The commercial entities of self, for the moves the documents make by themselves."""
        entities = self.commercial_partner_id.sudo().with_context(clean_context(self.env.context))
        return entities.with_context(tracking_disable=False, pyme_crm_automatic_move=True)

    def _start_proposal(self):
        """A proposal went out: move to the proposals, remembering the list it came from."""
        entities = self._commercial_entities().filtered(lambda p: p.commercial_list != "proposal")
        for from_list, partners in entities.grouped("commercial_list").items():
            partners.write({"commercial_list": "proposal", "commercial_list_before_proposal": from_list})

    def _become_client(self):
        """An order was confirmed or an invoice posted: the contact is a client."""
        entities = self._commercial_entities().filtered(lambda p: p.commercial_list != "client")
        entities.write({"commercial_list": "client", "commercial_list_before_proposal": False})

    def _plan_satisfaction(self):
        """After a sale (invoice posted), ask the salesperson to check the client's satisfaction N days
        later (CRM settings), unless the client opted out or a check is already planned."""
        activity_type = self.env.ref("pyme_crm.mail_activity_type_satisfaction")
        for entity in self._commercial_entities().filtered(lambda p: not p.no_satisfaction_check):
            company = entity.company_id or self.env.company
            if not company.crm_satisfaction_days or entity.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ):
                continue
            entity.activity_schedule(
                "pyme_crm.mail_activity_type_satisfaction",
                date_deadline=fields.Date.context_today(self)
                + relativedelta(days=company.crm_satisfaction_days),
                user_id=entity.user_id.id or self.env.uid,
            )

    def _mark_loyal_clients(self):
        """Give the loyal client role to the clients of self that confirmed at least
        LOYAL_CLIENT_ORDERS orders in the last 12 months (one query for the whole set)."""
        entities = self._commercial_entities()
        loyal_role = self.env.ref("pyme_crm.commercial_role_loyal_client", raise_if_not_found=False)
        if not loyal_role or not entities:
            return
        since = fields.Datetime.subtract(fields.Datetime.now(), months=12)
        orders = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", entities.ids),
                    ("state", "=", "sale"),
                    ("date_order", ">=", since),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        counts = dict.fromkeys(entities.ids, 0)
        for partner, count in orders:
            counts[partner.commercial_partner_id.id] += count
        loyal = entities.filtered(
            lambda p: counts[p.id] >= LOYAL_CLIENT_ORDERS and loyal_role not in p.commercial_role_ids
        )
        loyal.write({"commercial_role_ids": [Command.link(loyal_role.id)]})

    def _end_proposal(self):
        """A proposal was cancelled, lost or expired: contacts left with no open proposal go
        back to the list they came from, and their salesperson is asked to reclassify them."""
        entities = self._commercial_entities().filtered(lambda p: p.commercial_list == "proposal")
        entities -= entities._with_open_proposals()
        for back_to, partners in entities.grouped(
            lambda p: p.commercial_list_before_proposal or "prospect"
        ).items():
            partners.write({"commercial_list": back_to, "commercial_list_before_proposal": False})
        for partner in entities:
            partner.activity_schedule(
                "pyme_crm.mail_activity_type_reclassify",
                user_id=partner.user_id.id or self.env.uid,
                note=self.env._(
                    "Its last open proposal is over: reclassify the contact and plan its next follow-up."
                ),
            )

    def _with_open_proposals(self):
        """The partners of self with a sent, unexpired quotation or an open deal (active,
        not won) in a proposal stage: two queries whatever the number of partners."""
        today = fields.Date.context_today(self)
        quotations = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id.commercial_partner_id", "in", self.ids),
                    ("state", "=", "sent"),
                    "|",
                    ("validity_date", "=", False),
                    ("validity_date", ">=", today),
                ],
                ["partner_id"],
            )
        )
        deals = (
            self.env["crm.lead"]
            .sudo()
            .search_fetch(
                [*self._open_opportunities_domain(self), ("stage_id.is_proposal_stage", "=", True)],
                ["partner_id"],
            )
        )
        return (quotations.partner_id | deals.partner_id).commercial_partner_id & self

    @api.model
    def _cron_end_expired_proposals(self):
        """End the proposals of the contacts whose sent quotations expired (and that have no
        other open proposal). Contacts put in the proposals by hand are left alone."""
        expired = self.env["sale.order"].search_fetch(
            [("state", "=", "sent"), ("validity_date", "<", fields.Date.context_today(self))], ["partner_id"]
        )
        expired.partner_id._end_proposal()

    # Follow-up planning
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
        """The latest log note or note of an action done, in one query for the whole page of contacts."""
        notes = {}
        if ids := self.filtered("id").ids:
            self.env["mail.message"].flush_model(
                ["model", "res_id", "message_type", "body", "activity_feedback"]
            )
            self.env.cr.execute(
                """
                SELECT DISTINCT ON (res_id) res_id, activity_feedback, body
                  FROM mail_message
                 WHERE model = 'res.partner' AND res_id IN %s
                       AND (activity_feedback IS NOT NULL
                            OR (message_type = 'comment' AND body IS NOT NULL AND body != ''))
                 ORDER BY res_id, id DESC
                """,
                [tuple(ids)],
            )
            notes = {
                res_id: feedback or html2plaintext(body) for res_id, feedback, body in self.env.cr.fetchall()
            }
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
        return self.commercial_partner_id._schedule_followups(when, note)

    def _schedule_followups(self, when, note=""):
        """A follow-up on ``when`` for each partner of self, for its salesperson (or the current user),
        created in one batch per salesperson."""
        activities = self.env["mail.activity"]
        for salesperson, partners in self.grouped("user_id").items():
            activities |= partners.activity_schedule(
                FOLLOWUP_TYPE, date_deadline=when, note=note, user_id=salesperson.id or self.env.uid
            )
        return activities

    @api.model
    def _suggest_abc_priorities(self):
        """For each company, the ABC suggestion in one set-based statement, then its application where
        the company wants it (never over a priority set by hand). Returns the suggested clients."""
        suggested = self.browse()
        for company in self.env["res.company"].search([]):
            suggested |= self._suggest_abc_for(company)
        return suggested

    def _suggest_abc_for(self, company):
        self.env["account.move"].flush_model(
            [
                "state",
                "move_type",
                "company_id",
                "invoice_date",
                "commercial_partner_id",
                "amount_untaxed_signed",
            ]
        )
        self.flush_model(["abc_revenue", "abc_share", "abc_suggest_a", "company_id"])
        # Clients ranked by revenue; a client is A while the clients above it (ties count together) make
        # less than the threshold of the total.
        self.env.cr.execute(
            SQL(
                """
                WITH revenue AS (
                    SELECT move.commercial_partner_id AS partner_id, SUM(move.amount_untaxed_signed) AS amount
                      FROM account_move move
                     WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                       AND move.company_id = %(company)s AND move.invoice_date >= %(since)s
                  GROUP BY move.commercial_partner_id
                    HAVING SUM(move.amount_untaxed_signed) > 0
                ), ranked AS (
                    SELECT partner_id, amount, 100 * amount / SUM(amount) OVER () AS share,
                           SUM(amount) OVER (ORDER BY amount DESC RANGE UNBOUNDED PRECEDING)
                             - SUM(amount) OVER (PARTITION BY amount)
                             < %(threshold)s / 100 * SUM(amount) OVER () AS suggest_a
                      FROM revenue
                )
                UPDATE res_partner partner
                   SET abc_revenue = COALESCE(ranked.amount, 0), abc_share = COALESCE(ranked.share, 0),
                       abc_suggest_a = COALESCE(ranked.suggest_a, FALSE)
                  FROM res_partner target
             LEFT JOIN ranked ON ranked.partner_id = target.id
                 WHERE partner.id = target.id
                   AND (ranked.partner_id IS NOT NULL OR target.abc_revenue != 0 OR target.abc_suggest_a)
                   AND (target.company_id IS NULL OR target.company_id = %(company)s)
             RETURNING partner.id, partner.abc_suggest_a
                """,
                company=company.id,
                since=fields.Date.context_today(self) - relativedelta(months=company.crm_abc_months),
                threshold=company.crm_abc_threshold,
            )
        )
        suggested = self.browse(partner_id for partner_id, suggest_a in self.env.cr.fetchall() if suggest_a)
        self.invalidate_model(["abc_revenue", "abc_share", "abc_suggest_a"])
        if company.crm_abc_auto_apply:
            suggested.filtered(
                lambda p: (
                    p.commercial_list == "client"
                    and p.commercial_priority != "A"
                    and (p.commercial_priority_from_abc or not p.commercial_priority)
                )
            ).action_accept_abc()
        return suggested

    def action_accept_abc(self):
        """Give the suggested A."""
        self.with_context(pyme_crm_abc=True).write(
            {"commercial_priority": "A", "commercial_priority_from_abc": True}
        )

    def action_export_xlsx(self):
        """The contacts to an Excel workbook with the import's columns, formulas neutralised."""
        return self.env["res.partner.export"]._export(self, self.env._("contacts") + ".xlsx")

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
