"""What the prompts read: a `Prompt`, and the journal's days (`JournalDays`:
pain per place per day, severe days, warning signs) built from check-ins, and
how far back they must reach.

Pure: takes check-ins as `journal.checkins.store` returns them.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from journal.checkins import days as daily
from journal.recovery import plan as recovery_plan, thresholds


@dataclass(frozen=True)
class Prompt:
    """One prompt. `urgent` means "contact someone today" (safety prompts);
    `emergency` means "call emergency services now"; trend prompts are neither.
    `date` is the local date the condition was (last) met."""

    key: str
    date: date
    kind: str  # "safety" or "trend"
    title: str
    message: str
    urgent: bool
    emergency: bool = False
    advice: str = "worth discussing"  # what was advised, in the PT's words
    sign: str | None = None  # the warning sign's code, for a safety prompt from a sign


def as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


# A place's figures on one local day: (day, location, worst, average).
PlaceDay = tuple[date, str, int, float]


@dataclass(frozen=True)
class JournalDays:
    """What the prompts read of a journal, reduced to days.

    `places`: `(day, location, worst, average)` per place per local day, the
    average being the day's mean to one decimal (as `journal.checkins.days` gives it);
    `severe_days`: the days whose worst pain anywhere was `SEVERE_PAIN` or
    more; `signs`: `(day, codes)` for each check-in with warning signs ticked.
    The database aggregates these per day (`checkin_range.journal_days`), so
    months of check-ins arrive as a few hundred small rows;
    `journal_days_from_checkins` makes the same from check-in dicts.
    """

    places: Sequence[PlaceDay] = ()
    severe_days: frozenset[date] = frozenset()
    signs: Sequence[tuple[date, tuple[str, ...]]] = ()


def journal_days_from_checkins(checkins: Iterable[Mapping[str, Any]]) -> JournalDays:
    """`JournalDays` from check-in dicts (as `journal.checkins.store` returns them)."""
    rows = [
        {"local_date": as_date(c["local_date"]), "location": r["location"], "intensity": r["intensity"]}
        for c in checkins
        for r in c.get("readings", ())
    ]
    places = tuple(
        (day, location, figure.worst, figure.average)
        for day, per_location in daily.daily_figures(rows).items()
        for location, figure in per_location.items()
    )
    worst: defaultdict[date, int] = defaultdict(int)
    for day, _, day_worst, _ in places:
        worst[day] = max(worst[day], day_worst)
    return JournalDays(
        places,
        frozenset(day for day, w in worst.items() if w >= thresholds.SEVERE_PAIN),
        tuple(
            (as_date(c["local_date"]), tuple(c.get("warning_signs", ())))
            for c in checkins if c.get("warning_signs")
        ),
    )


def days_needed_from(
    plan: recovery_plan.Plan,
    start: date,
    end: date,
    progress: recovery_plan.Progress | None = None,
) -> tuple[date, date]:
    """`(places_from, severe_from)`: the earliest local dates whose daily
    figures, and whose severe days, can change the prompts fired in [start, end].

    A weekly rise is dated within its week, so only the weeks ending on or
    after `start` and the week before each can fire one: 13 days back reaches
    the start of the earliest of those. The PT comparison needs the first PT
    week, but only when the planned PT period ends inside the range (that end
    dates the prompt). A run of severe days may have started long before.
    `progress` (`plan.Progress`) places the PT period and the calf window.
    """
    progress = progress or recovery_plan.Progress()
    first_pt_session = progress.first_pt_session
    places_from = start - timedelta(days=2 * 7 - 1)
    pt_end = recovery_plan.pt_end(plan, first_pt_session)
    if start <= pt_end <= end:
        places_from = min(places_from, recovery_plan.pt_start(plan, first_pt_session))
    # A calf-pain episode is named by its first day, which may be anywhere in
    # the calf window (at most about 14 weeks): read the window whole.
    if start < plan.surgery_date + timedelta(days=calf_window_days(plan, progress.off_crutches)):
        places_from = min(places_from, plan.surgery_date)
    return places_from, start - timedelta(days=thresholds.SEVERE_RUN_LOOKBACK_DAYS)


def calf_window_days(plan: recovery_plan.Plan, off_crutches: date | None = None) -> int:
    """Days after surgery (from day 0) in which calf pain raises a prompt: the
    later of 6 weeks and 2 weeks after the end of crutches, planned or, when
    later, logged (mobility stays reduced while the patient is on crutches)."""
    crutch_days = plan.crutch_weeks * 7
    if off_crutches is not None:
        crutch_days = max(crutch_days, recovery_plan.day_number(plan, off_crutches))
    return max(
        thresholds.CALF_PAIN_WEEKS * 7, crutch_days + thresholds.CALF_PAIN_AFTER_CRUTCHES_DAYS
    )
