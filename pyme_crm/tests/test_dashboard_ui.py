from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from ..models import pyme_crm_dashboard


@tagged("post_install", "-at_install")
class TestDashboardChartsUi(HttpCase):
    """The dashboard's charts in the browser: the period changes them, a bar opens its records."""

    tour = "pyme_crm_dashboard_charts_tour"
    url = "/odoo"

    def setUp(self):
        super().setUp()
        admin = self.env.ref("base.user_admin")
        product = self.env["product.product"].create(
            {"name": "Auditoría", "type": "service", "list_price": 1200}
        )
        partner = self.env["res.partner"].create(
            {"name": "Bodegas Viña Alta", "is_company": True, "user_id": admin.id, "phone": "+34 941 000 111"}
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": admin.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for _ in range(2)
            ]
        )
        orders[0].action_confirm()
        orders[1].action_quotation_sent()

    def test_period_and_a_bar_into_its_records(self):
        self.start_tour(self.url, self.tour, login="admin")


@tagged("post_install", "-at_install")
class TestDashboardChartsPhoneUi(TestDashboardChartsUi):
    browser_size = "390x844"
    touch_enabled = True
    tour = "pyme_crm_dashboard_charts_phone_tour"
    url = "/odoo/action-pyme_crm.pyme_crm_dashboard_action"

    def setUp(self):
        """Three late follow-ups, counted up to two: the figure says it stopped there."""
        super().setUp()
        admin = self.env.ref("base.user_admin")
        prospects = self.env["res.partner"].create(
            [
                {
                    "name": f"Prospecto {n}",
                    "is_company": True,
                    "commercial_list": "prospect",
                    "user_id": admin.id,
                }
                for n in range(3)
            ]
        )
        prospects._schedule_followups(fields.Date.today() - timedelta(days=3))
        self.startPatcher(patch.object(pyme_crm_dashboard, "FIGURE_COUNT_LIMIT", 2))
