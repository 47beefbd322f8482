"""Expected milestone windows from the plan, and where each one stands.

Pure: takes the plan, the milestones (dicts with `kind`, `title`, `date` as
ISO text, as `journal.milestones.store.list_milestones` returns them) and the
patient's local today. Nothing here touches the database or Flask. Statuses
say what the data says and who to talk to; they never diagnose.
"""

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from journal.milestones.store import KINDS, PT_SESSION_KINDS
from journal.recovery import plan as recovery_plan, thresholds
from journal.recovery.formatting import plural


# State codes, for templates, styles and the PT summary.
DONE_STATES = frozenset({
    "done", "too_soon", "before_weight_bearing", "done_with_limp", "done_early", "done_on_time",
    "done_late", "done_after_plan", "skipped",
})


CRUTCH_STEPS = frozenset({"one_crutch", "off_crutches"})
STATE_LABELS = {
    "done": "Done",
    # A crutch step before its window: a safety matter (thresholds), never "on time".
    "too_soon": "Sooner than your plan",
    # One crutch or none while touch-down/partial weight-bearing lasts (thresholds).
    "before_weight_bearing": "Sooner than the weight-bearing instruction",
    # Off crutches while the latest answer said "still limping" (thresholds).
    "done_with_limp": "Done, with a limp noted",
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

# A step before the weight-bearing instruction ends is as serious as one
# before the plan; a limp noted is, like a late step, something to ask about.
TONES = {"before_weight_bearing": "too_soon", "done_with_limp": "late"}


@dataclass(frozen=True)
class ExpectedMilestone:
    """One milestone the plan expects, its window, and what happened.

    `state` is one of: done (a start, such as two crutches from surgery),
    too_soon (a crutch step before its window: check the surgeon agreed),
    before_weight_bearing (a crutch step while the surgeon's touch-down or
    partial weight-bearing instruction lasts: check with the surgeon),
    done_with_limp (off crutches on or after the planned day while the
    latest walking answer was "not yet": check with the PT),
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
    # The day a restricted weight-bearing instruction ends (a crutch step
    # before it is too soon) and its words, and the day of the "still
    # limping" answer.
    instruction_end_day: int | None = None
    instruction: str = ""
    limp_day: int | None = None

    @property
    def is_done(self) -> bool:
        return self.state in DONE_STATES

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def tone(self) -> str:
        """The state whose colours this one wears (`state-<tone>` in app.css):
        the check-in page's weight budget has no room for more rules."""
        return TONES.get(self.state, self.state)


@dataclass(frozen=True)
class WalkingAnswer:
    """The latest answer to "walking without a limp?" on or before the
    off-crutches day (`store.list_milestones` with `walking_since`)."""

    day: date
    without_limp: bool


@dataclass(frozen=True)
class Restriction:
    """Touch-down or partial weight-bearing, in force before `end_day`."""

    code: str
    end_day: int
    has_date: bool


def weight_bearing_restriction(plan: recovery_plan.Plan) -> Restriction | None:
    """The surgeon's touch-down or partial weight-bearing instruction as a day
    before which no crutch step is on time (thresholds), or None.

    With no end date it lasts the whole planned crutch period; a plan with no
    crutch weeks and no date restricts nothing the journal can check."""
    code = plan.weight_bearing
    if code is None or code not in recovery_plan.RESTRICTED_WEIGHT_BEARING:
        return None
    if plan.weight_bearing_until is not None:
        return Restriction(code, recovery_plan.day_number(plan, plan.weight_bearing_until), True)
    if plan.crutch_weeks <= 0:
        return None
    return Restriction(code, plan.crutch_weeks * 7, False)


def off_crutches_date(milestones: Iterable[dict[str, Any]]) -> date | None:
    """The day the patient logged coming off crutches, or None."""
    return next(iter(_dates(milestones, {"off_crutches"})), None)


def walking_answer(milestones: Iterable[dict[str, Any]]) -> WalkingAnswer | None:
    """The walking answer the off-crutches milestone carries
    (`store.list_milestones` with `walking_since`), or None."""
    for m in milestones:
        if m["kind"] == "off_crutches" and m.get("walking_date"):
            return WalkingAnswer(date.fromisoformat(m["walking_date"]),
                                 bool(m["walking_without_limp"]))
    return None


def _dates(milestones: Iterable[dict[str, Any]], kinds: Collection[str]) -> list[date]:
    return sorted(date.fromisoformat(m["date"]) for m in milestones if m["kind"] in kinds)


def first_pt_session(milestones: Iterable[dict[str, Any]]) -> date | None:
    """The date of the first PT session logged (either kind), or None."""
    sessions = _dates(milestones, PT_SESSION_KINDS)
    return sessions[0] if sessions else None


def progress(milestones: Iterable[dict[str, Any]]) -> recovery_plan.Progress:
    """The steps logged that move the patient through the plan (`plan.Progress`)."""

    def first(kinds: Collection[str]) -> date | None:
        return next(iter(_dates(milestones, kinds)), None)

    return recovery_plan.Progress(
        first_pt_session=first(PT_SESSION_KINDS),
        one_crutch=first({"one_crutch"}),
        off_crutches=first({"off_crutches"}),
        pt_discharge=first({"pt_discharge"}),
    )


def crutch_windows(plan: recovery_plan.Plan) -> dict[str, tuple[int, int]]:
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


def first_pt_window(plan: recovery_plan.Plan) -> tuple[int, int]:
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


def pt_discharge_window(
    plan: recovery_plan.Plan, first_session: date | None = None
) -> tuple[int, int]:
    """(first_day, last_day): the last planned week of PT, which starts on the
    plan's date or else at the first session logged."""
    last = recovery_plan.day_number(plan, recovery_plan.pt_end(plan, first_session))
    return max(0, last - thresholds.PT_DISCHARGE_WINDOW_DAYS + 1), last


def expected_milestones(
    plan: recovery_plan.Plan,
    milestones: Sequence[dict[str, Any]],
    today: date,
    walking: WalkingAnswer | None = None,
) -> list[ExpectedMilestone]:
    """What the plan expects, with windows, actual dates and plain-language statuses.

    `milestones` are dicts with `kind` and `date` (ISO text); `today` is the
    patient's local date. Returns `ExpectedMilestone`s in plan order: the crutch
    stages (unless the plan has no crutches), the first PT session and PT
    discharge. Back to driving/work/sport and custom milestones have no
    planned window, so they appear on the timeline but not here.

    `walking` is the latest answer to "walking without a limp?" on or
    before the off-crutches day, by default the one the off-crutches
    milestone carries (`walking_answer`); "not yet"
    makes coming off crutches on or after the planned day "done, with a limp
    noted" instead of on time. The plan's touch-down or partial weight-bearing
    instruction makes any crutch step before it ends "sooner than the
    instruction" (thresholds).
    """
    today_day = recovery_plan.day_number(plan, today)
    first_session = first_pt_session(milestones)
    expected = []
    crutches = crutch_windows(plan)
    off_date = off_crutches_date(milestones)
    restriction = weight_bearing_restriction(plan) if crutches else None
    walking = walking if walking is not None else walking_answer(milestones)
    limp = walking if walking is not None and not walking.without_limp else None
    for kind, (start_day, end_day) in crutches.items():
        logged = next(iter(_dates(milestones, {kind})), None)
        if kind == "two_crutches":
            # Two crutches starts at surgery unless the patient logged otherwise.
            actual = logged or (plan.surgery_date if today_day >= 0 else None)
            expected.append(_started(plan, kind, actual, today_day))
            continue
        skipped = kind == "one_crutch" and logged is None and off_date is not None
        # Going straight to no crutches is fine on the plan's day, not before it.
        skip_too_soon = (
            skipped and off_date is not None
            and recovery_plan.day_number(plan, off_date) < max(
                crutches["off_crutches"][0], restriction.end_day if restriction else 0
            )
        )
        expected.append(
            _expected(plan, kind, start_day, end_day, logged, today_day,
                      skipped=skipped, skip_too_soon=skip_too_soon,
                      restriction=restriction,
                      limp=limp if kind == "off_crutches" else None)
        )
    start_day, end_day = first_pt_window(plan)
    expected.append(_expected(plan, "first_pt", start_day, end_day, first_session, today_day))
    start_day, end_day = pt_discharge_window(plan, first_session)
    discharge = next(iter(_dates(milestones, {"pt_discharge"})), None)
    expected.append(_expected(plan, "pt_discharge", start_day, end_day, discharge, today_day))
    return expected


def day_on(plan: recovery_plan.Plan, day: int) -> date:
    return plan.surgery_date + timedelta(days=day)


def _started(
    plan: recovery_plan.Plan, kind: str, actual: date | None, today_day: int
) -> ExpectedMilestone:
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


def _expected(
    plan: recovery_plan.Plan,
    kind: str,
    start_day: int,
    end_day: int,
    actual: date | None,
    today_day: int,
    skipped: bool = False,
    skip_too_soon: bool = False,
    restriction: Restriction | None = None,
    limp: WalkingAnswer | None = None,
) -> ExpectedMilestone:
    planned = f"planned by day {end_day}" if start_day < end_day else f"planned for day {end_day}"
    actual_day = recovery_plan.day_number(plan, actual) if actual else None
    limp_day = None
    if actual_day is not None:  # a date was logged (a date is never falsy)
        if restriction and kind in CRUTCH_STEPS and actual_day < restriction.end_day:
            # The surgeon's instruction first: it names what the leg may take.
            state = "before_weight_bearing"
            status = (
                f"done on day {actual_day}: sooner than your surgeon's weight-bearing "
                f"instruction ({_restriction_words(restriction)}) — check with your surgeon "
                "before putting more weight through the hip"
            )
        elif actual_day < start_day and kind in CRUTCH_STEPS:
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
        elif limp is not None and kind == "off_crutches":
            limp_day = recovery_plan.day_number(plan, limp.day)
            state = "done_with_limp"
            when = (
                f"done on day {actual_day} as planned" if actual_day <= end_day
                else f"done on day {actual_day}, later than planned ({planned})"
            )
            answer = (
                "that day" if limp_day == actual_day else f"on day {limp_day}, the latest answer"
            )
            status = (
                f"{when}; “walking without a limp?” was answered “not yet” {answer} — "
                "protocols stop crutches once walking is free of a limp: check with your PT"
            )
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
        status = (
            "skipped: straight from two crutches to none, sooner than your plan (see Off crutches)"
            if skip_too_soon
            else "skipped — that's fine, some people go straight to no crutches"
        )
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
        kind, KINDS[kind], day_on(plan, start_day), day_on(plan, end_day), actual, state, status,
        start_day, end_day, actual_day,
        restriction.end_day if restriction and kind in CRUTCH_STEPS else None,
        _restriction_words(restriction) if restriction and kind in CRUTCH_STEPS else "",
        limp_day,
    )


