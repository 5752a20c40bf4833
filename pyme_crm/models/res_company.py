from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_stale_days = fields.Integer(
        string="Days without change before stale",
        default=21,
        help="Default for the stages without their own threshold: an open opportunity whose stage has not "
        "changed for longer is stale. 0: never.",
    )
    crm_stale_rule = fields.Selection(
        [("stage", "Last stage change"), ("activity", "Last action or note")],
        string="Stale counts from",
        required=True,
        default="stage",
        help="Last stage change: a deal is stale when its stage has not changed for longer than the "
        "threshold. Last action or note: also an activity marked done or an internal note logged on the "
        "deal starts the count again (emails to the customer do not).",
    )
    crm_stale_pause_planned = fields.Boolean(
        string="Planned actions pause stale deals",
        default=True,
        help="A deal with an open activity due today or later (stale reminders aside), or whose contact or "
        "its company has a follow-up due today or later, is not stale until that date has passed. Waiting "
        "does not restart the count: then a deal whose time is up is stale again at once (one reminder per "
        "stale period), unless doing the action was a change under the rule “Last action or note”.",
    )
    crm_call_new_leads = fields.Boolean(
        string="Call every new lead",
        default=True,
        help="Every new lead or opportunity with no planned activity gets a call activity for its "
        "salesperson (or its team leader when it has none).",
    )
    crm_call_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Call activity",
        domain="[('res_model', 'in', (False, 'crm.lead'))]",
        help="Empty: the method's “Call the lead” activity.",
    )
    crm_call_delay_days = fields.Integer(string="Call within (days)", help="0: the call is due the same day.")
    crm_lead_ack_mail = fields.Boolean(
        string="Acknowledge new leads by email",
        help="Send the acknowledgement template to every new lead that has an email address.",
    )
    crm_lead_ack_template_id = fields.Many2one(
        "mail.template",
        string="Acknowledgement email",
        domain="[('model', '=', 'crm.lead')]",
        help="Empty: the method's acknowledgement template.",
    )
    crm_abc_months = fields.Integer(
        string="ABC: months of revenue",
        default=12,
        help="The ABC suggestion adds up the posted customer invoices of these last months.",
    )
    crm_abc_threshold = fields.Float(
        string="ABC: share of revenue for A",
        default=80.0,
        help="The clients that together make this share of the revenue are suggested priority A.",
    )
    crm_abc_auto_apply = fields.Boolean(
        string="Apply the ABC suggestion",
        help="Give priority A to the suggested clients automatically, unless someone set their priority "
        "by hand.",
    )
    crm_satisfaction_days = fields.Integer(
        string="Satisfaction call after (days)",
        default=15,
        help="Days after an invoice to check the client's satisfaction. 0: no satisfaction activity.",
    )
    crm_salesperson_sees_team = fields.Boolean(
        string="Salespeople see their team's contacts and deals",
        help="Off: a CRM PYME salesperson sees their own contacts and deals, and the unassigned ones.",
    )
    crm_call_attempts = fields.Integer(
        string="Calls without an answer before on hold",
        default=5,
        help="After this many calls in a row without an answer, the call session suggests putting the "
        "contact on hold. 0: never.",
    )

    def _suggest_abc(self):
        """The company's ABC suggestion, applied when the company wants it (never over a priority set by
        hand). Returns the suggested clients."""
        suggested = self.env["res.partner"].with_company(self).browse(self._rank_clients_abc())
        if self.crm_abc_auto_apply:
            suggested.filtered(
                lambda p: (
                    p.commercial_list == "client"
                    and p.commercial_priority != "A"
                    and (p.commercial_priority_from_abc or not p.commercial_priority)
                )
            ).action_accept_abc()
        return suggested

    def _rank_clients_abc(self):
        """Store the company's ABC suggestion on its clients in one statement: clients ranked by revenue,
        a client is A while the clients above it (ties count together) make less than the threshold of
        the total. The suggestion is company-dependent: the company's own key of each value. Returns the
        ids of the clients suggested A."""
        self.ensure_one()
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
        self.env["res.partner"].flush_model(["abc_revenue", "abc_share", "abc_suggest_a", "company_id"])
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
                ), target AS (  -- ranked now, or before (from the partial index, not all the contacts)
                    SELECT partner_id AS id FROM ranked
                     UNION
                    SELECT id FROM res_partner
                     WHERE abc_revenue IS NOT NULL
                       AND ((abc_revenue ->> %(key)s)::numeric != 0 OR (abc_suggest_a ->> %(key)s)::boolean)
                )
                UPDATE res_partner partner
                   SET abc_revenue = COALESCE(partner.abc_revenue, '{}')
                                     || jsonb_build_object(%(key)s, COALESCE(ranked.amount, 0)),
                       abc_share = COALESCE(partner.abc_share, '{}')
                                   || jsonb_build_object(%(key)s, COALESCE(ranked.share, 0)),
                       abc_suggest_a = COALESCE(partner.abc_suggest_a, '{}')
                                       || jsonb_build_object(%(key)s, COALESCE(ranked.suggest_a, FALSE))
                  FROM target
             LEFT JOIN ranked ON ranked.partner_id = target.id
                 WHERE partner.id = target.id
                   AND (partner.company_id IS NULL OR partner.company_id = %(company)s)
             RETURNING partner.id, (partner.abc_suggest_a ->> %(key)s)::boolean
                """,
                key=str(self.id),
                company=self.id,
                since=fields.Date.context_today(self) - relativedelta(months=self.crm_abc_months),
                threshold=self.crm_abc_threshold,
            )
        )
        suggested = [partner_id for partner_id, suggest_a in self.env.cr.fetchall() if suggest_a]
        self.env["res.partner"].invalidate_model(["abc_revenue", "abc_share", "abc_suggest_a"])
        return suggested
