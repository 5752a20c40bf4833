from odoo import api, fields, models
from odoo.tools.sql import create_index

from ..tools.followup import FOLLOWUP_TYPE, followup_date
from ..tools.method import priority_rank
from .res_partner import INTERNAL


class ResPartner(models.Model):
    """The follow-up of a contact: its next planned follow-up, the daily list's sort keys, what was said
    last, and the planning of follow-ups with the method's shortcuts."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    next_followup_date = fields.Date(
        string="Next follow-up",
        compute="_compute_next_followup_date",
        store=True,
        index=True,
        help="The earliest open follow-up activity of the contact.",
        groups=INTERNAL,
    )
    followup_list_rank = fields.Integer(
        string="Follow-up list rank",
        compute="_compute_followup_ranks",
        store=True,
        groups=INTERNAL,
    )
    commercial_priority_rank = fields.Integer(
        string="Priority rank",
        compute="_compute_followup_ranks",
        store=True,
        groups=INTERNAL,
    )
    last_note = fields.Text(
        string="Latest note",
        compute="_compute_last_note",
        help="The latest note or message written on the contact.",
        groups=INTERNAL,
    )

    def init(self):
        result = super().init()
        # The follow-up list of a salesperson ("Mine", due), read in its order straight from an index:
        # its first page and its bounded count stop early, however many contacts are due.
        create_index(
            self.env.cr,
            "res_partner_followup_list_index",
            self._table,
            ["user_id", "followup_list_rank", "next_followup_date", "commercial_priority_rank", "id"],
            where="next_followup_date IS NOT NULL",
        )
        # Its count, bounded as the web client bounds it, from the index alone once vacuumed: the
        # salesperson, the date, and the columns the record rules on contacts read.
        create_index(
            self.env.cr,
            "res_partner_followup_due_index",
            self._table,
            [
                "user_id",
                "next_followup_date",
                "active",
                "partner_share",
                "company_id",
                "commercial_user_id",
            ],
            where="next_followup_date IS NOT NULL",
        )
        # The dashboard's contacts without a follow-up of a salesperson, counted (bounded) from the index.
        create_index(
            self.env.cr,
            "res_partner_unplanned_index",
            self._table,
            [
                "user_id",
                "commercial_list",
                "active",
                "is_company",
                "parent_id",
                "company_id",
                "partner_share",
                "commercial_user_id",
            ],
            where="next_followup_date IS NULL",
        )
        # The dashboard's follow-ups of the company: each one's contact checked against the record
        # rules from the index alone, not from a page of the contacts table each.
        create_index(
            self.env.cr, "res_partner_rule_columns_index", self._table, ["id", "partner_share", "company_id"]
        )
        return result

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

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _open_followups(self):
        # cached id, no query per partner; None while installing
        type_id = self.env["ir.model.data"]._xmlid_to_res_id(FOLLOWUP_TYPE, raise_if_not_found=False)
        return self.activity_ids.filtered(lambda a: a.activity_type_id.id == type_id)

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
