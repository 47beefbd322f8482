"""Reading one value of an uploaded export: text, numbers, dates and instants,
checked as the forms check them, each problem said once in the patient's
words (`Problems`).
"""

import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

from journal.checkins import form as checkin_form


# Enough to fix a file; a thousand lines of errors help nobody.
MAX_PROBLEMS = 10
# UTC offsets run from -12:00 to +14:00: a recorded instant further than that
# from the check-in's wall-clock time does not belong to it.
MAX_UTC_OFFSET = timedelta(hours=14)


class Problems:
    """Collects what is wrong with a file, up to MAX_PROBLEMS."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.more = 0

    def add(self, message: str) -> None:
        if len(self.messages) < MAX_PROBLEMS:
            self.messages.append(message)
        else:
            self.more += 1

    def as_list(self) -> list[str]:
        if self.more:
            return self.messages + [f"…and {self.more} more problems."]
        return list(self.messages)


def shown(value: object) -> str:
    text = printable(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 20 else text[:20] + "…"


def printable(text: str) -> str:
    """Text safe to show in a message: a broken character as its escape,
    since the page itself could not be sent with it."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def read_list(document: dict[str, Any], key: str, problems: Problems) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        problems.add(f"“{key}” should be a list.")
        return []
    return value


def read_text(
    record: dict[str, Any],
    key: str,
    where: str,
    problems: Problems,
    default: str | None = None,
    max_length: int | None = None,
) -> str | None:
    value = record.get(key, default)
    if not isinstance(value, str):
        problems.add(f"{where}: “{key}” should be text.")
        return None
    if "\x00" in value or has_lone_surrogate(value):
        problems.add(f"{where}: “{key}” has a character that can't be saved.")
        return None
    if max_length is not None and len(value) > max_length:
        problems.add(f"{where}: “{key}” is longer than {max_length:,} characters.")
        return None
    return value


def read_integer(value: object) -> bool:
    # JSON true/false are ints to Python; a count of weeks is not a yes/no.
    return isinstance(value, int) and not isinstance(value, bool)


def read_iso_date(value: object) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError
    return date.fromisoformat(value)


def read_instant(
    record: dict[str, Any], key: str, where: str, now_utc: datetime, problems: Problems
) -> datetime | None:
    """A timestamp with its offset, not in the future; "now" when missing."""
    value = record.get(key)
    if value is None:
        return now_utc
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError
        instant = datetime.fromisoformat(value)
        if instant.tzinfo is None:
            raise ValueError
        instant = instant.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        problems.add(f"{where}: “{key}” should be a date and time with its UTC offset.")
        return None
    if instant > now_utc + checkin_form.CLOCK_SLACK:
        problems.add(f"{where}: “{key}” is in the future.")
        return None
    return instant


def has_lone_surrogate(text: str) -> bool:
    """True when `text` holds half of a UTF-16 pair (JSON's "\\ud800"): Python
    reads it, but it can't be written as UTF-8, so SQLite would refuse it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
