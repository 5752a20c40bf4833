from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, RedirectWarning, ValidationError
from odoo.tests import new_test_user, tagged

from .common import DealDocumentsCase, PymeCrmCase

FIGURES = ["quoted_amount", "ordered_amount", "invoiced_amount", "paid_amount"]
COSTS = ["purchased_amount", "margin_amount"]
INTERNAL_FIELDS = [
    "commercial_list",
    "commercial_priority",
    "abc_share",
    "last_note",
    "purchase_potential",
    "commercial_role_ids",
    "next_followup_date",
    "client_since",
]


@tagged("post_install", "-at_install")
class TestWhoReadsWhat(DealDocumentsCase):
    """Each profile reads what it should, field by field, as over RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_contact = cls.env["res.partner"].create(
            {"name": "Pedro Portal", "parent_id": cls.client.id, "email": "pedro@alhambra.example"}
        )
        cls.portal = new_test_user(
            cls.env, login="pyme_portal", groups="base.group_portal", partner_id=cls.portal_contact.id
        )
        cls.marketing = new_test_user(cls.env, login="pyme_mkt", groups="pyme_crm.group_pyme_marketing")
        cls.service = new_test_user(
            cls.env, login="pyme_service", groups="pyme_crm.group_pyme_customer_service"
        )
        cls.seller = new_test_user(cls.env, login="pyme_seller", groups="pyme_crm.group_pyme_salesperson")
        cls.seller_buyer = new_test_user(
            cls.env,
            login="pyme_seller_buyer",
            groups="sales_team.group_sale_salesman_all_leads,purchase.group_purchase_user",
        )
        cls.accountant = new_test_user(cls.env, login="pyme_acc", groups="account.group_account_invoice")
        cls.maintenance.user_id = cls.seller

    def test_portal_user_reads_none_of_the_classification(self):
        company = self.client.with_user(self.portal)
        self.assertEqual(company.read(["name"])[0]["name"], self.client.name)
        for field_name in INTERNAL_FIELDS:
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                company.read([field_name])
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.portal).search_read(
                [("id", "=", self.client.id)], ["abc_share"]
            )

    def test_deal_figures_by_profile(self):
        deal = self.maintenance
        for user in (self.marketing, self.service):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["crm.lead"].with_user(user).search_read([("id", "=", deal.id)], ["invoiced_amount"])
        seller_deal = deal.with_user(self.seller)
        self.assertEqual(set(seller_deal.read(FIGURES)[0]) - {"id"}, set(FIGURES))
        for cost in COSTS:
            with self.subTest(cost=cost), self.assertRaises(AccessError):
                seller_deal.read([cost])
        for user in (self.seller_buyer, self.sales_manager, self.accountant):
            with self.subTest(user=user.login):
                deal.invalidate_recordset()
                self.assertEqual(len(deal.with_user(user).read(FIGURES + COSTS)), 1)


@tagged("post_install", "-at_install")
class TestTeamSharing(PymeCrmCase):
    """Team sharing follows the teams at once, without touching the setting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.crm_salesperson_sees_team = True
        cls.ana = new_test_user(cls.env, login="pyme_ana", groups="pyme_crm.group_pyme_salesperson")
        cls.beto = new_test_user(cls.env, login="pyme_beto", groups="pyme_crm.group_pyme_salesperson")
        cls.team = cls.env["crm.team"].create({"name": "Zona Norte", "member_ids": [(6, 0, [cls.ana.id])]})
        cls.betos = cls.env["res.partner"].create(
            {"name": "Cliente de Beto", "is_company": True, "user_id": cls.beto.id}
        )

    def setUp(self):
        super().setUp()
        self.env.registry.clear_cache()  # rule domains cached by another test's rolled-back teams

    def visible(self, user):
        return bool(self.env["res.partner"].with_user(user).search([("id", "=", self.betos.id)]))

    def test_joining_and_leaving_a_team_takes_effect_at_once(self):
        self.assertFalse(self.visible(self.ana))
        self.team.member_ids = [(4, self.beto.id)]
        self.assertTrue(self.visible(self.ana))
        self.team.crm_team_member_ids.filtered(lambda m: m.user_id == self.ana).unlink()
        self.assertFalse(self.visible(self.ana))

    def test_a_new_team_leader_sees_the_team_at_once(self):
        self.team.member_ids = [(6, 0, [self.beto.id])]
        self.assertFalse(self.visible(self.ana))
        self.team.user_id = self.ana
        self.assertTrue(self.visible(self.ana))
        self.team.user_id = False
        self.assertFalse(self.visible(self.ana))

    def test_the_rule_method_is_private(self):
        self.assertFalse(hasattr(self.env["res.users"], "pyme_crm_visible_salespeople"))

    def test_only_internal_users_partners_are_shared(self):
        contact = self.env["res.partner"].create({"name": "Portal de Beto", "parent_id": self.betos.id})
        new_test_user(self.env, login="pyme_portal_beto", groups="base.group_portal", partner_id=contact.id)
        self.env.company.crm_salesperson_sees_team = False
        with self.assertRaises(AccessError):
            contact.with_user(self.ana).write({"email": "otro@x.example"})
        self.assertTrue(self.ana.partner_id.with_user(self.beto).read(["name"]), "a colleague stays visible")


