"""The weekly hip-function rating (SANE): reading an answer, when it is due,
and the ratings by the plan's weeks.

Pure: dates and plain rows in, plain values out.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from journal.measures.thresholds import SANE_EVERY_DAYS, SANE_MAX, SANE_MIN
from journal.recovery.numbers import whole_number
from journal.recovery.plan import Plan, week_number

SCORE_MESSAGE = f"Enter a whole number from {SANE_MIN} to {SANE_MAX} (100 is a normal hip)."


def parse_score(raw: str) -> tuple[int | None, str | None]:
    """`(score, None)` or `(None, message)`; a trailing % is allowed."""
    text = raw.strip().removesuffix("%").strip()
    score = whole_number(text, 3)
    if score is None or not SANE_MIN <= score <= SANE_MAX:
        return None, SCORE_MESSAGE
    return score, None


def week_start(plan: Plan, day: date) -> date:
    """The first day of the plan week `day` is in. Plan weeks start on the
    surgery's weekday and run on before surgery too, so a rating before the
    operation is a baseline week of its own."""
    offset = (day - plan.surgery_date).days // SANE_EVERY_DAYS * SANE_EVERY_DAYS
    return plan.surgery_date + timedelta(days=offset)


def skip_key(plan: Plan, today: date) -> str:
    """The key "Not this week" records (a prompt dismissal): one week's question."""
    return f"sane:{week_start(plan, today).isoformat()}"


def is_due(plan: Plan, today: date, latest: date | None, skipped: bool) -> bool:
    """Due once per plan week: not when this week has an answer or was skipped."""
    if skipped:
        return False
    return latest is None or latest < week_start(plan, today)


@dataclass(frozen=True)
class WeeklyRating:
    week: int  # the plan's week number (1 = days 0-6); 0 before surgery
    starts: date
    score: int
    local_date: date


def by_week(plan: Plan, ratings: list[dict[str, Any]]) -> list[WeeklyRating]:
    """One rating per plan week (the week's last answer), oldest first."""
    weeks: dict[date, WeeklyRating] = {}
    for row in sorted(ratings, key=lambda r: str(r["local_date"])):
        day = date.fromisoformat(str(row["local_date"]))
        starts = week_start(plan, day)
        weeks[starts] = WeeklyRating(
            week=week_number((starts - plan.surgery_date).days),
            starts=starts,
            score=row["score"],
            local_date=day,
        )
    return list(weeks.values())
