from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import tracked_values


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
