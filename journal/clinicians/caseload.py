"""The PT's caseload: one row per connected patient, sorted by who needs
attention first.

Pure: takes each patient's plan, last check-in, recent warning signs, each
place's last two weeks and crutch milestones (read in bulk by
`caseload_data`, which applies the windows below in SQL) and the patient's
local today; nothing here touches the database or Flask.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from journal.milestones import windows
from journal.recovery import locations, plan as recovery_plan, thresholds, warning_signs
from journal.summary.places import one_decimal

# A warning sign ticked in the last 7 days (today and the 6 before) comes
# first: the safety prompts ask for a same-day call, and a PT who sees the
# patient weekly should hear of it before the next session (DESIGN.md: "red
# flag in 7 days"; the issue's caseload order).
RED_FLAG_DAYS = 7
# A red flag is a sign whose advice is a same-day call or an emergency
# (`warning_signs`, from the hospitals' post-operative instructions); a
# "mention it" sign (tingling) is for the next session, not a call today.
RED_FLAG_ACTIONS = frozenset({warning_signs.EMERGENCY, warning_signs.SURGEON_TODAY})
# No check-in for 3 days or more: a patient who logged daily and stopped may
# be struggling, and remote-monitoring programmes follow up a gap of this
# size (the caseload order). Counted in whole local days since the
# last check-in; never logged at all counts as a gap too.
QUIET_DAYS = 3
# "Days with data in the last 30": the count remote-monitoring billing and
# PTs use (US CPT 98975-98977 count days of data in a 30-day period).
DATA_WINDOW_DAYS = 30
# Where each place stands now: the mean of its daily worst over the last 7
# days against the 7 before, called "worse" or "better" only by the clinical
# rule (`thresholds.change_verdict`: 2 points or 30%, Farrar 2001). Each week
# needs `thresholds.WEEKLY_MIN_DAYS` logged days at the place, as the weekly
# trend prompt does, so one bad day never decides it.
LEVEL_WEEK_DAYS = 7

# Why a row is where it is, most urgent first.
RED_FLAG, WORSE, QUIET, CRUTCH, REST = range(5)
REASONS = {
    RED_FLAG: "Red flag",
    WORSE: "Getting worse",
    QUIET: "No recent check-in",
    CRUTCH: "Crutch step off plan",
    REST: "",
}


@dataclass(frozen=True)
class PlaceWeeks:
    """One place's daily worst over the last 7 days and the 7 before:
    the mean of each week (None without a day) and how many days it has."""

    place: str
    this_week: float | None
    this_days: int
    last_week: float | None
    last_days: int


@dataclass(frozen=True)
class PlaceNow:
    place: str
    level: float
    verdict: str | None  # "better", "worse", "about the same"; None without two weeks of data


@dataclass(frozen=True)
class CaseloadRow:
    patient_id: int
    name: str
    plan: recovery_plan.Plan | None
    today: date
    last_checkin: date | None
    days_with_data: int
    red_flags: tuple[str, ...] = ()  # the signs' words
    worst_place: PlaceNow | None = None
    getting_worse: tuple[str, ...] = ()  # places, by the clinical rule
    crutch_steps: tuple[str, ...] = ()  # statuses of crutch steps off plan
    tier: int = REST
    flags: tuple[str, ...] = field(default=())

    @property
    def day_number(self) -> int | None:
        return recovery_plan.day_number(self.plan, self.today) if self.plan else None

    @property
    def days_since_checkin(self) -> int | None:
        return (self.today - self.last_checkin).days if self.last_checkin else None

    @property
    def quiet(self) -> bool:
        """No check-in for `QUIET_DAYS` or more, or none at all."""
        days = self.days_since_checkin
        return days is None or days >= QUIET_DAYS

    @property
    def needs_attention(self) -> bool:
        return self.tier != REST


def is_red_flag(code: str) -> bool:
    sign = warning_signs.ALL_SIGNS.get(code)
    return sign is not None and sign.action in RED_FLAG_ACTIONS


def places_now(weeks: Iterable[PlaceWeeks]) -> list[PlaceNow]:
    """Each place logged this week: its level (mean of daily worst) and its
    verdict against the week before, highest level first."""
    found = []
    for week in weeks:
        level = one_decimal(week.this_week)
        if level is None or week.this_days == 0:
            continue
        before = one_decimal(week.last_week)
        enough = min(week.this_days, week.last_days) >= thresholds.WEEKLY_MIN_DAYS
        verdict = thresholds.change_verdict(before, level) if enough and before is not None else None
        found.append(PlaceNow(week.place, level, verdict))
    order = locations.ORDER
    return sorted(found, key=lambda p: (-p.level, order.get(p.place, len(order)), p.place))


def crutch_steps_off_plan(
    plan: recovery_plan.Plan, milestones: Sequence[dict[str, Any]], today: date
) -> list[str]:
    """Crutch steps sooner than the plan while the crutch period lasts (a
    safety matter, `thresholds`), or still on crutches after the plan's day."""
    expected = windows.expected_milestones(plan, milestones, today)
    day = recovery_plan.day_number(plan, today)
    early = windows.early_crutch_steps(expected, day)
    late = [e for e in expected if e.kind in windows.CRUTCH_STEPS and e.state == "late"]
    return [f"{e.label}: {e.state_label.lower()}" for e in early + late]


def build_row(
    patient_id: int,
    name: str,
    plan: recovery_plan.Plan | None,
    today: date,
    last_checkin: date | None,
    days_with_data: int,
    recent_signs: Iterable[str],
    weeks: Iterable[PlaceWeeks],
    milestones: Sequence[dict[str, Any]],
) -> CaseloadRow:
    """One patient's row: `recent_signs` are the warning signs ticked in the
    last `RED_FLAG_DAYS`, `weeks` each place's last two weeks,
    `days_with_data` the days with a check-in in the last `DATA_WINDOW_DAYS`."""
    red_flags = tuple(dict.fromkeys(
        warning_signs.label(code) for code in recent_signs if is_red_flag(code)
    ))
    now = places_now(weeks)
    worse = tuple(p.place for p in now if p.verdict == "worse")
    steps = tuple(crutch_steps_off_plan(plan, milestones, today)) if plan else ()
    reasons = [
        tier for tier, applies in (
            (RED_FLAG, bool(red_flags)), (WORSE, bool(worse)), (QUIET, last_checkin is None or (today - last_checkin).days >= QUIET_DAYS), (CRUTCH, bool(steps)),
        ) if applies
    ]
    return CaseloadRow(
        patient_id=patient_id,
        name=name,
        plan=plan,
        today=today,
        last_checkin=last_checkin,
        days_with_data=days_with_data,
        red_flags=red_flags,
        worst_place=now[0] if now else None,
        getting_worse=worse,
        crutch_steps=steps,
        tier=reasons[0] if reasons else REST,
        flags=tuple(REASONS[r] for r in reasons),
    )


def ordered(rows: Iterable[CaseloadRow]) -> list[CaseloadRow]:
    """Most urgent first: a red flag in 7 days, a place getting worse, no
    check-in for 3 days or more, a crutch step off plan, then the rest;
    within each, the longest since a check-in first (never logged first of
    all), then by name."""
    def key(row: CaseloadRow) -> tuple[int, int, date, str, int]:
        logged = row.last_checkin is not None
        return (row.tier, int(logged), row.last_checkin or date.min, row.name.casefold(),
                row.patient_id)
    return sorted(rows, key=key)
