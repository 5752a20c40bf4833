from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.method import COMMERCIAL_LISTS

# The ages of open proposals, in days since they were sent: (from, to), the last with no end.
PROPOSAL_AGES = ((0, 7), (8, 30), (31, 90), (91, None))


class PymeCrmDashboard(models.AbstractModel):
    """The dashboard's charts, beside its figures: each series one grouped query, each bar or slice the
    domain (or the action) of its records."""

    _inherit = "pyme_crm.dashboard"

    @api.model
    @api.readonly
    def get_charts(self, scope="mine", period="month", date_from=None, date_to=None):
        """The dashboard's charts: sales ordered and invoiced per month over the 12 months that end with
        the period's, against the 12 before; proposals made and the close rate per month; the method's
        funnel (contacts in each list, and those that entered it in the period); open proposals by age.
        Months and days are the user's (time zone), money the company's (currency); every series is one
        grouped query, and each bar or slice carries the domain of its records."""
        self._check_scope(scope)
        users = self._scope_users(scope)
        # grouping by month or day follows the time zone of the context: the user's, even from a test
        dashboard = self.with_context(tz=self._tz_name())
        start, end = dashboard._period(period, date_from, date_to)
        last = (end - timedelta(days=1)).replace(day=1)
        months = [last - relativedelta(months=n) for n in range(11, -1, -1)]
        return {
            "currency_id": self.env.company.currency_id.id,
            "charts": [
                dashboard._sales_chart(
                    "sales_ordered", self.env._("Sales ordered per month"), users, months, "sale.report"
                ),
                dashboard._sales_chart(
                    "sales_invoiced", self.env._("Invoiced per month"), users, months, "account.move"
                ),
                dashboard._proposals_chart(users, months),
                dashboard._funnel_chart(
                    scope, users, (start, end), {"period": period, "date_from": date_from, "date_to": date_to}
                ),
                dashboard._age_chart(users),
            ],
        }

    @api.model
    @api.readonly
    def action_open_list_entries(self, scope, commercial_list, period="month", date_from=None, date_to=None):
        """The contacts that entered ``commercial_list`` in the period: a bar of the funnel."""
        self._check_scope(scope)
        dashboard = self.with_context(tz=self._tz_name())
        entries = dashboard._list_entries(
            dashboard._entities_domain(self._scope_users(scope)),
            dashboard._period(period, date_from, date_to),
        )
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT entry.partner_id FROM (%s) entry WHERE entry.commercial_list = %s",
                entries,
                commercial_list,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("%(list)s: entered in the period", list=self._list_labels()[commercial_list]),
            "res_model": "res.partner",
            "domain": [("id", "in", [row[0] for row in self.env.cr.fetchall()])],
            "views": [[False, "list"], [False, "form"]],
            "target": "current",
        }

    def _chart(self, key, title, labels, datasets, **extra):
        """A chart for the client: ``labels`` on the x axis (months as ISO dates when ``months``), and
        datasets of ``data`` with, for each bar or slice, the ``domains`` of its records on ``model``."""
        return {"key": key, "title": title, "labels": labels, "datasets": datasets, **extra}

    def _monthly(self, model, domain, date_field, aggregate, *groupby):
        """``{(month start, *groupby values): aggregate}`` of the records of ``domain``, the months in the
        user's time zone; one query."""
        groups = self.env[model]._read_group(domain, [f"{date_field}:month", *groupby], [aggregate])
        return {
            (month.date() if isinstance(month, datetime) else month, *rest[:-1]): rest[-1]
            for month, *rest in groups
        }

    def _sales_chart(self, key, title, users, months, model):
        """Sales ordered (the sales report) or invoiced net of credit notes (the invoices), in company
        currency, per month and the same month a year before."""
        if model == "sale.report":
            domain_of, date_field, measure, view = (
                self._sales_ordered_domain,
                "date",
                "price_subtotal",
                "pivot",
            )
        else:
            domain_of, date_field, measure, view = (
                self._sales_invoiced_domain,
                "invoice_date",
                "amount_untaxed_signed",
                "list",
            )
        month = relativedelta(months=1)
        window = (months[0] - relativedelta(years=1), months[-1] + month)
        totals = self._monthly(model, domain_of(users, window), date_field, f"{measure}:sum")

        def dataset(label, years):
            starts = [start - relativedelta(years=years) for start in months]
            return {
                "label": label,
                "model": model,
                "view": view,
                # the analysis opens on the amount the bar shows
                "context": {"pivot_measures": [measure]} if view == "pivot" else {},
                "months": [fields.Date.to_string(start) for start in starts],
                "data": [totals.get((start,)) or 0.0 for start in starts],
                "domains": [domain_of(users, (start, start + month)) for start in starts],
            }

        return self._chart(
            key,
            title,
            [fields.Date.to_string(start) for start in months],
            [dataset(self.env._("These 12 months"), 0), dataset(self.env._("The year before"), 1)],
            months=True,
            monetary=True,
        )

    def _proposals_chart(self, users, months):
        """Proposals made per month (bars), and the close rate of the proposals decided each month (a line,
        empty in a month with none decided)."""
        month = relativedelta(months=1)
        window = (months[0], months[-1] + month)
        made = self._monthly(
            "sale.order", self._proposals_made_domain(users, window), "proposal_date", "__count"
        )
        decided = self._monthly(
            "sale.order",
            self._proposals_decided_domain(users, window),
            "proposal_decided_date",
            "__count",
            "state",
        )
        rates = []
        for start in months:
            won = decided.get((start, "sale"), 0)
            total = sum(count for (day, _state), count in decided.items() if day == start)
            rates.append(round(100.0 * won / total, 1) if total else None)
        periods = [(start, start + month) for start in months]
        return self._chart(
            "proposals",
            self.env._("Proposals made and close rate"),
            [fields.Date.to_string(start) for start in months],
            [
                {
                    "label": self.env._("Proposals made"),
                    "model": "sale.order",
                    "data": [made.get((start,), 0) for start in months],
                    "domains": [self._proposals_made_domain(users, period) for period in periods],
                },
                {
                    "label": self.env._("Close rate"),
                    "model": "sale.order",
                    "type": "line",
                    "percent": True,
                    "data": rates,
                    "domains": [self._proposals_decided_domain(users, period) for period in periods],
                },
            ],
            months=True,
        )

    def _list_labels(self):
        Partner = self.env["res.partner"]
        return dict(Partner._fields["commercial_list"]._description_selection(self.env))

    def _list_entries(self, contacts, period):
        """SQL of (commercial_list, partner_id): the contacts of the domain ``contacts`` that entered a list
        in ``period``, as the chatter tracked the move. Tracking values are for administrators only: this
        reads those of the list field, on contacts the user may read (their rules apply to the search)."""
        self.env.flush_all()
        start, end = self._in_period("date", period)
        return SQL(
            """
            SELECT choice.value AS commercial_list, message.res_id AS partner_id
              FROM mail_tracking_value tracking
              JOIN mail_message message ON message.id = tracking.mail_message_id
              -- the chatter keeps the list's label in the writer's language: any of its translations
              JOIN ir_model_fields_selection choice ON choice.field_id = tracking.field_id
               AND tracking.new_value_char IN (SELECT label.value FROM jsonb_each_text(choice.name) label)
             WHERE tracking.field_id = %(field)s
               AND message.model = 'res.partner'
               AND message.date >= %(start)s AND message.date < %(end)s
               AND message.res_id IN %(contacts)s
            """,
            field=self.env["ir.model.fields"]._get("res.partner", "commercial_list").id,
            start=start[2],
            end=end[2],
            contacts=self.env["res.partner"]._search(contacts).subselect(),
        )

    def _funnel_chart(self, scope, users, period, period_args):
        """The method's lists: the contacts in each now, and those that entered it in the period."""
        contacts = self._entities_domain(users)
        in_list = dict(self.env["res.partner"]._read_group(contacts, ["commercial_list"], ["__count"]))
        self.env.cr.execute(
            SQL(
                "SELECT entry.commercial_list, COUNT(DISTINCT entry.partner_id) FROM (%s) entry GROUP BY 1",
                self._list_entries(contacts, period),
            )
        )
        entered = dict(self.env.cr.fetchall())
        labels = self._list_labels()
        keys = [key for key, _label in COMMERCIAL_LISTS]
        return self._chart(
            "funnel",
            self.env._("The method's lists"),
            [labels[key] for key in keys],
            [
                {
                    "label": self.env._("Contacts in the list"),
                    "model": "res.partner",
                    "data": [in_list.get(key, 0) for key in keys],
                    "domains": [[*contacts, ("commercial_list", "=", key)] for key in keys],
                },
                {
                    "label": self.env._("Entered in the period"),
                    "model": "res.partner",
                    "data": [entered.get(key, 0) for key in keys],
                    # the moves are the chatter's, which a domain cannot reach: a call finds them
                    "actions": [{"scope": scope, "commercial_list": key, **period_args} for key in keys],
                },
            ],
            horizontal=True,
        )

    def _age_bucket(self, age):
        for index, (_low, high) in enumerate(PROPOSAL_AGES):
            if age is not None and (high is None or age <= high):
                return index
        return len(PROPOSAL_AGES) - 1

    def _age_chart(self, users):
        """Open proposals (quotations sent) by the days since they were sent."""
        today = fields.Date.context_today(self)
        open_proposals = [("state", "=", "sent"), *self._user_domain("user_id", users)]
        days = self.env["sale.order"]._read_group(open_proposals, ["proposal_date:day"], ["__count"])
        counts = [0] * len(PROPOSAL_AGES)
        for day, count in days:
            # a proposal without a sending date (sent before the addon) is among the oldest
            age = (today - day.date()).days if day else None
            counts[self._age_bucket(age)] += count
        labels, domains = [], []
        for low, high in PROPOSAL_AGES:
            if high is None:
                labels.append(self.env._("Over %(days)s days", days=low - 1))
                sent_before = self._local_midnight(today - timedelta(days=low - 1))
                domains.append(
                    [*open_proposals, "|", ("proposal_date", "=", False), ("proposal_date", "<", sent_before)]
                )
            else:
                labels.append(self.env._("%(low)s-%(high)s days", low=low, high=high))
                sent = (today - timedelta(days=high), today - timedelta(days=low - 1))
                domains.append([*open_proposals, *self._in_period("proposal_date", sent)])
        return self._chart(
            "proposal_ages",
            self.env._("Open proposals by age"),
            labels,
            [
                {
                    "label": self.env._("Open proposals"),
                    "model": "sale.order",
                    "data": counts,
                    "domains": domains,
                }
            ],
            type="doughnut",
        )
