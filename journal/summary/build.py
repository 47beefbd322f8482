"""The summary a PT reads between sessions: every figure, from plain data.

Pure: takes daily pain per place (`DayPain`), check-ins (`CheckinDigest`),
the plan and a date range, and returns plain values. `summary_data` fetches
the rows; the views render them. Nothing here touches the database or Flask.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from journal.recovery import locations, plan as recovery_plan, thresholds
from journal.checkins.form import CONTEXTS

# A PT sees the patient "once or twice a week" between sessions (DESIGN.md),
# so a week of planned PT expects 1 to 2 sessions; fewer than one a week is
# worth a check that every session was logged, not a verdict on the patient.
PT_SESSIONS_PER_WEEK = (1, 2)

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
# Past eight weeks a row per day is hundreds of rows that nobody reads (and
# pages of print): the table then has a row per week, and every daily value
# stays in the CSV export.
DAILY_TABLE_UP_TO_DAYS = 56
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
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        """The period of the same length just before this one."""
        return DateRange(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def dates(self):
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def __contains__(self, day):
        return self.start <= day <= self.end


def last_days(count, today):
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


def parse_date(text):
    """ISO year-month-day only; anything else is a ValueError."""
    text = (text or "").strip()
    if len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)


def parse_range(args, today, surgery_date):
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


def check_range(start, end, today, field_name):
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


class DayPain(NamedTuple):
    """One place on one day: the worst, the mean and the last reading.

    A named tuple, not a dataclass: a year's summary makes a few thousand."""

    day: date
    location: str
    worst: int
    average: float
    latest: int
    readings: int = 1


class CheckinDigest(NamedTuple):
    """What the summary needs of one check-in (its readings reduced to the worst)."""

    day: date
    time: str
    context: str | None = None
    worst: int | None = None
    home_exercises: bool | None = None
    note: str = ""
    pain_free: bool = False
    warning_signs: tuple = ()


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


@dataclass(frozen=True)
class WeekFigures:
    """One week of the range (the last may be shorter): for each place, the
    worst of the week, the mean of its daily averages and the days logged."""

    start: date
    end: date
    places: list  # per place, in the series' order: (worst, average, days logged) or None
    pt_sessions: int = 0


@dataclass(frozen=True)
class LocationFigures:
    location: str
    label: str
    days_logged: int
    average: float
    worst: int
    latest: int
    latest_day: date
    previous_average: float | None
    change: float | None
    verdict: str
    # The average compared with `previous_average`: the range's own, or its
    # second half's when the comparison is between halves.
    compared_average: float | None = None


@dataclass(frozen=True)
class ContextFigures:
    context: str
    label: str
    checkins: int
    average: float
    highest: int


@dataclass(frozen=True)
class Direction:
    """How one place moved over a range: its level over the first and the
    last few logged days, and "falling", "rising" or "steady" by the
    clinical rule (`thresholds.change_verdict`)."""

    first: float
    last: float
    word: str


@dataclass(frozen=True)
class HipAndBack:
    hips: tuple
    days_both_logged: int
    days_both_moderate: int
    sentence: str
    hip: Direction | None = None
    back: Direction | None = None

    @property
    def opposite(self):
        """Hip and back moved in opposite directions: the hip-spine pattern a PT looks for."""
        return opposite(self.hip, self.back)


def opposite(hip, back):
    """One place falling while the other rises (None, a place without a direction, is neither)."""
    return hip is not None and back is not None and {hip.word, back.word} == {"falling", "rising"}


@dataclass(frozen=True)
class Adherence:
    days_done: int
    days: int
    since_surgery: bool = False  # the range began before surgery; days counted from it

    @property
    def percent(self):
        return round(100 * self.days_done / self.days) if self.days else 0


@dataclass(frozen=True)
class MissingDays:
    count: int
    spans: tuple  # (first, last) of each run of days without a check-in
    since_surgery: bool = False  # the range began before surgery; days counted from it


