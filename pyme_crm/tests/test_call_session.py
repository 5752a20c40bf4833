from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..tools.call_times import call_times_now, next_try
from .common import PymeCrmCase

# Wednesday 2 December 2026, 10:00 in Madrid: the mornings' time.
MORNING = "2026-12-02 09:00:00"
TODAY = date(2026, 12, 2)
# Starting a session of 100 calls: the queue is one of them, whatever the number of contacts.
QUEUE_QUERIES = 5


@tagged("post_install", "-at_install")
class TestCallSession(PymeCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman.tz = "Europe/Madrid"
        cls.no_answer = cls.env.ref("pyme_crm.outcome_no_answer")
        cls.interested = cls.env.ref("pyme_crm.outcome_interested")
        cls.proposal_requested = cls.env.ref("pyme_crm.outcome_proposal_requested")
        cls.appointment = cls.env.ref("pyme_crm.outcome_appointment")

    def contact(self, name, commercial_list, priority=False, followup=None, **values):
        partner = self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "commercial_list": commercial_list,
                "commercial_priority": priority,
                "user_id": self.salesman.id,
                "email": f"{len(name)}@{name.split()[0].lower()}.example",
                "vat": f"B{len(name):08d}",
                **values,
            }
        )
        if followup:
            partner._schedule_followups(followup)
        return partner

    def session(self, user=None, **values):
        session = self.env["pyme_crm.call.session"].with_user(user or self.salesman).create(values)
        session.action_start()
        return session

    def queue(self, session):
        return [(line.partner_id.name, line.reason) for line in session.line_ids.sorted("sequence")]

    @freeze_time(MORNING)
    def test_queue_in_the_method_order(self):
        # the fixtures' contacts are out of the way: the client and the prospect were called today
        (self.client | self.prospect).sudo().last_call_date = TODAY
        week_ago, yesterday = TODAY - timedelta(days=7), TODAY - timedelta(days=1)
        self.contact("Prospecto C", "prospect", "2", last_call_date=TODAY - timedelta(days=3))
        self.contact("Cliente B", "client", "B", last_call_date=TODAY - timedelta(days=30))
        self.contact("Cliente Nuevo", "client", "C")  # never called: first of the clients
        self.contact("Debe hoy 3", "prospect", "3", followup=TODAY)
        self.contact("Debe hoy A", "client", "A", followup=TODAY)
        self.contact("Atrasado", "prospect", "2", followup=week_ago)
        self.contact("Ayer", "client", "C", followup=yesterday)
        self.contact("Propuesta planificada", "proposal", "1", followup=TODAY + timedelta(days=5))
        self.contact("Propuesta sin fecha", "proposal", "B")
        self.contact("Propuesta atrasada", "proposal", "2", followup=yesterday)
        self.contact("Más tarde", "prospect", "1", followup=TODAY + timedelta(days=2))
        self.contact("En espera", "on_hold", "1")  # nothing planned: not called
        self.contact("Base", "reserve")
        farmer = self.session()
        expected_followups = [
            ("Propuesta atrasada", "proposal"),
            ("Propuesta sin fecha", "proposal"),
            ("Atrasado", "followup"),
            ("Ayer", "followup"),
            ("Debe hoy A", "followup"),
            ("Debe hoy 3", "followup"),
        ]
        self.assertEqual(
            self.queue(farmer),
            [
                *expected_followups,
                ("Cliente Nuevo", "client"),
                ("Cliente B", "client"),
                ("Prospecto C", "prospect"),
            ],
        )
        self.salesman.sales_style = "hunter"
        hunter = self.session()
        self.assertEqual(hunter.sales_style, "hunter", "the user's preference is the default")
        self.assertEqual(
            self.queue(hunter),
            [
                *expected_followups,
                ("Prospecto C", "prospect"),
                ("Cliente Nuevo", "client"),
                ("Cliente B", "client"),
            ],
        )
        self.assertEqual(self.queue(self.session(call_limit=3)), expected_followups[:3])

    def test_contacts_whose_time_is_now_come_first_in_their_block(self):
        yesterday = TODAY - timedelta(days=1)
        late = self.contact("Atrasado empresa", "prospect", "1", followup=TODAY - timedelta(days=5))
        individual = self.contact(
            "Particular", "prospect", "3", followup=yesterday, customer_type="individual"
        )
        self.contact("Propuesta empresa", "proposal", "A")
        self.assertEqual(late.best_call_time, "morning")
        self.assertEqual(individual.best_call_time, "evening")
        with freeze_time("2026-12-02 09:00:00"):  # 10:00 in Madrid
            morning = self.session()
        with freeze_time("2026-12-02 19:30:00"):  # 20:30 in Madrid
            evening = self.session()
        self.assertEqual(
            [
                (line.partner_id.name, line.time_fits_now)
                for line in morning.line_ids
                if line.reason == "followup"
            ],
            [("Atrasado empresa", True), ("Particular", False)],
        )
        self.assertEqual(
            [
                (line.partner_id.name, line.time_fits_now)
                for line in evening.line_ids
                if line.reason == "followup"
            ],
            [("Particular", True), ("Atrasado empresa", False)],
        )
        self.assertEqual(
            evening.line_ids[0].partner_id.name, "Propuesta empresa", "the proposals still first"
        )

    def test_call_times(self):
        wednesday = fields.Datetime.to_datetime("2026-12-02 10:30:00")
        self.assertEqual(call_times_now(wednesday), ["morning"])
        self.assertEqual(call_times_now(wednesday.replace(hour=17)), ["afternoon", "late_afternoon"])
        self.assertEqual(call_times_now(wednesday.replace(hour=20)), ["evening"])
        self.assertEqual(call_times_now(wednesday + timedelta(days=3)), ["saturday"])
        self.assertEqual(next_try(wednesday), ("afternoon", TODAY))
        friday_evening = wednesday.replace(hour=16) + timedelta(days=2)
        self.assertEqual(next_try(friday_evening), ("morning", date(2026, 12, 7)), "the next working day")
        for customer_type, best in [
            ("company", "morning"),
            ("public_body", "morning"),
            ("self_employed", "late_afternoon"),
            ("individual", "evening"),
        ]:
            self.assertEqual(
                self.contact(customer_type, "reserve", customer_type=customer_type).best_call_time, best
            )
        person = self.env["res.partner"].create({"name": "Ana", "parent_id": self.prospect.id})
        person.best_call_time = "saturday"
        self.assertEqual(self.prospect.best_call_time, "saturday", "the commercial entity's time")

    @freeze_time(MORNING)
    def test_each_outcome_moves_prioritises_plans_and_notes(self):
        self.prospect._schedule_followups(TODAY)
        session = self.session()
        line = session.line_ids.filtered(lambda line: line.partner_id == self.prospect)
        result = line.with_user(self.salesman).action_log(
            self.proposal_requested.id,
            "Quiere la propuesta el lunes",
            "date",
            "2026-12-09",
            "proposal",
            "2",
        )
        self.assertEqual(result, {"answered": True, "attempts": 0, "suggest_on_hold": False})
        self.assertEqual(
            (self.prospect.commercial_list, self.prospect.commercial_priority), ("proposal", "2")
        )
        self.assertEqual(self.prospect.commercial_list_before_proposal, "prospect")
        self.assertEqual(self.prospect.next_followup_date, date(2026, 12, 9))
        self.assertEqual(self.prospect.last_note, "Quiere la propuesta el lunes")
        self.assertEqual(self.prospect.last_call_date, TODAY)
        send_proposal = self.env.ref("pyme_crm.mail_activity_type_send_proposal")
        self.assertIn(send_proposal, self.prospect.activity_ids.activity_type_id, "the outcome's next action")
        self.assertEqual(
            (line.state, line.outcome_id, line.list_before, line.list_after),
            ("done", self.proposal_requested, "prospect", "proposal"),
        )
        client_line = session.line_ids.filtered(lambda line: line.partner_id == self.client)
        client_line.with_user(self.salesman).action_log(self.appointment.id, "Visita el jueves", "tomorrow")
        self.assertEqual(self.client.commercial_list, "client")
        self.assertEqual(self.client.next_followup_date, TODAY + timedelta(days=1))
        session.with_user(self.salesman).action_end()
        self.assertEqual(
            (session.call_count, session.answered_count, session.appointment_count, session.proposal_count),
            (2, 2, 1, 1),
        )
        self.assertEqual(session.move_count, 1)
        self.assertIn(
            "Calls: 2, answered: 2, appointments: 1, proposals requested: 1", session.message_ids[0].body
        )
        self.assertEqual(session.message_ids[0].author_id, self.salesman.partner_id)

    @freeze_time(MORNING)
    def test_refused_call_changes_nothing(self):
        session = self.session()
        line = session.line_ids.filtered(lambda line: line.partner_id == self.client)
        with self.assertRaisesRegex(UserError, "why the client was lost"):
            line.action_log(self.interested.id, "", "tomorrow", False, "prospect", "1")
        with self.assertRaisesRegex(UserError, "cannot move"):
            line.action_log(self.interested.id, "Compra", "tomorrow", False, "on_hold")
        with self.assertRaisesRegex(UserError, "needs a note"):
            line.action_log(self.interested.id, "", "tomorrow")
        self.assertEqual((self.client.commercial_list, line.state), ("client", "pending"))
        self.assertFalse(self.client.next_followup_date)
        line.action_skip()
        with self.assertRaisesRegex(UserError, "logged already"):
            line.action_log(self.interested.id, "Compra")

    @freeze_time(MORNING)
    def test_no_answer_counts_attempts_retries_in_the_afternoon_and_suggests_on_hold(self):
        self.env.company.crm_call_attempts = 2
        self.prospect._schedule_followups(TODAY - timedelta(days=1))
        line = self.session().line_ids.filtered(lambda line: line.partner_id == self.prospect)
        self.assertEqual(
            line.action_log(self.no_answer.id), {"answered": False, "attempts": 1, "suggest_on_hold": False}
        )
        self.assertEqual(self.prospect.next_followup_date, TODAY, "tried again this afternoon")
        self.assertEqual(self.prospect.next_call_time, "afternoon")
        self.assertEqual(self.prospect.commercial_list, "prospect")
        with freeze_time("2026-12-02 16:00:00"):  # 17:00 in Madrid
            afternoon = self.session()
            self.assertEqual(afternoon.line_ids[0].partner_id, self.prospect)
            self.assertTrue(afternoon.line_ids[0].time_fits_now, "its next try is in the afternoon")
            result = afternoon.line_ids[0].action_log(self.no_answer.id)
        self.assertEqual(result, {"answered": False, "attempts": 2, "suggest_on_hold": True})
        self.assertEqual(self.prospect.next_followup_date, date(2026, 12, 3), "tomorrow morning")
        self.assertEqual(self.prospect.next_call_time, "morning")
        self.assertEqual(self.prospect_contact.call_attempt_count, 0, "counted on the commercial entity")
        self.env["res.partner.call.outcome"].create(
            {"partner_id": self.prospect.id, "outcome_id": self.interested.id, "note": "Por fin"}
        ).action_apply()
        self.assertEqual((self.prospect.call_attempt_count, self.prospect.next_call_time), (0, False))

    @freeze_time(MORNING)
    def test_the_call_dialog_counts_attempts_too(self):
        self.env.company.crm_call_attempts = 1
        dialog = (
            self.env["res.partner.call.outcome"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.prospect.id,
                    "outcome_id": self.no_answer.id,
                    "followup_shortcut": "tomorrow",
                }
            )
        )
        action = dialog.action_apply()
        self.assertEqual(self.prospect.call_attempt_count, 1)
        self.assertEqual(self.prospect.next_followup_date, TODAY + timedelta(days=1), "the shortcut chosen")
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("put it on hold", action["params"]["message"])
        self.client.sudo().call_attempt_count = 4
        dialog = self.env["res.partner.call.outcome"].create(
            {"partner_id": self.client.id, "outcome_id": self.no_answer.id}
        )
        self.assertEqual(
            dialog.action_apply()["type"], "ir.actions.act_window_close", "a client is never on hold"
        )

    @freeze_time(MORNING)
    def test_lines_not_done_stay_due_tomorrow(self):
        late = self.contact("Atrasado", "prospect", "1", followup=TODAY - timedelta(days=4))
        session = self.session()
        by_partner = {line.partner_id: line for line in session.line_ids}
        by_partner[self.client].action_skip()
        session.action_end()
        tomorrow = TODAY + timedelta(days=1)
        self.assertEqual(self.client.next_followup_date, tomorrow, "skipped")
        self.assertEqual(self.prospect.next_followup_date, tomorrow, "not reached")
        self.assertEqual(late.next_followup_date, TODAY - timedelta(days=4), "still late, still first")
        self.assertEqual(self.client._open_followups().user_id, self.salesman)
        self.assertEqual(session.state, "done")
        with self.assertRaisesRegex(UserError, "Start the call session"):
            by_partner[late].action_log(self.interested.id, "Tarde")

    @freeze_time(MORNING)
    def test_a_session_holds_the_contacts_its_salesperson_may_see(self):
        salesperson = new_test_user(self.env, login="pyme_own", groups="pyme_crm.group_pyme_salesperson")
        colleague = new_test_user(self.env, login="pyme_colleague", groups="pyme_crm.group_pyme_salesperson")
        manager = new_test_user(self.env, login="pyme_boss", groups="pyme_crm.group_pyme_manager")
        self.env["crm.team"].create(
            {"name": "Zaragoza", "user_id": manager.id, "member_ids": [(6, 0, (salesperson | colleague).ids)]}
        )
        mine = self.contact("Mío", "prospect", "1", user_id=salesperson.id, followup=TODAY)
        theirs = self.contact("Del compañero", "prospect", "1", user_id=colleague.id, followup=TODAY)
        own_session = self.session(salesperson, scope="team")
        self.assertEqual(own_session.line_ids.partner_id, mine, "the colleague's contact is not visible")
        team_session = self.session(manager, scope="team")
        self.assertEqual(team_session.line_ids.partner_id, mine | theirs)
        self.assertFalse(self.session(manager).line_ids, "the manager's own contacts: none")
        self.env.company.crm_salesperson_sees_team = True
        self.env.registry.clear_cache()
        self.assertEqual(self.session(salesperson, scope="team").line_ids.partner_id, mine | theirs)
        with self.assertRaises(AccessError):
            own_session.with_user(colleague).line_ids.read(["partner_id"])
        with self.assertRaises(AccessError):
            own_session.line_ids[0].with_user(colleague).action_log(self.interested.id, "No es mío")
        self.assertEqual(team_session.with_user(manager).line_ids.partner_id, mine | theirs)

    @freeze_time(MORNING)
    def test_screen_of_the_next_call(self):
        self.prospect.write({"phone": "976 11 12 22", "country_id": self.env.ref("base.es").id})
        self.prospect._schedule_followups(TODAY)
        self.prospect.message_post(body="Pidió precio", message_type="comment", subtype_xmlid="mail.mt_note")
        self.deal(
            self.prospect, self.env.ref("crm.stage_lead1"), expected_revenue=5000, user_id=self.salesman.id
        )
        quotation = self.quotation(self.prospect)
        session = (
            self.env["pyme_crm.call.session"]
            .with_user(self.salesman)
            .browse(self.env["pyme_crm.call.session"].with_user(self.salesman).action_open_current())
        )
        self.assertEqual(session.get_screen()["session"]["state"], "draft")
        session.action_start()
        self.assertEqual(
            session.id, session.action_open_current(), "the session of the day is continued, not a new one"
        )
        screen = session.get_screen()
        line = screen["line"]
        self.assertEqual(line["partner"]["name"], "Bodegas Viña Alta")
        self.assertEqual(line["partner"]["people"][0]["name"], "Rosa Jiménez")
        self.assertEqual(line["reason"], "followup")
        self.assertEqual(line["best_call_time"], "Mornings")
        self.assertEqual(line["notes"][0]["text"], "Pidió precio")
        self.assertEqual([deal["amount"] for deal in line["deals"]], [5000])
        self.assertEqual([order["amount"] for order in line["quotations"]], [quotation.amount_total])
        self.assertTrue(line["partner"]["whatsapp_url"].startswith("https://wa.me/34976111222?text="))
        self.assertEqual([key for key, _label in line["allowed_lists"]], ["prospect", "proposal", "on_hold"])
        self.assertIn(self.no_answer.id, [o["id"] for o in screen["outcomes"] if o["no_answer"]])
        self.assertEqual(screen["session"]["handled_count"], 0)

    def test_whatsapp_logs_the_action(self):
        self.prospect_contact.mobile = "+34 600 11 22 33"
        action = self.prospect_contact.with_user(self.salesman).action_whatsapp()
        self.assertTrue(action["url"].startswith("https://wa.me/34600112233?text=Hello%20Rosa"))
        self.assertIn("WhatsApp", self.prospect.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "no phone"):
            self.reserve.action_whatsapp()


