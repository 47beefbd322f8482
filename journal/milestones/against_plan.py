"""The plan's milestones with what the journal knows beyond them: the
expected windows (`windows`, pure) fed the patient's walking answer from the
check-ins, for Today, the timeline and the summary alike."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from journal.milestones import store, windows
from journal.recovery import plan as recovery_plan


def expected_milestones(
    db: Database,
    user_id: int,
    plan: recovery_plan.Plan,
    entries: Sequence[dict[str, Any]],
    today: date,
) -> list[windows.ExpectedMilestone]:
    """`windows.expected_milestones` with the latest answer to "walking
    without a limp?" on or before the off-crutches day. `entries` are the
    patient's milestones (`store.list_milestones`, or those logged by a
    share link's last day). One query, and only once off crutches is logged."""
    off = windows.off_crutches_date(entries)
    walking = None
    if off is not None and off >= plan.surgery_date:
        # From surgery on: a limp before it is the problem being operated on
        # and says nothing about walking after it.
        found = store.latest_walking_answer(db, user_id, plan.surgery_date, off)
        if found is not None:
            walking = windows.WalkingAnswer(*found)
    return windows.expected_milestones(plan, entries, today, walking)
