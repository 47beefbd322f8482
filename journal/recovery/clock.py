"""The current instant and the patient's local date and time.

Instants are stored as UTC ISO-8601 text; the patient's time zone is applied
only at the edges ("today", display, parsing what they typed).
"""

from collections.abc import Callable
from datetime import date, datetime, time, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app


def utc_now() -> datetime:
    """Now, in UTC; tests set `CLOCK` in the config to a callable to control it."""
    clock = current_app.config.get("CLOCK")
    return clock() if clock else datetime.now(timezone.utc)


def is_valid_timezone(name: str | None) -> bool:
    if not name or len(name) > 64 or name not in _timezone_names():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@lru_cache(maxsize=1)
def _timezone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def local_now(now_utc: datetime, tz_name: str) -> datetime:
    return now_utc.astimezone(ZoneInfo(tz_name))


def local_today(now_utc: datetime, tz_name: str) -> date:
    return local_now(now_utc, tz_name).date()


def to_utc(local_date: date, local_time: time, tz_name: str) -> datetime:
    """The UTC instant of a wall-clock time in the patient's zone.

    A time skipped by a DST jump (02:30 on spring-forward day) is read with
    the offset in force before the jump, as `zoneinfo` does; it is a real
    instant and keeps the date the patient chose.
    """
    local = datetime.combine(local_date, local_time, tzinfo=ZoneInfo(tz_name))
    return local.astimezone(timezone.utc)


def iso(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def date_parser() -> Callable[[str], date]:
    """`date.fromisoformat` that parses each text once: a year of rows names
    the same few hundred days over and over."""
    dates: dict[str, date] = {}

    def parse(text: str) -> date:
        parsed = dates.get(text)
        if parsed is None:
            parsed = dates[text] = date.fromisoformat(text)
        return parsed

    return parse


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February has no match in
    most years, so it counts from the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