@dataclass(frozen=True)
class PtSessions:
    """PT sessions logged in the range against the plan's once or twice a week."""

    attended: int
    planned_days: int  # days of the planned PT period inside the range
    expected_low: int
    expected_high: int

    @property
    def sentence(self):
        sessions = f"{self.attended} PT session{'' if self.attended == 1 else 's'} logged"
        if self.planned_days == 0:
            return f"{sessions}; the planned PT period isn't in this range."
        days = f"{self.planned_days} day{'' if self.planned_days == 1 else 's'}"
        expected = (
            f"{self.expected_low} to {self.expected_high}"
            if self.expected_low != self.expected_high
            else f"{self.expected_high}"
        )
        sentence = (
            f"{sessions}; the planned PT period covers {days} of this range, about "
            f"{expected} sessions at once or twice a week"
        )
        if self.attended < self.expected_low:
            sentence += " (fewer than planned: worth checking every session was logged)"
        return sentence + "."


@dataclass
class Summary:
    range: DateRange
    today: date
    plan: recovery_plan.Plan | None
    locations: list
    series: dict  # location -> [DayPain] in the range, by day
    hip_and_back: HipAndBack | None
    contexts: list
    adherence: Adherence
    missing: MissingDays
    notes: list
    days_logged: int
    daily: list = field(default_factory=list)  # (day, {location: DayPain}), short ranges
    weekly: list = field(default_factory=list)  # WeekFigures, long ranges
    headline: str | None = None
    phase: str | None = None
    weight_bearing: str | None = None  # the surgeon's instruction in force on `as_of`
    as_of: date | None = None  # the day the headline and statuses describe (today, or a share's last day)
    comparison: Comparison | None = None
    starts_from: str | None = None  # why the range starts later than asked (`fit_to_recovery`)
    markers: dict = field(default_factory=dict)
    pt_session_days: list = field(default_factory=list)
    pt_sessions: PtSessions | None = None
    expected: list = field(default_factory=list)  # timeline.ExpectedMilestone, vs plan
    milestones: list = field(default_factory=list)  # other milestones logged in the range
    prompts: list = field(default_factory=list)  # prompts.Prompt fired in the range

    @property
    def is_empty(self):
        return self.days_logged == 0


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else None


def one_decimal(value):
    return None if value is None else round(value + 0.0, 1)


def verdict(previous, current):
    """ "better" or "worse" only at a change most patients rate as much better
    or worse (`thresholds.change_verdict`), else "about the same"."""
    if previous is None:
        return "nothing earlier to compare"
    return thresholds.change_verdict(previous, current)


def period_average(day_pains):
    """The mean of the daily means: each day counts once, however many check-ins it had,
    so a bad day logged five times doesn't outweigh four quiet ones."""
    return mean(d.average for d in day_pains)


def by_location(day_pains, day_range):
    """`{location: [DayPain, ...]}` for days in the range, oldest first."""
    grouped = defaultdict(list)
    start, end = day_range.start, day_range.end
    # Sorting rows that arrive in day order (as the database returns them) is
    # one pass; the key is the tuple's first field, read in C.
    for day_pain in sorted(day_pains, key=_day_of):
        if start <= day_pain.day <= end:
            grouped[day_pain.location].append(day_pain)
    return dict(sorted(grouped.items(), key=lambda item: locations.ORDER.get(item[0], 999)))


def _day_of(day_pain):
    return day_pain[0]


def location_figures(day_pains, day_range, current=None, earlier_means=None, comparison=None):
    """Days logged, average, worst and latest for each place logged in the
    range, and the change by `comparison` (by default against the previous
    period of the same length). `current` is `by_location(day_pains,
    day_range)` when the caller has it. `earlier_means` are `{place: [daily
    mean, ...]}` of the earlier days before the first of `day_pains`, oldest
    first."""
    current = by_location(day_pains, day_range) if current is None else current
    comparison = comparison or Comparison(PREVIOUS, day_range, day_range.previous())
    previous = by_location(day_pains, comparison.earlier) if comparison.earlier else {}
    later = current if comparison.later == day_range else by_location(day_pains, comparison.later)
    earlier_means = earlier_means or {}
    figures = []
    for location, days in current.items():
        average = one_decimal(period_average(days))
        compared = one_decimal(period_average(later.get(location, ())))
        before = earlier_means.get(location, []) + [d.average for d in previous.get(location, ())]
        previous_average = one_decimal(mean(before)) if before else None
        # Compare the rounded figures the reader sees, so 5.0 against 3.0 is
        # exactly 2 and never 1.9999 from floating point.
        change = (
            None if previous_average is None or compared is None
            else one_decimal(compared - previous_average)
        )
        figures.append(
            LocationFigures(
                location=location,
                label=locations.label(location),
                days_logged=len(days),
                average=average,
                worst=max(d.worst for d in days),
                latest=days[-1].latest,
                latest_day=days[-1].day,
                previous_average=previous_average,
                change=change,
                verdict=(
                    verdict(previous_average, compared) if compared is not None
                    else "nothing recent to compare"
                ),
                compared_average=compared,
            )
        )
    return figures


