from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import PymeCrmCase

APP_MENUS = [
    "res_partner_menu_followup",
    "pyme_crm_menu_dashboard",
    "res_partner_menu_list_proposal",
    "res_partner_menu_list_client",
    "res_partner_menu_list_prospect",
    "res_partner_menu_list_on_hold",
    "res_partner_menu_list_reserve",
    "res_partner_import_menu",
    "pyme_crm_menu_deals",
    "pyme_crm_menu_reporting",
    "pyme_crm_menu_config",
]
# profile -> the app's menus it sees
MENUS = {
    "salesperson": APP_MENUS[:-1],
    "manager": APP_MENUS,
    "marketing": [name for name in APP_MENUS[2:9]],
    "customer_service": ["res_partner_menu_list_client"],
}
# model -> profile -> "rwcu" (read, write, create, unlink) the profile has on the model
RIGHTS = {
    "res.partner": {"salesperson": "rwc", "manager": "rwcu", "marketing": "rwcu", "customer_service": "rwcu"},
    "crm.lead": {"salesperson": "rwc", "manager": "rwcu", "marketing": "r", "customer_service": ""},
    "sale.order": {"salesperson": "rwc", "manager": "rwcu", "marketing": "", "customer_service": "r"},
    "account.move": {"salesperson": "r", "manager": "r", "marketing": "", "customer_service": "r"},
    "res.partner.commercial.role": {
        "salesperson": "r",
        "manager": "rwcu",
        "marketing": "rwc",
        "customer_service": "r",
    },
    "res.partner.list.requirement": {
        "salesperson": "r",
        "manager": "rwcu",
        "marketing": "r",
        "customer_service": "r",
    },
    "mail.activity.outcome": {
        "salesperson": "r",
        "manager": "rwcu",
        "marketing": "r",
        "customer_service": "r",
    },
    "res.partner.import": {
        "salesperson": "rwc",
        "manager": "rwc",
        "marketing": "rwc",
        "customer_service": "",
    },
    "crm.lead.document.report": {"salesperson": "r", "manager": "r", "marketing": "", "customer_service": ""},
    "crm.salesperson.report": {"salesperson": "r", "manager": "r", "marketing": "", "customer_service": ""},
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


@tagged("post_install", "-at_install")
class TestProfiles(PymeCrmCase):
    """The method's profiles: their menus, their rights, and the salespeople's data kept apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profiles = {
            "salesperson": new_test_user(
                cls.env, login="perfil_comercial", groups="pyme_crm.group_pyme_salesperson"
            ),
            "manager": new_test_user(
                cls.env, login="perfil_responsable", groups="pyme_crm.group_pyme_manager"
            ),
            "marketing": new_test_user(
                cls.env, login="perfil_marketing", groups="pyme_crm.group_pyme_marketing"
            ),
            "customer_service": new_test_user(
                cls.env, login="perfil_atencion", groups="pyme_crm.group_pyme_customer_service"
            ),
        }
        cls.other = new_test_user(
            cls.env, login="perfil_otro_comercial", groups="pyme_crm.group_pyme_salesperson"
        )
        Partner = cls.env["res.partner"]
        cls.mine = Partner.create(
            {"name": "Cliente de Ana", "is_company": True, "user_id": cls.profiles["salesperson"].id}
        )
        cls.mine_person = Partner.create({"name": "Persona de Ana", "parent_id": cls.mine.id})
        cls.theirs = Partner.create({"name": "Cliente de Beto", "is_company": True, "user_id": cls.other.id})
        cls.unassigned = Partner.create({"name": "Sin comercial", "is_company": True})
        Lead = cls.env["crm.lead"]
        cls.my_deal = Lead.create(
            {"name": "Trato de Ana", "type": "opportunity", "user_id": cls.profiles["salesperson"].id}
        )
        cls.their_deal = Lead.create(
            {"name": "Trato de Beto", "type": "opportunity", "user_id": cls.other.id}
        )

    def test_menus_of_each_profile(self):
        for profile, user in self.profiles.items():
            with self.subTest(profile=profile):
                visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                seen = [name for name in APP_MENUS if self.env.ref(f"pyme_crm.{name}").id in visible]
                self.assertEqual(seen, MENUS[profile])
                self.assertIn(self.env.ref("pyme_crm.pyme_crm_menu_root").id, visible)
        marketing = self.env["ir.ui.menu"].with_user(self.profiles["marketing"])._visible_menu_ids()
        self.assertNotIn(self.env.ref("sale.sale_menu_root").id, marketing, "no quotations for marketing")
        service = self.env["ir.ui.menu"].with_user(self.profiles["customer_service"])._visible_menu_ids()
        self.assertNotIn(self.env.ref("crm.crm_menu_root").id, service, "no pipeline for customer service")

    def test_rights_of_each_profile_on_each_model(self):
        for model, rights in RIGHTS.items():
            for profile, allowed in rights.items():
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, profile=profile, operation=operation):
                        granted = self.env[model].with_user(self.profiles[profile]).has_access(operation)
                        self.assertEqual(granted, letter in allowed)

    def test_salespeople_are_kept_apart(self):
        ana = self.profiles["salesperson"]
        Partner = self.env["res.partner"].with_user(ana)
        found = Partner.search(
            [("id", "in", (self.mine | self.mine_person | self.theirs | self.unassigned).ids)]
        )
        self.assertEqual(found, self.mine | self.mine_person | self.unassigned)
        with self.assertRaises(AccessError):
            self.theirs.with_user(ana).read(["name"])
        deals = (
            self.env["crm.lead"].with_user(ana).search([("id", "in", (self.my_deal | self.their_deal).ids)])
        )
        self.assertEqual(deals, self.my_deal)
        self.assertTrue(
            self.env.ref("base.partner_admin").with_user(ana).has_access("read"), "users stay visible"
        )
        manager = self.profiles["manager"]
        self.assertTrue(self.theirs.with_user(manager).has_access("read"))
        self.assertTrue(self.their_deal.with_user(manager).has_access("read"))

    def test_a_companys_people_follow_its_salesperson(self):
        ana = self.profiles["salesperson"]
        person = self.env["res.partner"].create({"name": "Persona de Beto", "parent_id": self.theirs.id})
        person.user_id = False  # the company's people follow the company, whoever they were given to
        self.assertFalse(person.with_user(ana).has_access("read"))
        self.theirs.user_id = ana
        self.assertEqual(person.commercial_user_id, ana)
        self.assertTrue(person.with_user(ana).has_access("read"))
        self.assertEqual(self.env["res.partner"].with_user(ana).search([("id", "=", person.id)]), person)
        self.assertFalse(person.with_user(self.other).has_access("read"))
        with self.assertRaises(AccessError):  # set by the company's salesperson only, not over RPC
            self.mine_person.with_user(ana).write({"commercial_user_id": self.other.id})

    def test_the_team_sees_each_others_contacts_when_the_setting_says_so(self):
        ana = self.profiles["salesperson"]
        self.env["crm.team"].create({"name": "Equipo Norte", "member_ids": [(6, 0, [ana.id, self.other.id])]})
        settings = self.env["res.config.settings"].create({"crm_salesperson_sees_team": True})
        settings.execute()
        self.assertTrue(self.theirs.with_user(ana).has_access("read"))
        self.assertTrue(self.their_deal.with_user(ana).has_access("read"))

    def test_each_profile_opens_its_menus(self):
        """Every list, kanban and form view of the app's menus loads and reads its records as each
        profile: a field the profile may not read would break the screen."""
        for profile, user in self.profiles.items():
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            for name in MENUS[profile]:
                menu = self.env.ref(f"pyme_crm.{name}")
                self.assertIn(menu.id, visible)
                for action in (item.action for item in menu | menu.child_id):
                    if not action or action._name != "ir.actions.act_window":
                        continue
                    for view_id, view_type in action.views:
                        if view_type in ("list", "kanban", "form"):
                            with self.subTest(profile=profile, menu=name, view=view_type):
                                self.assert_view_reads(user, action.res_model, view_id, view_type)

    def assert_view_reads(self, user, model, view_id, view_type):
        Model = self.env[model].with_user(user)
        arch = Model.get_views([(view_id, view_type)])["views"][view_type]["arch"]
        names = {node.get("name") for node in etree.fromstring(arch).iter("field")}
        records = Model.search([], limit=3)
        self.env.invalidate_all()  # values computed for another user would hide a refusal
        records.web_read({name: {} for name in names if name in Model._fields})

    def test_accountants_and_other_users_open_a_contact(self):
        others = {
            "internal user": new_test_user(self.env, login="perfil_interno", groups="base.group_user"),
            "accountant": new_test_user(
                self.env, login="perfil_contable", groups="account.group_account_invoice"
            ),
        }
        for profile, user in others.items():
            with self.subTest(profile=profile):
                self.assertEqual(Form(self.mine.with_user(user)).name, "Cliente de Ana")

    def test_what_marketing_and_customer_service_are_refused(self):
        marketing, service = self.profiles["marketing"], self.profiles["customer_service"]
        self.assertEqual(self.my_deal.with_user(marketing).name, "Trato de Ana", "marketing reads deals")
        with self.assertRaises(AccessError):
            self.my_deal.with_user(marketing).write({"name": "Cambiado"})
        self.theirs.with_user(marketing).write(
            {"commercial_role_ids": [(4, self.env.ref("pyme_crm.commercial_role_ambassador").id)]}
        )
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(marketing).search([])
        with self.assertRaises(AccessError):
            self.my_deal.with_user(service).read(["name"])
        order = self.quotation(self.client)
        self.assertEqual(order.with_user(service).partner_id, self.client, "customer service reads orders")
        with self.assertRaises(AccessError):
            order.with_user(service).write({"note": "cambio"})
