"""The recovery plan and what follows from it: day N, week W, phase.

Pure calculations on dates; nothing here touches the database or Flask.
Day 0 is the surgery day (patients go home the same day), so day 7 is the
first day of week 2.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from journal.recovery import formatting

PROCEDURE_DEFAULT = "Hip arthroscopy"
SIDES = {"left": "Left", "right": "Right", "both": "Both"}

# Typical course after hip arthroscopy (DESIGN.md; PMC5193534): crutches for
# about 1-2 weeks, then about 6 weeks of PT. Surgeons vary (crutches 2-6 weeks,
# PT from day 1-3), so these are defaults the patient changes, not rules.
CRUTCH_WEEKS_DEFAULT = 2
PT_WEEKS_DEFAULT = 6
CRUTCH_WEEKS_RANGE = (0, 12)
PT_WEEKS_RANGE = (1, 52)

# The surgeon's weight-bearing instruction, kept apart from the walking aid:
# crutches say what the patient holds, this says how much weight the leg may
# take. Protocols vary (DESIGN.md; PMC5193534: about 20 lb foot-flat for a
# median of 3 weeks after FAI surgery, 6 weeks, range 3-8, after
# microfracture), so the journal records what the surgeon said, never a default.
WEIGHT_BEARING = {
    "touch_down": "Touch-down (toes or foot flat, almost no weight)",
    "partial": "Partial (some weight, as your surgeon said, often about 20 lb / 10 kg)",
    "as_tolerated": "As tolerated (as much weight as is comfortable)",
}
WEIGHT_BEARING_SHORT = {
    "touch_down": "touch-down weight-bearing",
    "partial": "partial weight-bearing",
    "as_tolerated": "weight-bearing as tolerated",
}


@dataclass(frozen=True)
class Plan:
    surgery_date: date
    side: str = "right"
    procedure: str = PROCEDURE_DEFAULT
    crutch_weeks: int = CRUTCH_WEEKS_DEFAULT
    pt_start_date: date | None = None
    pt_weeks: int = PT_WEEKS_DEFAULT
    weight_bearing: str | None = None  # a WEIGHT_BEARING code, as the surgeon instructed
    weight_bearing_until: date | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Plan":
        return cls(
            surgery_date=date.fromisoformat(row["surgery_date"]),
            side=row["side"],
            procedure=row["procedure"],
            crutch_weeks=row["crutch_weeks"],
            pt_start_date=(
                date.fromisoformat(row["pt_start_date"]) if row["pt_start_date"] else None
            ),
            pt_weeks=row["pt_weeks"],
            weight_bearing=row.get("weight_bearing") or None,
            weight_bearing_until=(
                date.fromisoformat(row["weight_bearing_until"])
                if row.get("weight_bearing_until") else None
            ),
        )


def day_number(plan: Plan, today: date) -> int:
    """Calendar days since surgery in the patient's zone (negative before it)."""
    return (today - plan.surgery_date).days


def week_number(day: int) -> int:
    """Week 1 is days 0-6; before surgery there is no week (0)."""
    return day // 7 + 1 if day >= 0 else 0


def crutch_end(plan: Plan) -> date:
    """The last day of the planned crutch period."""
    return plan.surgery_date + timedelta(days=plan.crutch_weeks * 7)


def pt_start(plan: Plan, first_pt_session: date | None = None) -> date:
    """When PT starts: the plan's date, else the first session logged, else
    straight after the planned crutch period (the design's typical course)."""
    return plan.pt_start_date or first_pt_session or crutch_end(plan)


def pt_end(plan: Plan, first_pt_session: date | None = None) -> date:
    """The last day of the planned PT period."""
    return pt_start(plan, first_pt_session) + timedelta(days=plan.pt_weeks * 7 - 1)


@dataclass(frozen=True)
class Progress:
    """The steps the patient logged that move them through the plan (dates)."""

    first_pt_session: date | None = None
    one_crutch: date | None = None
    off_crutches: date | None = None
    pt_discharge: date | None = None


