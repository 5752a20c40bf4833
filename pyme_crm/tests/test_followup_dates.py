from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from ..tools.followup import followup_date
from .common import PymeCrmCase


@tagged("post_install", "-at_install")
class TestFollowupDates(PymeCrmCase):
    """The shortcuts planned on several days of the year with a frozen clock (weekdays noted
    for the reader): the contact's next follow-up lands on the method's date."""

    def assertDates(self, today, expected):
        for shortcut, wanted in expected.items():
            with self.subTest(today=today, shortcut=shortcut), freeze_time(today):
                planned = self.prospect._plan_followup(shortcut)
                self.assertEqual(self.prospect.next_followup_date or None, wanted)
                planned.unlink()

    def test_day_shortcuts(self):
        self.assertDates(
            date(2026, 11, 23),  # Monday
            {
                "none": None,
                "today": date(2026, 11, 23),
                "tomorrow": date(2026, 11, 24),
                "next_week": date(2026, 11, 30),
            },
        )
        self.assertDates(
            date(2026, 11, 29),  # Sunday: next week starts tomorrow
            {"tomorrow": date(2026, 11, 30), "next_week": date(2026, 11, 30)},
        )
        self.assertDates(
            date(2026, 12, 31),  # Thursday, year end
            {"tomorrow": date(2027, 1, 1), "next_week": date(2027, 1, 4)},
        )
        self.assertDates(
            date(2028, 2, 28),  # Monday of a leap year: month end
            {"tomorrow": date(2028, 2, 29), "next_week": date(2028, 3, 6)},
        )

    def test_month_shortcuts(self):
        self.assertDates(
            date(2026, 12, 15),  # in December, February is next year's
            {
                "month_2": date(2027, 2, 1),  # Monday
                "month_12": date(2026, 12, 15),  # the current month means today
                "month_1": date(2027, 1, 1),  # Friday
                "month_5": date(2027, 5, 3),  # 1 May 2027 is a Saturday
            },
        )
        self.assertDates(
            date(2026, 3, 31),  # month end
            {
                "month_4": date(2026, 4, 1),
                "month_3": date(2026, 3, 31),
                "month_2": date(2027, 2, 1),
                "month_8": date(2026, 8, 3),  # 1 August 2026 is a Saturday
                "month_11": date(2026, 11, 2),  # 1 November 2026 is a Sunday
            },
        )

    def test_chosen_date(self):
        self.assertEqual(followup_date("date", date(2026, 1, 1), date(2026, 6, 15)), date(2026, 6, 15))
        with self.assertRaises(ValueError):
            followup_date("date", date(2026, 1, 1))
        with self.assertRaises(ValueError):
            followup_date("someday", date(2026, 1, 1))
