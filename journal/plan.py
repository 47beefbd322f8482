"""The recovery plan and what follows from it: day N, week W, phase.

Pure calculations on dates; nothing here touches the database or Flask.
Day 0 is the surgery day (patients go home the same day), so day 7 is the
first day of week 2.
"""

from dataclasses import dataclass
from datetime import date, timedelta

PROCEDURE_DEFAULT = "Hip arthroscopy"
SIDES = {"left": "Left", "right": "Right", "both": "Both"}

# Typical course after hip arthroscopy (DESIGN.md; PMC5193534): crutches for
# about 1-2 weeks, then about 6 weeks of PT. Surgeons vary (crutches 2-6 weeks,
# PT from day 1-3), so these are defaults the patient changes, not rules.
CRUTCH_WEEKS_DEFAULT = 2
PT_WEEKS_DEFAULT = 6
CRUTCH_WEEKS_RANGE = (0, 12)
PT_WEEKS_RANGE = (1, 52)


@dataclass(frozen=True)
class Plan:
    surgery_date: date
    side: str = "right"
    procedure: str = PROCEDURE_DEFAULT
    crutch_weeks: int = CRUTCH_WEEKS_DEFAULT
    pt_start_date: date | None = None
    pt_weeks: int = PT_WEEKS_DEFAULT

    @classmethod
    def from_row(cls, row):
        return cls(
            surgery_date=date.fromisoformat(row["surgery_date"]),
            side=row["side"],
            procedure=row["procedure"],
            crutch_weeks=row["crutch_weeks"],
            pt_start_date=(
                date.fromisoformat(row["pt_start_date"]) if row["pt_start_date"] else None
            ),
            pt_weeks=row["pt_weeks"],
        )


def day_number(plan, today):
    """Calendar days since surgery in the patient's zone (negative before it)."""
    return (today - plan.surgery_date).days


def week_number(day):
    """Week 1 is days 0-6; before surgery there is no week (0)."""
    return day // 7 + 1 if day >= 0 else 0


def crutch_end(plan):
    """The last day of the planned crutch period."""
    return plan.surgery_date + timedelta(days=plan.crutch_weeks * 7)


def pt_start(plan, first_pt_session=None):
    """When PT starts: the plan's date, else the first session logged, else
    straight after the planned crutch period (the design's typical course)."""
    return plan.pt_start_date or first_pt_session or crutch_end(plan)


def pt_end(plan, first_pt_session=None):
    """The last day of the planned PT period."""
    return pt_start(plan, first_pt_session) + timedelta(days=plan.pt_weeks * 7 - 1)


def phase(plan, today, first_pt_session=None):
    """A short, plain description of where the patient is in the plan."""
    day = day_number(plan, today)
    if day < 0:
        return "Before surgery"
    if day == 0:
        return "Surgery day"
    on_crutches = today < crutch_end(plan)
    start = pt_start(plan, first_pt_session)
    end = pt_end(plan, first_pt_session)
    if start <= today <= end:
        pt_week = (today - start).days // 7 + 1
        pt = f"physical therapy, week {pt_week} of {plan.pt_weeks}"
        return f"Crutches and {pt}" if on_crutches else pt[0].upper() + pt[1:]
    if on_crutches:
        return "Crutch phase"
    if today > end:
        return "After the planned PT period"
    return "Between crutches and PT"


def headline(plan, today):
    """ "Day 9 after surgery · week 2", or the countdown before surgery."""
    day = day_number(plan, today)
    if day < 0:
        days = -day
        return f"Surgery in {days} day{'s' if days != 1 else ''}"
    if day == 0:
        return "Surgery day · week 1"
    return f"Day {day} after surgery · week {week_number(day)}"
