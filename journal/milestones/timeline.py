"""The timeline: expected milestone windows from the plan, what actually happened, week by week.

Pure: takes the plan, the milestones (dicts with `kind`, `title`, `date` as
ISO text, as `journal.milestones.store.list_milestones` returns them), the days
with home exercises done and the patient's local today. Nothing here touches
the database or Flask. Statuses say what the data says and who to talk to;
they never diagnose.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from journal.recovery import plan as recovery_plan, thresholds
from journal.recovery.formatting import short_date
from journal.milestones.store import KINDS, PT_SESSION_KINDS, label

# State codes, for templates, styles and the PT summary.
DONE_STATES = frozenset({
    "done", "too_soon", "done_early", "done_on_time", "done_late", "done_after_plan", "skipped",
})
CRUTCH_STEPS = frozenset({"one_crutch", "off_crutches"})
STATE_LABELS = {
    "done": "Done",
    # A crutch step before its window: a safety matter (thresholds), never "on time".
    "too_soon": "Sooner than your plan",
    "done_early": "Done, sooner than planned",
    "done_on_time": "Done on time",
    "done_late": "Done, later than planned",
    "done_after_plan": "Done, after the planned weeks",
    "continuing": "Continuing past the plan",
    "skipped": "Skipped",
    "upcoming": "On track",
    "due": "On track",
    "late": "Later than planned",
    "not_logged": "Not logged",
}


@dataclass(frozen=True)
class ExpectedMilestone:
    """One milestone the plan expects, its window, and what happened.

    `state` is one of: done (a start, such as two crutches from surgery),
    too_soon (a crutch step before its window: check the surgeon agreed),
    done_early, done_on_time, done_late, done_after_plan (PT discharge after
    the planned weeks, which is common), continuing (PT past the planned
    weeks, not a delay), skipped (a crutch stage passed over),
    upcoming (window not open yet), due (window open now), late (window
    passed, nothing logged), not_logged (an optional step whose window
    passed). `status` is the plain-language sentence for the patient and PT.
    """

    kind: str
    label: str
    window_start: date
    window_end: date
    actual: date | None
    state: str
    status: str
    start_day: int
    end_day: int
    actual_day: int | None = None

    @property
    def is_done(self):
        return self.state in DONE_STATES

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def _dates(milestones, kinds):
    return sorted(date.fromisoformat(m["date"]) for m in milestones if m["kind"] in kinds)


def first_pt_session(milestones):
    """The date of the first PT session logged (either kind), or None."""
    sessions = _dates(milestones, PT_SESSION_KINDS)
    return sessions[0] if sessions else None


def progress(milestones):
    """The steps logged that move the patient through the plan (`plan.Progress`)."""

    def first(kinds):
        return next(iter(_dates(milestones, kinds)), None)

    return recovery_plan.Progress(
        first_pt_session=first(PT_SESSION_KINDS),
        one_crutch=first({"one_crutch"}),
        off_crutches=first({"off_crutches"}),
        pt_discharge=first({"pt_discharge"}),
    )


def crutch_windows(plan):
    """`{kind: (first_day, last_day)}` for the crutch stages; empty when the plan has no crutches."""
    days = plan.crutch_weeks * 7
    if days <= 0:
        return {}
    return {
        "two_crutches": (0, 0),
        # The weaning week: the last week of the planned crutch period.
        "one_crutch": (
            max(days - thresholds.ONE_CRUTCH_WEANING_DAYS,
                math.ceil(days * thresholds.ONE_CRUTCH_FROM_FRACTION)),
            days,
        ),
        # The planned day itself: sooner is a safety matter (see thresholds).
        "off_crutches": (days, days),
    }


def first_pt_window(plan):
    """(first_day, last_day) for the first PT session.

    A start date in the plan is an appointment, give or take a few days;
    without one, PT may start from day 1 and is expected by the end of the
    planned crutch period (the plan's own assumption, `plan.pt_start`).
    """
    if plan.pt_start_date:
        first = recovery_plan.day_number(plan, plan.pt_start_date)
        return first, first + thresholds.PT_FIRST_SESSION_SLACK_DAYS
    earliest = thresholds.PT_FIRST_SESSION_EARLIEST_DAY
    last = recovery_plan.day_number(plan, recovery_plan.pt_start(plan))
    return earliest, max(earliest, last)


def pt_discharge_window(plan, first_session=None):
    """(first_day, last_day): the last planned week of PT, which starts on the
    plan's date or else at the first session logged."""
    last = recovery_plan.day_number(plan, recovery_plan.pt_end(plan, first_session))
    return max(0, last - thresholds.PT_DISCHARGE_WINDOW_DAYS + 1), last


def expected_milestones(plan, milestones, today):
    """What the plan expects, with windows, actual dates and plain-language statuses.

    `milestones` are dicts with `kind` and `date` (ISO text); `today` is the
    patient's local date. Returns `ExpectedMilestone`s in plan order: the crutch
    stages (unless the plan has no crutches), the first PT session and PT
    discharge. Back to driving/work/sport and custom milestones have no
    planned window, so they appear on the timeline but not here.
    """
    today_day = recovery_plan.day_number(plan, today)
    first_session = first_pt_session(milestones)
    expected = []
    crutches = crutch_windows(plan)
    off_date = next(iter(_dates(milestones, {"off_crutches"})), None)
    for kind, (start_day, end_day) in crutches.items():
        logged = next(iter(_dates(milestones, {kind})), None)
        if kind == "two_crutches":
            # Two crutches starts at surgery unless the patient logged otherwise.
            actual = logged or (plan.surgery_date if today_day >= 0 else None)
            expected.append(_started(plan, kind, actual, today_day))
            continue
        expected.append(
            _expected(plan, kind, start_day, end_day, logged, today_day,
                      skipped=kind == "one_crutch" and logged is None and off_date is not None)
        )
    start_day, end_day = first_pt_window(plan)
    expected.append(_expected(plan, "first_pt", start_day, end_day, first_session, today_day))
    start_day, end_day = pt_discharge_window(plan, first_session)
    discharge = next(iter(_dates(milestones, {"pt_discharge"})), None)
    expected.append(_expected(plan, "pt_discharge", start_day, end_day, discharge, today_day))
    return expected


def _on(plan, day):
    return plan.surgery_date + timedelta(days=day)


def _started(plan, kind, actual, today_day):
    if actual is None:
        state, status, actual_day = "upcoming", "from surgery day (day 0)", None
    else:
        actual_day = recovery_plan.day_number(plan, actual)
        state = "done"
        status = "from surgery day (day 0)" if actual_day == 0 else f"from day {actual_day}"
    return ExpectedMilestone(
        kind, KINDS[kind], plan.surgery_date, plan.surgery_date, actual, state, status,
        0, 0, actual_day,
    )


def _expected(plan, kind, start_day, end_day, actual, today_day, skipped=False):
    planned = f"planned by day {end_day}" if start_day < end_day else f"planned for day {end_day}"
    actual_day = recovery_plan.day_number(plan, actual) if actual else None
    if actual is not None:
        if actual_day < start_day and kind in CRUTCH_STEPS:
            state = "too_soon"
            when = f"day {start_day}" if kind == "off_crutches" else f"from day {start_day}"
            status = (
                f"done on day {actual_day}: sooner than your plan ({when}) — check that your "
                "surgeon agreed"
            )
        elif actual_day < start_day:
            state = "done_early"
            span = f"day {start_day} to {end_day}" if start_day < end_day else f"day {end_day}"
            status = f"done on day {actual_day}, sooner than planned (planned {span})"
        elif actual_day <= end_day:
            state, status = "done_on_time", f"done on day {actual_day} ({planned})"
        elif kind == "pt_discharge":
            state = "done_after_plan"
            status = (
                f"done on day {actual_day}, after your plan of {_weeks(plan.pt_weeks)} of PT "
                "(common: many programmes run longer)"
            )
        else:
            state = "done_late"
            status = f"done on day {actual_day}, later than planned ({planned})"
    elif skipped:
        state = "skipped"
        status = "skipped — that's fine, some people go straight to no crutches"
    elif today_day < start_day:
        state = "upcoming"
        status = (
            f"on track: expected between day {start_day} and day {end_day}"
            if start_day < end_day
            else f"on track: expected on day {end_day}"
        )
    elif today_day <= end_day:
        state, status = "due", f"on track: expected by day {end_day}"
    else:
        state, status = _late(plan, kind, end_day, today_day)
    return ExpectedMilestone(
        kind, KINDS[kind], _on(plan, start_day), _on(plan, end_day), actual, state, status,
        start_day, end_day, actual_day,
    )


def _late(plan, kind, end_day, today_day):
    if kind == "one_crutch":
        # An optional step: not having logged it is not "late".
        return "not_logged", "not logged — fine if you went straight from two crutches to none"
    if kind == "off_crutches":
        return "late", (
            f"later than planned: still on crutches on day {today_day}, the plan said about "
            f"{end_day} — worth mentioning to your PT"
        )
    if kind == "first_pt":
        said = (
            f"the plan said day {recovery_plan.day_number(plan, plan.pt_start_date)}"
            if plan.pt_start_date
            else f"the plan said by about day {end_day}"
        )
        return "late", (
            f"later than planned: no PT session logged by day {today_day}, {said} — if PT has "
            "started, log your first session; if not, ask your surgeon's office when it should start"
        )
    # PT past the planned weeks is common, not a delay (thresholds).
    return "continuing", (
        f"PT continuing past your plan of {_weeks(plan.pt_weeks)} (planned to about day "
        f"{end_day}): that is common, many programmes run 3 to 4 months"
    )


def _weeks(count):
    return f"{count} week{'s' if count != 1 else ''}"


def early_crutch_steps(expected, today_day):
    """Crutch steps logged sooner than the plan, while the planned crutch
    period lasts: Today keeps the reminder to check the surgeon agreed."""
    return [e for e in expected if e.state == "too_soon" and today_day <= e.end_day]


def next_expected(expected):
    """The first expected milestone not yet done (or passed over), or None."""
    open_ones = [e for e in expected if not e.is_done and e.state != "not_logged"]
    return min(open_ones, key=lambda e: (e.window_end, e.window_start), default=None)


def next_crutch_step(plan, milestones):
    """The crutch stage the patient is likely to log next, or None.

    Two crutches is assumed from surgery; after it comes one crutch, then off
    crutches. A plan with no crutches and nothing logged has no next step.
    """
    logged = {m["kind"] for m in milestones}
    if "off_crutches" in logged:
        return None
    if "one_crutch" in logged:
        return "off_crutches"
    if plan.crutch_weeks <= 0 and "two_crutches" not in logged:
        return None
    return "one_crutch"


@dataclass
class Week:
    """One week after surgery: week 1 is days 0-6."""

    number: int
    start: date
    end: date
    first_day: int
    last_day: int
    is_current: bool = False
    is_future: bool = False
    pt_week: int | None = None
    events: list = field(default_factory=list)
    expected: list = field(default_factory=list)
    pt_sessions: int = 0
    exercise_days: int = 0
    days_so_far: int = 0
    # Which row this is, for the page (a class attribute, not a field).
    row_kind = "week"

    @property
    def days_text(self):
        """ "day 7–13 · 16 Mar – 22 Mar 2026": built here, not in the page, which
        writes a dozen of these (a value written by the page costs it more)."""
        return (
            f"day {self.first_day}–{self.last_day} · {short_date(self.start)} – "
            f"{short_date(self.end)} {self.end.year}"
        )

    @property
    def counts_text(self):
        days = self.days_so_far
        return (
            f"PT sessions: {self.pt_sessions} · Home exercises: {self.exercise_days} of {days} "
            f"day{'s' if days != 1 else ''}"
        )

    @property
    def quiet(self):
        return not (self.events or self.expected or self.pt_sessions or self.exercise_days)

    @property
    def milestones(self):
        """The week's events other than PT sessions, each shown with its own row."""
        return [e for e in self.events if e.kind not in PT_SESSION_KINDS]

    @property
    def session_days(self):
        """Days after surgery of the week's PT sessions: one line, not a row each
        (twice a week for six weeks is most of the timeline's rows)."""
        # A first session and a session attended on one day are one visit.
        return sorted({e.day for e in self.events if e.kind in PT_SESSION_KINDS})


@dataclass
class QuietStretch:
    """Weeks after the planned PT period with no milestone or home exercise logged, as one line."""

    first_week: int
    last_week: int
    start: date
    end: date
    row_kind = "quiet"


@dataclass
class MonthOfWeeks:
    """Later weeks of one month (by each week's first day), shown as one line:
    a year after surgery the weeks after PT are most of the timeline, and the
    PT needs their totals, not a row each. Weeks with a milestone, and the
    current week, keep their own rows."""

    first_week: int
    last_week: int
    start: date
    end: date
    exercise_days: int
    days_so_far: int
    row_kind = "month"

    @property
    def month_text(self):
        return f"{MONTH_NAMES[self.start.month]} {self.start.year}"

    @property
    def weeks_text(self):
        first, last = self.first_week, self.last_week
        return f"weeks {first}–{last}" if last != first else f"week {first}"

    @property
    def span_text(self):
        return f"({short_date(self.start)} – {short_date(self.end)})"

    @property
    def counts_text(self):
        return f"no milestones · Home exercises: {self.exercise_days} of {self.days_so_far} days"


# English whatever the server's locale (strftime's %B follows it).
MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)


