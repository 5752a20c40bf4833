from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools.followup import followup_date
from .common import tracked_values, workbook


def followup_contacts(env):
    """The admin's follow-ups: a prospect with a phone and a note, two days late, and a client due
    today."""
    admin = env.ref("base.user_admin")
    prospect, client = env["res.partner"].create(
        [
            {
                "name": "Talleres Mecánicos Ebro",
                "is_company": True,
                "user_id": admin.id,
                "phone": "+34 976 000 111",
                "commercial_list": "prospect",
                "commercial_priority": "1",
            },
            {
                "name": "Hotel Mirador del Sur",
                "is_company": True,
                "user_id": admin.id,
                "commercial_list": "client",
                "commercial_priority": "A",
            },
        ]
    )
    prospect.message_post(body="Pidió precio del mantenimiento", message_type="comment")
    prospect._plan_followup("date", fields.Date.context_today(prospect) - timedelta(days=2))
    client._plan_followup("today")
    return prospect, client


def assert_proposal_call_logged(case, prospect):
    """The call of the follow-up tours: the prospect asked for a proposal, to call again next week."""
    case.assertEqual(prospect.commercial_list, "proposal")
    case.assertEqual(prospect.commercial_priority, "1")
    case.assertEqual(
        prospect.next_followup_date, followup_date("next_week", fields.Date.context_today(prospect))
    )
    case.assertEqual(prospect.last_note, "Quieren la propuesta antes del viernes")
    case.assertIn(
        case.env.ref("pyme_crm.mail_activity_type_send_proposal"),
        prospect.activity_ids.activity_type_id,
        "the proposal requested is planned",
    )


