from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from ..tools.followup import followup_date
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

    def test_followup_list_and_call_outcome(self):
        admin = self.env.ref("base.user_admin")
        Partner = self.env["res.partner"]
        prospect, client = Partner.create(
            [
                {
                    "name": "Talleres Mecánicos Ebro",
                    "is_company": True,
                    "user_id": admin.id,
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
        today = fields.Date.context_today(prospect)
        prospect._plan_followup("date", today - timedelta(days=2))
        client._plan_followup("today")
        self.start_tour("/odoo", "pyme_crm_followup_tour", login="admin")
        self.assertEqual(prospect.commercial_list, "proposal")
        self.assertEqual(prospect.commercial_priority, "1")
        self.assertEqual(prospect.next_followup_date, followup_date("next_week", today))
        self.assertEqual(prospect.last_note, "Quieren la propuesta antes del viernes")
