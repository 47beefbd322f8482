"""The summary's date range: presets, typed dates, fitting it to the recovery,
and the period it is compared with.

Pure: dates in, dates out.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta


# Long enough for a whole recovery, short enough to stay fast and readable.
MAX_RANGE_DAYS = 731
# Nothing in a journal is older than this (backfill reaches 3 years), so an
# earlier date is a typo (0202 for 2026), and year 1 would overflow the
# previous-period arithmetic.
OLDEST_YEARS = 10
PRESET_DAYS = (7, 14, 30)
# "Last N days": these start no earlier than surgery (`fit_to_recovery`);
# since surgery starts there anyway, and custom dates keep what was typed.
PRESET_CHOICES = frozenset(str(days) for days in PRESET_DAYS)
RANGE_CHOICES = {
    "7": "Last 7 days",
    "14": "Last 14 days",
    "30": "Last 30 days",
    "surgery": "Since surgery",
    "custom": "Custom dates",
}


DEFAULT_RANGE = "30"


@dataclass(frozen=True)
class DateRange:
    """Whole local days, `start` to `end` inclusive."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "DateRange":
        """The period of the same length just before this one."""
        return DateRange(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def last_days(count: int, today: date) -> DateRange:
    """The last `count` days, today included."""
    return DateRange(today - timedelta(days=count - 1), today)


# Why a range starts later than asked (`fit_to_recovery`).
FROM_SURGERY = "surgery"
FROM_FIRST_CHECKIN = "first check-in"


def fit_to_recovery(
    day_range: DateRange, surgery_date: date | None, first_checkin: date | None
) -> tuple[DateRange, str | None]:
    """A "last N days" range (a preset or a share link) starting no earlier
    than surgery, or than `first_checkin` (the first check-in in the range)
    when that came before surgery: days before the journal began are not
    days the patient missed, and charting them empty says nothing.

    Returns the range and why it starts later than asked (FROM_SURGERY,
    FROM_FIRST_CHECKIN), or None when it starts as asked. Before surgery
    with nothing logged, it keeps only its last day.
    """
    if surgery_date is None:
        return day_range, None
    first = surgery_date
    reason = FROM_SURGERY
    if first_checkin is not None and first_checkin < surgery_date:
        first, reason = first_checkin, FROM_FIRST_CHECKIN
    if first <= day_range.start:
        return day_range, None
    if first > day_range.end:
        return DateRange(day_range.end, day_range.end), None
    return DateRange(first, day_range.end), reason


def parse_date(text: str | None) -> date:
    """ISO year-month-day only; anything else is a ValueError."""
    text = (text or "").strip()
    if len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)


def parse_range(
    args: Mapping[str, str], today: date, surgery_date: date | None
) -> tuple[DateRange, dict[str, str]] | tuple[None, dict[str, str]]:
    """The range the patient chose on the summary form.

    Returns `(DateRange, {})` or `(None, {field: message})`; fields are
    `range`, `start` and `end`.
    """
    choice = args.get("range", DEFAULT_RANGE)
    if choice not in RANGE_CHOICES:
        return None, {"range": "Choose one of the listed ranges."}
    if choice in PRESET_CHOICES:
        return last_days(int(choice), today), {}
    if choice == "surgery":
        if surgery_date is None or surgery_date > today:
            return None, {"range": "Your surgery date is still ahead. Choose another range."}
        return check_range(surgery_date, today, today, "range")
    errors = {}
    start = end = None
    try:
        start = parse_date(args.get("start"))
    except ValueError:
        errors["start"] = "Enter the first day as year-month-day, for example 2026-03-01."
    try:
        end = parse_date(args.get("end"))
    except ValueError:
        errors["end"] = "Enter the last day as year-month-day, for example 2026-03-14."
    if errors:
        return None, errors
    return check_range(start, end, today, "end")


def check_range(
    start: date, end: date, today: date, field_name: str
) -> tuple[DateRange, dict[str, str]] | tuple[None, dict[str, str]]:
    """A range must run forwards, end by today and last two years at most."""
    if start < today - timedelta(days=OLDEST_YEARS * 366):
        return None, {field_name: f"That is more than {OLDEST_YEARS} years ago. Check the year."}
    if end < start:
        return None, {field_name: "The last day is before the first day. Swap them round."}
    if end > today:
        return None, {field_name: "The last day is in the future. Choose today or earlier."}
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        return None, {field_name: "Choose a range of two years or less."}
    return DateRange(start, end), {}


# What each place's average is compared with (`Comparison.kind`).
PREVIOUS = "previous"  # the days just before the range (the patient's own summary)
HALVES = "halves"  # the range's first half (a share link: nothing outside its dates)


@dataclass(frozen=True)
class Comparison:
    """Which days each place's "better / worse" compares: the average over
    `later` against the average over `earlier`, or nothing when `earlier`
    is None (a range that starts at surgery, a one-day share)."""

    kind: str
    later: DateRange
    earlier: DateRange | None = None
    from_surgery: bool = False  # the earlier days were cut at surgery day


def previous_period(day_range: DateRange, surgery_date: date | None = None) -> Comparison:
    """The range against the period of the same length just before it, cut
    at surgery day when the range starts on or after it: pain before the
    operation is not the baseline for pain after it. A range that starts at
    surgery has nothing earlier to compare."""
    earlier = day_range.previous()
    cut = False
    if surgery_date is not None and day_range.start >= surgery_date > earlier.start:
        earlier, cut = DateRange(surgery_date, earlier.end), True
    if earlier.start > earlier.end:
        return Comparison(PREVIOUS, day_range, None, from_surgery=True)
    return Comparison(PREVIOUS, day_range, earlier, from_surgery=cut)


def range_halves(day_range: DateRange) -> Comparison:
    """The range's second half against its first (the middle day of an odd
    range in neither), so a share compares only days it shows."""
    half = day_range.days // 2
    if half == 0:
        return Comparison(HALVES, day_range, None)
    return Comparison(
        HALVES,
        DateRange(day_range.end - timedelta(days=half - 1), day_range.end),
        DateRange(day_range.start, day_range.start + timedelta(days=half - 1)),
    )
