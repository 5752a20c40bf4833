from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PymeCrmCase, tracked_values


@tagged("post_install", "-at_install")
class TestCommercialList(PymeCrmCase):
    def test_bare_contact_starts_in_contact_database(self):
        partner = self.env["res.partner"].create({"name": "Carmen Ruiz Navarro"})
        self.assertEqual(partner.commercial_list, "reserve")
        self.assertFalse(partner.commercial_priority)

    def test_contact_people_share_their_company_list(self):
        self.assertEqual(self.prospect_contact.commercial_list, "prospect")
        self.assertEqual(self.prospect_contact.commercial_priority, "1")
        self.prospect.write({"commercial_list": "on_hold"})
        self.assertEqual(self.prospect_contact.commercial_list, "on_hold")
        self.assertEqual(self.prospect_contact.commercial_priority, "1")

    def test_write_on_contact_person_lands_on_company(self):
        sibling = self.env["res.partner"].create({"name": "Pedro Sanz", "parent_id": self.prospect.id})
        self.prospect_contact.write({"commercial_priority": "2", "function": "Enóloga"})
        self.assertEqual(self.prospect.commercial_priority, "2")
        self.assertEqual(sibling.commercial_priority, "2")
        self.assertEqual(self.prospect_contact.function, "Enóloga")
        self.assertFalse(self.prospect.function, "the person's own fields stay on the person")

    def test_person_joining_a_company_takes_its_list(self):
        person = self.env["res.partner"].create({"name": "Ana Sola", "commercial_list": "on_hold"})
        person.write({"parent_id": self.client.id})
        self.assertEqual(person.commercial_list, "client")
        self.assertEqual(person.commercial_priority, "A")

    def test_priority_must_fit_the_list(self):
        refused = [
            (self.client, "1"),
            (self.prospect, "A"),
            (self.reserve, "B"),
            (self.reserve, "3"),
        ]
        for partner, priority in refused:
            with (
                self.subTest(list=partner.commercial_list, priority=priority),
                self.assertRaises(ValidationError),
            ):
                partner.write({"commercial_priority": priority})
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {"name": "Mal clasificado", "commercial_list": "client", "commercial_priority": "2"}
            )

    def test_a_contact_always_has_a_list(self):
        with self.assertRaisesRegex(ValidationError, "Librería El Quijote"):
            self.reserve.write({"commercial_list": False})

    def test_refusal_is_explained_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["pyme_crm"], ["es_ES"], overwrite=True)
        client = self.client.with_context(lang="es_ES")
        with self.assertRaisesRegex(
            ValidationError, r"la prioridad 1 no corresponde a la lista Clientes, que admite A, B, C"
        ):
            client.write({"commercial_priority": "1"})

    def test_proposals_and_contacts_on_hold_keep_their_priority(self):
        self.prospect.write({"commercial_list": "proposal"})
        self.assertEqual(self.prospect.commercial_priority, "1")
        self.client.write({"commercial_list": "on_hold"})
        self.assertEqual(self.client.commercial_priority, "A")
        self.client.write({"commercial_priority": "2"})
        self.assertEqual(self.client.commercial_priority, "2")

    def test_moving_clears_a_priority_the_new_list_refuses(self):
        self.prospect.write({"commercial_list": "client"})
        self.assertFalse(self.prospect.commercial_priority, "a new client is asked for A/B/C")
        self.prospect.write({"commercial_list": "prospect", "commercial_priority": "3"})
        self.assertEqual(self.prospect.commercial_priority, "3")
        with self.assertRaises(ValidationError):
            self.prospect.write({"commercial_list": "client", "commercial_priority": "3"})

    def test_list_and_priority_changes_are_tracked(self):
        prospect = self.prospect.with_context(tracking_disable=False)
        prospect.write({"commercial_list": "client", "commercial_priority": "B"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(tracked_values(prospect, "commercial_list"), [("Prospects", "Clients")])
        self.assertEqual(
            tracked_values(prospect, "commercial_priority"),
            [("1 - high potential, easy access", "B - client with potential")],
        )

    def test_salesperson_moves_own_contacts(self):
        reserve = self.reserve.with_user(self.salesman)
        reserve.action_move_to_prospect()
        self.assertEqual(self.reserve.commercial_list, "prospect")
        self.prospect_contact.with_user(self.salesman).action_put_on_hold()
        self.assertEqual(self.prospect.commercial_list, "on_hold")

    def test_moves_only_from_the_lists_the_method_allows(self):
        with self.assertRaisesRegex(UserError, "Construcciones Alhambra"):
            self.client.action_put_on_hold()
        with self.assertRaises(UserError):
            self.reserve._check_move("client")
        with self.assertRaises(UserError):
            self.prospect.action_client_lost()
