"""How dates read on every page, chart and file.

English month names whatever the server's locale (strftime's %b follows it),
looked up rather than formatted: a chart or a month's table writes dozens of
dates."""

from datetime import date

MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)


def short_date(day: date) -> str:
    """ "14 Mar" """
    return f"{day.day} {MONTHS[day.month]}"


def day_month_year(day: date) -> str:
    """ "14 Mar 2026" """
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def weekday_date(day: date) -> str:
    """ "Sun 20 Dec": a date in a sentence."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month]}"


def long_date(value: date | str) -> str:
    """ "Mon 14 Mar 2026" from an ISO date or a date."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month]} {value.year}"


def month_year(day: date) -> str:
    """ "March 2026" """
    return f"{MONTH_NAMES[day.month]} {day.year}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 day", "3 days": a count and its noun, the noun made plural with an
    "s" unless `many` names the plural ("1 sign", "2 signs"; "1 entry", "2 entries")."""
    return f"{count} {word if count == 1 else many or word + 's'}"