@tagged("post_install", "-at_install")
class TestRulesOverRpc(PymeCrmCase):
    """The method's rules hold whatever a caller sends: context keys switch nothing off, what a list
    requires holds on create, and the addon's own fields are set by the addon only."""

    def setUp(self):
        super().setUp()
        self.bare = self.env["res.partner"].create(
            {"name": "Hotel Sin Datos", "is_company": True, "user_id": self.salesman.id}
        )

    def test_context_keys_switch_no_rule_off(self):
        forged = self.bare.with_user(self.salesman).with_context(pyme_crm_automatic_move=True)
        with self.assertRaises(RedirectWarning):
            forged.write({"commercial_list": "client"})
        person = self.env["res.partner"].create({"name": "Ana", "parent_id": self.prospect.id})
        person.with_user(self.salesman).with_context(pyme_crm_sync=True).write({"commercial_list": "on_hold"})
        self.assertEqual((person.commercial_list, self.prospect.commercial_list), ("on_hold", "on_hold"))

    def test_required_information_on_create(self):
        Partner = self.env["res.partner"].with_user(self.salesman)
        with self.assertRaisesRegex(
            ValidationError, "cannot be created in Clients: fill in Tax ID and Email"
        ):
            Partner.create({"name": "Nuevo Cliente", "is_company": True, "commercial_list": "client"})
        with self.assertRaisesRegex(ValidationError, "Tax ID"):
            Partner.with_context(default_commercial_list="client").create(
                {"name": "Desde la lista", "is_company": True, "email": "a@b.example"}
            )
        client = Partner.create(
            {
                "name": "Cliente Completo",
                "is_company": True,
                "commercial_list": "client",
                "vat": "B12345678",
                "child_ids": [(0, 0, {"name": "Eva", "email": "eva@completo.example"})],
            }
        )
        self.assertEqual(client.client_since, fields.Date.context_today(client))
        self.assertEqual(client.child_ids.client_since, client.client_since, "its person is a client too")
        self.env.invalidate_all()
        self.assertEqual(client.client_since, fields.Date.context_today(client), "in the database")

    def test_a_lead_without_contact_data_gives_a_contact_in_the_database(self):
        Lead = self.env["crm.lead"].with_user(self.salesman)
        bare = Lead.create({"name": "Web", "type": "opportunity", "partner_name": "Sin Datos S.L."})
        bare._handle_partner_assignment(create_missing=True)
        self.assertEqual(bare.partner_id.commercial_list, "reserve")
        reachable = Lead.create(
            {"name": "Web", "type": "opportunity", "partner_name": "Con Datos", "email_from": "c@d.example"}
        )
        reachable._handle_partner_assignment(create_missing=True)
        self.assertEqual(reachable.partner_id.commercial_list, "prospect")

    def test_system_fields_are_set_by_the_addon_only(self):
        order = self.quotation(self.prospect, user_id=self.salesman.id)
        deal = self.deal(self.prospect, self.env.ref("crm.stage_lead1"), user_id=self.salesman.id)
        attempts = [
            (self.client, {"client_since": "2020-01-01"}),
            (self.prospect, {"commercial_list_before_proposal": "client"}),
            (self.client, {"commercial_priority_from_abc": True}),
            (self.client, {"abc_suggest_a": True}),
            (order, {"proposal_date": fields.Datetime.now()}),
            (order, {"proposal_decided_date": fields.Datetime.now()}),
            (deal, {"stale_reminded_for": fields.Datetime.now()}),
            (deal, {"stale_acknowledged_at": fields.Datetime.now()}),
        ]
        for record, vals in attempts:
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                record.with_user(self.salesman).write(vals)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).create(
                {"name": "X", "client_since": "2020-01-01"}
            )
        admin = self.env.ref("base.user_admin")
        self.client.with_user(admin).write({"client_since": "2020-01-01"})
        self.assertEqual(str(self.client.client_since), "2020-01-01")

    def test_the_addons_own_moves_still_set_them(self):
        order = self.quotation(self.bare, user_id=self.salesman.id)
        order.with_user(self.salesman).action_quotation_sent()
        self.assertTrue(order.proposal_date)
        self.assertEqual(self.bare.commercial_list_before_proposal, "reserve")
        self.client.with_user(self.salesman).write({"commercial_priority": "B"})
        self.client.abc_suggest_a = True
        self.client.with_user(self.salesman).action_accept_abc()
        self.assertEqual(
            (self.client.commercial_priority, self.client.commercial_priority_from_abc), ("A", True)
        )


