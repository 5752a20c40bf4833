from datetime import timedelta
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import tagged

from .common import PymeCrmCase


class StaleCase(PymeCrmCase):
    """Stages with their thresholds, deals dated back in them, and a frozen clock to look at them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.crm_stale_days = 21
        Stage = cls.env["crm.stage"]
        cls.quick = Stage.create({"name": "Visita", "stale_custom": True, "stale_days": 10})
        cls.never = Stage.create({"name": "En pausa", "stale_custom": True, "stale_days": 0})
        cls.default = Stage.create({"name": "Estudio"})
        cls.won = cls.env.ref("crm.stage_lead4")
        cls.stale_type = cls.env.ref("pyme_crm.mail_activity_type_stale")
        cls.start = fields.Datetime.now().replace(microsecond=0)

    def opportunity(self, stage, days_ago=15, **values):
        lead = self.env["crm.lead"].create(
            {
                "name": f"Oportunidad {stage.name}",
                "type": "opportunity",
                "partner_id": self.prospect.id,
                "stage_id": stage.id,
                "user_id": self.salesman.id,
                **values,
            }
        )
        self.changed_stage(lead, days_ago)
        # its first call was due the day it entered the stage: overdue, it pauses nothing
        lead.activity_ids.date_deadline = (self.start - timedelta(days=days_ago)).date()
        lead.activity_ids.flush_recordset()
        return lead

    def changed_stage(self, lead, days_ago):
        lead.date_last_stage_update = self.start - timedelta(days=days_ago)
        lead.flush_recordset()

    def run_cron(self, days_later=0):
        with freeze_time(self.start + timedelta(days=days_later)):
            self.env["crm.lead"].invalidate_model()
            return self.env["crm.lead"]._cron_remind_stale_opportunities()

    def reminders(self, lead):
        return lead.activity_ids.filtered(lambda activity: activity.activity_type_id == self.stale_type)

    def stale(self, lead, days_later=0):
        with freeze_time(self.start + timedelta(days=days_later)):
            lead.invalidate_recordset()
            return lead.is_stale


@tagged("post_install", "-at_install")
class TestStaleOpportunities(StaleCase):
    """A deal left too long in a stage reminds its salesperson once per stale period."""

    def test_threshold_per_stage_and_company_default(self):
        quick, never, default = (self.opportunity(stage) for stage in (self.quick, self.never, self.default))
        self.assertEqual([self.stale(lead) for lead in (quick, never, default)], [True, False, False])
        self.assertEqual([self.stale(lead, 10) for lead in (quick, never, default)], [True, False, True])
        with freeze_time(self.start):
            quick.invalidate_recordset()
            found = self.env["crm.lead"].search(
                [("is_stale", "=", True), ("id", "in", (quick | default).ids)]
            )
            self.assertEqual(found, quick, "the Stale filter finds them")
            self.assertEqual(quick.stale_since, self.start - timedelta(days=5))
            self.assertEqual((quick.stale_days_count, quick.stale_badge), (15, "stale · 15 days"))
        self.env.company.crm_stale_days = 0
        self.assertFalse(self.stale(default, 10), "a company default of 0 turns the rule off")

    def test_the_shortest_threshold_of_any_stage_or_company_counts(self):
        """Only deals unchanged for the shortest threshold are looked at: a company's, shorter than every
        stage's, still finds its deals."""
        self.env.company.crm_stale_days = 4
        other = self.env["res.company"].create({"name": "Otra PYME", "crm_stale_days": 2})
        self.salesman.company_ids |= other
        default, quick = self.opportunity(self.default, 5), self.opportunity(self.quick, 5)
        theirs = self.opportunity(self.default, 3, company_id=other.id, partner_id=False)
        self.assertEqual([self.stale(lead) for lead in (default, quick, theirs)], [True, False, True])
        self.assertEqual(self.run_cron(), 2)
        self.assertEqual([len(self.reminders(lead)) for lead in (default, quick, theirs)], [1, 0, 1])

    def test_reminder_for_the_salesperson_or_the_team_leader(self):
        leader = self.sales_manager
        team = self.env["crm.team"].create({"name": "Zona Norte", "user_id": leader.id})
        own = self.opportunity(self.quick)
        orphan = self.opportunity(self.quick, user_id=False, team_id=team.id)
        nobody = self.opportunity(self.quick, user_id=False, team_id=False)
        self.assertEqual(self.run_cron(), 2)
        reminder = self.reminders(own)
        self.assertEqual(reminder.user_id, self.salesman)
        self.assertEqual(reminder.date_deadline, self.start.date())
        self.assertIn("15 days", str(reminder.note))
        self.assertIn("Visita", str(reminder.note))
        self.assertEqual(self.reminders(orphan).user_id, leader)
        self.assertFalse(self.reminders(nobody))
        self.assertEqual(self.run_cron(1), 0, "a second run plans nothing more")
        self.assertEqual(len(self.reminders(own)), 1)

    def test_stage_change_ends_the_period(self):
        lead = self.opportunity(self.quick)
        self.run_cron()
        lead.stage_id = self.default
        self.changed_stage(lead, 0)
        self.assertFalse(self.reminders(lead), "the reminder of the old stage goes away")
        self.assertFalse(self.stale(lead, 20))
        self.assertEqual(self.run_cron(20), 0)
        self.assertTrue(self.stale(lead, 21))
        self.assertEqual(self.run_cron(21), 1, "a full period in the new stage: a new reminder")

    def test_reminder_done_without_moving_waits_another_period(self):
        lead = self.opportunity(self.quick)
        self.run_cron()
        with freeze_time(self.start + timedelta(days=2)):
            self.reminders(lead).action_feedback("Llamado, lo piensan")
        self.assertFalse(self.stale(lead, 3))
        self.assertEqual(self.run_cron(11), 0, "nine days after the done reminder: nothing")
        self.assertEqual(self.run_cron(12), 1, "ten days after: reminded again")

    def test_won_lost_and_archived_deals_are_ignored(self):
        won = self.opportunity(self.won)
        lost = self.opportunity(self.quick)
        lost.action_set_lost()
        archived = self.opportunity(self.quick)
        archived.active = False
        lead = self.opportunity(self.quick, type="lead")
        self.assertEqual(self.run_cron(30), 0)
        self.assertFalse(
            (won | lost | archived | lead).with_context(active_test=False).activity_ids - self.calls()
        )

    def calls(self):
        return self.env["mail.activity"].search(
            [("activity_type_id", "=", self.env.ref("pyme_crm.mail_activity_type_call_lead").id)]
        )

    def test_stage_email_sent_once_per_period(self):
        template = self.env.ref("pyme_crm.mail_template_stale_opportunity")
        self.quick.stale_mail_template_id = template
        lead = self.opportunity(self.quick)
        self.run_cron()
        self.run_cron(1)

        def sent():
            return lead.message_ids.filtered(lambda m: "still of interest" in (m.subject or ""))

        self.assertEqual(len(sent()), 1)
        self.assertIn(self.prospect, sent().partner_ids)
        self.assertEqual(len(self.reminders(lead)), 1)

    def test_queries_per_batch_do_not_grow_with_the_batch(self):
        def seed(count):
            leads = self.env["crm.lead"]
            for _ in range(count):
                leads |= self.opportunity(self.quick)
            return leads

        seed(3)
        self.run_cron()  # warm caches
        seed(5)
        self.env.invalidate_all()
        # 16, and the savepoint around the batch (a failing lead never blocks the others): 18
        with freeze_time(self.start), self.assertQueryCount(__system__=18):
            self.assertEqual(self.env["crm.lead"]._cron_remind_stale_opportunities(), 5)
        seed(40)
        self.env.invalidate_all()
        with freeze_time(self.start), self.assertQueryCount(__system__=18):
            self.assertEqual(self.env["crm.lead"]._cron_remind_stale_opportunities(), 40)

    def test_batches_report_progress_to_the_cron(self):
        for _ in range(5):
            self.opportunity(self.quick)
        cron = self.env.ref("pyme_crm.ir_cron_remind_stale_opportunities")
        cron, progress = cron._add_progress()
        Lead = self.env["crm.lead"].with_context(ir_cron_progress_id=progress.id)
        with freeze_time(self.start):
            self.assertEqual(Lead._cron_remind_stale_opportunities(batch_size=2), 2)
            self.assertEqual((progress.done, progress.remaining), (2, 3))
            self.assertEqual(Lead._cron_remind_stale_opportunities(batch_size=2), 2)
            self.assertEqual(Lead._cron_remind_stale_opportunities(batch_size=2), 1)
            self.assertEqual((progress.done, progress.remaining), (1, 0))

    def planning_fails(self, error, lead):
        """``_plan_stale_reminders`` raising ``error`` for every batch holding ``lead``."""
        Lead = type(self.env["crm.lead"])
        plan = Lead._plan_stale_reminders

        def failing(records, batch):
            if lead.id in [row[0] for row in batch]:
                raise error
            return plan(records, batch)

        return patch.object(Lead, "_plan_stale_reminders", autospec=True, side_effect=failing)

    def test_a_lead_that_fails_is_skipped_for_its_period(self):
        broken, fine = self.opportunity(self.quick), self.opportunity(self.quick)
        with (
            self.planning_fails(ValueError("a broken lead"), broken),
            self.assertLogs("odoo.addons.pyme_crm.models.crm_lead_stale", "ERROR") as logged,
        ):
            self.assertEqual(self.run_cron(), 2)
        self.assertIn(f"Stale opportunity {broken.id}: its reminder failed", logged.output[0])
        self.assertEqual([len(self.reminders(lead)) for lead in (broken, fine)], [0, 1])
        self.assertTrue(broken.stale_reminded_for, "skipped for its period: the next run leaves it")
        self.assertEqual(self.run_cron(), 0)

    def test_a_database_failure_ends_the_run(self):
        lead = self.opportunity(self.quick)
        error = psycopg2.OperationalError("server closed the connection")
        with (
            self.planning_fails(error, lead) as plan,
            self.assertRaises(psycopg2.OperationalError),
            self.assertNoLogs("odoo.addons.pyme_crm.models.crm_lead_stale", "ERROR"),
        ):
            self.run_cron()
        self.assertEqual(plan.call_count, 1, "nothing retried one lead at a time on a broken transaction")


