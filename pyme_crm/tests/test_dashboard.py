from datetime import datetime, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models import pyme_crm_dashboard
from .common import PymeCrmCase

CHARTS_QUERIES = 11
# due today, late, contacts without a follow-up: one count each, and the re-read of the user, its
# partner and company and the follow-up type that the caches emptied dropped
FOLLOWUP_FIGURES_QUERIES = 7


class DashboardCase(PymeCrmCase):
    """Orders, invoices and follow-ups of two salespeople, this month and last month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = new_test_user(
            cls.env, login="pyme_javier", name="Javier", groups="sales_team.group_sale_salesman"
        )
        cls.product.write({"invoice_policy": "order", "taxes_id": [Command.clear()], "list_price": 1000})
        cls.today = fields.Date.context_today(cls.env.user)
        cls.month_start = cls.today.replace(day=1)
        cls.client.client_since = cls.today - timedelta(days=400)
        Partner = cls.env["res.partner"]
        cls.fresh = Partner.create(
            {
                "name": "Hotel Nuevo",
                "is_company": True,
                "commercial_list": "prospect",
                "user_id": cls.salesman.id,
            }
        )
        cls.javier_client = Partner.create(
            {
                "name": "Talleres Javier",
                "is_company": True,
                "commercial_list": "client",
                "user_id": cls.other.id,
            }
        )

    def order(self, partner, user, price, state):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "order_line": [Command.create({"product_id": self.product.id, "price_unit": price})],
            }
        )
        if state in ("sent", "cancel"):
            order.action_quotation_sent()
        if state == "sale":
            order.action_confirm()
        if state == "cancel":
            order._action_cancel()
        return order

    def dashboard(self, user, scope="mine", **period):
        data = self.env["pyme_crm.dashboard"].with_user(user).get_dashboard(scope=scope, **period)
        return {figure["key"]: figure for figure in data["results"] + data["future"]}

    def post_foreign_invoice(self):
        """An invoice of 1,000 in a currency at 2 per unit of the company's, posted this month."""
        foreign = self.env.ref("base.EUR" if self.env.company.currency_id.name != "EUR" else "base.USD")
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "company_id": self.env.company.id,
                "name": self.month_start,
                "rate": 2.0,
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.fresh.id,
                "invoice_user_id": self.salesman.id,
                "currency_id": foreign.id,
                "invoice_date": self.today,
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 1000})],
            }
        )
        invoice.action_post()
        return invoice

    def late_followups(self, count):
        """``count`` prospects of Lucía's, each with a follow-up three days late."""
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Prospecto {n}",
                    "is_company": True,
                    "commercial_list": "prospect",
                    "user_id": self.salesman.id,
                }
                for n in range(count)
            ]
        )
        partners._schedule_followups(self.today - timedelta(days=3))
        self.env.flush_all()

    def seed(self):
        won = self.order(self.fresh, self.salesman, 1000, "sale")
        invoice = won._create_invoices()
        invoice.action_post()
        refund = invoice._reverse_moves([{"invoice_date": self.today}])
        refund.invoice_line_ids.price_unit = 200
        refund.action_post()
        self.order(self.client, self.salesman, 500, "sent")
        self.order(self.client, self.salesman, 700, "cancel")
        self.order(self.javier_client, self.other, 300, "sale")
        last_month = self.order(self.client, self.salesman, 400, "sale")
        before = fields.Datetime.to_datetime(self.month_start) - timedelta(days=10)
        last_month.write({"date_order": before, "proposal_date": before, "proposal_decided_date": before})
        self.fresh._plan_followup("today")
        self.prospect._plan_followup("date", self.today - timedelta(days=3))
        now = fields.Datetime.now()
        self.env["calendar.event"].create(
            [
                {
                    "name": name,
                    "start": now + timedelta(days=days),
                    "stop": now + timedelta(days=days, hours=1),
                    "partner_ids": [Command.set(user.partner_id.ids)],
                    "user_id": user.id,
                }
                for name, days, user in (
                    ("Visita Hotel Nuevo", 2, self.salesman),
                    ("Visita lejana", 20, self.salesman),
                    ("Visita de Javier", 1, self.other),
                )
            ]
        )
        self.env.flush_all()


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCase):
    """The dashboard's figures, worked out by hand on a small data set."""

    def test_figures_of_a_salesperson(self):
        self.seed()
        figures = self.dashboard(self.salesman)
        self.assertEqual(
            (figures["sales_ordered"]["value"], figures["sales_ordered"]["previous"]), (1000, 400)
        )
        self.assertEqual(figures["sales_invoiced"]["value"], 800, "1,000 invoiced, 200 credited")
        self.assertEqual((figures["proposals_made"]["value"], figures["proposals_made"]["previous"]), (3, 1))
        self.assertEqual(figures["close_rate"]["value"], 50.0)
        self.assertEqual(figures["close_rate"]["detail"], "1 won of 2 decided")
        self.assertEqual(figures["close_rate"]["previous"], 100.0)
        new_clients = self.env["res.partner"].search(figures["new_clients"]["domain"])
        self.assertEqual(new_clients.mapped("name"), ["Hotel Nuevo"], "Hotel Nuevo became a client")
        self.assertEqual(
            (figures["proposals_in_progress"]["value"], figures["proposals_in_progress"]["amount"]), (1, 500)
        )
        self.assertEqual(figures["appointments"]["value"], 1, "the visit in 2 days; not in 20, not Javier's")
        self.assertEqual(figures["followups_today"]["value"], 1)
        self.assertEqual(figures["followups_late"]["value"], 1)
        self.assertEqual(
            figures["no_followup"]["value"], 1, "the client: Hotel Nuevo and the prospect have one"
        )
        self.assertEqual(
            self.env[figures["proposals_in_progress"]["model"]]
            .search(figures["proposals_in_progress"]["domain"])
            .mapped("amount_untaxed"),
            [500.0],
            "each figure opens the records behind it",
        )

    def test_foreign_currency_invoice_in_company_currency(self):
        self.post_foreign_invoice()
        self.assertEqual(self.dashboard(self.salesman)["sales_invoiced"]["value"], 500, "1,000 at 2 per unit")

    def test_scopes_follow_the_rights(self):
        self.seed()
        with self.assertRaises(AccessError):
            self.dashboard(self.salesman, scope="company")
        company = self.dashboard(self.sales_manager, scope="company")
        self.assertEqual(company["sales_ordered"]["value"], 1300)
        javier = self.dashboard(self.other)
        self.assertEqual(
            (javier["sales_ordered"]["value"], javier["proposals_in_progress"]["value"]), (300, 0)
        )

    def test_the_previous_period_is_the_previous_calendar_one(self):
        with freeze_time("2026-03-15 10:00:00"):
            dashboard = self.env["pyme_crm.dashboard"]
            for period, previous in (
                ("month", "2026-02-01"),
                ("quarter", "2025-10-01"),
                ("year", "2025-01-01"),
            ):
                start, end = dashboard._period(period, None, None)
                self.assertEqual(dashboard._previous_start(period, start, end).isoformat(), previous, period)
            for price, day in ((250, datetime(2026, 1, 30, 10)), (400, datetime(2026, 2, 10, 10))):
                order = self.order(self.client, self.salesman, price, "sale")
                order.write({"date_order": day, "proposal_date": day, "proposal_decided_date": day})
            self.env.flush_all()  # the figures read the sales report's SQL view
            figures = self.dashboard(self.salesman)
        self.assertEqual(
            figures["sales_ordered"]["previous"], 400, "30 January is not in March's previous month"
        )

    def test_date_range_and_previous_period(self):
        self.seed()
        start = self.month_start - timedelta(days=20)
        figures = self.dashboard(
            self.salesman, period="range", date_from=start, date_to=self.month_start - timedelta(days=1)
        )
        self.assertEqual(figures["sales_ordered"]["value"], 400)
        self.assertEqual(figures["sales_ordered"]["previous"], 0)


