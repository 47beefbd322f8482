"""One-tap saves ("Same as last check-in", "Pain-free today"): how long Undo is
offered, and when a second tap is asked about before it saves.

Three contradictory check-ins in a minute came from quick taps, not from
changing pain: an identical one-tap save a few minutes after the last one is
almost always a double tap, so it asks; Undo covers the rest.
"""

from datetime import timedelta
from typing import Any

from journal.checkins.form import CheckinInput

# Where the session keeps the patient's latest one-tap check-in, for Undo.
SESSION_KEY = "one_tap_checkin"
UNDO_WINDOW = timedelta(minutes=10)
ASK_AGAIN_WINDOW = timedelta(minutes=5)


def same_as(data: CheckinInput, checkin: dict[str, Any]) -> bool:
    """Would saving `data` record exactly what `checkin` already holds?"""
    new = sorted((r.location, r.intensity, r.other_text) for r in data.readings)
    saved = sorted((r["location"], r["intensity"], r["other_text"]) for r in checkin["readings"])
    return new == saved and data.pain_free == bool(checkin["pain_free"])


def remembered_id(value: object) -> int | None:
    """The id the session holds, if it holds one."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
