"""When to call each kind of contact. The method: businesses in the mornings, the afternoons or from
17:00 to 19:00; individuals also in the evenings and on Saturdays."""

from datetime import timedelta

from .followup import first_working_day

CALL_TIMES = [
    ("morning", "Mornings"),
    ("afternoon", "Afternoons"),
    ("late_afternoon", "17:00 to 19:00"),
    ("evening", "Evenings"),
    ("saturday", "Saturdays"),
]
CALL_TIME_KEYS = [key for key, _label in CALL_TIMES]
# Each time as (weekdays, from hour, to hour) in the salesperson's time zone: Monday is 0.
WORKING_DAYS = range(5)
CALL_TIME_WINDOWS = {
    "morning": (WORKING_DAYS, 9, 14),
    "afternoon": (WORKING_DAYS, 16, 19),
    "late_afternoon": (WORKING_DAYS, 17, 19),
    "evening": (WORKING_DAYS, 19, 22),
    "saturday": ((5,), 9, 14),
}
# A contact's time until someone sets another: a business is called in the morning, the self-employed
# after their working day, individuals in the evening.
DEFAULT_CALL_TIME = {
    "company": "morning",
    "public_body": "morning",
    "self_employed": "late_afternoon",
    "individual": "evening",
}
# Before this hour a call goes unanswered in the morning, after it in the afternoon.
AFTERNOON_FROM = 14


def call_times_now(now):
    """The call times that ``now`` (a naive local datetime) falls in."""
    return [
        key
        for key, (days, start, end) in CALL_TIME_WINDOWS.items()
        if now.weekday() in days and start <= now.hour < end
    ]


def next_try(now):
    """(call time, day) of the next try after a call unanswered at ``now``: a morning's in the
    afternoon of the same day, an afternoon's in the next working morning."""
    if now.hour < AFTERNOON_FROM and now.weekday() in WORKING_DAYS:
        return "afternoon", now.date()
    return "morning", first_working_day(now.date() + timedelta(days=1))