@tagged("post_install", "-at_install", "pyme_crm_performance")
class TestDashboardQueries(DashboardCase):
    def test_constant_queries(self):
        self.seed()
        self.dashboard(self.salesman)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=26):
            self.dashboard(self.salesman)
        self.env["crm.lead"].create(
            [{"name": f"Obra {n}", "type": "opportunity", "user_id": self.salesman.id} for n in range(1000)]
        )
        self.env["sale.order"].create(
            [
                {
                    "partner_id": self.client.id,
                    "user_id": self.salesman.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
                for _ in range(200)
            ]
        ).action_quotation_sent()
        self.dashboard(self.salesman)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=26):
            figures = self.dashboard(self.salesman)
        self.assertEqual(figures["proposals_in_progress"]["value"], 201)


@tagged("post_install", "-at_install")
class TestFollowupFiguresLimit(DashboardCase):
    """The follow-up figures count up to a limit (1,000) and say when they stopped there."""

    def dashboard_with_limit(self, limit):
        with patch.object(pyme_crm_dashboard, "FIGURE_COUNT_LIMIT", limit):
            return self.dashboard(self.salesman)

    def test_counts_stop_at_the_limit(self):
        self.fresh._plan_followup("today")
        self.late_followups(3)
        figures = self.dashboard_with_limit(2)
        self.assertEqual(
            {
                key: (figures[key]["value"], figures[key]["capped"])
                for key in ("followups_today", "followups_late", "no_followup")
            },
            {"followups_today": (1, False), "followups_late": (2, True), "no_followup": (2, False)},
            "3 late follow-ups; the client and the prospect have none",
        )
        self.assertEqual(
            self.env["mail.activity"]
            .with_user(self.salesman)
            .search_count(figures["followups_late"]["domain"]),
            3,
            "the figure opens every late follow-up",
        )
        late = self.dashboard_with_limit(3)["followups_late"]
        self.assertEqual((late["value"], late["capped"]), (3, False))


