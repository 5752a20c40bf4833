from odoo import fields, models

from ..tools.method import OUTCOME_RESULTS


class MailActivityOutcome(models.Model):
    """A possible result of a commercial action: what the salesperson reports when marking a call, a
    visit or a follow-up done."""

    _name = "mail.activity.outcome"
    _description = "Outcome of a commercial action"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    activity_type_ids = fields.Many2many(
        "mail.activity.type",
        "mail_activity_outcome_type_rel",
        "outcome_id",
        "activity_type_id",
        string="Activity types",
        help="The actions this outcome can close.",
    )
    result = fields.Selection(
        OUTCOME_RESULTS,
        required=True,
        default="neutral",
        help="Positive outcomes count as successful actions in the salesperson report.",
    )
    note_required = fields.Boolean(
        default=True, help="Closing an action with this outcome needs a note saying what happened."
    )
    no_answer = fields.Boolean(
        help="Nobody answered the call: it counts as an attempt and the next try is planned at another "
        "time of day."
    )
    next_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Next action",
        help="Planned on the same record for the same person when an action ends with this outcome.",
    )