def direction(daily_worst):
    """A `Direction` from `[(day, worst)]` in day order: the mean of the first
    `LEVEL_DAYS` days against the last `LEVEL_DAYS`, by the clinical rule.
    None with fewer than twice `LEVEL_DAYS` days: single days are too noisy."""
    size = thresholds.LEVEL_DAYS
    if len(daily_worst) < 2 * size:
        return None
    first = one_decimal(mean(w for _, w in daily_worst[:size]))
    last = one_decimal(mean(w for _, w in daily_worst[-size:]))
    word = {"better": "falling", "worse": "rising"}.get(
        thresholds.change_verdict(first, last), "steady"
    )
    return Direction(first, last, word)


def _level(value):
    return f"{value:g}"


def _moved(name, move):
    verb = {"falling": "fell", "rising": "rose", "steady": "stayed about the same"}[move.word]
    return f"{name} pain {verb} ({_level(move.first)} → {_level(move.last)})"


def _directions_sentence(hip, back):
    if hip is None or back is None:
        return ""
    if opposite(hip, back):
        return (
            f" {_moved('Hip', hip)} while {_moved('lower back', back)}: they moved in opposite "
            "directions, worth a closer look (hip problems can show up as back pain)."
        )
    if hip.word == back.word and hip.word != "steady":
        verb = "fell" if hip.word == "falling" else "rose"
        return (
            f" Both {verb}: hip {_level(hip.first)} → {_level(hip.last)}, lower back "
            f"{_level(back.first)} → {_level(back.last)}."
        )
    return f" {_moved('Hip', hip)}; {_moved('lower back', back)}."


def hip_and_back(day_pains, day_range):
    """Whether hip and lower back moved together: on how many of the days
    both were logged they were both moderate or worse, and which way each
    went over the range (opposite directions said plainly: the hip-spine
    link in DESIGN.md). None when neither was logged."""
    hip_worst = {}
    back_worst = {}
    hips = set()
    start, end = day_range.start, day_range.end
    for d in day_pains:
        if not start <= d.day <= end:
            continue
        if locations.is_hip(d.location):
            hips.add(d.location)
            hip_worst[d.day] = max(hip_worst.get(d.day, 0), d.worst)
        elif d.location == "lower_back":
            back_worst[d.day] = d.worst
    hips = tuple(sorted(hips, key=locations.ORDER.get))
    if not hips and not back_worst:
        return None
    hip_words = "hips" if len(hips) > 1 else "hip"
    if not back_worst:
        return HipAndBack(hips, 0, 0, "Lower back pain wasn't logged in this range.")
    if not hips:
        return HipAndBack(hips, 0, 0, "Hip pain wasn't logged in this range, only the lower back.")
    hip = direction(sorted(hip_worst.items()))
    back = direction(sorted(back_worst.items()))
    moves = _directions_sentence(hip, back)
    both = sorted(set(hip_worst) & set(back_worst))
    if not both:
        return HipAndBack(
            hips, 0, 0,
            f"The {hip_words} and lower back were never logged on the same day.{moves}",
            hip, back,
        )
    moderate_level = thresholds.MODERATE_PAIN
    moderate = sum(
        1 for d in both if hip_worst[d] >= moderate_level and back_worst[d] >= moderate_level
    )
    days = "day" if len(both) == 1 else "days"
    sentence = (
        f"The {hip_words} and lower back were both {moderate_level} or more on "
        f"{moderate} of the {len(both)} {days} both were logged.{moves}"
    )
    return HipAndBack(hips, len(both), moderate, sentence, hip, back)


