from datetime import date, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestFollowup(PymeCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.followup_type = cls.env.ref("pyme_crm.mail_activity_type_followup")
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    def plan(self, partner, days):
        return partner._plan_followup("date", self.today + timedelta(days=days))

    def test_planned_followup_is_an_activity_for_the_salesperson(self):
        activity = self.prospect_contact._plan_followup("tomorrow")
        self.assertEqual(activity.activity_type_id, self.followup_type)
        self.assertEqual(activity.res_id, self.prospect.id, "planned on the company")
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(self.prospect.next_followup_date, self.today + timedelta(days=1))
        self.assertFalse(self.prospect._plan_followup("none"))

    def test_stored_date_follows_the_activities(self):
        later, sooner = self.plan(self.prospect, 10), self.plan(self.prospect, 3)
        other_type = self.prospect.activity_schedule(
            "mail.mail_activity_data_todo", date_deadline=self.today - timedelta(days=5)
        )
        self.assertEqual(self.prospect.next_followup_date, sooner.date_deadline, "earliest follow-up only")
        sooner.write({"date_deadline": self.today + timedelta(days=20)})  # rescheduled
        self.assertEqual(self.prospect.next_followup_date, later.date_deadline)
        later.outcome_id = self.env.ref("pyme_crm.outcome_interested")
        later.action_feedback(feedback="Hablado con Rosa")  # done
        self.assertEqual(self.prospect.next_followup_date, self.today + timedelta(days=20))
        sooner.unlink()  # deleted from the chatter
        self.assertFalse(self.prospect.next_followup_date)
        other_type.unlink()

    def test_month_shortcut_with_a_frozen_clock(self):
        with freeze_time("2026-12-15"):
            self.prospect._plan_followup("month_2")
            self.client._plan_followup("month_12")
        self.assertEqual(self.prospect.next_followup_date, date(2027, 2, 1))
        self.assertEqual(self.client.next_followup_date, date(2026, 12, 15))

    def test_followup_list_order(self):
        """Proposals first, then by date, then clients A/B/C before prospects 1/2/3."""
        Partner = self.env["res.partner"]
        make = [
            ("Prospect 3 today", "prospect", "3", 0),
            ("Client B today", "client", "B", 0),
            ("Late prospect", "prospect", "1", -2),
            ("Proposal tomorrow", "proposal", "2", 1),
            ("Client A today", "client", "A", 0),
        ]
        partners = Partner.create(
            [
                {"name": name, "is_company": True, "commercial_list": lst, "commercial_priority": prio}
                for name, lst, prio, _days in make
            ]
        )
        for partner, (*_rest, days) in zip(partners, make, strict=True):
            self.plan(partner, days)
        action = self.env.ref("pyme_crm.res_partner_action_followup")
        found = Partner.search(
            [*safe_eval(action.domain), ("id", "in", partners.ids)],
            order=self.followup_list.get("default_order"),
        )
        self.assertEqual(
            found.mapped("name"),
            ["Proposal tomorrow", "Late prospect", "Client A today", "Client B today", "Prospect 3 today"],
        )

    def test_late_rows_red_and_today_rows_highlighted(self):
        self.assertEqual(self.followup_list.get("decoration-danger"), "next_followup_date < current_date")
        self.assertEqual(self.followup_list.get("decoration-warning"), "next_followup_date == current_date")
        self.assertIn("last_note", [field.get("name") for field in self.followup_list.iter("field")])

    @property
    def followup_list(self):
        return etree.fromstring(self.env.ref("pyme_crm.res_partner_view_list_followup").arch_db)
