from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools.followup import FOLLOWUP_TYPE

PLANNED_LISTS = ("proposal", "client", "prospect")
# The follow-up figures count up to this many records: beyond it they read "1,000+" (the list they open
# counts further, up to 10,000 as list views do). A figure read at a glance needs no more, and its count
# then costs the same whatever the number of contacts and activities.
FIGURE_COUNT_LIMIT = 1_000


class PymeCrmDashboard(models.AbstractModel):
    """The method's dashboard ("Cuadro de mando"): the figures of a period for me, my team or the
    company, each with the previous period's and the domain of the records behind it. Every figure
    is one grouped query, so the call costs the same with a thousand deals or a hundred thousand."""

    _name = "pyme_crm.dashboard"
    _description = "CRM PYME dashboard"

    @api.model
    @api.readonly
    def get_dashboard(self, scope="mine", period="month", date_from=None, date_to=None):
        scopes = self._check_scope(scope)
        start, end = self._period(period, date_from, date_to)
        previous = (self._previous_start(period, start, end), start)
        users = self._scope_users(scope)
        results = [
            self._sales_ordered(users, (start, end), previous),
            self._sales_invoiced(users, (start, end), previous),
            self._proposals_made(users, (start, end), previous),
            self._close_rate(users, (start, end), previous),
            self._new_clients(users, (start, end), previous),
        ]
        return {
            "scope": scope,
            "scopes": [{"key": key, "label": label} for key, label in scopes.items()],
            "period": period,
            "date_from": fields.Date.to_string(start),
            "date_to": fields.Date.to_string(end - timedelta(days=1)),
            "currency_id": self.env.company.currency_id.id,
            "results": results,
            "future": self._future(users),
        }

    # Scope and period

    def _check_scope(self, scope):
        """The scopes the user may see; an error if ``scope`` is not one of them."""
        scopes = self._allowed_scopes()
        if scope not in scopes:
            raise AccessError(self.env._("You cannot see the figures of this scope."))
        return scopes

    def _allowed_scopes(self):
        scopes = {"mine": self.env._("Me")}
        user = self.env.user
        if user.has_group("sales_team.group_sale_salesman_all_leads") or self._led_teams():
            scopes["team"] = self.env._("My team")
        if user.has_group("sales_team.group_sale_manager"):
            scopes["company"] = self.env._("The company")
        return scopes

    def _led_teams(self):
        return self.env["crm.team"].search([("user_id", "=", self.env.uid)])

    def _scope_users(self, scope):
        """The salespeople of the scope, or None for the whole company."""
        if scope == "company":
            return None
        if scope == "team":
            teams = self._led_teams() or self.env.user.crm_team_ids
            return (teams.member_ids | teams.user_id | self.env.user).ids
        return [self.env.uid]

    def _period(self, period, date_from, date_to):
        """[start, end) of the period containing today, or of the chosen range."""
        today = fields.Date.context_today(self)
        if period == "range":
            start = fields.Date.to_date(date_from) or today.replace(day=1)
            end = (fields.Date.to_date(date_to) or today) + timedelta(days=1)
        elif period == "quarter":
            start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
            end = start + relativedelta(months=3)
        elif period == "year":
            start, end = today.replace(month=1, day=1), today.replace(month=1, day=1) + relativedelta(years=1)
        else:
            start, end = today.replace(day=1), today.replace(day=1) + relativedelta(months=1)
        return start, end

    @api.model
    def _previous_start(self, period, start, end):
        """The start of the period before: the previous calendar month, quarter or year, or as many days
        before a chosen range."""
        months = {"month": 1, "quarter": 3, "year": 12}.get(period)
        return start - relativedelta(months=months) if months else start - (end - start)

    # Figures

    def _figure(self, key, label, model, domain, value, previous=None, **extra):
        return {
            "key": key,
            "label": label,
            "model": model,
            "domain": domain,
            "value": value,
            "previous": previous,
            **extra,
        }

    def _user_domain(self, field_name, users):
        return [] if users is None else [(field_name, "in", users)]

    def _company_domain(self, field_name="company_id"):
        return [(field_name, "in", [False, self.env.company.id])]

    def _period_figure(self, key, label, model, domain_of, current, previous, measure=None, **extra):
        """A figure of the period and of the previous one: the sum of ``measure``, or the number of
        records, matching ``domain_of(period)``; one grouped query each."""

        def value(period):
            [[total]] = self.env[model]._read_group(
                domain_of(period), [], [f"{measure}:sum" if measure else "__count"]
            )
            return total or 0

        return self._figure(
            key, label, model, domain_of(current), value(current), previous and value(previous), **extra
        )

    def _in_period(self, field_name, period, is_date=False):
        """Domain of a [start, end) period given in dates or datetimes, on a date or datetime field. Days
        start at midnight in the user's time zone: an order at 00:30 in Madrid on the 1st is the 1st's."""
        start, end = period
        if is_date and isinstance(start, datetime):
            start, end = start.date(), end.date()
        elif not is_date and not isinstance(start, datetime):
            start, end = self._local_midnight(start), self._local_midnight(end)
        return [(field_name, ">=", start), (field_name, "<", end)]

    def _tz_name(self):
        tz = self.env.context.get("tz") or self.env.user.tz
        return tz if tz in pytz.all_timezones_set else "UTC"

    def _local_midnight(self, day):
        """The UTC time (naive, as stored) at which ``day`` starts for the user."""
        tz = pytz.timezone(self._tz_name())
        return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

    def _sales_ordered_domain(self, users, period):
        """Confirmed sales lines of the period, in the company (the report converts them to its currency)."""
        return [
            ("state", "=", "sale"),
            *self._in_period("date", period),
            *self._user_domain("user_id", users),
            ("company_id", "=", self.env.company.id),
        ]

    def _sales_invoiced_domain(self, users, period):
        """Posted invoices and credit notes of the period: amounts signed in company currency, so a credit
        note takes away what it credits."""
        return [
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            *self._in_period("invoice_date", period, is_date=True),
            *self._user_domain("invoice_user_id", users),
            ("company_id", "=", self.env.company.id),
        ]

    def _proposals_made_domain(self, users, period):
        return [*self._in_period("proposal_date", period), *self._user_domain("user_id", users)]

    def _proposals_decided_domain(self, users, period):
        return [*self._in_period("proposal_decided_date", period), *self._user_domain("user_id", users)]

    def _sales_ordered(self, users, current, previous):
        return self._period_figure(
            "sales_ordered",
            self.env._("Sales ordered"),
            "sale.report",
            lambda period: self._sales_ordered_domain(users, period),
            current,
            previous,
            measure="price_subtotal",
            monetary=True,
            view="pivot",
        )

    def _sales_invoiced(self, users, current, previous):
        return self._period_figure(
            "sales_invoiced",
            self.env._("Invoiced"),
            "account.move",
            lambda period: self._sales_invoiced_domain(users, period),
            current,
            previous,
            measure="amount_untaxed_signed",
            monetary=True,
        )

    def _proposals_made(self, users, current, previous):
        return self._period_figure(
            "proposals_made",
            self.env._("Proposals made"),
            "sale.order",
            lambda period: self._proposals_made_domain(users, period),
            current,
            previous,
        )

    def _close_rate(self, users, current, previous):
        """Proposals won among the proposals decided (won or cancelled) in the period."""

        def counts(period):
            domain = self._proposals_decided_domain(users, period)
            groups = dict(self.env["sale.order"]._read_group(domain, ["state"], ["__count"]))
            won, decided = groups.get("sale", 0), sum(groups.values())
            return domain, won, decided, round(100.0 * won / decided, 1) if decided else 0.0

        domain, won, decided, rate = counts(current)
        previous_rate = previous and counts(previous)[-1]
        return self._figure(
            "close_rate",
            self.env._("Close rate"),
            "sale.order",
            domain,
            rate,
            previous_rate,
            percent=True,
            detail=self.env._("%(won)s won of %(decided)s decided", won=won, decided=decided),
        )

    def _new_clients(self, users, current, previous):
        def domain(period):
            return [
                *self._in_period("client_since", period, is_date=True),
                *self._user_domain("user_id", users),
                *self._company_domain(),
            ]

        return self._period_figure(
            "new_clients", self.env._("New clients"), "res.partner", domain, current, previous
        )

    def _entities_domain(self, users):
        """The contacts the method counts, of the scope: companies and people on their own (a company's
        people share its list)."""
        return [
            "|",
            ("is_company", "=", True),
            ("parent_id", "=", False),
            *self._user_domain("user_id", users),
            *self._company_domain(),
        ]

    def _followups_domain(self, users):
        """The open follow-ups of the salespeople ``users`` (None: all)."""
        return [
            ("res_model", "=", "res.partner"),
            ("activity_type_id", "=", self.env.ref(FOLLOWUP_TYPE).id),
            *self._user_domain("user_id", users),
        ]

    def _future(self, users):
        now = fields.Datetime.now()
        in_progress = [("state", "=", "sent"), *self._user_domain("user_id", users)]
        [[count, amount]] = self.env["sale.report"]._read_group(
            [("state", "=", "sent"), *self._user_domain("user_id", users)],
            [],
            ["order_reference:count_distinct", "price_subtotal:sum"],
        )
        partner_ids = self.env["res.users"].browse(users).partner_id.ids if users is not None else None
        appointments = [
            ("start", ">=", now),
            ("start", "<", now + timedelta(days=7)),
            *([] if partner_ids is None else [("partner_ids", "in", partner_ids)]),
        ]
        return [
            self._figure(
                "proposals_in_progress",
                self.env._("Proposals in progress"),
                "sale.order",
                in_progress,
                count,
                amount=amount or 0.0,
            ),
            self._figure(
                "appointments",
                self.env._("Appointments, next 7 days"),
                "calendar.event",
                appointments,
                self.env["calendar.event"].search_count(appointments),
            ),
            *self._followup_figures(users),
        ]

    def _followup_figures(self, users):
        """The follow-ups due today and late, and the contacts that should have one and have none: one
        query each, counting up to ``FIGURE_COUNT_LIMIT``, whatever the number of contacts and activities."""
        limit = FIGURE_COUNT_LIMIT + 1
        today = fields.Date.context_today(self)
        followups = self._followups_domain(users)
        today_domain = [*followups, ("date_deadline", "=", today)]
        late_domain = [*followups, ("date_deadline", "<", today)]
        unplanned = [
            ("commercial_list", "in", PLANNED_LISTS),
            ("next_followup_date", "=", False),
            *self._entities_domain(users),
        ]
        return [
            self._bounded_figure(
                "followups_today",
                self.env._("Follow-ups due today"),
                "mail.activity",
                today_domain,
                self._count_followups(today_domain, limit),
            ),
            self._bounded_figure(
                "followups_late",
                self.env._("Follow-ups late"),
                "mail.activity",
                late_domain,
                self._count_followups(late_domain, limit),
            ),
            self._bounded_figure(
                "no_followup",
                self.env._("Contacts without a follow-up"),
                "res.partner",
                unplanned,
                self.env["res.partner"].search_count(unplanned, limit),
                detail=self.env._("proposals, clients and prospects: each should have one"),
            ),
        ]

    def _bounded_figure(self, key, label, model, domain, count, **extra):
        """A figure of a count made up to ``FIGURE_COUNT_LIMIT + 1``: beyond the limit, its value is the
        limit and ``capped`` is set."""
        capped = count > FIGURE_COUNT_LIMIT
        value = FIGURE_COUNT_LIMIT if capped else count
        return self._figure(key, label, model, domain, value, capped=capped, **extra)

    def _count_followups(self, domain, limit=None):
        """``mail.activity.search_count(domain, limit)`` for follow-ups (activities on contacts) in one query.
        Mail's own search reads every matching activity and checks the contacts of the ones assigned to
        others record by record (thousands of queries for a manager); this counts the same activities:
        those the user's rules on activities let them read, and that are assigned to them or are on a
        contact they may post on (``_mail_post_access``), in SQL. The contact is looked up for each
        activity counted (EXISTS, by its primary key), so the count costs the same whatever the number
        of contacts: a list of every contact the user may see, under an OR, grows with them, and is
        read row by row once it no longer fits in memory (a million contacts)."""
        Activity = self.env["mail.activity"]
        if self.env.su:
            return Activity.search_count(domain, limit)
        Activity.check_access("read")
        rules = self.env["ir.rule"]._compute_domain(Activity._name, "read") or []
        query = Activity.sudo()._search(expression.AND([domain, rules]), limit=limit)
        access = SQL("%s = %s", SQL.identifier(query.table, "user_id"), self.env.uid)
        Partner = self.env["res.partner"]
        operation = getattr(Partner, "_mail_post_access", "read")
        if Partner.has_access(operation):
            contacts = (
                Partner.sudo()
                .with_context(active_test=False)
                ._search(self.env["ir.rule"]._compute_domain(Partner._name, operation))
            )
            contacts.add_where(
                SQL("%s = %s", SQL.identifier(contacts.table, "id"), SQL.identifier(query.table, "res_id"))
            )
            # OFFSET 0 keeps PostgreSQL from hashing every contact the user may see before counting
            access = SQL("(%s OR EXISTS(%s OFFSET 0))", access, contacts.select(SQL("1")))
        query.add_where(access)
        [(count,)] = self.env.execute_query(
            SQL("SELECT COUNT(*) FROM (%s) followups", query.select(SQL("1")))
        )
        return count
