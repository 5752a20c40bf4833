from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tools import html2plaintext

NOTE = "Quiere la propuesta con el mantenimiento incluido"


@tagged("post_install", "-at_install")
class TestCallSessionUi(HttpCase):
    """The call screen on a desktop: a session of three calls, by the keyboard where it can."""

    tour = "pyme_crm_call_session_tour"
    url = "/odoo"

    def setUp(self):
        super().setUp()
        self.admin = self.env.ref("base.user_admin")
        self.today = fields.Date.context_today(self.env["res.partner"].with_user(self.admin))
        # a single call without an answer is enough to suggest putting the contact on hold
        self.admin.company_id.crm_call_attempts = 1
        Partner = self.env["res.partner"]
        common = {"is_company": True, "user_id": self.admin.id}
        self.proposal, self.prospect, self.client = Partner.create(
            [
                {
                    **common,
                    "name": "Reformas Delicias S.L.",
                    "phone": "+34 976 111 222",
                    "email": "obras@delicias.example",
                    "commercial_list": "proposal",
                    "commercial_priority": "1",
                    "child_ids": [
                        Command.create(
                            {"name": "Marta Gil", "function": "Gerente", "mobile": "+34 600 111 222"}
                        )
                    ],
                },
                {
                    **common,
                    "name": "Talleres Mecánicos Ebro",
                    "phone": "+34 976 000 111",
                    "commercial_list": "prospect",
                    "commercial_priority": "2",
                },
                {
                    **common,
                    "name": "Hotel Mirador del Sur",
                    "phone": "+34 976 333 444",
                    "email": "reservas@mirador.example",
                    "vat": "B50000002",
                    "commercial_list": "client",
                    "commercial_priority": "A",
                },
            ]
        )
        self.env["crm.lead"].create(
            {
                "name": "Reforma de la nave",
                "type": "opportunity",
                "partner_id": self.proposal.id,
                "user_id": self.admin.id,
                "expected_revenue": 12000,
            }
        )
        self.proposal.message_post(body="Pidió la propuesta por escrito", message_type="comment")
        self.prospect._plan_followup("date", self.today - timedelta(days=3))
        self.assertFalse(self.proposal.next_followup_date or self.client.next_followup_date)

    def run_tour(self):
        self.start_tour(self.url, self.tour, login="admin")
        self.env.invalidate_all()
        tomorrow = self.today + timedelta(days=1)
        # the proposal: interested, its note in the history, called again tomorrow
        self.assertIn(NOTE, self.proposal.message_ids.mapped("activity_feedback"))
        self.assertEqual(self.proposal.last_note, NOTE)
        self.assertEqual(self.proposal.next_followup_date, tomorrow)
        self.assertEqual(self.proposal.call_attempt_count, 0)
        # the follow-up late: no answer
        self.assertEqual(self.prospect.call_attempt_count, 1)
        self.assertEqual(self.prospect.last_call_date, self.today)
        # the client skipped: carried over to tomorrow when the session ended
        self.assertEqual(self.client.next_followup_date, tomorrow)
        self.assertFalse(self.client.last_call_date)
        session = self.env["pyme_crm.call.session"].search([("user_id", "=", self.admin.id)])
        self.assertEqual(len(session), 1)
        self.assertEqual(session.state, "done")
        self.assertEqual(
            session.line_ids.mapped(lambda line: (line.partner_id, line.state)),
            [(self.proposal, "done"), (self.prospect, "done"), (self.client, "skipped")],
        )
        self.assertEqual((session.call_count, session.answered_count), (2, 1))
        summary = session.message_ids.filtered(lambda m: "Call session ended" in (m.body or ""))
        self.assertEqual(len(summary), 1, "the summary is posted on the session")
        self.assertEqual(html2plaintext(summary.body), html2plaintext(session._summary_text()))

    def test_call_session(self):
        self.run_tour()
        self.assertEqual(self.prospect.commercial_list, "prospect", "kept in its list")


@tagged("post_install", "-at_install")
class TestCallSessionPhoneUi(TestCallSessionUi):
    """The same session on a phone, by taps: everything fits the screen's width."""

    browser_size = "390x844"
    touch_enabled = True
    tour = "pyme_crm_call_session_phone_tour"
    url = "/odoo/action-pyme_crm.res_partner_action_followup"

    def test_call_session(self):
        self.run_tour()
        self.assertEqual(self.prospect.commercial_list, "on_hold", "put on hold when suggested")
