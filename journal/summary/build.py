"""The summary a PT reads between sessions: every figure, from plain data.

Pure: takes daily pain per place (`DayPain`), check-ins (`CheckinDigest`),
the plan and a date range, and returns plain values. The range and its
comparison period come from `date_ranges`, the figures per place from
`places`, hip and back together from `directions`; `summary.data` fetches
the rows; the views render them. Nothing here touches the database or Flask.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from journal.checkins.form import CONTEXTS
from journal.milestones.windows import ExpectedMilestone
from journal.prompts.journal_days import Prompt
from journal.recovery import plan as recovery_plan
from journal.recovery.formatting import plural
from journal.recovery.thresholds import PT_SESSIONS_PER_WEEK
from journal.summary.date_ranges import Comparison, DateRange, previous_period
from journal.summary.directions import HipAndBack, hip_and_back
from journal.summary.places import (
    DayPain,
    LocationFigures,
    by_location,
    location_figures,
    mean,
    one_decimal,
    period_average,
)

# Past eight weeks a row per day is hundreds of rows that nobody reads (and
# pages of print): the table then has a row per week, and every daily value
# stays in the CSV export.
DAILY_TABLE_UP_TO_DAYS = 56


class CheckinDigest(NamedTuple):
    """What the summary needs of one check-in (its readings reduced to the worst)."""

    day: date
    time: str
    context: str | None = None
    worst: int | None = None
    home_exercises: bool | None = None
    note: str = ""
    pain_free: bool = False
    warning_signs: tuple[str, ...] = ()
    # When it was saved (created_at, UTC ISO), not the moment it describes: a
    # day filled in after the last look is new to the PT.
    saved_at: str = ""


@dataclass(frozen=True)
class WeekFigures:
    """One week of the range (the last may be shorter): for each place, the
    worst of the week, the mean of its daily averages and the days logged."""

    start: date
    end: date
    # per place, in the series' order: (worst, average, days logged) or None
    places: list[tuple[int, float | None, int] | None]
    pt_sessions: int = 0


@dataclass(frozen=True)
class ContextFigures:
    context: str
    label: str
    checkins: int
    average: float
    highest: int


@dataclass(frozen=True)
class Adherence:
    """Home exercises: days ticked out of the days with a check-in. A day
    with no check-in is unknown, not "not done", so it doesn't count against
    the patient; `days` (from surgery, in the range) says how many were logged."""

    days_done: int
    days: int
    since_surgery: bool = False  # the range began before surgery; days counted from it
    days_logged: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.days_done / self.days_logged) if self.days_logged else 0


@dataclass(frozen=True)
class MissingDays:
    count: int
    spans: tuple[tuple[date, date], ...]  # (first, last) of each run of days without a check-in
    since_surgery: bool = False  # the range began before surgery; days counted from it


@dataclass(frozen=True)
class PtSessions:
    """PT sessions logged in the range against the plan's once or twice a week."""

    attended: int
    planned_days: int  # days of the planned PT period inside the range
    expected_low: int
    expected_high: int

    @property
    def sentence(self) -> str:
        sessions = f"{plural(self.attended, 'PT session')} logged"
        if self.planned_days == 0:
            return f"{sessions}; the planned PT period isn't in this range."
        days = plural(self.planned_days, "day")
        expected = (
            f"{self.expected_low} to {self.expected_high}"
            if self.expected_low != self.expected_high
            else f"{self.expected_high}"
        )
        sentence = (
            f"{sessions}. Once or twice a week, the {days} of planned PT in this range would "
            f"be about {expected} sessions"
        )
        if self.attended < self.expected_low:
            sentence += " (fewer than planned: worth checking every session was logged)"
        return sentence + "."