@tagged("post_install", "-at_install", "pyme_crm_performance")
class TestCallSessionQueries(PymeCrmCase):
    """Building a queue of 100 calls costs the same queries out of 150 contacts as out of 50,000."""

    def seed(self, count):
        """``count`` companies of the salesperson, a third of them due, inserted in one statement."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO res_partner (name, active, type, is_company, autopost_bills, user_id, commercial_list,
                                     commercial_priority, commercial_priority_rank, followup_list_rank,
                                     next_followup_date, best_call_time, create_date, write_date)
            SELECT 'Empresa ' || n, TRUE, 'contact', TRUE, 'ask', %(user)s,
                   (ARRAY['client', 'prospect', 'proposal'])[n %% 3 + 1],
                   (ARRAY['A', '1', '2'])[n %% 3 + 1], n %% 3 + 1, CASE WHEN n %% 3 = 2 THEN 0 ELSE 1 END,
                   CASE WHEN n %% 3 = 0 THEN %(today)s::date - n %% 30 END, 'morning', now(), now()
              FROM generate_series(1, %(count)s) n
            """,
            {"user": self.salesman.id, "today": TODAY, "count": count},
        )
        self.env.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id, commercial_user_id = user_id"
            " WHERE commercial_partner_id IS NULL"
        )
        self.env.invalidate_all()

    def start(self, queries=None):
        session = self.env["pyme_crm.call.session"].with_user(self.salesman).create({"call_limit": 100})
        session.env.flush_all()
        with self.assertQueryCount(queries if queries is not None else 1000):
            session.action_start()
            session.env.flush_all()
        self.assertEqual(len(session.line_ids), 100)
        self.env.invalidate_all()
        return session

    @freeze_time(MORNING)
    def test_queue_query_count_does_not_grow_with_the_contacts(self):
        self.seed(150)
        self.start()  # warms the caches
        self.start(QUEUE_QUERIES)
        self.seed(49_850)
        session = self.start(QUEUE_QUERIES)
        self.assertEqual(set(session.line_ids.mapped("reason")), {"proposal"}, "16,666 proposals come first")