@tagged("post_install", "-at_install", "pyme_crm_performance")
class TestFollowupFiguresQueries(DashboardCase):
    def followup_figures(self):
        dashboard = self.env["pyme_crm.dashboard"].with_user(self.salesman)
        dashboard._followup_figures([self.salesman.id])
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=FOLLOWUP_FIGURES_QUERIES):
            figures = dashboard._followup_figures([self.salesman.id])
        return figures[1]["value"], figures[1]["capped"]

    def test_constant_queries(self):
        self.late_followups(2)
        self.assertEqual(self.followup_figures(), (2, False))
        self.late_followups(60)
        self.assertEqual(self.followup_figures(), (62, False))
        with patch.object(pyme_crm_dashboard, "FIGURE_COUNT_LIMIT", 10):
            self.assertEqual(self.followup_figures(), (10, True))


class DashboardChartsCase(DashboardCase):
    def charts(self, user, scope="mine", **period):
        data = self.env["pyme_crm.dashboard"].with_user(user).get_charts(scope=scope, **period)
        self.assertEqual(data["currency_id"], self.env.company.currency_id.id)
        return {chart["key"]: chart for chart in data["charts"]}

    def records(self, dataset, index):
        return self.env[dataset["model"]].search(dataset["domains"][index])


@tagged("post_install", "-at_install")
class TestDashboardCharts(DashboardChartsCase):
    """The dashboard's charts: the series of the last 12 months, the funnel and the ages of proposals."""

    def test_sales_per_month_against_the_year_before(self):
        self.seed()
        a_year_ago = (
            fields.Datetime.to_datetime(self.month_start) - relativedelta(years=1) + timedelta(days=2)
        )
        self.order(self.client, self.salesman, 900, "sale").date_order = a_year_ago
        self.env.flush_all()
        charts = self.charts(self.salesman)
        ordered, year_before = charts["sales_ordered"]["datasets"]
        self.assertEqual(charts["sales_ordered"]["labels"][-1], fields.Date.to_string(self.month_start))
        self.assertEqual(len(ordered["data"]), 12)
        self.assertEqual((ordered["data"][-1], ordered["data"][-2]), (1000, 400), "this month, last month")
        self.assertEqual(year_before["data"][-1], 900, "this month a year ago")
        self.assertEqual(
            year_before["months"][-1], fields.Date.to_string(self.month_start - relativedelta(years=1))
        )
        [[total]] = self.env["sale.report"]._read_group(ordered["domains"][-1], [], ["price_subtotal:sum"])
        self.assertEqual(total, 1000, "the bar opens the sales behind it")
        invoiced = charts["sales_invoiced"]["datasets"][0]
        self.assertEqual(invoiced["data"][-1], 800, "1,000 invoiced, 200 credited")
        self.assertEqual(
            sorted(self.records(invoiced, -1).mapped("move_type")), ["out_invoice", "out_refund"]
        )

    def test_months_in_the_users_time_zone(self):
        self.salesman.tz = "Europe/Madrid"
        with freeze_time("2026-03-15 10:00:00"):
            # 00:30 on 1 March in Madrid, still February in UTC
            first_of_march = datetime(2026, 2, 28, 23, 30)
            order = self.order(self.client, self.salesman, 250, "sale")
            order.write(
                {
                    "date_order": first_of_march,
                    "proposal_date": first_of_march,
                    "proposal_decided_date": first_of_march,
                }
            )
            self.env.flush_all()
            charts = self.charts(self.salesman)
        ordered = charts["sales_ordered"]["datasets"][0]
        self.assertEqual(charts["sales_ordered"]["labels"][-1], "2026-03-01")
        self.assertEqual((ordered["data"][-1], ordered["data"][-2]), (250, 0))
        proposals, rate = charts["proposals"]["datasets"]
        self.assertEqual((proposals["data"][-1], proposals["data"][-2]), (1, 0))
        self.assertEqual((rate["data"][-1], rate["data"][-2]), (100.0, None), "no rate without decisions")
        self.assertEqual(self.records(proposals, -1), order)
        self.assertFalse(self.records(proposals, -2))

    def test_foreign_currency_in_company_currency(self):
        invoice = self.post_foreign_invoice()
        refund = invoice._reverse_moves([{"invoice_date": self.today}])
        refund.invoice_line_ids.price_unit = 300
        refund.action_post()
        invoiced = self.charts(self.salesman)["sales_invoiced"]["datasets"][0]
        self.assertEqual(invoiced["data"][-1], 350, "1,000 less 300 credited, at 2 per unit")

    def test_proposals_made_and_close_rate(self):
        self.seed()
        proposals, rate = self.charts(self.salesman)["proposals"]["datasets"]
        self.assertEqual((proposals["data"][-1], proposals["data"][-2]), (3, 1))
        self.assertEqual((rate["data"][-1], rate["data"][-2]), (50.0, 100.0))
        self.assertEqual(
            sorted(self.records(rate, -1).mapped("state")), ["cancel", "sale"], "the point opens the decided"
        )

    def test_funnel_lists_and_entries_in_the_period(self):
        self.reserve.user_id = self.salesman
        self.reserve.with_context(tracking_disable=False).commercial_list = "prospect"
        self.env.flush_all()
        self.env.cr.precommit.run()  # the chatter tracks the move
        charts = self.charts(self.salesman)
        funnel = charts["funnel"]
        in_list, entered = funnel["datasets"]
        lists = dict(zip(funnel["labels"], in_list["data"], strict=True))
        self.assertEqual(
            (lists["Contact database"], lists["Prospects"], lists["Clients"]),
            (0, 3, 1),
            "Librería, Bodegas and Hotel Nuevo are prospects; Rosa, Bodegas' contact, counts with it",
        )
        self.assertEqual(self.records(in_list, 1), self.reserve | self.prospect | self.fresh)
        self.assertEqual(dict(zip(funnel["labels"], entered["data"], strict=True))["Prospects"], 1)
        action = (
            self.env["pyme_crm.dashboard"]
            .with_user(self.salesman)
            .action_open_list_entries(**entered["actions"][1])
        )
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.reserve)
        last_month = self.charts(
            self.salesman,
            period="range",
            date_from=self.month_start - timedelta(days=30),
            date_to=self.month_start - timedelta(days=1),
        )
        self.assertEqual(last_month["funnel"]["datasets"][1]["data"], [0] * 5, "nobody moved last month")
        self.assertEqual(self.charts(self.other)["funnel"]["datasets"][1]["data"], [0] * 5, "not Javier's")

    def test_open_proposals_by_age(self):
        now = fields.Datetime.now()
        orders = self.env["sale.order"]
        for days in (0, 7, 8, 30, 31, 90, 91, 400):
            order = self.order(self.client, self.salesman, 100, "sent")
            order.proposal_date = now - timedelta(days=days)
            orders |= order
        self.order(self.client, self.other, 100, "sent")
        self.order(self.client, self.salesman, 100, "sale").proposal_date = now - timedelta(days=3)
        self.env.flush_all()
        ages = self.charts(self.salesman)["proposal_ages"]
        self.assertEqual(ages["labels"], ["0-7 days", "8-30 days", "31-90 days", "Over 90 days"])
        [dataset] = ages["datasets"]
        self.assertEqual(dataset["data"], [2, 2, 2, 2])
        self.assertEqual(self.records(dataset, 3), orders[-2:], "each slice opens its proposals")
        self.assertEqual(sum(len(self.records(dataset, index)) for index in range(4)), 8)

    def test_scopes_follow_the_rights(self):
        self.seed()
        with self.assertRaises(AccessError):
            self.charts(self.salesman, scope="company")
        with self.assertRaises(AccessError):
            self.env["pyme_crm.dashboard"].with_user(self.salesman).action_open_list_entries(
                "company", "client"
            )
        company = self.charts(self.sales_manager, scope="company")
        self.assertEqual(company["sales_ordered"]["datasets"][0]["data"][-1], 1300)


