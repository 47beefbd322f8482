"""The brief's "Function and daily life" lines: the measures beyond pain
(issue 18, "Where it shows") in a line each, for a PT's minute.

Pure: `MeasureFigures` (journal/summary/measures.py) in, lines out, only for
the measures with answers in the range. The words follow the brief's `Voice`:
"you" on the patient's own summary, the patient's name on a PT's page. No
line calls a change better or worse where the measure has no clinical rule
for it (SANE: journal/measures/thresholds.py), it gives the numbers.
"""

from dataclasses import dataclass

from journal.recovery.formatting import plural, short_date
from journal.summary.brief import Voice
from journal.summary.measures import MeasureFigures, WeekRow

# Nights woken: the latest week with answers and the one before it, so a PT
# sees which way sleep is going without a table.
SLEEP_WEEKS = 2


@dataclass(frozen=True)
class Line:
    """One measure: `label` in bold, then `text`."""

    label: str
    text: str


def _day(number: int | None) -> str:
    return f"day {number}, " if number is not None else ""


def _week_name(week: WeekRow) -> str:
    return f"week {week.week}" if week.week else "the week before surgery"


def function_line(m: MeasureFigures) -> Line | None:
    if m.sane_now is None or m.sane_now_on is None:
        return None
    text = f"{m.sane_now}% of normal on {short_date(m.sane_now_on)}"
    if m.sane_change is not None and m.sane_first_on is not None:
        text += f" ({m.sane_change:+d} points from {m.sane_first}% on {short_date(m.sane_first_on)})"
    return Line("Hip function (SANE)", text)


def opioid_line(m: MeasureFigures) -> Line | None:
    answered = sum(w.medicine_days for w in m.weeks)
    if m.last_opioid_day is not None:
        return Line(
            "Last opioid day",
            f"{_day(m.last_opioid_day_number)}{short_date(m.last_opioid_day)} "
            f"(opioids on {m.opioid_days} of {plural(answered, 'day')} answered)",
        )
    if answered:
        return Line("Opioids", f"none on the {plural(answered, 'day')} answered")
    return None


def sleep_line(m: MeasureFigures, voice: Voice) -> Line | None:
    weeks = [w for w in m.weeks if w.nights_answered][-SLEEP_WEEKS:]
    if not weeks:
        return None
    latest = weeks[-1]
    text = (
        f"pain woke {voice.subject} {latest.nights_woken} of "
        f"{plural(latest.nights_answered, 'night')} in {_week_name(latest)}"
    )
    if len(weeks) > 1:
        before = weeks[0]
        text += f" ({before.nights_woken} of {before.nights_answered} in {_week_name(before)})"
    return Line("Sleep", text)


def walking_line(m: MeasureFigures, voice: Voice) -> Line | None:
    if m.walking_since is not None:
        have = "have" if not voice.third_person else "has"
        return Line(
            "Walking",
            f"{voice.subject} {have} walked without a limp since "
            f"{_day(m.walking_since_day_number)}{short_date(m.walking_since)}",
        )
    if m.still_limping_on is not None:
        were = "were" if not voice.third_person else "was"
        return Line(
            "Walking",
            f"{voice.subject} {were} not yet walking without a limp on {short_date(m.still_limping_on)}",
        )
    return None


def sitting_line(m: MeasureFigures, voice: Voice) -> Line | None:
    if m.sitting_latest is None or m.sitting_latest_on is None:
        return None
    return Line(
        "Sitting",
        f"{voice.subject} could sit comfortably {m.sitting_latest.lower()} "
        f"on {short_date(m.sitting_latest_on)}",
    )


def lines(m: MeasureFigures | None, voice: Voice) -> list[Line]:
    """The lines with data, in the order a PT asks: function, medicine,
    sleep, walking, sitting. None or no answers: no lines."""
    if m is None or m.is_empty:
        return []
    found = [
        function_line(m), opioid_line(m), sleep_line(m, voice), walking_line(m, voice),
        sitting_line(m, voice),
    ]
    return [line for line in found if line is not None]
