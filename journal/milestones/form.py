"""Reading a submitted milestone form into a validated milestone, or field errors.

Pure: takes the form's fields, the patient's local today, the plan and the
milestones already logged, and returns plain values.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from journal.milestones.store import CRUTCH_STAGES, KINDS, REPEATABLE, TITLE_MAX, label
from journal.recovery.formatting import long_date
from journal.recovery.plan import Plan


@dataclass(frozen=True)
class MilestoneInput:
    kind: str
    date: date
    title: str = ""


def _when(value: date | str) -> str:
    return long_date(value)


def parse(
    form: MultiDict[str, str],
    today: date,
    plan: Plan,
    existing: Iterable[dict[str, Any]],
    editing_id: int | None = None,
) -> tuple[MilestoneInput, dict[str, str]] | tuple[None, dict[str, str]]:
    """Validate `form` (kind, title, date) against the plan and `existing` milestones.

    `existing` are the patient's milestones as `list_milestones` returns them;
    `editing_id` is the one being changed, which doesn't count against itself.
    Returns `(MilestoneInput, {})` or `(None, {field: message})`.
    """
    errors = {}
    kind = form.get("kind", "").strip()
    if kind not in KINDS:
        errors["kind"] = "Choose a milestone from the list."

    title = ""
    if kind == "custom":
        title = " ".join(form.get("title", "").split())
        if not title:
            errors["title"] = "Name the milestone in a few words, for example “First walk outside”."
        elif "\x00" in title:
            errors["title"] = "The title has a character that can't be saved."
        elif len(title) > TITLE_MAX:
            errors["title"] = f"Keep the title to {TITLE_MAX} characters (it has {len(title)})."

    when = _parse_date(form.get("date", ""), today, plan, errors)

    others = [m for m in existing if m["id"] != editing_id]
    if kind in KINDS and kind not in REPEATABLE:
        same = [m for m in others if m["kind"] == kind]
        if same:
            errors["kind"] = (
                f"You already logged “{KINDS[kind]}” on {_when(same[0]['date'])}. "
                "Change or delete that one instead."
            )
    if when is not None and kind in CRUTCH_STAGES and "date" not in errors:
        problem = crutch_order_problem(kind, when, others)
        if problem:
            errors["date"] = problem

    if errors:
        return None, errors
    # Without errors, _parse_date has given a date.
    assert when is not None
    return MilestoneInput(kind=kind, date=when, title=title), {}


def _parse_date(raw: str, today: date, plan: Plan, errors: dict[str, str]) -> date | None:
    raw = raw.strip()
    if not raw:
        return today
    try:
        if len(raw) != 10:
            raise ValueError
        value = date.fromisoformat(raw)
    except ValueError:
        errors["date"] = "Enter the date as year-month-day, for example 2026-03-14."
        return None
    if value > today:
        errors["date"] = "That date is in the future. Choose today or an earlier day."
        return None
    if value < plan.surgery_date:
        errors["date"] = (
            f"That is before your surgery ({_when(plan.surgery_date)}). "
            "Choose the surgery day or a later one."
        )
        return None
    return value


def crutch_order_problem(kind: str, when: date, others: Iterable[dict[str, Any]]) -> str | None:
    """Crutch stages go two → one → none; a stage dated out of order is refused.

    A stage may be skipped, and two stages may fall on the same day.
    """
    position = CRUTCH_STAGES.index(kind)
    for other in others:
        if other["kind"] not in CRUTCH_STAGES:
            continue
        other_position = CRUTCH_STAGES.index(other["kind"])
        other_date = date.fromisoformat(other["date"])
        if other_position < position and when < other_date:
            return (
                f"“{KINDS[kind]}” can't be before “{label(other)}”, which you logged on "
                f"{_when(other_date)}. Check the date, or change that milestone first."
            )
        if other_position > position and when > other_date:
            return (
                f"“{KINDS[kind]}” can't be after “{label(other)}”, which you logged on "
                f"{_when(other_date)}. Check the date, or change that milestone first."
            )
    return None