@dataclass
class Summary:
    range: DateRange
    today: date
    plan: recovery_plan.Plan | None
    locations: list[LocationFigures]
    series: dict[str, list[DayPain]]  # location -> [DayPain] in the range, by day
    hip_and_back: HipAndBack | None
    contexts: list[ContextFigures]
    adherence: Adherence
    missing: MissingDays
    notes: list[CheckinDigest]
    days_logged: int
    # (day, a cell per place: (worst, average) or None), short ranges
    daily: list[tuple[date, list[tuple[int, float] | None]]] = field(default_factory=list)
    weekly: list[WeekFigures] = field(default_factory=list)  # long ranges
    headline: str | None = None
    phase: str | None = None
    weight_bearing: str | None = None  # the surgeon's instruction in force on `as_of`
    as_of: date | None = None  # the day the headline and statuses describe (today, or a share's last day)
    comparison: Comparison | None = None
    starts_from: str | None = None  # why the range starts later than asked (`fit_to_recovery`)
    markers: dict[date, str] = field(default_factory=dict)
    pt_session_days: list[date] = field(default_factory=list)
    pt_sessions: PtSessions | None = None
    expected: list[ExpectedMilestone] = field(default_factory=list)  # vs plan
    # other milestones logged in the range
    milestones: list[dict[str, Any]] = field(default_factory=list)
    prompts: list[Prompt] = field(default_factory=list)  # fired in the range
    last_checkin: date | None = None  # the day of the range's last check-in
    # (day, saved_at) of each check-in in the range, for "since your last look"
    recorded: list[tuple[date, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.days_logged == 0


def pain_by_context(checkins: Iterable[CheckinDigest]) -> list[ContextFigures]:
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


def home_exercise_adherence(
    checkins: Iterable[CheckinDigest], day_range: DateRange, surgery_date: date | None = None
) -> Adherence:
    """Days with home exercises ticked, out of the days with a check-in, from
    the surgery day on (days before surgery had no home program to do)."""
    first = max(day_range.start, surgery_date) if surgery_date else day_range.start
    days = max(0, (day_range.end - first).days + 1)
    inside = [c for c in checkins if first <= c.day <= day_range.end]
    done = {c.day for c in inside if c.home_exercises}
    return Adherence(len(done), days, since_surgery=first > day_range.start,
                     days_logged=len({c.day for c in inside}))


def missing_days(
    checkins: Iterable[CheckinDigest], day_range: DateRange, surgery_date: date | None = None
) -> MissingDays:
    """Days in the range without any check-in, as a count and runs of days,
    from surgery day on: a day before surgery with no check-in was never
    missed (there was nothing to log yet)."""
    logged = {c.day for c in checkins}
    first = max(day_range.start, surgery_date) if surgery_date else day_range.start
    spans: list[list[date]] = []
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


def notes(checkins: Iterable[CheckinDigest], day_range: DateRange) -> list[CheckinDigest]:
    """The patient's notes in the range, oldest first."""
    return [c for c in checkins if c.note and c.day in day_range]


def plan_markers(
    plan: recovery_plan.Plan | None, day_range: DateRange, first_pt_session: date | None = None
) -> dict[date, str]:
    """Days to mark on the charts: surgery day and the first day of each PT week."""
    markers: dict[date, str] = {}
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


def pt_sessions(
    session_days: Iterable[date],
    plan: recovery_plan.Plan | None,
    day_range: DateRange,
    first_pt_session: date | None = None,
) -> PtSessions:
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
    day_range: DateRange,
    today: date,
    plan: recovery_plan.Plan | None,
    day_pains: Sequence[DayPain],
    checkins: Iterable[CheckinDigest],
    first_pt_session: date | None = None,
    session_days: Iterable[date] = (),
    expected: Iterable[ExpectedMilestone] = (),
    milestones: Iterable[dict[str, Any]] = (),
    prompts: Iterable[Prompt] = (),
    earlier_means: Mapping[str, list[float]] | None = None,
    progress: recovery_plan.Progress | None = None,
    comparison: Comparison | None = None,
    as_of: date | None = None,
    starts_from: str | None = None,
) -> Summary:
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
        last_checkin=max((c.day for c in in_range), default=None),
        recorded=[(c.day, c.saved_at) for c in in_range],
    )


def daily_table(
    series: Mapping[str, Iterable[DayPain]], day_range: DateRange
) -> list[tuple[date, list[tuple[int, float] | None]]]:
    """Rows for the data table: `(day, cells)` for days with readings, a cell
    per place in `series` order: `(worst, average)` or None when not logged.
    Cells in column order, so the page writes a row without looking anything up."""
    columns = {location: i for i, location in enumerate(series)}
    rows: dict[date, list[tuple[int, float] | None]] = {}
    for location, days in series.items():
        column = columns[location]
        for d in days:
            cells = rows.get(d.day)
            if cells is None:
                cells = rows[d.day] = [None] * len(columns)
            cells[column] = (d.worst, d.average)
    return [(day, rows[day]) for day in sorted(rows) if day in day_range]


def weekly_table(
    series: Mapping[str, Iterable[DayPain]], day_range: DateRange, session_days: Iterable[date] = ()
) -> list[WeekFigures]:
    """Rows for the table on long ranges: a `WeekFigures` per week from the
    range's first day (since surgery, that is week 1 after surgery), for
    weeks with readings. `places` has a cell per place in `series` order:
    `(worst, mean of the daily averages, days logged)` or None."""
    start = day_range.start
    columns = len(series)
    weeks: defaultdict[int, list[list[DayPain]]] = defaultdict(lambda: [[] for _ in range(columns)])
    for column, days in enumerate(series.values()):
        for d in days:
            weeks[(d.day - start).days // 7][column].append(d)
    sessions: defaultdict[int, int] = defaultdict(int)
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
