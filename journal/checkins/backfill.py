"""Backfill: which earlier day to offer next, so a missed week is a few taps a day.

Pure: takes the days that already have a check-in and returns dates.
"""

from collections.abc import Collection
from datetime import date, time, timedelta

# A missed week is what patients come back with; older gaps are reached by
# changing the date on the form.
LOOKBACK_DAYS = 7
# A backfilled check-in is a day remembered as a whole, not a moment: midday
# rather than the time the patient happens to type it (every day read 15:25).
TIME_OF_DAY = time(12, 0)


def first_missing(logged: Collection[str], start: date, end: date) -> date | None:
    """The earliest day from `start` to `end` (both included) without a check-in."""
    day = start
    while day <= end:
        if day.isoformat() not in logged:
            return day
        day += timedelta(days=1)
    return None


def window(today: date, surgery: date | None) -> tuple[date, date]:
    """The days the backfill link looks at: the last week before today, and
    none before the surgery (a pre-surgery baseline is typed in by hand)."""
    start = today - timedelta(days=LOOKBACK_DAYS)
    if surgery is not None and start < surgery:
        # Surgery today or ahead: no day to offer (start after the end).
        start = min(surgery, today)
    return start, today - timedelta(days=1)