@tagged("post_install", "-at_install", "pyme_crm_performance")
class TestDashboardChartsQueries(DashboardChartsCase):
    def warm_up(self):
        """Caches warm (the rules of every model read, the company read once as the user), records not."""
        self.env.invalidate_all()
        self.charts(self.salesman)
        self.env.invalidate_all()

    def test_constant_queries(self):
        # the seven grouped queries of the charts (sales ordered and invoiced, proposals made and decided,
        # contacts per list, entries per list, open proposals per day), the led teams of the scope, and the
        # re-read of the user, its partner and company that emptying the caches dropped
        self.seed()
        self.warm_up()
        with self.assertQueryCount(__system__=CHARTS_QUERIES):
            self.charts(self.salesman)
        self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": self.salesman.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
                for partner in (self.client, self.fresh) * 100
            ]
        ).action_quotation_sent()
        contacts = self.env["res.partner"].create(
            [
                {
                    "name": f"Obra {n}",
                    "is_company": True,
                    "user_id": self.salesman.id,
                    "phone": "+34 600 000 000",
                }
                for n in range(200)
            ]
        )
        self.env.flush_all()
        self.env.cr.precommit.clear()  # as if created before: the chatter tracks their moves
        contacts.with_context(tracking_disable=False).commercial_list = "prospect"
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.warm_up()
        with self.assertQueryCount(__system__=CHARTS_QUERIES):
            charts = self.charts(self.salesman)
        self.assertEqual(charts["proposal_ages"]["datasets"][0]["data"][0], 201)
        self.assertEqual(
            charts["funnel"]["datasets"][1]["data"][1], 200, "the contacts entered the prospects"
        )


