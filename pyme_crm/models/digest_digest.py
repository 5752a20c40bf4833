from odoo import fields, models
from odoo.exceptions import AccessError

from ..tools.followup import FOLLOWUP_TYPE


class DigestDigest(models.Model):
    """The method's KPIs in Odoo's periodic digest: a salesperson's own figures, or the team's."""

    _inherit = "digest.digest"

    pyme_scope = fields.Selection(
        [("own", "The recipient's own figures"), ("team", "Every figure the recipient may see")],
        string="CRM PYME figures",
        default="team",
        required=True,
    )
    kpi_pyme_proposals = fields.Boolean("Proposals made")
    kpi_pyme_proposals_value = fields.Integer(compute="_compute_kpi_pyme_proposals_value")
    kpi_pyme_close_rate = fields.Boolean("Close rate (%)")
    kpi_pyme_close_rate_value = fields.Float(compute="_compute_kpi_pyme_close_rate_value")
    kpi_pyme_new_clients = fields.Boolean("New clients")
    kpi_pyme_new_clients_value = fields.Integer(compute="_compute_kpi_pyme_new_clients_value")
    kpi_pyme_followups_done = fields.Boolean("Follow-ups done")
    kpi_pyme_followups_done_value = fields.Integer(compute="_compute_kpi_pyme_followups_done_value")
    kpi_pyme_followups_late = fields.Boolean("Follow-ups late")
    kpi_pyme_followups_late_value = fields.Integer(compute="_compute_kpi_pyme_followups_late_value")
    kpi_pyme_stale_deals = fields.Boolean("Stale opportunities")
    kpi_pyme_stale_deals_value = fields.Integer(compute="_compute_kpi_pyme_stale_deals_value")

    def _pyme_parameters(self):
        """The recipient's salespeople (None: all they may see) and the digest's [start, end)."""
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(self.env._("Only salespeople receive the CRM PYME figures."))
        start, end, _companies = self._get_kpi_compute_parameters()
        users = [self.env.uid] if self.pyme_scope == "own" else None
        return users, (fields.Datetime.to_datetime(start), fields.Datetime.to_datetime(end))

    def _pyme_figure(self, method):
        dashboard = self.env["pyme_crm.dashboard"]
        for digest in self:
            users, period = digest._pyme_parameters()
            yield digest, getattr(dashboard, method)(users, period, None)["value"]

    def _compute_kpi_pyme_proposals_value(self):
        for digest, value in self._pyme_figure("_proposals_made"):
            digest.kpi_pyme_proposals_value = value

    def _compute_kpi_pyme_close_rate_value(self):
        for digest, value in self._pyme_figure("_close_rate"):
            digest.kpi_pyme_close_rate_value = value

    def _compute_kpi_pyme_new_clients_value(self):
        for digest, value in self._pyme_figure("_new_clients"):
            digest.kpi_pyme_new_clients_value = value

    def _compute_kpi_pyme_followups_done_value(self):
        followup_type = self.env.ref(FOLLOWUP_TYPE)
        for digest in self:
            users, period = digest._pyme_parameters()
            domain = [
                ("model", "=", "res.partner"),
                ("mail_activity_type_id", "=", followup_type.id),
                *self.env["pyme_crm.dashboard"]._in_period("create_date", period),
            ]
            if users is not None:
                domain.append(("author_id", "in", self.env["res.users"].browse(users).partner_id.ids))
            digest.kpi_pyme_followups_done_value = self.env["mail.message"].search_count(domain)

    def _compute_kpi_pyme_followups_late_value(self):
        for digest in self:
            users, _period = digest._pyme_parameters()
            board = self.env["pyme_crm.dashboard"]  # counted as the dashboard counts it, in one query
            digest.kpi_pyme_followups_late_value = board._count_followups(
                [*board._followups_domain(users), ("date_deadline", "<", fields.Date.context_today(self))]
            )

    def _compute_kpi_pyme_stale_deals_value(self):
        for digest in self:
            users, _period = digest._pyme_parameters()
            digest.kpi_pyme_stale_deals_value = self.env["crm.lead"].search_count(
                [("is_stale", "=", True), *([] if users is None else [("user_id", "in", users)])]
            )

    def _compute_kpis_actions(self, company, user):
        actions = super()._compute_kpis_actions(company, user)
        menu = self.env.ref("pyme_crm.pyme_crm_menu_root").id
        dashboard = f"pyme_crm.pyme_crm_dashboard_action?menu_id={menu}"
        actions.update(
            kpi_pyme_proposals=dashboard,
            kpi_pyme_close_rate=dashboard,
            kpi_pyme_new_clients=dashboard,
            kpi_pyme_followups_done=f"pyme_crm.res_partner_action_followup?menu_id={menu}",
            kpi_pyme_followups_late=f"pyme_crm.res_partner_action_followup?menu_id={menu}",
            kpi_pyme_stale_deals=f"crm.crm_lead_action_pipeline?menu_id={menu}",
        )
        return actions