def _restriction_words(restriction: Restriction) -> str:
    """ "partial weight-bearing until day 18", or "... for the whole crutch period, to day 14"."""
    what = recovery_plan.WEIGHT_BEARING_SHORT[restriction.code]
    if restriction.has_date:
        return f"{what} until day {restriction.end_day}"
    return f"{what} for the whole crutch period, to day {restriction.end_day}"


def _late(plan: recovery_plan.Plan, kind: str, end_day: int, today_day: int) -> tuple[str, str]:
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


def _weeks(count: int) -> str:
    return plural(count, "week")


def early_crutch_steps(
    expected: Iterable[ExpectedMilestone], today_day: int
) -> list[ExpectedMilestone]:
    """Crutch steps logged sooner than the plan or than the surgeon's
    weight-bearing instruction, while the planned crutch period (or the
    instruction) lasts: Today keeps the reminder to check with the surgeon."""
    return [
        e for e in expected
        if (e.state == "too_soon" and today_day <= e.end_day)
        or (e.state == "before_weight_bearing"
            and today_day <= max(e.end_day, e.instruction_end_day or 0))
    ]


def limp_notes(expected: Iterable[ExpectedMilestone], today_day: int) -> list[ExpectedMilestone]:
    """Off crutches with a limp noted, for a week from the day it was logged
    (until the next PT visit, thresholds): Today says to check with the PT."""
    return [
        e for e in expected
        if e.state == "done_with_limp" and e.actual_day is not None
        and today_day < e.actual_day + thresholds.LIMP_NOTE_SHOWN_DAYS
    ]


def next_expected(expected: Iterable[ExpectedMilestone]) -> ExpectedMilestone | None:
    """The first expected milestone not yet done (or passed over), or None."""
    open_ones = [e for e in expected if not e.is_done and e.state != "not_logged"]
    return min(open_ones, key=lambda e: (e.window_end, e.window_start), default=None)


def next_crutch_step(plan: recovery_plan.Plan, milestones: Iterable[dict[str, Any]]) -> str | None:
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
