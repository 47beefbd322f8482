"""Reading a submitted recovery plan into a `Plan`, or field errors.

Pure: takes the plan's fields as text (a form, or an imported record turned
into text) and the patient's local today, and returns plain values. The plan
form and the JSON import both call `parse_plan`, so an import can hold no plan
the form would refuse, and the patient reads the same words in both.
"""

from collections.abc import Mapping
from datetime import date, timedelta

from journal.recovery import clock, plan as recovery_plan
from journal.recovery.numbers import whole_number

# Far enough back for a long or re-started recovery, far enough ahead to set
# the journal up before surgery; anything beyond is almost surely a typo.
SURGERY_YEARS_BACK = 5
SURGERY_DAYS_AHEAD = 366
PROCEDURE_MAX = 80
# Weeks are typed: three digits is more than any range allows, and no more
# digits than that need comparing.
WEEKS_DIGITS_MAX = 3
# An optional date (PT start, end of the weight-bearing instruction) falls
# within a year of surgery; further is almost surely a typo.
AFTER_SURGERY_DAYS_MAX = 365

# The plan's fields, in the order the form shows them (and problems are said).
FIELDS = (
    "procedure", "side", "surgery_date", "crutch_weeks", "pt_start_date", "pt_weeks",
    "weight_bearing", "weight_bearing_until",
)


def parse_plan(fields: Mapping[str, object], today: date) -> tuple[recovery_plan.Plan | None, dict[str, str]]:
    """Validate the plan's `fields` (text, as a form posts them) against `today`.

    Returns `(Plan, {})` or `(None, {field: message})`.
    """
    errors: dict[str, str] = {}

    procedure = " ".join(_text(fields, "procedure").split())
    if not procedure:
        errors["procedure"] = "Name the procedure."
    elif len(procedure) > PROCEDURE_MAX:
        errors["procedure"] = f"Use {PROCEDURE_MAX} characters or fewer."

    side = _text(fields, "side")
    if not side:
        errors["side"] = "Choose left, right or both."
    elif side not in recovery_plan.SIDES:
        # The words WTForms gave a radio button that isn't on the page.
        errors["side"] = "Not a valid choice."

    surgery = _surgery_date(_text(fields, "surgery_date").strip(), today, errors)

    crutch_weeks = _weeks(fields, "crutch_weeks", recovery_plan.CRUTCH_WEEKS_RANGE,
                         recovery_plan.CRUTCH_WEEKS_DEFAULT, errors)
    pt_start = _date_after_surgery(
        fields, "pt_start_date", surgery, "PT starts on or after the surgery date.", errors
    )
    pt_weeks = _weeks(fields, "pt_weeks", recovery_plan.PT_WEEKS_RANGE,
                     recovery_plan.PT_WEEKS_DEFAULT, errors)

    weight_bearing = _text(fields, "weight_bearing") or None
    if weight_bearing is not None and weight_bearing not in recovery_plan.WEIGHT_BEARING:
        errors["weight_bearing"] = "Choose one of the listed instructions."
        weight_bearing_code = None
    else:
        weight_bearing_code = weight_bearing
    until = _date_after_surgery(
        fields, "weight_bearing_until", surgery,
        "The instruction ends on or after the surgery date.", errors,
    )
    if "weight_bearing_until" not in errors:
        # Judged on the crutch weeks as typed, even out of range, as the
        # form always has.
        problem = recovery_plan.weight_bearing_problem(
            weight_bearing_code, until, surgery, _whole_number(_text(fields, "crutch_weeks"))
        )
        if problem:
            errors["weight_bearing_until"] = problem

    if errors:
        return None, {name: errors[name] for name in FIELDS if name in errors}
    # Each of these is None only alongside an error.
    assert surgery is not None and crutch_weeks is not None and pt_weeks is not None
    return (
        recovery_plan.Plan(
            surgery_date=surgery,
            side=side,
            procedure=procedure,
            crutch_weeks=crutch_weeks,
            pt_start_date=pt_start,
            pt_weeks=pt_weeks,
            weight_bearing=weight_bearing,
            weight_bearing_until=until,
        ),
        {},
    )


def _text(fields: Mapping[str, object], name: str) -> str:
    value = fields.get(name)
    return value if isinstance(value, str) else ""


def _iso_date(text: str) -> date:
    # fromisoformat also reads "20260314" and week dates; the form asks for one shape.
    if len(text) != 10:
        raise ValueError
    return date.fromisoformat(text)


def _surgery_date(text: str, today: date, errors: dict[str, str]) -> date | None:
    if not text:
        errors["surgery_date"] = "Enter the surgery date."
        return None
    try:
        value = _iso_date(text)
    except ValueError:
        errors["surgery_date"] = "Enter the date as year-month-day, for example 2026-03-14."
        return None
    if value > today + timedelta(days=SURGERY_DAYS_AHEAD):
        errors["surgery_date"] = "That is more than a year ahead. Check the year."
        return None
    if value < clock.years_before(today, SURGERY_YEARS_BACK):
        errors["surgery_date"] = "That is more than five years ago. Check the year."
        return None
    return value


def _date_after_surgery(
    fields: Mapping[str, object],
    name: str,
    surgery: date | None,
    too_early: str,
    errors: dict[str, str],
) -> date | None:
    """An optional date from the surgery day to a year after it; None when empty."""
    text = _text(fields, name).strip()
    if not text:
        return None
    try:
        value = _iso_date(text)
    except ValueError:
        errors[name] = "Enter the date as year-month-day, or leave it empty."
        return None
    if surgery and value < surgery:
        errors[name] = too_early
        return None
    if surgery and value > surgery + timedelta(days=AFTER_SURGERY_DAYS_MAX):
        errors[name] = "That is more than a year after surgery. Check the date."
        return None
    return value


def _whole_number(text: str) -> int | None:
    """`text` as a whole number of weeks, or None."""
    return whole_number(text.strip(), WEEKS_DIGITS_MAX)


def _weeks(
    fields: Mapping[str, object],
    name: str,
    allowed: tuple[int, int],
    typical: int,
    errors: dict[str, str],
) -> int | None:
    text = _text(fields, name).strip()
    low, high = allowed
    if not text:
        errors[name] = f"Enter a number of weeks ({typical} is typical)."
        return None
    weeks = _whole_number(text)
    if weeks is None:
        errors[name] = "Enter a number of weeks as a whole number, for example 2."
    elif not low <= weeks <= high:
        errors[name] = f"Enter {low} to {high} weeks."
    else:
        return weeks
    return None
