from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import clean_context

from ..tools.followup import FOLLOWUP_TYPE, followup_date
from ..tools.method import (
    ALLOWED_MOVES,
    COMMERCIAL_FIELDS,
    COMMERCIAL_LISTS,
    COMMERCIAL_PRIORITIES,
    CUSTOMER_TYPES,
    PRIORITIES_BY_LIST,
    PURCHASE_POTENTIALS,
    priority_rank,
)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "pyme_crm.commercial.priority.mixin"]

    # Commercial list and priority
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
    client_since = fields.Date(
        readonly=True, copy=False, index="btree_not_null", help="When the contact first became a client."
    )
    # Segmentation (with Odoo's industry_id, country_id and state_id)
    source_id = fields.Many2one("utm.source", string="Origin", help="How the contact came to us.")
    customer_type = fields.Selection(CUSTOMER_TYPES, string="Customer type", index=True)
    purchase_potential = fields.Selection(
        PURCHASE_POTENTIALS, string="Purchase potential", index=True, tracking=True
    )
    sales_zone_id = fields.Many2one("res.partner.sales.zone", string="Sales zone", index=True)
    commercial_role_ids = fields.Many2many("res.partner.commercial.role", string="Commercial roles")
    no_satisfaction_check = fields.Boolean(
        string="No satisfaction call", help="No satisfaction activity after this client's purchases."
    )
    other_salesperson_opportunity_count = fields.Integer(
        compute="_compute_other_salesperson_opportunity_count",
        string="Open opportunities of another salesperson",
        groups="sales_team.group_sale_salesman",
    )
    # ABC suggestion: the clients making the first 80 % of the revenue are A.
    commercial_priority_from_abc = fields.Boolean(
        readonly=True, copy=False, help="The priority was given by the ABC suggestion, not by hand."
    )
    abc_revenue = fields.Monetary(
        string="ABC revenue", readonly=True, copy=False, help="Untaxed revenue of the ABC period."
    )
    abc_share = fields.Float(string="Share of revenue (%)", readonly=True, copy=False, digits=(5, 2))
    abc_suggest_a = fields.Boolean(string="Suggested A", readonly=True, copy=False)
    # Follow-up: the planned follow-up, the daily list's sort keys and what was said last
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

    @api.depends("activity_ids.date_deadline", "activity_ids.activity_type_id")
    def _compute_next_followup_date(self):
        for partner in self:
            partner.next_followup_date = min(partner._open_followups().mapped("date_deadline"), default=False)

    @api.depends("commercial_list", "commercial_priority")
    def _compute_followup_ranks(self):
        """Proposals first, then by priority code."""
        for partner in self:
            partner.followup_list_rank = 0 if partner.commercial_list == "proposal" else 1
            partner.commercial_priority_rank = priority_rank(partner.commercial_priority)

    def _compute_last_note(self):
        notes = self.env["mail.message"]._latest_notes(self._name, self.filtered("id").ids)
        for partner in self:
            partner.last_note = notes.get(partner.id, False)

    @api.constrains("commercial_list", "commercial_priority")
    def _check_commercial_priority(self):
        for partner in self:
            if not partner.commercial_list:
                raise ValidationError(
                    self.env._(
                        "%(partner)s: every contact needs a commercial list.", partner=partner.display_name
                    )
                )
            priority, allowed = partner.commercial_priority, PRIORITIES_BY_LIST[partner.commercial_list]
            if not priority or priority in allowed:
                continue
            list_name = self._list_label(partner.commercial_list)
            if not allowed:
                raise ValidationError(
                    self.env._(
                        "%(partner)s: the list %(list)s takes no priority (given: %(priority)s).",
                        partner=partner.display_name,
                        priority=priority,
                        list=list_name,
                    )
                )
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

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + COMMERCIAL_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("commercial_list", self.env.context.get("default_commercial_list")) == "client":
                vals.setdefault("client_since", today)
        return super().create(vals_list)

    def write(self, vals):
        if "commercial_priority" in vals and "commercial_priority_from_abc" not in vals:
            vals = dict(vals, commercial_priority_from_abc=False)  # a priority set by hand
        if new_list := vals.get("commercial_list"):
            if not self._is_automatic_move():
                self.env["res.partner.list.requirement"]._check_entry(self.commercial_partner_id, new_list)
            self._start_client_since(new_list)
        shared = {name: vals[name] for name in COMMERCIAL_FIELDS if name in vals}
        if not shared or "parent_id" in vals:
            return super().write(vals)
        # A contact person's commercial fields belong to its company: a write that gives a person other
        # values than its company's lands on the company, which then syncs all its people.
        people = self.filtered(lambda p: p.commercial_partner_id != p and not p._holds_company_values(shared))
        entities = self - people
        if companies := people.commercial_partner_id - entities:
            companies.write(shared)
        if people and (own := {k: v for k, v in vals.items() if k not in shared}):
            super(ResPartner, people).write(own)
        if new_list and "commercial_priority" not in vals:
            misfits = entities._priority_misfits(new_list)
            super(ResPartner, misfits).write(dict(vals, commercial_priority=False))
            entities -= misfits
        return super(ResPartner, entities).write(vals)

    def _is_automatic_move(self):
        """A move the documents make by themselves, as superuser (see _commercial_entities)."""
        return self.env.su and self.env.context.get("pyme_crm_automatic_move")

    def _start_client_since(self, new_list):
        if new_list == "client":
            self.filtered(
                lambda p: p.commercial_list != "client" and not p.client_since
            ).client_since = fields.Date.context_today(self)

    def _holds_company_values(self, values):
        """Whether ``values`` are the person's company's own, as Odoo's sync from the company writes them."""
        return self.commercial_partner_id._update_fields_values(list(values)) == values

    def _priority_misfits(self, new_list):
        """The contacts of self whose priority ``new_list`` refuses: moving there clears it."""
        return self.filtered(lambda p: p.commercial_priority not in PRIORITIES_BY_LIST[new_list])

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_move_to_prospect(self):
        self._check_move("prospect")
        self.commercial_partner_id.write({"commercial_list": "prospect"})

    def action_put_on_hold(self):
        self._check_move("on_hold")
        self.commercial_partner_id.write({"commercial_list": "on_hold"})

    def action_client_lost(self):
        self._check_client()
        context = {"default_partner_ids": self.commercial_partner_id.ids}
        return self._open_wizard("res.partner.client.lost", self.env._("Client lost"), context)

    def action_open_call_outcome(self):
        self.ensure_one()
        context = {"default_partner_id": self.commercial_partner_id.id}
        return self._open_wizard("res.partner.call.outcome", self.env._("Call outcome"), context)

    def _open_wizard(self, res_model, name, context):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": res_model,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def action_move_opportunities_to_salesperson(self):
        """Give the contact's open opportunities to its responsible salesperson."""
        for entity in self.commercial_partner_id:
            opportunities = self.env["crm.lead"].search(
                [*self._open_opportunities_domain(entity), ("user_id", "!=", entity.user_id.id)]
            )
            opportunities.write({"user_id": entity.user_id.id})

    def action_accept_abc(self):
        """Give the suggested A."""
        self.write({"commercial_priority": "A", "commercial_priority_from_abc": True})

    def action_export_xlsx(self):
        """The contacts to an Excel workbook with the import's columns, formulas neutralised."""
        return self.env["res.partner.export"]._export(self, self.env._("contacts") + ".xlsx")

    # ------------------------------------------------------------
    # COMMERCIAL LISTS
    # ------------------------------------------------------------

    def _list_label(self, commercial_list):
        return dict(self._fields["commercial_list"]._description_selection(self.env))[commercial_list]

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

    def _check_client(self):
        if not_clients := self.commercial_partner_id.filtered(lambda p: p.commercial_list != "client"):
            raise UserError(
                self.env._(
                    "Only clients can be lost, and %(partners)s are not clients.",
                    partners=", ".join(not_clients.mapped("display_name")),
                )
            )

    @api.model
    def _open_opportunities_domain(self, entities):
        entity_domain = ("partner_id.commercial_partner_id", "in", entities.ids)
        return [entity_domain, ("type", "=", "opportunity"), ("stage_id.is_won", "=", False)]

    # ------------------------------------------------------------
    # AUTOMATIC MOVES
    # ------------------------------------------------------------

    def _commercial_entities(self):
        """The commercial entities of self, for the moves their documents and deals make by themselves.
        The moves run as superuser: the list follows the document whoever handles it (an accountant
        posting an invoice may not edit contacts), and the chatter still names the current user. The
        move is tracked even when the document's own write is not (sale marks a quotation sent by email
        with tracking disabled)."""
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
        unexpired = ["|", ("validity_date", "=", False), ("validity_date", ">=", today)]
        sent = [("partner_id.commercial_partner_id", "in", self.ids), ("state", "=", "sent"), *unexpired]
        quotations = self.env["sale.order"].sudo().search_fetch(sent, ["partner_id"])
        in_proposal_stage = [
            *self._open_opportunities_domain(self),
            ("stage_id.is_proposal_stage", "=", True),
        ]
        deals = self.env["crm.lead"].sudo().search_fetch(in_proposal_stage, ["partner_id"])
        return (quotations.partner_id | deals.partner_id).commercial_partner_id & self

    # ------------------------------------------------------------
    # FOLLOW-UP
    # ------------------------------------------------------------

    def _open_followups(self):
        followup_type = self.env.ref(FOLLOWUP_TYPE, raise_if_not_found=False)  # None while installing
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

    # ------------------------------------------------------------
    # CRONS
    # ------------------------------------------------------------

    @api.model
    def _cron_end_expired_proposals(self):
        """End the proposals of the contacts whose sent quotations expired (and that have no
        other open proposal). Contacts put in the proposals by hand are left alone."""
        expired = self.env["sale.order"].search_fetch(
            [("state", "=", "sent"), ("validity_date", "<", fields.Date.context_today(self))], ["partner_id"]
        )
        expired.partner_id._end_proposal()

    @api.model
    def _suggest_abc_priorities(self):
        """Every company's ABC suggestion (see res.company._suggest_abc). Returns the suggested clients."""
        companies = self.env["res.company"].search([])
        return self.browse().union(*(company._suggest_abc() for company in companies))