def pain_by_context(checkins):
    """For each moment (after PT, after walking, at night, ...): how many
    check-ins, and the average and highest of each check-in's worst place.
    The worst place, not the mean of all places, so a sore hip isn't diluted
    by a knee that was fine."""
    worst = defaultdict(list)
    for checkin in checkins:
        if checkin.context in CONTEXTS and checkin.worst is not None:
            worst[checkin.context].append(checkin.worst)
    return [
        ContextFigures(
            context=code,
            label=label,
            checkins=len(worst[code]),
            average=one_decimal(mean(worst[code])),
            highest=max(worst[code]),
        )
        for code, label in CONTEXTS.items()
        if worst[code]
    ]


def home_exercise_adherence(checkins, day_range, surgery_date=None):
    """Days with home exercises ticked, out of every day in the range from the
    surgery day on (a day with no check-in counts as not done: the journal
    can't know; days before surgery had no home program to do)."""
    first = max(day_range.start, surgery_date) if surgery_date else day_range.start
    days = max(0, (day_range.end - first).days + 1)
    done = {c.day for c in checkins if c.home_exercises and first <= c.day <= day_range.end}
    return Adherence(len(done), days, since_surgery=first > day_range.start)


def missing_days(checkins, day_range, surgery_date=None):
    """Days in the range without any check-in, as a count and runs of days,
    from surgery day on: a day before surgery with no check-in was never
    missed (there was nothing to log yet)."""
    logged = {c.day for c in checkins}
    first = max(day_range.start, surgery_date) if surgery_date else day_range.start
    spans = []
    for day in day_range.dates():
        if day in logged or day < first:
            continue
        if spans and spans[-1][1] == day - timedelta(days=1):
            spans[-1][1] = day
        else:
            spans.append([day, day])
    return MissingDays(
        sum((b - a).days + 1 for a, b in spans), tuple(tuple(s) for s in spans),
        since_surgery=first > day_range.start,
    )


def notes(checkins, day_range):
    """The patient's notes in the range, oldest first."""
    return [c for c in checkins if c.note and c.day in day_range]


def plan_markers(plan, day_range, first_pt_session=None):
    """Days to mark on the charts: surgery day and the first day of each PT week."""
    markers = {}
    if plan is None:
        return markers
    if plan.surgery_date in day_range:
        markers[plan.surgery_date] = "Surgery"
    start = recovery_plan.pt_start(plan, first_pt_session)
    for week in range(plan.pt_weeks):
        day = start + timedelta(days=7 * week)
        if day in day_range and day not in markers:
            markers[day] = f"PT week {week + 1}"
    return markers


def pt_sessions(session_days, plan, day_range, first_pt_session=None):
    """PT sessions attended in the range against what the planned PT period
    inside the range would expect at once or twice a week."""
    attended = sum(1 for day in session_days if day in day_range)
    if plan is None:
        return PtSessions(attended, 0, 0, 0)
    start = max(day_range.start, recovery_plan.pt_start(plan, first_pt_session))
    end = min(day_range.end, recovery_plan.pt_end(plan, first_pt_session))
    planned_days = max(0, (end - start).days + 1)
    low, high = PT_SESSIONS_PER_WEEK
    # Whole weeks for the floor, started weeks for the ceiling: 10 days of PT
    # is at least 1 session and at most 4.
    return PtSessions(
        attended, planned_days, planned_days // 7 * low, -(-planned_days // 7) * high
    )


