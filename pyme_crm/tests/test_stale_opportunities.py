from datetime import timedelta

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import tagged

from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestStaleOpportunities(PymeCrmCase):
    """A deal left too long in a stage reminds its salesperson once per stale period."""

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
        # 17, and the savepoint around the batch (a failing lead never blocks the others): 19
        with freeze_time(self.start), self.assertQueryCount(__system__=19):
            self.assertEqual(self.env["crm.lead"]._cron_remind_stale_opportunities(), 5)
        seed(40)
        self.env.invalidate_all()
        with freeze_time(self.start), self.assertQueryCount(__system__=19):
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