@tagged("post_install", "-at_install")
class TestCronsGoOn(PymeCrmCase):
    """A bad record never blocks a cron, and an expired quotation ends its proposal once."""

    def test_a_failing_lead_is_skipped_and_the_rest_reminded(self):
        stage = self.env["crm.stage"].create({"name": "Sin avance", "stale_custom": True, "stale_days": 5})
        leads = self.env["crm.lead"].create(
            [
                {"name": name, "type": "opportunity", "stage_id": stage.id, "user_id": self.salesman.id}
                for name in ("Bien", "Roto", "Sin fecha de etapa")
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE crm_lead SET create_date = now() - interval '9 days',
                      date_last_stage_update = CASE WHEN id = %s THEN NULL ELSE now() - interval '9 days' END
                WHERE id = ANY(%s)""",
            [leads[2].id, leads.ids],
        )
        # their first call was due then too: overdue, it pauses nothing
        self.env.cr.execute(
            """UPDATE mail_activity SET date_deadline = CURRENT_DATE - 9
                WHERE res_model = 'crm.lead' AND res_id = ANY(%s)""",
            [leads.ids],
        )
        self.env.invalidate_all()
        Activity = type(self.env["mail.activity"])
        create = Activity.create

        def create_failing_for_the_broken_lead(activities, vals_list):
            if any(vals.get("res_id") == leads[1].id for vals in vals_list):
                raise ValueError("a broken lead")
            return create(activities, vals_list)

        with (
            patch.object(Activity, "create", create_failing_for_the_broken_lead),
            self.assertLogs("odoo.addons.pyme_crm.models.crm_lead_stale", level="ERROR"),
        ):
            self.env["crm.lead"]._cron_remind_stale_opportunities()
        stale_type = self.env.ref("pyme_crm.mail_activity_type_stale")
        reminded = leads.filtered(lambda lead: stale_type in lead.activity_ids.activity_type_id)
        self.assertEqual(reminded, leads[0] | leads[2])
        self.assertTrue(leads[2].is_stale, "no stage change recorded: stale since its creation")
        self.assertEqual(self.env["crm.lead"]._cron_remind_stale_opportunities(), 0, "skipped this period")

    def test_an_expired_quotation_ends_its_proposal_once(self):
        order = self.quotation(self.prospect, validity_date=fields.Date.today() - timedelta(days=1))
        order.action_quotation_sent()
        Partner = self.env["res.partner"]
        Partner._cron_end_expired_proposals()
        self.assertEqual(self.prospect.commercial_list, "prospect")
        self.prospect.write({"commercial_list": "proposal"})  # by hand, for another reason
        Partner._cron_end_expired_proposals()
        self.assertEqual(self.prospect.commercial_list, "proposal", "the old expiry is not replayed")
        reclassify = self.env.ref("pyme_crm.mail_activity_type_reclassify")
        self.assertEqual(
            len(self.prospect.activity_ids.filtered(lambda a: a.activity_type_id == reclassify)), 1
        )


@tagged("post_install", "-at_install")
class TestUserTimeZone(PymeCrmCase):
    """Days are the user's days, not UTC's."""

    def test_an_order_at_half_past_midnight_in_madrid_counts_in_its_month(self):
        self.salesman.tz = "Europe/Madrid"
        order = self.quotation(self.prospect, user_id=self.salesman.id)
        order.action_confirm()
        order.date_order = "2026-02-28 23:30:00"  # 00:30 on 1 March in Madrid
        self.env.flush_all()
        dashboard = self.env["pyme_crm.dashboard"].with_user(self.salesman)
        march = dashboard.get_dashboard(period="range", date_from="2026-03-01", date_to="2026-03-31")
        february = dashboard.get_dashboard(period="range", date_from="2026-02-01", date_to="2026-02-28")
        ordered = {data["date_from"]: data["results"][0]["value"] for data in (march, february)}
        self.assertEqual(ordered, {"2026-03-01": 1200.0, "2026-02-01": 0})

    @freeze_time("2026-03-01 20:00:00")
    def test_a_new_leads_call_is_due_on_the_assignees_day(self):
        self.salesman.tz = "Pacific/Auckland"  # already 2 March there
        self.env.company.write({"crm_call_new_leads": True, "crm_call_delay_days": 0})
        lead = self.env["crm.lead"].create({"name": "Formulario web", "user_id": self.salesman.id})
        self.assertEqual(str(lead.activity_ids.date_deadline), "2026-03-02")

    def test_a_fact_without_company_belongs_to_its_salespersons_company(self):
        other = self.env["res.company"].create({"name": "Otra Sociedad"})
        client = self.env["res.partner"].create(
            {
                "name": "Compartido",
                "is_company": True,
                "commercial_list": "client",
                "user_id": self.salesman.id,
            }
        )
        self.assertFalse(client.company_id)
        Report = self.env["crm.salesperson.report"].with_context(
            allowed_company_ids=[other.id, self.env.company.id]
        )
        row = Report.with_company(other).search([("partner_id", "=", client.id), ("kind", "=", "new_client")])
        self.assertEqual(row.company_id, self.salesman.company_id)
