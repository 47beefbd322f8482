"""Which prompts a patient has dismissed, and which Today shows.

A dismissal records the prompt's key, which names one occurrence (a sign on a
day, a run of bad days by its first day), so the prompt returns only when its
condition appears again.
"""

import re
from datetime import date, datetime, timedelta

from sqlite_utils import Database

from journal.checkins import ranges as checkin_range, store as checkins
from journal.prompts import journal_days, rules as prompts, safety
from journal.prompts.journal_days import Prompt
from journal.recovery import thresholds
from journal.recovery.plan import Plan, Progress
from journal.recovery.clock import iso

KEY_MAX = 120
KEY_PATTERN = re.compile(r"[a-z]+(:[a-z0-9_\-]+)+")


def is_valid_key(key: str) -> bool:
    return 0 < len(key) <= KEY_MAX and KEY_PATTERN.fullmatch(key) is not None


def dismiss(db: Database, user_id: int, key: str, now: datetime, max_kept: int) -> bool:
    """Record a dismissal; False, recording nothing, when the patient
    already has `max_kept` (a generous cap that only a script reaches: each
    key is valid text, so a loop could otherwise grow the table forever)."""
    with db.atomic():
        (count,) = db.execute(
            "SELECT count(*) FROM prompt_dismissals WHERE user_id = ?", [user_id]
        ).fetchone()
        if count >= max_kept:
            return False
        db.execute(
            "INSERT INTO prompt_dismissals (user_id, prompt_key, dismissed_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id, prompt_key) DO NOTHING",
            [user_id, key, iso(now)],
        )
    return True


def dismissed_keys(db: Database, user_id: int) -> set[str]:
    return {
        key
        for (key,) in db.conn.execute(
            "SELECT prompt_key FROM prompt_dismissals WHERE user_id = ?", [user_id]
        )
    }


def prompts_for_today(
    db: Database,
    user_id: int,
    plan: Plan,
    today: date,
    progress: Progress | None = None,
    saved_checkin_id: int | None = None,
    dismissed: set[str] | None = None,
) -> list[Prompt]:
    """The prompts Today shows, worded for today (`dismissed`: the patient's
    dismissed keys, when the page has read them already).

    The recent, undismissed safety and trend prompts; a check-in just saved
    (`saved_checkin_id`, if it is this patient's) shows its own safety prompts
    first, whether or not an earlier one was dismissed and whatever day it
    was logged for: a sign backfilled for last week still gets its advice,
    worded "if this is still happening".
    """
    shown_days = max(thresholds.SAFETY_PROMPT_SHOWN_DAYS, thresholds.TREND_PROMPT_SHOWN_DAYS)
    window_start = today - timedelta(days=shown_days - 1)
    places_from, severe_from = journal_days.days_needed_from(plan, window_start, today, progress)
    days = checkin_range.journal_days(db, user_id, places_from, severe_from, window_start, today)
    fired = prompts.fired_from_days(days, plan, window_start, today, progress)
    if dismissed is None:
        dismissed = dismissed_keys(db, user_id)
    shown = prompts.shown_on_today(fired, today, dismissed)
    saved = checkins.get_checkin(db, user_id, saved_checkin_id) if saved_checkin_id else None
    if saved is not None:
        day = date.fromisoformat(saved["local_date"])
        # A check-in of this week: the days just read cover it (they reach back
        # at least as far as its own day needs), so it is not read again.
        read = days if window_start <= day <= today else None
        own = _safety_on(db, user_id, plan, day, progress, read)
        keys = {p.key for p in own}
        shown = own + [p for p in shown if p.key not in keys]
    return [safety.as_seen_on(p, today) for p in shown]


def _safety_on(
    db: Database, user_id: int, plan: Plan, day: date, progress: Progress | None,
    days: journal_days.JournalDays | None = None,
) -> list[Prompt]:
    """The safety prompts of one day, read with the days before it, so calf
    pain that continues an episode asks about changes rather than alarming
    again; `days` when they have been read already."""
    if days is None:
        places_from, severe_from = journal_days.days_needed_from(plan, day, day, progress)
        days = checkin_range.journal_days(db, user_id, places_from, severe_from, day, day)
    fired = prompts.fired_from_days(days, plan, day, day, progress)
    return [p for p in fired if p.kind == "safety"]