@dataclass(frozen=True)
class Event:
    """Something that happened, as the timeline shows it; `id` None for a default."""

    id: int | None
    kind: str
    label: str
    date: date
    day: int


# Every week is shown through the end of the planned PT period and this many
# weeks after it (when a late discharge or a setback is most likely to be
# discussed); later weeks are grouped by month.
WEEKS_SHOWN_AFTER_PT = 2


def exercise_days_per_week(plan, days):
    """`{week_number: days}` from the local dates with home exercises done."""
    weeks = defaultdict(int)
    for day in days:
        number = recovery_plan.week_number(recovery_plan.day_number(plan, day))
        if number >= 1:
            weeks[number] += 1
    return dict(weeks)


def timeline_weeks(plan, milestones, exercise_weeks, today, expected=None):
    """Week-by-week rows from surgery to the end of planned PT and beyond.

    `exercise_weeks` is `{week_number: days with home exercises done}` (see
    `exercise_days_per_week`). Returns a list of `Week`s and, after the
    planned PT period, `QuietStretch`es where nothing happened; past
    `WEEKS_SHOWN_AFTER_PT`, weeks without a milestone are grouped into a
    `MonthOfWeeks` per month. Weeks run to the end of planned PT, today's
    week or the latest milestone, whichever is last.
    """
    expected = expected if expected is not None else expected_milestones(plan, milestones, today)
    first_session = first_pt_session(milestones)
    start_pt = recovery_plan.pt_start(plan, first_session)
    end_pt = recovery_plan.pt_end(plan, first_session)
    end_pt_week = recovery_plan.week_number(recovery_plan.day_number(plan, end_pt))
    events_by_week = defaultdict(list)
    for m in milestones:
        day = date.fromisoformat(m["date"])
        number = recovery_plan.day_number(plan, day)
        events_by_week[recovery_plan.week_number(number)].append(
            Event(m["id"], m["kind"], label(m), day, number)
        )
    last_week = max(
        [end_pt_week, recovery_plan.week_number(recovery_plan.day_number(plan, today))]
        + list(events_by_week)
    )
    kinds = {m["kind"] for m in milestones}
    if plan.crutch_weeks > 0 and "two_crutches" not in kinds and today >= plan.surgery_date:
        events_by_week[1].insert(0, Event(None, "two_crutches",
                                          KINDS["two_crutches"] + " (from surgery)",
                                          plan.surgery_date, 0))
    windows = [e for e in expected if e.kind != "two_crutches"]

    rows = []
    for number in range(1, last_week + 1):
        first_day = (number - 1) * 7
        start = _on(plan, first_day)
        end = start + timedelta(days=6)
        events = events_by_week.get(number, [])
        in_window = [e for e in windows if e.window_start <= end and e.window_end >= start]
        exercise = exercise_weeks.get(number, 0)
        is_current = start <= today <= end
        is_future = start > today
        days_so_far = 0 if is_future else min(7, (today - start).days + 1)
        previous = rows[-1] if rows else None
        if number > end_pt_week and not (events or in_window or exercise or is_current):
            if isinstance(previous, QuietStretch):
                previous.last_week, previous.end = number, end
            else:
                rows.append(QuietStretch(number, number, start, end))
            continue
        if number > end_pt_week + WEEKS_SHOWN_AFTER_PT and not (events or in_window or is_current):
            if (
                isinstance(previous, MonthOfWeeks)
                and previous.start.month == start.month
                and previous.last_week == number - 1
            ):
                previous.last_week, previous.end = number, end
                previous.exercise_days += exercise
                previous.days_so_far += days_so_far
            else:
                rows.append(MonthOfWeeks(number, number, start, end, exercise, days_so_far))
            continue
        week = Week(number, start, end, first_day, first_day + 6, is_current, is_future)
        if start <= end_pt and end >= start_pt:
            week.pt_week = max(0, (start - start_pt).days) // 7 + 1
        week.events = events
        week.pt_sessions = len({e.day for e in events if e.kind in PT_SESSION_KINDS})
        week.expected = in_window
        week.exercise_days = exercise
        week.days_so_far = days_so_far
        rows.append(week)
    return rows
