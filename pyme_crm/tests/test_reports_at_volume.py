from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from ..tools.followup import FOLLOWUP_TYPE
from .common import PymeCrmCase

# The queries of each report once the caches are warm, the same at 20 records as at 400.
DASHBOARD_MINE_QUERIES = 20
DASHBOARD_COMPANY_QUERIES = 20
# due today, late, contacts without a follow-up: one count each, and the re-read of the user, its
# partner and company and the follow-up type that the caches emptied dropped
FOLLOWUP_FIGURES_QUERIES = 7
SALESPERSON_REPORT_QUERIES = 8  # the pivot's four read_groups, and the salespeople's names
DEAL_FIGURES_QUERIES = 6
ABC_QUERIES = 3
SMALL, LARGE = 20, 400
PIVOT_MEASURES = ["new_clients:sum", "actions_done:sum", "action_effectiveness:avg", "sales_amount:sum"]


@tagged("post_install", "-at_install", "pyme_crm_performance")
class TestReportsAtVolume(PymeCrmCase):
    """The dashboard, the salesperson report, the deal figures and the ABC suggestion cost the same
    queries with 20 contacts, deals, follow-ups and actions done as with 400 (inserted by SQL)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = new_test_user(
            cls.env,
            login="pyme_volume_other",
            groups="sales_team.group_sale_salesman,pyme_crm.group_pyme_salesperson",
        )
        cls.followup_type = cls.env.ref(FOLLOWUP_TYPE)
        cls.stages = cls.env["crm.stage"].search([("is_won", "=", False)])
        cls.today = fields.Date.context_today(cls.env.user)
        cls.inserted = 0

    def grow(self, total):
        """Contacts, their follow-ups (late, today and ahead, a quarter with none), deals and actions
        done, up to ``total`` of each, by SQL."""
        count = total - self.inserted
        self.inserted = total
        self.env.flush_all()
        cr = self.env.cr
        users = [self.salesman.id, self.other.id, self.sales_manager.id]
        cr.execute(
            """
            INSERT INTO res_partner (name, active, type, is_company, autopost_bills, user_id, commercial_list,
                                     commercial_priority, commercial_priority_rank, followup_list_rank,
                                     next_followup_date, client_since, create_date, write_date)
            SELECT 'Volumen ' || n, TRUE, 'contact', TRUE, 'ask', (%(users)s::int[])[1 + n %% 3],
                   (ARRAY['client', 'prospect', 'proposal'])[1 + n %% 3], (ARRAY['A', '1', '2'])[1 + n %% 3],
                   1 + n %% 3, CASE WHEN n %% 3 = 2 THEN 0 ELSE 1 END,
                   CASE WHEN n %% 4 != 0 THEN %(today)s::date + (n %% 7 - 4) END,
                   CASE WHEN n %% 3 = 0 THEN %(today)s::date - n %% 30 END, now(), now()
              FROM generate_series(1, %(count)s) n
            """,
            {"users": users, "today": self.today, "count": count},
        )
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id, commercial_user_id = user_id"
            " WHERE commercial_partner_id IS NULL"
        )
        cr.execute(
            """
            INSERT INTO mail_activity (res_model_id, res_model, res_id, activity_type_id, user_id,
                                       date_deadline, active, create_uid, write_uid, create_date, write_date)
            SELECT %(model)s, 'res.partner', partner.id, %(type)s, partner.user_id,
                   partner.next_followup_date, TRUE, 1, 1, now(), now()
              FROM res_partner partner
             WHERE partner.name LIKE 'Volumen %%' AND partner.next_followup_date IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM mail_activity activity
                                WHERE activity.res_model = 'res.partner' AND activity.res_id = partner.id)
            """,
            {"model": self.env["ir.model"]._get_id("res.partner"), "type": self.followup_type.id},
        )
        cr.execute(
            """
            INSERT INTO crm_lead (name, type, active, stage_id, user_id, partner_id, company_id, probability,
                                  create_date, write_date)
            SELECT 'Obra ' || partner.id, 'opportunity', TRUE,
                   (%(stages)s::int[])[1 + partner.id %% %(nstages)s], partner.user_id, partner.id,
                   %(company)s, 10, now() - (partner.id %% 90) * interval '1 day', now()
              FROM res_partner partner
             WHERE partner.name LIKE 'Volumen %%'
               AND NOT EXISTS (SELECT 1 FROM crm_lead lead WHERE lead.partner_id = partner.id)
            """,
            {"stages": self.stages.ids, "nstages": len(self.stages), "company": self.env.company.id},
        )
        outcomes = self.followup_type.outcome_ids
        cr.execute(
            """
            INSERT INTO mail_message (model, res_id, message_type, mail_activity_type_id, activity_outcome_id,
                                      author_id, body, create_date, date, write_date)
            SELECT 'res.partner', partner.id, 'notification', %(type)s,
                   (%(outcomes)s::int[])[1 + partner.id %% %(noutcomes)s], author.partner_id, '<p>Hecho</p>',
                   now() - (partner.id %% 60) * interval '1 day', now(), now()
              FROM res_partner partner JOIN res_users author ON author.id = partner.user_id
             WHERE partner.name LIKE 'Volumen %%'
               AND NOT EXISTS (SELECT 1 FROM mail_message message
                                WHERE message.model = 'res.partner' AND message.res_id = partner.id)
            """,
            {"type": self.followup_type.id, "outcomes": outcomes.ids, "noutcomes": len(outcomes)},
        )
        self.env.invalidate_all()

    def assertSameQueries(self, queries, call):
        """``call`` runs ``queries`` queries with SMALL records and with LARGE, caches warm."""
        results = []
        for total in (SMALL, LARGE):
            self.grow(total)
            call()  # warms the caches of rules, views and records of the setup
            self.env.invalidate_all()
            with self.assertQueryCount(queries):
                results.append(call())
            self.env.invalidate_all()
        return results

    def dashboard_queries(self, user, scope, queries):
        dashboard = self.env["pyme_crm.dashboard"].with_user(user)
        return self.assertSameQueries(queries, lambda: dashboard.get_dashboard(scope, "year"))

    def test_dashboard_mine(self):
        self.dashboard_queries(self.salesman, "mine", DASHBOARD_MINE_QUERIES)

    def test_dashboard_company(self):
        self.dashboard_queries(self.sales_manager, "company", DASHBOARD_COMPANY_QUERIES)

    def followup_figures(self, user, scope):
        dashboard = self.env["pyme_crm.dashboard"].with_user(user)
        users = dashboard._scope_users(scope)
        return self.assertSameQueries(FOLLOWUP_FIGURES_QUERIES, lambda: dashboard._followup_figures(users))

    def assertCountsAsMail(self, user, figures):
        """The follow-ups counted are the ones mail's own search gives the user (their own, and the
        ones on contacts they may post on), and the contacts the ones they see."""
        for figure in figures:
            records = self.env[figure["model"]].with_user(user).search_count(figure["domain"])
            self.assertEqual(figure["value"], records, figure["key"])

    def test_followup_figures_mine(self):
        small, large = self.followup_figures(self.salesman, "mine")
        self.assertLess(small[1]["value"], large[1]["value"])
        self.assertCountsAsMail(self.salesman, large)

    def test_followup_figures_company(self):
        small, large = self.followup_figures(self.sales_manager, "company")
        self.assertLess(small[1]["value"], large[1]["value"])
        self.assertCountsAsMail(self.sales_manager, large)
        self.assertCountsAsMail(self.sales_manager, self.env["pyme_crm.dashboard"]._followup_figures(None))
        pyme_salesperson = self.env["pyme_crm.dashboard"].with_user(self.other)
        self.assertCountsAsMail(self.other, pyme_salesperson._followup_figures([self.other.id]))

    def test_followups_of_contacts_the_user_may_not_see(self):
        """A CRM PYME salesperson counts their own follow-ups, and the team's ones only on contacts they
        may see, as mail's search does."""
        self.grow(SMALL)
        partner = self.env["res.partner"].search([("user_id", "=", self.salesman.id)], limit=1)
        activity = partner.activity_schedule(FOLLOWUP_TYPE, user_id=self.other.id)
        activity.date_deadline = self.today - timedelta(days=1)
        hidden = self.env["res.partner"].search([("user_id", "=", self.salesman.id)], limit=1, offset=1)
        hidden.activity_schedule(FOLLOWUP_TYPE, user_id=self.salesman.id, date_deadline=self.today)
        self.env.flush_all()
        dashboard = self.env["pyme_crm.dashboard"].with_user(self.other)
        Activity = self.env["mail.activity"].with_user(self.other)
        for figure in dashboard._followup_figures(None)[:2]:
            self.assertEqual(figure["value"], Activity.search_count(figure["domain"]), figure["key"])

    def salesperson_report(self, user):
        year = [("date", ">=", self.today - timedelta(days=365))]
        groupbys = ([], ["user_id"], ["date:month"], ["user_id", "date:month"])
        report = self.env["crm.salesperson.report"].with_user(user)
        small, large = self.assertSameQueries(
            SALESPERSON_REPORT_QUERIES,
            lambda: [
                report.web_read_group(year, PIVOT_MEASURES, groupby, lazy=False) for groupby in groupbys
            ],
        )
        self.assertLess(small[0]["groups"][0]["actions_done"], large[0]["groups"][0]["actions_done"])

    def test_salesperson_report_of_a_salesperson(self):
        self.salesperson_report(self.salesman)

    def test_salesperson_report_of_the_company(self):
        self.salesperson_report(self.sales_manager)

    def test_deal_figures_of_a_page(self):
        self.product.write({"invoice_policy": "order"})
        self.grow(SMALL)
        deals = self.env["crm.lead"].search([("name", "=like", "Obra %")], limit=10)
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": deal.partner_id.id,
                    "opportunity_id": deal.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
                for deal in deals
            ]
        )
        orders[:5].action_confirm()
        specification = {
            name: {}
            for name in [
                "name",
                "stage_id",
                "quoted_amount",
                "ordered_amount",
                "invoiced_amount",
                "paid_amount",
            ]
        }
        Lead = self.env["crm.lead"].with_user(self.sales_manager)
        small, large = self.assertSameQueries(
            DEAL_FIGURES_QUERIES,
            lambda: Lead.web_search_read([("name", "=like", "Obra %")], specification, limit=80),
        )
        self.assertEqual((small["length"], len(large["records"])), (SMALL, 80))
        self.assertEqual(Lead.browse(orders[:5].opportunity_id.ids).mapped("ordered_amount"), [1200.0] * 5)

    def test_abc_suggestion(self):
        clients = self.env["res.partner"]

        def suggest():
            return self.env.company._suggest_abc()

        for total in (SMALL, LARGE // 4):
            new = self.env["res.partner"].create(
                [
                    {"name": f"Cliente {n}", "is_company": True, "commercial_list": "client"}
                    for n in range(total)
                ]
            )
            invoices = self.env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": self.today,
                        "invoice_line_ids": [
                            Command.create(
                                {"product_id": self.product.id, "quantity": 1, "price_unit": 100 + n}
                            )
                        ],
                    }
                    for n, partner in enumerate(new)
                ]
            )
            invoices.action_post()
            clients |= new
            suggest()
            self.env.invalidate_all()
            with self.assertQueryCount(ABC_QUERIES):
                suggested = suggest()
            self.assertTrue(suggested)
            self.assertLess(len(suggested), len(clients))
