"""Reading a submitted check-in form into a validated check-in, or field errors.

Pure: takes the form's fields and the patient's "now", returns plain values.
The form has one checkbox per location and, for each, a 0-10 radio group named
`intensity-<code>`; several locations make several readings.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from werkzeug.datastructures import MultiDict

from journal.measures import daily as daily_measures
from journal.recovery import locations
from journal.recovery.numbers import whole_number
from journal.recovery.warning_signs import ALL_SIGNS

CONTEXTS = {
    "morning": "Morning",
    "evening": "Evening",
    "after_pt": "After PT",
    "after_walking": "After walking",
    "night": "At night",
}
NOTE_MAX = 1000
# Backfill reaches far enough for a long recovery and a pre-surgery baseline,
# and no further: older dates are almost always typos (2062 for 2026).
BACKFILL_DAYS_MAX = 3 * 366
# Phones and servers disagree by a few seconds; "now" is not "the future".
CLOCK_SLACK = timedelta(minutes=2)


@dataclass(frozen=True)
class Reading:
    location: str
    intensity: int
    other_text: str = ""
    uid: str = ""  # kept from an earlier save or an import; new readings get one


@dataclass
class CheckinInput:
    local_date: date
    local_time: time
    readings: list[Reading] = field(default_factory=list)
    context: str | None = None
    note: str = ""
    home_exercises: bool | None = None
    warning_signs: tuple[str, ...] = ()
    pain_free: bool = False
    measures: daily_measures.DailyMeasures = field(default_factory=daily_measures.DailyMeasures)


def parse(
    form: MultiDict[str, str], now_local: datetime
) -> tuple[CheckinInput, dict[str, str]] | tuple[None, dict[str, str]]:
    """Validate `form` (a MultiDict) against the patient's local `now`.

    Returns `(CheckinInput, {})` or `(None, {field: message})`.
    """
    errors: dict[str, str] = {}

    chosen = _unique(form.getlist("location"))
    unknown = [code for code in chosen if code not in locations.BY_CODE]
    if unknown or len(chosen) > len(locations.LOCATIONS):
        errors["location"] = "Choose places from the list."
    elif not chosen:
        errors["location"] = "Choose at least one place that hurts, or use “Pain-free today”."

    readings = []
    for code in chosen:
        if code not in locations.BY_CODE:
            continue
        raw = form.get(f"intensity-{code}", "").strip()
        if raw == "":
            errors[f"intensity-{code}"] = (
                f"Choose how much your {locations.label(code).lower()} hurts, from 0 to 10."
            )
            continue
        intensity = whole_number(raw, 2)
        if intensity is None or intensity > 10:
            errors[f"intensity-{code}"] = "Pain is a whole number from 0 (no pain) to 10."
            continue
        other_text = ""
        if code == "other":
            other_text = " ".join(form.get("other_text", "").split())
            if not other_text:
                errors["other_text"] = "Say in a few words where the other pain is."
                continue
            if not other_text.isprintable():
                errors["other_text"] = "Use letters, numbers and punctuation only."
                continue
            if len(other_text) > locations.OTHER_TEXT_MAX:
                errors["other_text"] = (
                    f"Keep it to {locations.OTHER_TEXT_MAX} characters or fewer."
                )
                continue
        readings.append(Reading(code, intensity, other_text))

    context = form.get("context", "").strip() or None
    if context is not None and context not in CONTEXTS:
        errors["context"] = "Choose one of the listed moments, or none."

    note = form.get("note", "").replace("\r\n", "\n").strip()
    if "\x00" in note:
        errors["note"] = "The note has a character that can't be saved."
    elif len(note) > NOTE_MAX:
        errors["note"] = f"Keep the note to {NOTE_MAX:,} characters (it has {len(note):,})."

    signs = _unique(form.getlist("warning"))
    if any(sign not in ALL_SIGNS for sign in signs):
        errors["warning"] = "Choose signs from the list."

    home = form.get("home_exercises", "")
    if home not in {"", "yes", "no"}:
        errors["home_exercises"] = "Tick the box if you did your home exercises."

    measures = daily_measures.parse(form, errors)
    local_date, local_time = parse_when(form, now_local, errors)

    if errors:
        return None, errors
    # Without errors, parse_when has given both.
    assert local_date is not None and local_time is not None
    return (
        CheckinInput(
            local_date=local_date,
            local_time=local_time,
            readings=readings,
            context=context,
            note=note,
            home_exercises={"yes": True, "no": False}.get(home),
            warning_signs=tuple(signs),
            measures=measures,
        ),
        {},
    )


def parse_when(
    form: MultiDict[str, str], now_local: datetime, errors: dict[str, str]
) -> tuple[date | None, time | None]:
    """The check-in's local date and time; future and far-past dates are refused."""
    raw_date = form.get("date", "").strip()
    raw_time = form.get("time", "").strip()
    try:
        local_date = date.fromisoformat(raw_date) if raw_date else now_local.date()
        if len(raw_date) not in (0, 10):
            raise ValueError
    except ValueError:
        errors["date"] = "Enter the date as year-month-day, for example 2026-03-14."
        return None, None
    try:
        local_time = (
            time.fromisoformat(raw_time).replace(second=0, microsecond=0, tzinfo=None)
            if raw_time
            else now_local.time().replace(second=0, microsecond=0, tzinfo=None)
        )
        if len(raw_time) not in (0, 5, 8):
            raise ValueError
    except ValueError:
        errors["time"] = "Enter the time as hours and minutes, for example 08:30."
        return local_date, None
    wall_now = now_local.replace(tzinfo=None)
    if datetime.combine(local_date, local_time) > wall_now + CLOCK_SLACK:
        if local_date > wall_now.date():
            errors["date"] = "That date is in the future. Choose today or an earlier day."
        else:
            errors["time"] = "That time is later than now. Choose a time that has passed."
    elif (wall_now.date() - local_date).days > BACKFILL_DAYS_MAX:
        errors["date"] = "That date is more than three years ago. Check the year."
    return local_date, local_time


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
