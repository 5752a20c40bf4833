from odoo import api, fields, models

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
        """Log the call (res.partner._log_call, shared with the call session): any refusal leaves the
        contact as it was. After too many calls without an answer, suggest putting it on hold."""
        self.ensure_one()
        result = self.partner_id._log_call(
            self.outcome_id,
            self.note,
            self.followup_shortcut,
            self.followup_date,
            self.commercial_list,
            self.commercial_priority,
        )
        close = {"type": "ir.actions.act_window_close"}
        if not result["suggest_on_hold"]:
            return close
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "message": self.env._(
                    "%(partner)s did not answer %(attempts)s calls in a row: put it on hold?",
                    partner=self.partner_id.display_name,
                    attempts=result["attempts"],
                ),
                "next": close,
            },
        }