def _by(when: date | None, today: date) -> bool:
    return when is not None and when <= today


def phase(plan: Plan, today: date, progress: Progress | None = None) -> str:
    """A short, plain description of where the patient is: what they logged
    first (off crutches, one crutch, discharged from PT), the plan otherwise."""
    progress = progress or Progress()
    day = day_number(plan, today)
    if day < 0:
        return "Before surgery"
    if day == 0:
        return "Surgery day"
    if _by(progress.off_crutches, today):
        aid = None
    elif _by(progress.one_crutch, today):
        aid = "One crutch"
    else:
        aid = "Crutches" if today < crutch_end(plan) else None
    start = pt_start(plan, progress.first_pt_session)
    end = pt_end(plan, progress.first_pt_session)
    pt = None
    if _by(progress.pt_discharge, today):
        if aid is None:
            return "Discharged from PT"
    elif start <= today <= end:
        pt = f"physical therapy, week {(today - start).days // 7 + 1} of {plan.pt_weeks}"
    elif today > end and progress.first_pt_session is not None:
        # PT past the plan is common, not a delay (thresholds).
        pt = f"physical therapy, past the planned {plan.pt_weeks} weeks"
    if aid and pt:
        return f"{aid} and {pt}"
    if pt:
        return pt[0].upper() + pt[1:]
    if aid == "One crutch":
        return "On one crutch"
    if aid:
        return "Crutch phase"
    if today > end:
        return "After the planned PT period"
    return "Between crutches and PT"


# Touch-down and partial weight-bearing are done on crutches.
RESTRICTED_WEIGHT_BEARING = frozenset({"touch_down", "partial"})


def weight_bearing_problem(code: str | None, until: date | None, surgery: date | None,
                           crutch_weeks: int | None) -> str | None:
    """Why a weight-bearing instruction doesn't fit the rest of the plan, or None.

    `code` is a `WEIGHT_BEARING` code or None and `until` a date already
    checked against the surgery date (`accounts.plan_rules`, for the form and
    the import alike). Touch-down or partial weight-bearing needs crutches, so
    a restriction that lasts past the planned crutch period would let the
    journal call "off crutches" on time while the surgeon still limits the
    weight: the crutch weeks must cover it.
    """
    if until is None:
        return None
    if code is None:
        return "Choose the instruction this date is for, or leave it empty."
    if surgery is None:
        return None
    if crutch_weeks is not None and code in RESTRICTED_WEIGHT_BEARING:
        crutches_until = surgery + timedelta(days=crutch_weeks * 7)
        if until > crutches_until:
            return (
                f"{WEIGHT_BEARING_SHORT[code].capitalize()} is done on crutches, but your plan "
                f"has you off them by {formatting.weekday_date(crutches_until)}. Set the weeks "
                "on crutches to cover it, as your surgeon said."
            )
    return None


def weight_bearing_instruction(plan: Plan, today: date) -> str | None:
    """ "Partial weight-bearing until Sun 20 Dec, as your surgeon instructed"
    while the instruction lasts; None without one, or once its date has passed."""
    if plan.weight_bearing not in WEIGHT_BEARING_SHORT:
        return None
    if plan.weight_bearing_until is not None and today > plan.weight_bearing_until:
        return None
    text = WEIGHT_BEARING_SHORT[plan.weight_bearing]
    text = text[0].upper() + text[1:]
    if plan.weight_bearing_until is not None:
        text += f" until {formatting.weekday_date(plan.weight_bearing_until)}"
    return text


def headline(plan: Plan, today: date) -> str:
    """ "Day 9 after surgery · week 2", or the countdown before surgery."""
    day = day_number(plan, today)
    if day < 0:
        days = -day
        return f"Surgery in {formatting.plural(days, 'day')}"
    if day == 0:
        return "Surgery day · week 1"
    return f"Day {day} after surgery · week {week_number(day)}"