@tagged("post_install", "-at_install")
class TestDigest(DashboardCase):
    """The weekly digests carry the method's KPIs."""

    def test_salesperson_digest_renders_and_is_sent(self):
        self.seed()
        digest = self.env.ref("pyme_crm.digest_salesperson")
        digest.user_ids = self.salesman
        self.salesman.email = "lucia@pyme.example"
        # The digest's columns are the last 24 hours: seen at the end of today (UTC), they hold this
        # test's work, including today's date (the client's); seen at another hour, a date field's day
        # would straddle the window.
        seen = datetime.combine(fields.Datetime.now().date() + timedelta(days=1), datetime.min.time())
        with freeze_time(seen):
            yesterday = {
                kpi["kpi_name"]: kpi["kpi_col1"]["value"]
                for kpi in digest._compute_kpis(self.env.company, self.salesman)
            }
        self.assertEqual(yesterday["kpi_pyme_proposals"], 3)
        self.assertEqual(yesterday["kpi_pyme_new_clients"], 1)
        self.assertEqual(yesterday["kpi_pyme_close_rate"], "50.00")
        late = 2 if seen.date() > self.today else 1
        self.assertEqual(yesterday["kpi_pyme_followups_late"], late, "today's follow-up is late tomorrow")
        self.assertEqual(yesterday["kpi_pyme_stale_deals"], 0)
        digest.next_run_date = self.today
        self.env["digest.digest"]._cron_send_digest_email()
        mail = self.env["mail.mail"].search([("subject", "ilike", digest.name)], order="id desc", limit=1)
        self.assertTrue(mail, "sent by the digest's scheduled action")
        self.assertIn("lucia@pyme.example", mail.email_to)
        for label in (
            "Proposals made",
            "Close rate (%)",
            "New clients",
            "Follow-ups done",
            "Follow-ups late",
            "Stale opportunities",
        ):
            self.assertIn(label, mail.body_html)

    def test_digests_are_on_after_install(self):
        salesperson, manager = (
            self.env.ref("pyme_crm.digest_salesperson"),
            self.env.ref("pyme_crm.digest_manager"),
        )
        self.assertEqual((salesperson.state, manager.state), ("activated", "activated"))
        self.assertIn(self.env.ref("base.user_admin"), manager.user_ids)


