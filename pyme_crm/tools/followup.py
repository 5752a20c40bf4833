"""The method's follow-up: its activity type, its shortcuts and the dates they stand for."""

from datetime import date, timedelta

FOLLOWUP_TYPE = "pyme_crm.mail_activity_type_followup"

# The months by key, with their English name (the shortcut's label) and their Spanish name.
MONTHS = [
    (f"month_{number}", english, spanish)
    for number, (english, spanish) in enumerate(
        [
            ("January", "enero"),
            ("February", "febrero"),
            ("March", "marzo"),
            ("April", "abril"),
            ("May", "mayo"),
            ("June", "junio"),
            ("July", "julio"),
            ("August", "agosto"),
            ("September", "septiembre"),
            ("October", "octubre"),
            ("November", "noviembre"),
            ("December", "diciembre"),
        ],
        start=1,
    )
]
MONTH_KEYS = [key for key, _english, _spanish in MONTHS]
# The shortcuts a salesperson picks the next follow-up with.
FOLLOWUP_SHORTCUTS = [
    ("none", "No follow-up"),
    ("today", "Today"),
    ("tomorrow", "Tomorrow"),
    ("next_week", "Next week"),
    *[(key, english) for key, english, _spanish in MONTHS],
    ("date", "On a date"),
]


def first_working_day(day):
    """The day itself, or the Monday after when it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def followup_date(shortcut, today, chosen=None):
    """Date a follow-up shortcut stands for, seen from ``today``.

    none: no date; today; tomorrow; next_week: the next Monday; month_N: the first working day
    of the next occurrence of month N (the current month means today, an earlier month is next
    year's); date: the ``chosen`` date.
    """
    if shortcut == "none":
        return None
    if shortcut == "today":
        return today
    if shortcut == "tomorrow":
        return today + timedelta(days=1)
    if shortcut == "next_week":
        return today + timedelta(days=7 - today.weekday())
    if shortcut == "date":
        if not chosen:
            raise ValueError("a date is needed for the 'date' shortcut")
        return chosen
    if shortcut in MONTH_KEYS:
        month = int(shortcut.removeprefix("month_"))
        if month == today.month:
            return today
        year = today.year if month > today.month else today.year + 1
        return first_working_day(date(year, month, 1))
    raise ValueError(f"unknown follow-up shortcut: {shortcut}")