@tagged("post_install", "-at_install")
class TestCommercialListsUi(HttpCase):
    def test_prospect_put_on_hold_from_the_lists_menu(self):
        prospect = self.env["res.partner"].create(
            {
                "name": "Ferretería La Llave",
                "is_company": True,
                "commercial_list": "prospect",
                "commercial_priority": "3",
            }
        )
        self.start_tour("/odoo", "pyme_crm_lists_tour", login="admin")
        self.assertEqual(prospect.commercial_list, "on_hold")
        self.assertEqual(prospect.commercial_priority, "3")

    def test_prospect_becomes_client_through_a_sent_and_confirmed_quotation(self):
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        prospect = self.env["res.partner"].create(
            {
                "name": "Bodegas Viña Alta",
                "is_company": True,
                "email": "info@vinaalta.example",
                "commercial_list": "prospect",
                "commercial_priority": "2",
            }
        )
        product = self.env["product.product"].create(
            {"name": "Instalación", "type": "service", "list_price": 450}
        )
        self.env["sale.order"].create(
            {"partner_id": prospect.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        # As if committed before the tour: mail tracks changes of records created earlier.
        self.env.flush_all()
        self.env.cr.precommit.clear()
        self.start_tour("/odoo", "pyme_crm_proposal_to_client_tour", login="admin")
        self.assertEqual(prospect.commercial_list, "client")
        self.assertEqual(prospect.commercial_priority, "A")
        self.assertEqual(
            tracked_values(prospect, "commercial_list"),
            [("Prospects", "Proposals in progress"), ("Proposals in progress", "Clients")],
        )

    def test_followup_list_and_call_outcome(self):
        prospect = followup_contacts(self.env)[0]
        self.start_tour("/odoo", "pyme_crm_followup_tour", login="admin")
        assert_proposal_call_logged(self, prospect)

    def test_activity_outcome_from_the_chatter(self):
        client = self.env["res.partner"].create(
            {"name": "Hotel Mirador del Sur", "is_company": True, "commercial_list": "client"}
        )
        client.activity_schedule(
            "pyme_crm.mail_activity_type_satisfaction", user_id=self.env.ref("base.user_admin").id
        )
        self.start_tour(f"/odoo/res.partner/{client.id}", "pyme_crm_activity_outcome_tour", login="admin")
        done = client.message_ids.filtered("activity_outcome_id")
        self.assertEqual(done.activity_outcome_id, self.env.ref("pyme_crm.outcome_not_satisfied"))
        self.assertEqual(done.activity_feedback, "La entrega llegó tarde")


@tagged("post_install", "-at_install")
class TestDealDocumentsUi(HttpCase):
    def test_deal_documents_and_the_accountant(self):
        salesperson = new_test_user(
            self.env, login="pyme_tour_salesman", name="Lucía Romero", groups="sales_team.group_sale_salesman"
        )
        new_test_user(self.env, login="pyme_tour_accountant", groups="account.group_account_invoice")
        client = self.env["res.partner"].create(
            {"name": "Gestoría Delicias S.L.", "is_company": True, "commercial_list": "client"}
        )
        vendor = self.env["res.partner"].create({"name": "Suministros Aragón S.L.", "is_company": True})
        self.env["product.product"].create(
            {
                "name": "Instalación eléctrica",
                "type": "service",
                "list_price": 450,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
                "supplier_taxes_id": [Command.clear()],
                "seller_ids": [Command.create({"partner_id": vendor.id, "price": 200})],
            }
        )
        deal = self.env["crm.lead"].create(
            {
                "name": "Reforma oficinas Delicias",
                "type": "opportunity",
                "partner_id": client.id,
                "user_id": salesperson.id,
                "stage_id": self.env.ref("crm.stage_lead2").id,
            }
        )
        self.start_tour(f"/odoo/crm/{deal.id}", "pyme_crm_deal_documents_tour", login="admin")
        invoice = deal.invoice_ids
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(deal.purchase_order_ids.state, "purchase")
        self.assertEqual(
            (deal.invoiced_amount, deal.purchased_amount, deal.margin_amount), (450.0, 200.0, 250.0)
        )
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{invoice.id}",
            "pyme_crm_accountant_invoice_tour",
            login="pyme_tour_accountant",
        )


@tagged("post_install", "-at_install")
class TestStaleOpportunitiesUi(HttpCase):
    def test_stale_badge_and_reminder(self):
        salesperson = new_test_user(
            self.env,
            login="pyme_stale_salesman",
            name="Javier Comercial",
            groups="sales_team.group_sale_salesman",
        )
        stage = self.env.ref("crm.stage_lead2")
        stage.write({"stale_custom": True, "stale_days": 14})
        stale, fresh = self.env["crm.lead"].create(
            [
                {"name": name, "type": "opportunity", "stage_id": stage.id, "user_id": salesperson.id}
                for name in ("Reforma oficinas Delicias", "Obra recién hablada")
            ]
        )
        stale.date_last_stage_update = fields.Datetime.now() - timedelta(days=30, hours=1)
        stale.activity_ids.date_deadline = fields.Date.today() - timedelta(days=30)  # its first call, overdue
        self.assertEqual(self.env["crm.lead"]._cron_remind_stale_opportunities(), 1)
        self.assertFalse(fresh.is_stale)
        self.start_tour("/odoo/crm", "pyme_crm_stale_tour", login="pyme_stale_salesman")


@tagged("post_install", "-at_install")
class TestContactImportUi(HttpCase):
    """A real SME's workbook (a title row above capital headers, a sector of its own) imported in the
    browser, on a desktop and on a phone."""

    def setUp(self):
        super().setUp()
        attachment = self.env["ir.attachment"].create(
            {
                "name": "contactos.xlsx",
                "raw": workbook(
                    [
                        ["LISTADO DE EMPRESAS 2025"],
                        [],
                        ["EMPRESA", "NOMBRE", "TELÉFONO", "EMAIL", "NIF/CIF", "LISTA", "PRIORIDAD", "SECTOR"],
                        [
                            "Ferretería La Llave",
                            "Ramón Gil",
                            "976 000 111",
                            "ramon@llave.example",
                            "B50000001",
                            "Clientes",
                            "A",
                            "ferreteria",
                        ],
                        ["Ferretería La Llave", "Eva Gil", "", "eva@llave.example", "", "", "", ""],
                        [
                            "Clínica Dental Sonrisa",
                            "",
                            "976 222 333",
                            "",
                            "",
                            "Clientes potenciales",
                            "2",
                            "Odontología",
                        ],
                    ]
                ),
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "pyme_crm",
                "name": "tour_contacts_workbook",
                "model": "ir.attachment",
                "res_id": attachment.id,
            }
        )
        self.hardware = self.env["res.partner.industry"].create({"name": "Ferretería"})
        self.env.ref("base.main_company").country_id = self.env.ref("base.es")  # phones read as Spanish

    def assert_imported(self):
        shop = self.env["res.partner"].search([("name", "=", "Ferretería La Llave")])
        self.assertEqual((shop.commercial_list, shop.commercial_priority), ("client", "A"))
        self.assertEqual(shop.child_ids.mapped("email"), ["eva@llave.example", "ramon@llave.example"])
        self.assertEqual(shop.industry_id, self.hardware)
        clinic = self.env["res.partner"].search([("name", "=", "Clínica Dental Sonrisa")])
        self.assertEqual((clinic.industry_id.name, clinic.phone), ("Odontología", "+34 976 22 23 33"))

    def test_import_a_workbook_into_the_lists(self):
        self.start_tour("/odoo", "pyme_crm_import_tour", login="admin")
        self.assert_imported()


@tagged("post_install", "-at_install")
class TestContactImportPhoneUi(TestContactImportUi):
    browser_size = "390x844"
    touch_enabled = True

    def test_import_a_workbook_into_the_lists(self):
        self.start_tour(
            "/odoo/action-pyme_crm.res_partner_import_action", "pyme_crm_import_phone_tour", login="admin"
        )
        self.assert_imported()


@tagged("post_install", "-at_install")
class TestDashboardUi(HttpCase):
    def test_dashboard_period_and_proposals_in_progress(self):
        admin = self.env.ref("base.user_admin")
        product = self.env["product.product"].create(
            {"name": "Auditoría", "type": "service", "list_price": 1200}
        )
        partner = self.env["res.partner"].create({"name": "Bodegas Viña Alta", "is_company": True})
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": admin.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for _ in range(3)
            ]
        )
        orders[0].action_confirm()
        orders[1:].action_quotation_sent()
        self.start_tour("/odoo", "pyme_crm_dashboard_tour", login="admin")


@tagged("post_install", "-at_install")
class TestProfilesUi(HttpCase):
    def test_each_profile_sees_its_menus(self):
        for profile in ("salesperson", "manager", "marketing", "customer_service"):
            with self.subTest(profile=profile):
                login = f"pyme_tour_{profile}"
                new_test_user(self.env, login=login, groups=f"pyme_crm.group_pyme_{profile}")
                self.start_tour("/odoo", f"pyme_crm_profile_{profile}_tour", login=login)


@tagged("post_install", "-at_install")
class TestFollowupPhoneUi(HttpCase):
    """The follow-up list on a phone: cards that fit the screen, the call and the call dialog by touch."""

    browser_size = "390x844"
    touch_enabled = True

    def test_followup_cards_and_call_outcome(self):
        prospect, client = followup_contacts(self.env)
        self.start_tour(
            "/odoo/action-pyme_crm.res_partner_action_followup", "pyme_crm_followup_phone_tour", login="admin"
        )
        assert_proposal_call_logged(self, prospect)
        self.assertEqual(
            client.next_followup_date, fields.Date.context_today(client), "the client still due today"
        )