@tagged("post_install", "-at_install")
class TestStaleRulesAndPause(StaleCase):
    """What counts as a change (the company's rule), and the pause of a deal waiting for a planned action."""

    def plan(self, record, days_later, xmlid="mail.mail_activity_data_todo"):
        """An action planned on ``record`` for ``days_later`` days from the start."""
        return record.activity_schedule(
            xmlid, date_deadline=(self.start + timedelta(days=days_later)).date(), user_id=self.salesman.id
        )

    def followup(self, partner, days_later):
        return self.plan(partner, days_later, "pyme_crm.mail_activity_type_followup")

    def at(self, days_later):
        return freeze_time(self.start + timedelta(days=days_later))

    def log_note(self, lead, days_later):
        with self.at(days_later):
            lead.message_post(
                body="Hablado con compras", message_type="comment", subtype_xmlid="mail.mt_note"
            )

    def found(self, leads, days_later=0):
        with self.at(days_later):
            self.env["crm.lead"].invalidate_model()
            return self.env["crm.lead"].search([("is_stale", "=", True), ("id", "in", leads.ids)])

    def test_rule_stage_ignores_notes_and_done_actions(self):
        self.assertEqual(self.env.company.crm_stale_rule, "stage", "the rule of today by default")
        noted, done = self.opportunity(self.quick), self.opportunity(self.quick)
        self.log_note(noted, -2)
        with self.at(-3):
            self.plan(done, -3).action_feedback("Visitado")
        self.assertEqual(self.found(noted | done), noted | done)
        with self.at(0):
            noted.invalidate_recordset()
            self.assertEqual((noted.stale_days_count, noted.stale_badge), (15, "stale · 15 days"))

    def test_rule_activity_counts_from_the_last_note_or_action_done(self):
        self.env.company.crm_stale_rule = "activity"
        noted, done, emailed, untouched = (self.opportunity(self.quick) for _ in range(4))
        self.log_note(noted, -2)
        with self.at(-3):
            self.plan(done, -3).action_feedback("Visitado")
            emailed.message_post(body="¿Seguimos?", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertEqual(self.found(noted | done | emailed | untouched), emailed | untouched)
        self.assertEqual(self.found(noted | done, 6), self.env["crm.lead"])
        self.assertEqual(self.found(noted | done, 7), done, "ten days after the action done")
        self.assertEqual(self.found(noted | done, 8), noted | done, "ten days after the note")
        with self.at(8):
            noted.invalidate_recordset()
            self.assertEqual(noted.stale_since, self.start + timedelta(days=8))
            self.assertEqual((noted.stale_days_count, noted.stale_badge), (10, "stale · 10 days"))
        self.assertEqual(self.run_cron(8), 4)
        self.assertIn("10 days", str(self.reminders(noted).note), "the reminder counts from the note")

    def test_a_planned_action_pauses_the_deal_until_its_date_has_passed(self):
        waiting = self.opportunity(self.quick)
        self.plan(waiting, 3)
        self.assertFalse(self.stale(waiting), "the call is planned: not stale")
        self.assertFalse(self.stale(waiting, 3), "still paused on the day of the call")
        self.assertEqual(self.run_cron(3), 0)
        self.assertTrue(self.stale(waiting, 4), "the day after, the call not done: stale again at once")
        self.assertEqual(self.run_cron(4), 1, "and reminded, once")
        self.assertEqual(self.run_cron(5), 0)

    def test_a_pause_after_the_reminder_does_not_remind_twice(self):
        lead = self.opportunity(self.quick)
        self.assertEqual(self.run_cron(), 1)
        self.plan(lead, 2)
        self.assertFalse(self.stale(lead, 1), "the reminder itself pauses nothing, the new call does")
        self.assertTrue(self.stale(lead, 3))
        self.assertEqual(self.run_cron(3), 0, "same stale period: one reminder")
        self.assertEqual(len(self.reminders(lead)), 1)

    def test_a_followup_of_the_contact_or_its_company_pauses_the_deal(self):
        of_contact = self.opportunity(self.quick, partner_id=self.prospect_contact.id)
        of_company = self.opportunity(self.quick, partner_id=self.prospect_contact.id)
        other = self.opportunity(self.quick, partner_id=self.client.id)
        self.followup(self.client, -1)  # overdue: it pauses nothing
        self.plan(self.client, 5)  # not a follow-up: the contact's other activities pause nothing
        self.assertEqual(self.found(of_contact | of_company | other), of_contact | of_company | other)
        self.followup(self.prospect, 2)
        self.assertEqual(self.found(of_contact | of_company | other), other, "the company's follow-up")
        self.assertEqual(self.found(of_contact | of_company | other, 3), of_contact | of_company | other)
        self.followup(self.prospect_contact, 6)
        self.assertEqual(self.found(of_contact | of_company | other, 3), other, "the contact's follow-up")

    def test_a_done_action_restarts_the_count_only_under_the_activity_rule(self):
        self.env.company.crm_stale_rule = "activity"
        lead = self.opportunity(self.quick)
        call = self.plan(lead, 2)
        self.assertFalse(self.stale(lead, 1))
        with self.at(2):
            call.action_feedback("Hablado, mandan pedido en dos semanas")
        self.assertFalse(self.stale(lead, 3), "done: no longer planned, but a change")
        self.assertFalse(self.stale(lead, 11))
        self.assertTrue(self.stale(lead, 12), "ten days after the call")

    def test_pause_off(self):
        self.env.company.crm_stale_pause_planned = False
        lead = self.opportunity(self.quick)
        self.plan(lead, 3)
        self.followup(self.prospect, 3)
        self.assertTrue(self.stale(lead))
        self.assertEqual(self.run_cron(), 1)

    def test_badge_filter_reminders_and_email_agree(self):
        """One mixed pipeline under the "activity" rule with the pause: the badge, the Stale filter, the
        salesperson's reminders and the customer's email pick the same deals."""
        self.env.company.crm_stale_rule = "activity"
        self.quick.stale_mail_template_id = self.env.ref("pyme_crm.mail_template_stale_opportunity")
        deals = {
            name: self.opportunity(self.quick, name=name)
            for name in ("untouched", "noted", "planned", "followed", "overdue", "done long ago", "fresh")
        }
        self.log_note(deals["noted"], -4)
        self.plan(deals["planned"], 1)
        self.followup(self.prospect, 2)
        deals["followed"].partner_id = self.prospect_contact
        deals["noted"].partner_id = deals["planned"].partner_id = deals["untouched"].partner_id = self.client
        deals["overdue"].partner_id = deals["done long ago"].partner_id = self.client
        self.plan(deals["overdue"], -1)
        with self.at(-12):
            self.plan(deals["done long ago"], -12).action_feedback("Sin novedad")
        self.changed_stage(deals["fresh"], 3)
        deals["fresh"].partner_id = self.client
        expected = {"untouched", "overdue", "done long ago"}
        leads = self.env["crm.lead"].concat(*deals.values())
        with self.at(0):
            leads.invalidate_recordset()
            badge = {name for name, lead in deals.items() if lead.is_stale and lead.stale_badge}
        found = self.found(leads)
        self.assertEqual(self.run_cron(), len(expected))
        reminded = {name for name, lead in deals.items() if self.reminders(lead)}
        emailed = {
            name
            for name, lead in deals.items()
            if lead.message_ids.filtered(lambda m: "still of interest" in (m.subject or ""))
        }
        self.assertEqual(
            (badge, set(found.mapped("name")), reminded, emailed), (expected, expected, expected, expected)
        )
        # the stale email and the reminder are no change: the same deals stay stale
        self.assertEqual(set(self.found(leads).mapped("name")), expected)
        self.assertEqual(set(self.found(leads, 3).mapped("name")), expected | {"planned", "followed"})
        self.assertEqual(self.run_cron(3), 2, "once their planned dates have passed, the paused ones")

    def test_each_company_its_own_rule(self):
        other = self.env["res.company"].create({"name": "Otra PYME", "crm_stale_rule": "activity"})
        self.assertTrue(other.crm_stale_pause_planned, "the pause is on by default")
        mine = self.opportunity(self.quick, user_id=False)
        theirs = self.opportunity(self.quick, user_id=False, company_id=other.id, partner_id=False)
        self.log_note(mine, -1)
        self.log_note(theirs, -1)
        self.assertEqual(self.found(mine | theirs), mine)


@tagged("post_install", "-at_install")
class TestStaleConcurrentWorkers(PymeCrmCase):
    """Two workers running the reminder at once: each period is reminded once. Needs committed data."""

    def test_two_workers_at_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            stage = env["crm.stage"].create({"name": "Concurrencia", "stale_custom": True, "stale_days": 5})
            leads = env["crm.lead"].create(
                [
                    {"name": f"Concurrente {n}", "type": "opportunity", "stage_id": stage.id, "user_id": 2}
                    for n in range(3)
                ]
            )
            env.flush_all()
            cr.execute(
                "UPDATE crm_lead SET date_last_stage_update = now() - interval '9 days' WHERE id = ANY(%s)",
                [leads.ids],
            )
            cr.execute(  # their first calls are as old: overdue, they pause nothing
                """UPDATE mail_activity SET date_deadline = CURRENT_DATE - 9
                    WHERE res_model = 'crm.lead' AND res_id = ANY(%s)""",
                [leads.ids],
            )
            lead_ids, stage_id = leads.ids, stage.id
        self.addCleanup(self.remove_committed, lead_ids, stage_id)
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            done_a = env_a["crm.lead"]._cron_remind_stale_opportunities()
            done_b = env_b["crm.lead"]._cron_remind_stale_opportunities()  # A holds the leads: B skips them
            cr_a.commit()
            cr_b.commit()
            done_again = env_b["crm.lead"]._cron_remind_stale_opportunities()
        self.assertEqual((done_a, done_b, done_again), (3, 0, 0))
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT res_id, COUNT(*) FROM mail_activity
                    WHERE res_model = 'crm.lead' AND res_id = ANY(%s) AND activity_type_id = %s
                 GROUP BY res_id""",
                [lead_ids, self.env.ref("pyme_crm.mail_activity_type_stale").id],
            )
            self.assertEqual(sorted(cr.fetchall()), [(lead_id, 1) for lead_id in sorted(lead_ids)])

    def remove_committed(self, lead_ids, stage_id):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["crm.lead"].with_context(active_test=False).browse(lead_ids).unlink()
            env["crm.stage"].browse(stage_id).unlink()
