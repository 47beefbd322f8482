"""This week's hip-function question for Today: whether to ask it, and what
the patient answered last."""

from datetime import date
from typing import Any

from sqlite_utils import Database

from journal.measures import sane, store
from journal.measures.thresholds import SANE_QUESTION
from journal.prompts import dismissals
from journal.recovery.plan import Plan


def question_for_today(
    db: Database, user_id: int, plan: Plan, today: date, dismissed: set[str] | None = None
) -> dict[str, Any] | None:
    """The question when it is due this week, else None. `dismissed`: the
    patient's dismissed prompt keys, when the page has read them already."""
    key = sane.skip_key(plan, today)
    latest = store.latest_rating_date(db, user_id)
    if dismissed is None:
        dismissed = dismissals.dismissed_keys(db, user_id)
    if not sane.is_due(plan, today, latest, key in dismissed):
        return None
    return {"question": SANE_QUESTION}


def ratings_by_week(db: Database, user_id: int, plan: Plan) -> dict[int, int]:
    """{plan week number: that week's rating} from surgery on, for the timeline."""
    rows = store.ratings(db, user_id, start=plan.surgery_date)
    return {rating.week: rating.score for rating in sane.by_week(plan, rows)}
