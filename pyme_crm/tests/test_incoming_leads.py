from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import PymeCrmCase

EMAIL = """Return-Path: <ana.web@clinicadental.example>
From: Ana Ruiz <ana.web@clinicadental.example>
To: ventas@pyme.example
Subject: Presupuesto para tres consultas
Message-ID: <pyme-crm-incoming-1@clinicadental.example>
Date: Mon, 23 Nov 2026 09:00:00 +0000
Content-Type: text/plain; charset="utf-8"

Buenos días, querríamos un presupuesto.
"""


@tagged("post_install", "-at_install")
class TestIncomingLeads(PymeCrmCase):
    """Every new lead, whatever its channel, becomes a call for a salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call_type = cls.env.ref("pyme_crm.mail_activity_type_call_lead")
        cls.team = cls.env["crm.team"].create({"name": "Ventas Levante", "user_id": cls.sales_manager.id})
        cls.today = fields.Date.context_today(cls.env.user)

    def assert_call(self, lead, user, deadline=None, activity_type=None):
        self.assertEqual(len(lead.activity_ids), 1)
        self.assertEqual(lead.activity_ids.activity_type_id, activity_type or self.call_type)
        self.assertEqual(lead.activity_ids.user_id, user)
        self.assertEqual(lead.activity_ids.date_deadline, deadline or self.today)

    def test_api_create(self):
        lead, orphan, nobody = self.env["crm.lead"].create(
            [
                {"name": "Alta desde la API", "user_id": self.salesman.id},
                {"name": "Sin comercial", "user_id": False, "team_id": self.team.id},
                {"name": "Sin nadie", "user_id": False, "team_id": False},
            ]
        )
        self.assert_call(lead, self.salesman)
        self.assert_call(orphan, self.sales_manager)  # the team leader calls
        self.assertFalse(nobody.activity_ids)

    def test_form_create(self):
        with Form(self.env["crm.lead"].with_user(self.salesman)) as lead_form:
            lead_form.name = "Formulario de contacto"
            lead_form.email_from = "info@ferreteria.example"
        self.assert_call(lead_form.record, self.salesman)

    def test_import(self):
        result = self.env["crm.lead"].load(
            ["name", "email_from", "user_id/id"],
            [["Importado de feria", "feria@expo.example", "base.user_admin"]],
        )
        self.assertFalse(result["messages"])
        self.assert_call(self.env["crm.lead"].browse(result["ids"]), self.env.ref("base.user_admin"))

    def test_mail_gateway(self):
        lead_id = self.env["mail.thread"].message_process(
            "crm.lead", EMAIL, custom_values={"user_id": self.salesman.id}
        )
        lead = self.env["crm.lead"].browse(lead_id)
        self.assertIn("ana.web@clinicadental.example", lead.email_from)
        self.assert_call(lead, self.salesman)

    def test_something_planned_already_or_closed(self):
        planned = self.env["crm.lead"].create(
            {
                "name": "Con cita",
                "user_id": self.salesman.id,
                "activity_ids": [
                    Command.create(
                        {
                            "activity_type_id": self.env.ref("mail.mail_activity_data_meeting").id,
                            "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                            "user_id": self.salesman.id,
                        }
                    )
                ],
            }
        )
        self.assertNotIn(self.call_type, planned.activity_ids.activity_type_id)
        won = self.env["crm.lead"].create(
            {"name": "Ya ganada", "type": "opportunity", "stage_id": self.env.ref("crm.stage_lead4").id}
        )
        self.assertFalse(won.activity_ids)

    def test_settings(self):
        settings = self.env["res.config.settings"].create({})
        settings.crm_call_new_leads = False
        settings.execute()
        self.assertFalse(
            self.env["crm.lead"].create({"name": "Apagado", "user_id": self.salesman.id}).activity_ids
        )
        meeting = self.env.ref("mail.mail_activity_data_meeting")
        self.env.company.write(
            {"crm_call_new_leads": True, "crm_call_activity_type_id": meeting.id, "crm_call_delay_days": 2}
        )
        lead = self.env["crm.lead"].create({"name": "Configurado", "user_id": self.salesman.id})
        self.assert_call(lead, self.salesman, self.today + timedelta(days=2), meeting)

    def test_acknowledgement_email(self):
        def acknowledgements(lead):
            return lead.message_ids.filtered(lambda m: m.subject == "We have received your request")

        quiet = self.env["crm.lead"].create({"name": "Sin acuse", "email_from": "a@cliente.example"})
        self.assertFalse(acknowledgements(quiet), "off by default")
        self.env.company.crm_lead_ack_mail = True
        lead = self.env["crm.lead"].create(
            {"name": "Con acuse", "email_from": "b@cliente.example", "contact_name": "Berta"}
        )
        message = acknowledgements(lead)
        self.assertEqual(len(message), 1)
        self.assertIn("Berta", str(message.body))
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertIn("b@cliente.example", mail.email_to or mail.recipient_ids.email or "")
