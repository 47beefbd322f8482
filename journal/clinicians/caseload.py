"""The PT's caseload: one row per connected patient, sorted by who needs
attention first.

Pure: takes each patient's plan, last check-in, what the safety prompts read
of the last days (warning signs and calf pain), each place's last two weeks
and crutch milestones (read in bulk by `caseload_data`, which applies the
windows below in SQL) and the patient's local today; nothing here touches the
database or Flask.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from journal.milestones import windows
from journal.prompts.journal_days import JournalDays
from journal.prompts.safety import safety_from_days
from journal.recovery import locations, plan as recovery_plan, thresholds, warning_signs
from journal.recovery.formatting import plural, weekday_date
from journal.summary.places import one_decimal

# A red flag is what the patient's own journal raises as a same-day call or an
# emergency (`journal.prompts.safety`, whose rules and sources live in
# `thresholds` and `warning_signs`): a ticked sign, or calf pain on the body
# map starting an episode. What the safety rules call expected (a
# temperature on surgery day, clear seepage on days 0-2) and "mention it"
# signs (tingling) are for the next session, not a call today.
# The last 7 days (today and the 6 before): the product's rule, from the
# issue's caseload order, so a PT who sees the patient weekly hears of it
# before the next session; no clinical source sets this number.
RED_FLAG_DAYS = 7
# A calf-pain day starts an episode when none was logged in the
# `CALF_EPISODE_GAP_DAYS + 1` days before it (`safety`): the days read reach
# that far before the red-flag window, so an episode already running when the
# window opens is never mistaken for a new one.
CALF_READ_DAYS = RED_FLAG_DAYS + thresholds.CALF_EPISODE_GAP_DAYS + 1
# Without a plan there is no surgery day to place a sign by, so the
# day-dependent exceptions can't apply: a sign counts by its advice alone.
RED_FLAG_ACTIONS = frozenset({warning_signs.EMERGENCY, warning_signs.SURGEON_TODAY})
# No check-in for 3 days or more: the product's own rule (the issue's
# caseload order), chosen so a patient who logged daily and stopped is
# noticed within the week; no clinical or remote-monitoring source sets the
# number. Counted in whole local days since the last check-in; never logged
# at all counts as a gap too.
QUIET_DAYS = 3
# "Days with data in the last 30": US remote therapeutic monitoring billing
# counts days of data in a 30-day period (CPT 98976-98977: at least 16 of
# 30 days, CMS Physician Fee Schedule 2022); PTs know the number from it.
DATA_WINDOW_DAYS = 30
# A crutch step logged later than planned is news for a week after its day:
# the product's rule, the same week as a red flag, so the PT hears of it at
# the next weekly session without the row staying flagged for months.
CRUTCH_LATE_NEWS_DAYS = 7
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
    CRUTCH: "Crutch step sooner or later than planned",
    REST: "",
}


# Named tuples, not frozen dataclasses: 200 patients make about 1,600 of
# them, built in 0.4 ms instead of 1.0 (measured).
class PlaceWeeks(NamedTuple):
    """One place's daily worst over the last 7 days and the 7 before:
    the mean of each week (None without a day) and how many days it has."""

    place: str
    this_week: float | None
    this_days: int
    last_week: float | None
    last_days: int


class PlaceNow(NamedTuple):
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
    red_flags: tuple[str, ...] = ()  # each sign's words and its latest day
    worst_place: PlaceNow | None = None
    getting_worse: tuple[str, ...] = ()  # places, by the clinical rule
    crutch_steps: tuple[str, ...] = ()  # crutch steps off plan, worded for the PT
    tier: int = REST
    flags: tuple[str, ...] = field(default=())

    @property
    def day_number(self) -> int | None:
        return recovery_plan.day_number(self.plan, self.today) if self.plan else None

    @property
    def day_words(self) -> str:
        """ "Day 9 after surgery", "Surgery day", or "Surgery in 3 days"."""
        day = self.day_number
        if day is None:
            return ""
        if day < 0:
            return f"Surgery in {plural(-day, 'day')}"
        return "Surgery day" if day == 0 else f"Day {day} after surgery"

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


def red_flags(
    plan: recovery_plan.Plan | None,
    today: date,
    days: JournalDays,
    off_crutches: date | None = None,
) -> tuple[str, ...]:
    """The red flags in the last `RED_FLAG_DAYS`, in words with each one's
    latest day, emergencies first: the safety prompts the patient's journal
    raises there that ask for a same-day call or an emergency.

    `days` holds the warning signs ticked in the window and the daily pain
    per place from `CALF_READ_DAYS` back (only calf places matter)."""
    start = today - timedelta(days=RED_FLAG_DAYS - 1)
    if plan is None:
        dated = [
            (code, when) for when, codes in days.signs for code in codes
            if start <= when <= today and _needs_a_call(code)
        ]
    else:
        dated = [
            (prompt.sign, prompt.date)
            for prompt in safety_from_days(days, plan, start, off_crutches)
            if prompt.urgent and prompt.sign is not None and prompt.date <= today
        ]
    latest: dict[str, date] = {}
    for code, when in dated:
        latest[code] = max(when, latest.get(code, when))
    signs = warning_signs.ALL_SIGNS
    first = sorted(latest.items(), key=lambda item: signs[item[0]].action != warning_signs.EMERGENCY)
    # Titled as the summary the row opens titles them.
    return tuple(f"{signs[code].title}, {weekday_date(when)}" for code, when in first)


def _needs_a_call(code: str) -> bool:
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


# The steps as the PT reads them, in the third person.
CRUTCH_STEP_WORDS = {"one_crutch": "down to one crutch", "off_crutches": "off crutches"}


def crutch_steps_off_plan(
    plan: recovery_plan.Plan, milestones: Sequence[dict[str, Any]], today: date
) -> list[str]:
    """Crutch steps off plan, for the PT: sooner than the plan while the
    planned crutch period lasts (a safety matter, `thresholds`), still on
    crutches after the plan's day, or a step logged later than planned in the
    last `CRUTCH_LATE_NEWS_DAYS`."""
    day = recovery_plan.day_number(plan, today)
    steps = [
        (m["kind"], recovery_plan.day_number(plan, date.fromisoformat(m["date"])))
        for m in milestones if m["kind"] in windows.CRUTCH_STEPS
    ]
    # Past the planned crutch period, off crutches logged and every step a
    # week old or more: nothing below can apply, and most of a long caseload
    # is here (200 patients a year in: 4.2 -> 0.3 ms, measured).
    if (day > plan.crutch_weeks * 7 and any(kind == "off_crutches" for kind, _ in steps)
            and all(day - when >= CRUTCH_LATE_NEWS_DAYS for _, when in steps)):
        return []
    expected = windows.expected_milestones(plan, milestones, today)
    early = windows.early_crutch_steps(expected, day)
    found = []
    for step in expected:
        if step.kind not in windows.CRUTCH_STEPS:
            continue
        words = CRUTCH_STEP_WORDS[step.kind]
        if step in early:
            found.append(f"{words} on day {step.actual_day}, sooner than the plan's day {step.start_day}")
        elif step.state == "late":
            found.append(f"still on crutches on day {day}, later than the plan's day {step.end_day}")
        elif (step.state == "done_late" and step.actual_day is not None
              and day - step.actual_day < CRUTCH_LATE_NEWS_DAYS):
            found.append(f"{words} on day {step.actual_day}, later than the plan's day {step.end_day}")
    return found


def build_row(
    patient_id: int,
    name: str,
    plan: recovery_plan.Plan | None,
    today: date,
    last_checkin: date | None,
    days_with_data: int,
    recent: JournalDays,
    weeks: Iterable[PlaceWeeks],
    milestones: Sequence[dict[str, Any]],
) -> CaseloadRow:
    """One patient's row: `recent` what the safety rules read of the last
    days (see `red_flags`), `weeks` each place's last two weeks,
    `days_with_data` the days with a check-in in the last `DATA_WINDOW_DAYS`,
    `milestones` the crutch steps logged."""
    # The calf window needs the day off crutches; most rows have nothing to judge.
    off_crutches = windows.progress(milestones).off_crutches if recent.places else None
    flags = red_flags(plan, today, recent, off_crutches) if recent.places or recent.signs else ()
    now = places_now(weeks)
    worse = tuple(p.place for p in now if p.verdict == "worse")
    steps = tuple(crutch_steps_off_plan(plan, milestones, today)) if plan else ()
    quiet = last_checkin is None or (today - last_checkin).days >= QUIET_DAYS
    reasons = [
        tier for tier, applies in (
            (RED_FLAG, bool(flags)), (WORSE, bool(worse)), (QUIET, quiet), (CRUTCH, bool(steps)),
        ) if applies
    ]
    return CaseloadRow(
        patient_id=patient_id,
        name=name,
        plan=plan,
        today=today,
        last_checkin=last_checkin,
        days_with_data=days_with_data,
        red_flags=flags,
        worst_place=now[0] if now else None,
        getting_worse=worse,
        crutch_steps=steps,
        tier=reasons[0] if reasons else REST,
        flags=tuple(REASONS[r] for r in reasons),
    )


def ordered(rows: Iterable[CaseloadRow]) -> list[CaseloadRow]:
    """Most urgent first: a red flag in 7 days, a place getting worse, no
    check-in for 3 days or more, a crutch step sooner or later than planned,
    then the rest;
    within each, the longest since a check-in first (never logged first of
    all), then by name."""
    def key(row: CaseloadRow) -> tuple[int, int, date, str, int]:
        logged = row.last_checkin is not None
        return (row.tier, int(logged), row.last_checkin or date.min, row.name.casefold(),
                row.patient_id)
    return sorted(rows, key=key)
