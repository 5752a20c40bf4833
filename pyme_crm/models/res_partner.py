from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import column_exists, create_column, create_index

from ..tools.method import (
    ALLOWED_MOVES,
    COMMERCIAL_FIELDS,
    COMMERCIAL_LISTS,
    COMMERCIAL_PRIORITIES,
    CUSTOMER_TYPES,
    PRIORITIES_BY_LIST,
    PURCHASE_POTENTIALS,
)

# The method's classification is internal: portal users (clients' contacts) never read it.
INTERNAL = "base.group_user"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "pyme_crm.commercial.priority.mixin", "pyme_crm.system.fields.mixin"]
    _system_fields = (
        "client_since",
        "commercial_list_before_proposal",
        "commercial_priority_from_abc",
        "abc_revenue",
        "abc_share",
        "abc_suggest_a",
        "next_call_time",
        "call_attempt_count",
        "last_call_date",
        "commercial_user_id",
    )

    allowed_priorities = fields.Char(groups=INTERNAL)
    # The record rules read it in the row itself: a subquery on the commercial entities would be a
    # million ids, checked row by row, at a million contacts.
    commercial_user_id = fields.Many2one(
        "res.users",
        string="Salesperson of the commercial entity",
        related="commercial_partner_id.user_id",
        store=True,
        help="The salesperson of the company the contact belongs to (or of the contact itself).",
        groups=INTERNAL,
    )
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
        groups=INTERNAL,
    )
    commercial_list_before_proposal = fields.Selection(
        COMMERCIAL_LISTS,
        string="List before the proposal",
        readonly=True,
        copy=False,
        help="Where the contact goes back when its last open proposal is cancelled, lost or expires.",
        groups=INTERNAL,
    )
    commercial_priority = fields.Selection(
        COMMERCIAL_PRIORITIES,
        string="Priority code",
        index=True,
        tracking=True,
        help="Clients take A, B or C; prospects 1, 2 or 3; proposals in progress and "
        "contacts on hold keep the one they had; the contact database takes none.",
        groups=INTERNAL,
    )
    client_since = fields.Date(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the contact first became a client.",
        groups=INTERNAL,
    )
    # Segmentation (with Odoo's industry_id, country_id and state_id)
    source_id = fields.Many2one(
        "utm.source", string="Origin", help="How the contact came to us.", groups=INTERNAL
    )
    customer_type = fields.Selection(CUSTOMER_TYPES, string="Customer type", index=True, groups=INTERNAL)
    purchase_potential = fields.Selection(
        PURCHASE_POTENTIALS,
        string="Purchase potential",
        index=True,
        tracking=True,
        groups=INTERNAL,
    )
    sales_zone_id = fields.Many2one(
        "res.partner.sales.zone", string="Sales zone", index=True, groups=INTERNAL
    )
    commercial_role_ids = fields.Many2many(
        "res.partner.commercial.role", string="Commercial roles", groups=INTERNAL
    )
    no_satisfaction_check = fields.Boolean(
        string="No satisfaction call",
        help="No satisfaction activity after this client's purchases.",
        groups=INTERNAL,
    )
    other_salesperson_opportunity_count = fields.Integer(
        compute="_compute_other_salesperson_opportunity_count",
        string="Open opportunities of another salesperson",
        groups="sales_team.group_sale_salesman",
    )
    # ABC suggestion: the clients making the first 80 % of the revenue are A. The suggestion is
    # company-dependent: a contact shared by several companies has each company's own.
    commercial_priority_from_abc = fields.Boolean(
        readonly=True,
        copy=False,
        help="The priority was given by the ABC suggestion, not by hand.",
        groups=INTERNAL,
    )
    abc_revenue = fields.Float(
        string="ABC revenue",
        digits=(16, 2),
        readonly=True,
        copy=False,
        company_dependent=True,
        help="Untaxed revenue of the ABC period.",
        groups=INTERNAL,
    )
    abc_share = fields.Float(
        string="Share of revenue (%)",
        readonly=True,
        copy=False,
        company_dependent=True,
        digits=(5, 2),
        groups=INTERNAL,
    )
    abc_suggest_a = fields.Boolean(
        string="Suggested A", readonly=True, copy=False, company_dependent=True, groups=INTERNAL
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

    def _auto_init(self):
        """The salesperson of the existing contacts' commercial entities in one statement, not computed
        contact by contact."""
        cr = self.env.cr
        if not column_exists(cr, "res_partner", "commercial_user_id"):
            create_column(cr, "res_partner", "commercial_user_id", "int4")
            cr.execute(
                """UPDATE res_partner p SET commercial_user_id = entity.user_id
                     FROM res_partner entity
                    WHERE entity.id = p.commercial_partner_id AND entity.user_id IS NOT NULL"""
            )
        return super()._auto_init()

    def init(self):
        result = super().init()
        # the contacts an ABC suggestion ever ranked: a run reads those, not every contact
        create_index(
            self.env.cr, "res_partner_abc_ranked_index", self._table, ["id"], where="abc_revenue IS NOT NULL"
        )
        return result

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + COMMERCIAL_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        new_clients = partners.filtered(lambda p: p.commercial_list == "client" and not p.client_since)
        # Each new partner's own date, set for each one in one UPDATE: write() would also sync each new
        # company to its people, one by one, with nothing to sync.
        new_clients.sudo()._write({"client_since": fields.Date.context_today(self)})
        new_clients.invalidate_recordset(["client_since", "write_date"])
        if not self.env.su:  # the method's minimum holds for users; data files and scripts run as superuser
            entities = partners.filtered(lambda p: p.commercial_partner_id == p)
            self.env["res.partner.list.requirement"]._check_new(entities)
        return partners

    def write(self, vals):
        if "commercial_priority" in vals and "commercial_priority_from_abc" not in vals:
            self._priority_set_by_hand()
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
            newcomers = self.filtered(lambda p: p.commercial_list != "client" and not p.client_since)
            newcomers.sudo().client_since = fields.Date.context_today(self)

    def _priority_set_by_hand(self):
        self.sudo().filtered("commercial_priority_from_abc").commercial_priority_from_abc = False

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
        """Give the suggested A, marked as the ABC's (a system field: written as superuser)."""
        self.check_access("write")
        self.sudo().write({"commercial_priority": "A", "commercial_priority_from_abc": True})

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
    # CRONS
    # ------------------------------------------------------------

    @api.model
    def _suggest_abc_priorities(self):
        """Every company's ABC suggestion (see res.company._suggest_abc). Returns the suggested clients."""
        companies = self.env["res.company"].search([])
        return self.browse().union(*(company._suggest_abc() for company in companies))
