"""Milestones: dated steps of the recovery (crutches, PT, back to everyday life).

Every function takes the patient's id and touches only that patient's rows:
`get_milestone` is the one place that decides "is this milestone yours".
Dates are the patient's local ISO dates.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from journal.recovery.clock import iso
from journal.recovery.formatting import long_date

if TYPE_CHECKING:
    # Only for the annotations: the form module imports this one.
    from journal.milestones.form import MilestoneInput

# The walking aid only: how much weight the leg may take is the surgeon's
# separate instruction on the plan (`plan.WEIGHT_BEARING`).
KINDS = {
    "two_crutches": "Two crutches",
    "one_crutch": "One crutch",
    "off_crutches": "Off crutches",
    "first_pt": "First PT session",
    "pt_session": "PT session attended",
    "pt_discharge": "Discharged from PT",
    "driving": "Back to driving",
    "work": "Back to work",
    "sport": "Back to sport",
    "custom": "Something else",
}
# Crutch stages in the only order they can happen; any one may be skipped.
CRUTCH_STAGES = ("two_crutches", "one_crutch", "off_crutches")
# Kinds that happen more than once: PT sessions, and whatever the patient names.
REPEATABLE = frozenset({"pt_session", "custom"})
# Both count as a PT session attended; the earliest is the first session.
PT_SESSION_KINDS = frozenset({"first_pt", "pt_session"})
TITLE_MAX = 80


def label(milestone: dict[str, Any]) -> str:
    """What the patient reads: their own title for a custom one, else the kind's name."""
    if milestone["kind"] == "custom":
        return milestone["title"]
    return KINDS.get(milestone["kind"], milestone["kind"])


# The latest answer to "walking without a limp?" from `since` to the
# off-crutches day (the last check-in of a day wins, as everywhere a day has
# one answer), read in the milestones' own query: the summary and share
# pages keep their query budget, and a share link that drops milestones
# after its last day drops the answer with them.
_WALKING = """
    (SELECT {column} FROM checkins c
     WHERE c.user_id = milestones.user_id AND c.local_date BETWEEN ? AND milestones.date
       AND c.walking_without_limp IS NOT NULL
     ORDER BY c.local_date DESC, c.recorded_at DESC, c.id DESC LIMIT 1)"""
WALKING_COLUMNS = (
    f", CASE WHEN kind = 'off_crutches' THEN {_WALKING.format(column='local_date')} END"
    " AS walking_date"
    f", CASE WHEN kind = 'off_crutches' THEN {_WALKING.format(column='walking_without_limp')} END"
    " AS walking_without_limp"
)


def list_milestones(
    db: Database, user_id: int, start: date | str | None = None, end: date | str | None = None,
    walking_since: date | None = None,
) -> list[dict[str, Any]]:
    """The patient's milestones, oldest first, optionally within [start, end].

    `start` and `end` are dates (or ISO text), both inclusive. Returns dicts
    with `id`, `kind`, `title` ('' unless custom) and `date` (ISO text).
    With `walking_since` (the surgery date: a limp before it is what was
    operated on), off crutches also carries `walking_date` and
    `walking_without_limp` (1, 0), the latest answer from then to its day,
    or None for both (`windows.walking_answer`).
    """
    params: list[int | str]
    clauses, params = ["user_id = ?"], [user_id]
    if start is not None:
        clauses.append("date >= ?")
        params.append(str(start))
    if end is not None:
        clauses.append("date <= ?")
        params.append(str(end))
    columns = ""
    if walking_since is not None:
        columns = WALKING_COLUMNS
        since: list[int | str] = [walking_since.isoformat()] * 2
        params = since + params
    return list(
        db.query(
            f"SELECT id, kind, title, date{columns} FROM milestones"
            f" WHERE {' AND '.join(clauses)} ORDER BY date, id",
            params,
        )
    )


def get_milestone(db: Database, user_id: int, milestone_id: int) -> dict[str, Any] | None:
    """The milestone, or None when it isn't this patient's."""
    rows = list(
        db.query(
            "SELECT id, kind, title, date FROM milestones WHERE id = ? AND user_id = ?",
            [milestone_id, user_id],
        )
    )
    return rows[0] if rows else None


def add_milestone(db: Database, user_id: int, entry: "MilestoneInput", now: datetime) -> int:
    """Save a validated `MilestoneInput`; returns the new id."""
    cursor = db.execute(
        "INSERT INTO milestones (user_id, kind, title, date, created_at) VALUES (?, ?, ?, ?, ?)",
        [user_id, entry.kind, entry.title, entry.date.isoformat(), iso(now)],
    )
    return cursor.lastrowid  # type: ignore[return-value]  # always set after INSERT


def update_milestone(
    db: Database, user_id: int, milestone_id: int, entry: "MilestoneInput"
) -> bool:
    """Replace a milestone's kind, title and date; False when it isn't this patient's."""
    cursor = db.execute(
        "UPDATE milestones SET kind = ?, title = ?, date = ? WHERE id = ? AND user_id = ?",
        [entry.kind, entry.title, entry.date.isoformat(), milestone_id, user_id],
    )
    return cursor.rowcount == 1


def delete_milestone(db: Database, user_id: int, milestone_id: int) -> bool:
    cursor = db.execute(
        "DELETE FROM milestones WHERE id = ? AND user_id = ?", [milestone_id, user_id]
    )
    return cursor.rowcount == 1


def surgery_date_problem(db: Database, user_id: int, new_surgery_date: date) -> str | None:
    """Why the surgery date can't move to `new_surgery_date`, or None.

    Milestones happen on or after surgery, so the surgery date can't move
    past the earliest one: the patient moves or deletes that milestone first.
    """
    rows = list(
        db.query(
            "SELECT kind, title, date FROM milestones WHERE user_id = ? AND date < ?"
            " ORDER BY date, id LIMIT 1",
            [user_id, new_surgery_date.isoformat()],
        )
    )
    if not rows:
        return None
    earliest = rows[0]
    return (
        f"You logged “{label(earliest)}” on {long_date(earliest['date'])}, before that date. "
        "Choose a surgery date on or before it, or change that milestone on the Timeline first."
    )

