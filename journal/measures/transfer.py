"""The measures in the JSON export and back: each check-in's daily answers
under `measures`, and the weekly ratings as `hip_function`.

Pure. An import goes through the same rules as the forms: the daily answers
through `daily.parse` (via the check-in form), a rating through
`sane.parse_score`, so a file can hold nothing the app would refuse.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from werkzeug.datastructures import MultiDict

from journal.data.import_values import Problems, read_instant, read_iso_date, read_integer, shown
from journal.measures import sane

# A rating's uid, as the export writes it (uuid4 hex), and a generous cap: a
# rating a week is about 50 a year.
RATING_UID = re.compile(r"[0-9a-f]{32}")
RATINGS_MAX = 5_000


def checkin_measures(row: dict[str, Any]) -> dict[str, Any]:
    walking = row.get("walking_without_limp")
    return {
        "medicine": row.get("medicine"),
        "opioid_doses": row.get("opioid_doses"),
        "night_waking": row.get("night_waking"),
        "walking_without_limp": None if walking is None else bool(walking),
        "sitting_minutes": row.get("sitting_minutes"),
    }


def ratings_document(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"date": r["local_date"], "score": r["score"], "uid": r["uid"],
         "created_at": r["created_at"]}
        for r in rows
    ]


def read_checkin_measures(record: dict[str, Any], where: str, form: MultiDict[str, str],
                          problems: Problems) -> None:
    """Put a check-in record's `measures` into `form` for the form's parser;
    a value of the wrong type is a problem here (the parser checks the rest)."""
    measures = record.get("measures")
    if measures is None:
        return
    if not isinstance(measures, dict):
        problems.add(f"{where}: “measures” should be a set of fields or null.")
        return
    for key in ("medicine", "night_waking"):
        value = measures.get(key)
        if value is not None and not isinstance(value, str):
            problems.add(f"{where}: “{key}” should be text or null.")
        elif value is not None:
            form[key] = value
    for key in ("opioid_doses", "sitting_minutes"):
        value = measures.get(key)
        if value is not None and not read_integer(value):
            problems.add(f"{where}: “{key}” should be a whole number or null.")
        elif value is not None:
            form[key] = str(value)
    walking = measures.get("walking_without_limp")
    if walking not in (None, True, False) or read_integer(walking):
        problems.add(f"{where}: “walking_without_limp” should be true, false or null.")
    elif walking is not None:
        form["walking_without_limp"] = "yes" if walking else "not_yet"


@dataclass(frozen=True)
class ImportedRating:
    local_date: date
    score: int
    uid: str
    created_at: datetime


def read_ratings(document: dict[str, Any], today: date, now_utc: datetime,
                 problems: Problems) -> list[ImportedRating]:
    """The file's `hip_function` ratings (absent in older exports: none)."""
    records = document.get("hip_function", [])
    if not isinstance(records, list):
        problems.add("“hip_function” should be a list.")
        return []
    if len(records) > RATINGS_MAX:
        problems.add(f"“hip_function” has {len(records):,} ratings; a journal has at most "
                      f"{RATINGS_MAX:,}.")
        return []
    ratings: dict[date, ImportedRating] = {}
    for index, record in enumerate(records, start=1):
        rating = _read_rating(record, index, today, now_utc, problems)
        if rating is not None:
            if rating.local_date in ratings:
                problems.add(f"Hip-function rating {index}: a second rating on "
                             f"{rating.local_date.isoformat()}; the journal keeps one a day.")
            ratings[rating.local_date] = rating
    return list(ratings.values())


def _read_rating(record: object, index: int, today: date, now_utc: datetime,
                 problems: Problems) -> ImportedRating | None:
    where = f"Hip-function rating {index}"
    if not isinstance(record, dict):
        problems.add(f"{where}: should be a set of fields.")
        return None
    try:
        local_date = read_iso_date(record.get("date"))
    except ValueError:
        problems.add(f"{where}: “date” should be a date as year-month-day.")
        return None
    if local_date > today:
        problems.add(f"{where}: the date {local_date.isoformat()} is in the future.")
        return None
    score_value = record.get("score")
    score, message = sane.parse_score(str(score_value)) if read_integer(score_value) else (
        None, sane.SCORE_MESSAGE)
    if score is None:
        problems.add(f"{where}: “score” {shown(score_value)}: {message}")
        return None
    uid = record.get("uid", "")
    if uid and not (isinstance(uid, str) and RATING_UID.fullmatch(uid)):
        problems.add(f"{where}: “uid” should be 32 hexadecimal characters.")
        return None
    created_at = read_instant(record, "created_at", where, now_utc, problems)
    if created_at is None:
        return None
    return ImportedRating(local_date, score, uid, created_at)