@tagged("post_install", "-at_install")
class TestSalespersonReport(DashboardCase):
    """Actions, their effectiveness, proposals and sales per salesperson."""

    def test_actions_and_effectiveness(self):
        call = self.fresh._plan_followup("today").with_user(self.salesman)
        call.outcome_id = self.env.ref("pyme_crm.outcome_proposal_requested")
        call.action_feedback("Le interesa: pide presupuesto")
        idle = self.client._plan_followup("today").with_user(self.salesman)
        idle.outcome_id = self.env.ref("pyme_crm.outcome_no_answer")
        idle.action_feedback()
        self.seed()
        Report = self.env["crm.salesperson.report"]
        [[actions, to_proposal, effectiveness, successful, success]] = Report.with_user(
            self.salesman
        )._read_group(
            [("kind", "=", "action")],
            [],
            [
                "actions_done:sum",
                "actions_to_proposal:sum",
                "action_effectiveness:avg",
                "actions_successful:sum",
                "action_success_rate:avg",
            ],
        )
        # Hotel Nuevo got a proposal after its call; Alhambra's got one too (the sent quotation)
        self.assertEqual((actions, to_proposal), (2, 2))
        self.assertEqual(effectiveness, 100.0)
        self.assertEqual((successful, success), (1, 50.0), "one of the two calls ended well")
        by_outcome = Report.with_user(self.salesman)._read_group(
            [("kind", "=", "action")], ["outcome_id", "outcome_result"], ["__count"]
        )
        self.assertEqual(
            sorted((outcome.name, result, count) for outcome, result, count in by_outcome),
            [("No answer", "neutral", 1), ("Proposal requested", "positive", 1)],
        )
        groups = Report.with_user(self.sales_manager)._read_group(
            [("date", ">=", self.month_start)],
            ["user_id"],
            [
                "new_clients:sum",
                "proposals:sum",
                "proposals_won:sum",
                "proposal_effectiveness:avg",
                "sales_amount:sum",
            ],
        )
        figures = {user.name: values for user, *values in groups}
        self.assertEqual(figures["Lucía Romero"], [1, 3, 1, 50.0, 1000.0])
        self.assertEqual(figures["Javier"][1:], [1, 1, 100.0, 300.0])
        own = Report.with_user(self.other)._read_group([], ["user_id"], ["__count"])
        self.assertEqual([user for user, _count in own], [self.other], "a salesperson sees their own figures")