def build(
    day_range, today, plan, day_pains, checkins, first_pt_session=None,
    session_days=(), expected=(), milestones=(), prompts=(), earlier_means=None, progress=None,
    comparison=None, as_of=None, starts_from=None,
):
    """The whole summary for a range. `day_pains` may reach back into the
    earlier period of `comparison` (by default the previous period of the
    same length, cut at surgery), and `earlier_means` cover the rest of it
    (see `location_figures`); `checkins` are those in the range. The
    headline, phase and weight-bearing describe `as_of` (default `today`);
    `starts_from` says why the range starts later than asked.

    From the timeline: `session_days` are the dates of PT sessions
    attended, `expected` the plan's milestones with their state,
    `milestones` the other milestones logged in the range, `prompts` the
    safety and trend prompts that fired in it, and `progress` the steps
    logged (`plan.Progress`) that the phase follows.
    """
    progress = progress or recovery_plan.Progress(first_pt_session=first_pt_session)
    as_of = as_of or today
    surgery_date = plan.surgery_date if plan else None
    if comparison is None:
        comparison = previous_period(day_range, surgery_date)
    in_range = [c for c in checkins if c.day in day_range]
    series = by_location(day_pains, day_range)
    # A "first PT session" and a "PT session attended" on one day are one visit.
    sessions = sorted({day for day in session_days if day in day_range})
    return Summary(
        range=day_range,
        today=today,
        plan=plan,
        locations=location_figures(day_pains, day_range, series, earlier_means, comparison),
        series=series,
        daily=daily_table(series, day_range) if day_range.days <= DAILY_TABLE_UP_TO_DAYS else [],
        weekly=weekly_table(series, day_range, sessions) if day_range.days > DAILY_TABLE_UP_TO_DAYS else [],
        headline=recovery_plan.headline(plan, as_of) if plan else None,
        phase=recovery_plan.phase(plan, as_of, progress) if plan else None,
        weight_bearing=recovery_plan.weight_bearing_instruction(plan, as_of) if plan else None,
        as_of=as_of,
        comparison=comparison,
        starts_from=starts_from,
        hip_and_back=hip_and_back(day_pains, day_range),
        contexts=pain_by_context(in_range),
        adherence=home_exercise_adherence(in_range, day_range, surgery_date),
        missing=missing_days(in_range, day_range, surgery_date),
        notes=notes(in_range, day_range),
        days_logged=len({c.day for c in in_range}),
        markers=plan_markers(plan, day_range, first_pt_session),
        pt_session_days=sessions,
        pt_sessions=pt_sessions(sessions, plan, day_range, first_pt_session),
        expected=list(expected),
        milestones=list(milestones),
        prompts=list(prompts),
    )


def daily_table(series, day_range):
    """Rows for the data table: `(day, cells)` for days with readings, a cell
    per place in `series` order: `(worst, average)` or None when not logged.
    Cells in column order, so the page writes a row without looking anything up."""
    columns = {location: i for i, location in enumerate(series)}
    rows = {}
    for location, days in series.items():
        column = columns[location]
        for d in days:
            cells = rows.get(d.day)
            if cells is None:
                cells = rows[d.day] = [None] * len(columns)
            cells[column] = (d.worst, d.average)
    return [(day, rows[day]) for day in sorted(rows) if day in day_range]


def weekly_table(series, day_range, session_days=()):
    """Rows for the table on long ranges: a `WeekFigures` per week from the
    range's first day (since surgery, that is week 1 after surgery), for
    weeks with readings. `places` has a cell per place in `series` order:
    `(worst, mean of the daily averages, days logged)` or None."""
    start = day_range.start
    columns = len(series)
    weeks = defaultdict(lambda: [[] for _ in range(columns)])
    for column, days in enumerate(series.values()):
        for d in days:
            weeks[(d.day - start).days // 7][column].append(d)
    sessions = defaultdict(int)
    for day in session_days:
        if day in day_range:
            sessions[(day - start).days // 7] += 1
    rows = []
    # A week with PT sessions but no readings still gets its row.
    for index in sorted(set(weeks) | set(sessions)):
        first = start + timedelta(days=7 * index)
        places = [
            (max(d.worst for d in days), one_decimal(period_average(days)), len(days))
            if days else None
            for days in weeks.get(index, [[] for _ in range(columns)])
        ]
        rows.append(
            WeekFigures(first, min(first + timedelta(days=6), day_range.end), places,
                        sessions[index])
        )
    return rows
