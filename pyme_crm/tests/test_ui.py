from odoo.tests import HttpCase, tagged


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
