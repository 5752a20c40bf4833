from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.followup import FOLLOWUP_SHORTCUTS, FOLLOWUP_TYPE
from ..tools.method import ALLOWED_MOVES, COMMERCIAL_LISTS, COMMERCIAL_PRIORITIES


class ResPartnerCallOutcome(models.TransientModel):
    _name = "res.partner.call.outcome"
    _inherit = "pyme_crm.commercial.priority.mixin"
    _description = "Outcome of a call to a contact"

    partner_id = fields.Many2one("res.partner", string="Contact", required=True, readonly=True)
    current_list = fields.Selection(related="partner_id.commercial_list", string="Current list")
    commercial_list = fields.Selection(
        COMMERCIAL_LISTS, string="List", compute="_compute_from_partner", store=True, readonly=False
    )
    allowed_lists = fields.Char(string="Allowed lists", compute="_compute_allowed_lists")
    commercial_priority = fields.Selection(
        COMMERCIAL_PRIORITIES,
        string="Priority code",
        compute="_compute_from_partner",
        store=True,
        readonly=False,
    )
    followup_shortcut = fields.Selection(
        FOLLOWUP_SHORTCUTS,
        string="Next follow-up",
        default="next_week",
        required=True,
    )
    followup_date = fields.Date(string="Follow-up date")
    outcome_id = fields.Many2one(
        "mail.activity.outcome",
        domain=lambda self: [("activity_type_ids", "in", self.env.ref(FOLLOWUP_TYPE).ids)],
    )
    outcome_required = fields.Boolean(compute="_compute_outcome_required")
    note = fields.Text(
        help="What was said: it stays in the contact's history and shows in the follow-up list."
    )
    script = fields.Html(string="Call script", compute="_compute_script")

    @api.depends("partner_id")
    def _compute_from_partner(self):
        for wizard in self:
            wizard.commercial_list = wizard.partner_id.commercial_list
            wizard.commercial_priority = wizard.partner_id.commercial_priority

    def _compute_outcome_required(self):
        self.outcome_required = bool(self.env.ref(FOLLOWUP_TYPE)._outcomes_for("res.partner"))

    @api.depends("current_list")
    def _compute_allowed_lists(self):
        for wizard in self:
            current = wizard.current_list
            wizard.allowed_lists = ",".join((current, *ALLOWED_MOVES.get(current, ()))) if current else ""

    @api.depends("partner_id", "commercial_list")
    def _compute_script(self):
        for wizard in self:
            team = wizard.partner_id.user_id.sale_team_id or self.env.user.sale_team_id
            wizard.script = self.env["crm.call.script"]._script_for(wizard.commercial_list, team).script

    def action_apply(self):
        """Reclassify, set the priority, close the current follow-up (or the call itself, as a follow-up
        done today) with the outcome and the note, and plan the next one, all at once: any refusal
        leaves the contact as it was."""
        self.ensure_one()
        partner = self.partner_id
        if self.followup_shortcut == "date" and not self.followup_date:
            raise UserError(self.env._("Choose the date of the next follow-up."))
        if self.current_list == "client" and self.commercial_list == "prospect" and not self.note:
            raise UserError(self.env._("Say in the note why the client was lost."))
        partner._check_move(self.commercial_list)
        came_from = self.current_list
        partner.write(
            {"commercial_list": self.commercial_list, "commercial_priority": self.commercial_priority}
        )
        if self.commercial_list == "proposal" and came_from != "proposal":
            partner.sudo().commercial_list_before_proposal = came_from  # a system field
        calls = partner._open_followups() or partner.with_context(
            mail_activity_quick_update=True
        )._schedule_followups(fields.Date.context_today(self))
        calls.write({"outcome_id": self.outcome_id.id})
        calls.action_feedback(feedback=self.note)
        partner._plan_followup(self.followup_shortcut, self.followup_date)
        return {"type": "ir.actions.act_window_close"}
