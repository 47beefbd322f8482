"""The daily measures a check-in may carry, and reading them from a form.

Pure: the check-in form's parser and the JSON import both call `parse`.
Every measure is optional; a blank answer is "not answered" (None).
"""

from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from journal.measures.thresholds import OPIOID_DOSES_MAX, SITTING_BANDS
from journal.recovery.numbers import whole_number

MEDICINES = {"none": "None", "non_opioid": "Non-opioid", "opioid": "Opioid"}
NIGHT_WAKING = {"no": "No", "once": "Once", "more": "More than once"}
WALKING = {"yes": "Yes", "not_yet": "Not yet"}
SITTING = dict(zip(
    (str(m) for m in SITTING_BANDS),
    ("Under 15 min", "15–30 min", "30–60 min", "An hour or more"),
))
FIELDS = ("medicine", "opioid_doses", "night_waking", "walking_without_limp", "sitting_minutes")


@dataclass(frozen=True)
class DailyMeasures:
    medicine: str | None = None
    opioid_doses: int | None = None
    night_waking: str | None = None
    walking_without_limp: bool | None = None
    sitting_minutes: int | None = None

    def answered(self) -> bool:
        return any(getattr(self, name) is not None for name in FIELDS)


def parse(form: MultiDict[str, str], errors: dict[str, str]) -> DailyMeasures:
    """The measures in `form`; a problem goes into `errors` under its field."""
    medicine = _choice(form, "medicine", MEDICINES, errors,
                       "Choose none, non-opioid or opioid medicine, or leave it blank.")
    raw_doses = form.get("opioid_doses", "").strip()
    doses = None
    if raw_doses:
        doses = whole_number(raw_doses, 2)
        if doses is None or not 1 <= doses <= OPIOID_DOSES_MAX:
            errors["opioid_doses"] = (
                f"Opioid doses are a whole number from 1 to {OPIOID_DOSES_MAX}, or blank."
            )
            doses = None
        elif medicine != "opioid":
            errors["opioid_doses"] = "Doses are counted for opioid medicine: choose “Opioid”."
    night = _choice(form, "night_waking", NIGHT_WAKING, errors,
                    "Choose no, once or more than once, or leave it blank.")
    walking = _choice(form, "walking_without_limp", WALKING, errors,
                      "Choose yes or not yet, or leave it blank.")
    sitting = _choice(form, "sitting_minutes", SITTING, errors,
                      "Choose how long you can sit from the list, or leave it blank.")
    return DailyMeasures(
        medicine=medicine,
        opioid_doses=doses,
        night_waking=night,
        walking_without_limp=None if walking is None else walking == "yes",
        sitting_minutes=None if sitting is None else int(sitting),
    )


def _choice(form: MultiDict[str, str], name: str, choices: dict[str, str],
            errors: dict[str, str], message: str) -> str | None:
    raw = form.get(name, "").strip()
    if raw == "":
        return None
    if raw not in choices:
        errors[name] = message
        return None
    return raw


def form_values(row: dict[str, Any]) -> dict[str, str]:
    """A stored check-in's measures as the form's fields (for editing)."""
    walking = row.get("walking_without_limp")
    return {
        "medicine": str(row.get("medicine") or ""),
        "opioid_doses": "" if row.get("opioid_doses") is None else str(row["opioid_doses"]),
        "night_waking": str(row.get("night_waking") or ""),
        "walking_without_limp": "" if walking is None else ("yes" if walking else "not_yet"),
        "sitting_minutes": "" if row.get("sitting_minutes") is None
        else str(row["sitting_minutes"]),
    }


# The check-in form's questions, in order: (field, question, choices).
QUESTIONS = (
    ("medicine", "Pain medicine today", MEDICINES),
    ("night_waking", "Did pain wake you last night?", NIGHT_WAKING),
    ("walking_without_limp", "Walking without a limp?", WALKING),
    ("sitting_minutes", "How long can you sit comfortably?", SITTING),
)


_MEDICINE_WORDS = {"none": "no pain medicine", "non_opioid": "non-opioid medicine",
                   "opioid": "opioid medicine"}
_NIGHT_WORDS = {"no": "pain didn't wake", "once": "pain woke once",
                "more": "pain woke more than once"}


def describe(row: dict[str, Any]) -> str:
    """A check-in's answered measures in a few words, for History and print:
    "opioid medicine (2 doses) · pain woke once · still limping · sits 15–30 min"."""
    parts = []
    if row.get("medicine"):
        words = _MEDICINE_WORDS[row["medicine"]]
        if row["medicine"] == "opioid" and row.get("opioid_doses"):
            doses = row["opioid_doses"]
            words += f" ({doses} dose{'' if doses == 1 else 's'})"
        parts.append(words)
    if row.get("night_waking"):
        parts.append(_NIGHT_WORDS[row["night_waking"]])
    if row.get("walking_without_limp") is not None:
        parts.append("walking without a limp" if row["walking_without_limp"] else "still limping")
    if row.get("sitting_minutes") is not None:
        parts.append("sits " + SITTING[str(row["sitting_minutes"])].lower())
    return " · ".join(parts)


def csv_cells(row: dict[str, Any]) -> list[object]:
    """The measures' cells of a check-in's CSV row, in FIELDS order, as the
    form words them (a blank cell: not answered)."""
    walking = row.get("walking_without_limp")
    sitting = row.get("sitting_minutes")
    return [
        MEDICINES.get(row.get("medicine") or "", ""),
        "" if row.get("opioid_doses") is None else row["opioid_doses"],
        NIGHT_WAKING.get(row.get("night_waking") or "", ""),
        "" if walking is None else WALKING["yes" if walking else "not_yet"],
        "" if sitting is None else SITTING[str(sitting)],
    ]
