"""The timeline, week by week from surgery: what actually happened (milestones,
PT sessions, home-exercise days), grouped into weeks and quiet months, against
the expected windows (`windows`).

Pure: takes the plan, the milestones (dicts as
`journal.milestones.store.list_milestones` returns them), the days with home
exercises done and the patient's local today. Nothing here touches the
database or Flask.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from journal.milestones.store import KINDS, PT_SESSION_KINDS, label
from journal.milestones.windows import (
    ExpectedMilestone,
    day_on,
    expected_milestones,
    first_pt_session,
)
from journal.recovery import plan as recovery_plan


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
    def quiet(self) -> bool:
        return not (self.events or self.expected or self.pt_sessions or self.exercise_days)

    @property
    def milestones(self) -> list["Event"]:
        """The week's events other than PT sessions, each shown with its own row."""
        return [e for e in self.events if e.kind not in PT_SESSION_KINDS]

    @property
    def session_days(self) -> list[int]:
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


def timeline_weeks(
    plan: recovery_plan.Plan,
    milestones: Sequence[dict[str, Any]],
    exercise_weeks: Mapping[int, int],
    today: date,
    expected: Sequence[ExpectedMilestone] | None = None,
) -> list[Week | QuietStretch | MonthOfWeeks]:
    """Week-by-week rows from surgery to the end of planned PT and beyond.

    `exercise_weeks` is `{week_number: days with home exercises done}` (see
    `journal.checkins.ranges.exercise_days_per_week`). Returns a list of `Week`s and, after the
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
    # A step still to come is shown once, in the week its window opens (a
    # two-week window in two weeks' rows read as two steps); a step done is
    # shown where it happened, as an event, and in the plan list above.
    windows = [e for e in expected if e.kind != "two_crutches" and not e.is_done]

    rows: list[Week | QuietStretch | MonthOfWeeks] = []
    for number in range(1, last_week + 1):
        first_day = (number - 1) * 7
        start = day_on(plan, first_day)
        end = start + timedelta(days=6)
        events = events_by_week.get(number, [])
        in_window = [
            e for e in windows
            if start <= e.window_start <= end or (number == 1 and e.window_start < start)
        ]
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
