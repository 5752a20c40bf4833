from odoo import fields, models
from odoo.tools import SQL

from ..tools.method import COMMERCIAL_LISTS, CUSTOMER_TYPES, OUTCOME_RESULTS

ROW_KINDS = [
    ("new_client", "New client"),
    ("action", "Commercial action"),
    ("proposal", "Proposal"),
    ("opportunity", "Opportunity"),
]
# An action "led to a proposal" when the contact got a proposal within these days.
ACTION_EFFECT_DAYS = 30


class CrmSalespersonReport(models.Model):
    """What each salesperson did and achieved: new clients, commercial actions done
    by type and outcome (how many were successful, how many led to a proposal), proposals and how many
    were won, opportunities and sales. One row per fact; the averages of the rate columns are the rates.
    A row's id stays the same from one query to the next: its source record's id times ten, plus its kind.
    A fact without a company of its own (a contact shared by the companies, an action) belongs to its
    salesperson's company (or the first company), whoever reads the report."""

    _name = "crm.salesperson.report"
    _description = "Salesperson report"
    _auto = False
    _order = "date desc"

    kind = fields.Selection(ROW_KINDS, readonly=True)
    date = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    commercial_list = fields.Selection(COMMERCIAL_LISTS, readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    customer_type = fields.Selection(CUSTOMER_TYPES, readonly=True)
    sales_zone_id = fields.Many2one("res.partner.sales.zone", string="Sales zone", readonly=True)
    source_id = fields.Many2one("utm.source", string="Origin", readonly=True)
    activity_type_id = fields.Many2one("mail.activity.type", string="Action", readonly=True)
    outcome_id = fields.Many2one("mail.activity.outcome", readonly=True)
    outcome_result = fields.Selection(OUTCOME_RESULTS, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    new_clients = fields.Integer(readonly=True)
    actions_done = fields.Integer(readonly=True)
    actions_to_proposal = fields.Integer(string="Actions that led to a proposal", readonly=True)
    action_effectiveness = fields.Float(string="Action effectiveness (%)", readonly=True, aggregator="avg")
    actions_successful = fields.Integer(
        string="Successful actions", readonly=True, help="Actions done with a positive outcome."
    )
    action_success_rate = fields.Float(
        string="Action success (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the actions done with an outcome whose outcome was positive.",
    )
    proposals = fields.Integer(readonly=True)
    proposals_won = fields.Integer(readonly=True)
    proposal_effectiveness = fields.Float(
        string="Proposal effectiveness (%)", readonly=True, aggregator="avg"
    )
    opportunities = fields.Integer(readonly=True)
    sales_amount = fields.Monetary(string="Sales", readonly=True)

    _depends = {
        "res.partner": [
            *("client_since", "user_id", "commercial_list", "industry_id", "customer_type"),
            *("commercial_partner_id", "company_id", "is_company", "parent_id"),
        ],
        "res.users": ["company_id", "sale_team_id"],
        "mail.message": ["mail_activity_type_id", "activity_outcome_id", "author_id", "model", "res_id"],
        "mail.activity.outcome": ["result"],
        "sale.order": ["proposal_date", "proposal_decided_date", "state", "user_id", "amount_untaxed"],
        "crm.lead": ["user_id", "team_id", "partner_id"],
    }

    def init(self):
        # The report's facts are filtered on their day, an expression of each source's date: without
        # statistics of its own PostgreSQL guesses 0.5 % of the rows, and joins a year of actions to
        # the proposal dates row by row (a minute at 50,000 contacts). ANALYZE keeps them up to date.
        for table, day in (
            ("mail_message", "create_date::date"),
            ("crm_lead", "create_date::date"),
            ("sale_order", "proposal_date::date"),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE STATISTICS IF NOT EXISTS %s ON (%s) FROM %s",
                    SQL.identifier(f"{table}_pyme_crm_day_stat"),
                    SQL(day),
                    SQL.identifier(table),
                )
            )

    @property
    def _table_query(self):
        company = SQL("COALESCE(fact.company_id, salesperson.company_id, (SELECT MIN(id) FROM res_company))")
        return SQL(
            """
            SELECT fact.id, fact.kind, fact.date, fact.user_id,
                   COALESCE(fact.team_id, salesperson.sale_team_id) AS team_id, entity.id AS partner_id,
                   entity.commercial_list, entity.industry_id, entity.customer_type, entity.sales_zone_id,
                   entity.source_id, fact.activity_type_id, fact.outcome_id, fact.outcome_result,
                   %(company)s AS company_id,
                   company.currency_id, fact.new_clients, fact.actions_done, fact.actions_to_proposal,
                   CASE WHEN fact.kind = 'action' THEN 100.0 * fact.actions_to_proposal END
                        AS action_effectiveness,
                   COALESCE((fact.outcome_result = 'positive')::int, 0) AS actions_successful,
                   CASE WHEN fact.outcome_id IS NOT NULL
                        THEN 100.0 * (fact.outcome_result = 'positive')::int END AS action_success_rate,
                   fact.proposals, fact.proposals_won,
                   CASE WHEN fact.kind = 'proposal' AND fact.decided THEN 100.0 * fact.proposals_won END
                        AS proposal_effectiveness,
                   fact.opportunities, fact.sales_amount
              FROM (%(facts)s) fact
         LEFT JOIN res_partner contact ON contact.id = fact.partner_id
         LEFT JOIN res_partner entity ON entity.id = contact.commercial_partner_id
         LEFT JOIN res_users salesperson ON salesperson.id = fact.user_id
         LEFT JOIN res_company company ON company.id = %(company)s
            """,
            company=company,
            facts=SQL(" UNION ALL ").join(
                [self._new_clients(), self._actions(), self._proposals(), self._opportunities()]
            ),
        )

    def _facts(self, columns):
        """A fact's SELECT list: every fact has every column, zero when it is not its own. Each source
        gives its day and, but for the salesperson's fallback, its company, so that the pivot's filters
        reach its tables and the contacts are only read for the columns that show them."""
        measures = {
            "new_clients": "0",
            "actions_done": "0",
            "actions_to_proposal": "0",
            "proposals": "0",
            "proposals_won": "0",
            "decided": "FALSE",
            "opportunities": "0",
            "sales_amount": "0::numeric",
            "activity_type_id": "NULL::int",
            "outcome_id": "NULL::int",
            "outcome_result": "NULL::varchar",
            "team_id": "NULL::int",
            "company_id": "NULL::int",
        }
        measures.update(columns)
        return SQL(", ").join(
            SQL("%s AS %s", value if isinstance(value, SQL) else SQL(value), SQL.identifier(name))
            for name, value in measures.items()
        )

    def _entity_company(self, contact):
        """The company of the commercial entity of ``contact`` (a res_partner alias): the contact's own
        when it is its entity, as most are, so that only the facts on a person read another contact."""
        return SQL(
            """CASE WHEN %(contact)s.commercial_partner_id = %(contact)s.id THEN %(contact)s.company_id
                    ELSE (SELECT company_id FROM res_partner
                           WHERE id = %(contact)s.commercial_partner_id) END""",
            contact=SQL.identifier(contact),
        )

    def _new_clients(self):
        return SQL(
            """SELECT partner.id * 10 + 1 AS id, 'new_client' AS kind, partner.client_since AS date,
                      partner.user_id, partner.id AS partner_id, %s
                 FROM res_partner partner
                WHERE partner.client_since IS NOT NULL
                  AND (partner.is_company OR partner.parent_id IS NULL)""",
            self._facts(
                {
                    "new_clients": "1",
                    "company_id": SQL("COALESCE(partner.company_id, %s)", self._entity_company("partner")),
                }
            ),
        )

    def _actions(self):
        """Activities marked done on contacts and deals, by their author, and whether the contact's
        commercial entity got a proposal within ACTION_EFFECT_DAYS: each action meets its entity's
        proposal dates once (a hash join), not every order of the entity's people and a GROUP BY."""
        led_to_proposal = SQL(
            """EXISTS (SELECT FROM unnest(proposal.dates) proposal_date
                        WHERE proposal_date >= date_trunc('second', action.create_date)
                          AND proposal_date < action.create_date + make_interval(days => %s))::int""",
            ACTION_EFFECT_DAYS,
        )
        return SQL(
            """SELECT action.id * 10 + 2, 'action', action.create_date::date, author.id, acted.id, %s
                 FROM (SELECT message.id, message.create_date, message.author_id, message.res_id AS acted_id,
                              message.mail_activity_type_id, message.activity_outcome_id
                         FROM mail_message message
                        WHERE message.model = 'res.partner' AND message.mail_activity_type_id IS NOT NULL
                    UNION ALL
                       SELECT message.id, message.create_date, message.author_id, lead.partner_id,
                              message.mail_activity_type_id, message.activity_outcome_id
                         FROM mail_message message
                         JOIN crm_lead lead ON lead.id = message.res_id
                        WHERE message.model = 'crm.lead' AND message.mail_activity_type_id IS NOT NULL) action
                 JOIN res_users author ON author.partner_id = action.author_id
                 JOIN res_partner acted ON acted.id = action.acted_id
            LEFT JOIN mail_activity_outcome outcome ON outcome.id = action.activity_outcome_id
            LEFT JOIN (SELECT customer.commercial_partner_id AS entity_id,
                              array_agg(so.proposal_date) AS dates
                         FROM sale_order so
                         JOIN res_partner customer ON customer.id = so.partner_id
                        WHERE so.proposal_date IS NOT NULL
                     GROUP BY customer.commercial_partner_id) proposal
                   ON proposal.entity_id = acted.commercial_partner_id""",
            self._facts(
                {
                    "actions_done": "1",
                    "activity_type_id": "action.mail_activity_type_id",
                    "outcome_id": "action.activity_outcome_id",
                    "outcome_result": "outcome.result",
                    "actions_to_proposal": led_to_proposal,
                    "company_id": self._entity_company("acted"),
                },
            ),
        )

    def _proposals(self):
        return SQL(
            """SELECT so.id * 10 + 3, 'proposal', so.proposal_date::date, so.user_id, so.partner_id, %s
                 FROM sale_order so WHERE so.proposal_date IS NOT NULL""",
            self._facts(
                {
                    "proposals": "1",
                    "proposals_won": "(so.state = 'sale')::int",
                    "decided": "so.proposal_decided_date IS NOT NULL",
                    "sales_amount": "CASE WHEN so.state = 'sale' "
                    "THEN so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) ELSE 0 END",
                    "team_id": "so.team_id",
                    "company_id": "so.company_id",  # required: an order has its company
                },
            ),
        )

    def _opportunities(self):
        return SQL(
            """SELECT lead.id * 10 + 4, 'opportunity', lead.create_date::date, lead.user_id,
                      lead.partner_id, %s
                 FROM crm_lead lead WHERE lead.type = 'opportunity'""",
            self._facts(
                {
                    "opportunities": "1",
                    "team_id": "lead.team_id",
                    "company_id": SQL(
                        "COALESCE(lead.company_id, "
                        "(SELECT %s FROM res_partner contact WHERE contact.id = lead.partner_id))",
                        self._entity_company("contact"),
                    ),
                }
            ),
        )
