from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import PymeCrmCase

PAGE = 80
LIST_SPEC = {
    "next_followup_date": {},
    "display_name": {},
    "commercial_list": {},
    "commercial_priority": {},
    "phone": {},
    "email": {},
    "last_note": {},
    "user_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install", "pyme_crm_performance")
class TestFollowupListQueries(PymeCrmCase):
    """Opening the follow-up list (search, count and read of its first page) costs the same
    number of queries for a salesperson with 100 due contacts as for one with 10,000; with 10,
    one less, as the page is not full and needs no separate count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # CRM PYME's salesperson profile: its record rule on contacts is checked again when the page is read
        profile = "sales_team.group_sale_salesman,pyme_crm.group_pyme_salesperson"
        cls.mid_salesman = new_test_user(cls.env, login="pyme_mid", groups=profile)
        cls.busy_salesman = new_test_user(cls.env, login="pyme_busy", groups=profile)
        cls.salesman.groups_id = [(4, cls.env.ref("pyme_crm.group_pyme_salesperson").id)]
        Partner = cls.env["res.partner"]
        lists = ["proposal", "client", "prospect", "on_hold"]
        vals = [
            {
                "name": f"Contacto {n}",
                "is_company": True,
                "commercial_list": lists[n % 4],
                "email": f"c{n}@x.example",
            }
            for n in range(10_110)
        ]
        partners = Partner.browse()
        for start in range(0, len(vals), 1000):
            partners |= Partner.create(vals[start : start + 1000])
        partners[:10].write({"user_id": cls.salesman.id})
        partners[10:110].write({"user_id": cls.mid_salesman.id})
        partners[110:].write({"user_id": cls.busy_salesman.id})
        for partner in partners[::50]:
            partner.message_post(
                body="Llamar por la tarde", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        # The list reads the stored date: set it in one statement instead of 10,010 activities.
        cls.env.flush_all()
        today = fields.Date.context_today(Partner)
        cls.env.cr.execute(
            "UPDATE res_partner SET next_followup_date = %s WHERE id IN %s",
            [today - timedelta(days=1), tuple(partners.ids)],
        )
        partners.invalidate_recordset(["next_followup_date"])

    def followup_list_request(self, user):
        """The request the web client sends when the list opens with its default filters."""
        action = self.env.ref("pyme_crm.res_partner_action_followup")
        partners = self.env["res.partner"].with_user(user).with_context(**safe_eval(action.context))
        today = fields.Date.context_today(partners)
        domain = [*safe_eval(action.domain), ("next_followup_date", "<=", today), ("user_id", "=", user.id)]
        order = etree.fromstring(self.env.ref("pyme_crm.res_partner_view_list_followup").arch_db).get(
            "default_order"
        )
        return lambda: partners.web_search_read(
            domain, LIST_SPEC, limit=PAGE, order=order, count_limit=100_000
        )

    def test_followup_list_reads_in_constant_queries(self):
        users = (self.salesman, self.mid_salesman, self.busy_salesman)
        requests = [self.followup_list_request(user) for user in users]
        for request in requests:
            request()  # warm the registry caches as a running server has them
        counts, results = [], []
        # the user; search; page's fields (two prefetch batches) and company; latest notes; count
        for request, queries in zip(requests, (6, 7, 7), strict=True):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self.assertQueryCount(queries):
                results.append(request())
            counts.append(self.env.cr.sql_log_count - before)
        quiet, mid, busy = results
        self.assertEqual(counts[2], counts[1], "as many queries for 10,000 due contacts as for 100")
        self.assertEqual(counts[0], counts[1] - 1, "no separate count when the page is not full")
        self.assertEqual((quiet["length"], mid["length"], busy["length"]), (10, 100, 10_000))
        self.assertEqual(len(busy["records"]), PAGE)
        self.assertEqual(busy["records"][0]["commercial_list"], "proposal", "proposals first")
