"""The journal as files the patient keeps or hands on: a spreadsheet (CSV) of
pain readings, and the complete journal as JSON.

Pure: takes the plain rows `journal_data` gathers and returns bytes or dicts.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from journal.checkins import form as checkin_form
from journal.measures import daily as daily_measures, transfer as measures_transfer
from journal.recovery import locations

# The JSON export names itself, so an import can tell it from any other file,
# and carries a version, so a later layout can still read this one.
FORMAT = "recovery-journal"
VERSION = 1

CSV_COLUMNS = [
    "checkin",
    "date",
    "time",
    "location_code",
    "location",
    "intensity",
    "context",
    "home_exercises",
    "note",
    *daily_measures.FIELDS,
]
CSV_MIMETYPE = "text/csv"  # Flask adds "; charset=utf-8" to text/* itself

# A spreadsheet runs a cell that starts with one of these as a formula
# (OWASP "CSV injection"): a note such as "=HYPERLINK(...)" could then fetch
# a web address or run a command when the PT opens the file.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A streamed download's chunks are about this many characters: large enough
# that sending one costs little, small enough that memory stays flat.
CHUNK_CHARS = 64 * 1024


def spreadsheet_safe(value: object) -> object:
    """Text as a spreadsheet should show it: a leading formula character gets
    a `'` in front, so it is read as text and shown as typed."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def readings_csv_chunks(checkins: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The CSV, one row per pain reading, oldest first, as UTF-8 chunks with a
    byte-order mark in front; `checkins` may be any iterable (a stream).

    The mark is what makes Excel read the file as UTF-8 (accents and emoji in
    notes); Numbers, LibreOffice and Python's `utf-8-sig` skip it. Every text
    cell is quoted, numbers are not, so a note holding the separator a
    spreadsheet guesses (`,`, `;` or a tab) or a line break stays in its cell.
    `checkin` numbers the check-ins in the file: a check-in's rows share it,
    and its note is on its first row only (a note repeated per reading made
    big files bigger for nothing).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff".encode("utf-8") + _drain(out)
    number = 0
    for checkin in checkins:
        if checkin["readings"]:
            number += 1
        _write_checkin(writer, number, checkin)
        if out.tell() >= CHUNK_CHARS:
            yield _drain(out)
    yield _drain(out)


def _write_checkin(writer: Any, number: int, checkin: dict[str, Any]) -> None:
    context = checkin_form.CONTEXTS.get(checkin["context"], "") if checkin["context"] else ""
    home = {None: "", 1: "yes", 0: "no"}[checkin["home_exercises"]]
    for index, reading in enumerate(checkin["readings"]):
        row = [
            number,
            checkin["local_date"],
            checkin["local_time"],
            reading["location"],
            locations.label(reading["location"], reading["other_text"]),
            reading["intensity"],
            context,
            home,
            checkin["note"] if index == 0 else "",
            # A check-in's measures, like its note, on its first row only.
            *(daily_measures.csv_cells(checkin) if index == 0 else [""] * 5),
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in row])


def _drain(out: io.StringIO) -> bytes:
    chunk = out.getvalue().encode("utf-8")
    out.seek(0)
    out.truncate()
    return chunk


# An upper bound on a reading's row apart from its own text: the check-in
# number, date, time, place code and name, intensity, context and yes/no,
# quoted, with separators and the line end (the longest is ~110 bytes), and
# the measures' five cells, empty ("" and a comma each).
CSV_ROW_MAX = 176
# A check-in's answered measures on its first row, beyond the empty cells
# counted above (the longest words: ~60 bytes).
MEASURES_CSV_MAX = 56


def csv_size_bound(measure: dict[str, int]) -> int:
    """No fewer bytes than the CSV of the check-ins `journal_data.download_measure`
    measured: the header, each reading's row, and each note (quoted, its
    quotes doubled, a formula guard) once."""
    return (
        256
        + measure["readings"] * CSV_ROW_MAX
        + measure["other_text_csv_bytes"]
        + measure["note_csv_bytes"]
        + (3 + MEASURES_CSV_MAX) * measure["checkins"]
    )


def journal_document(journal: dict[str, Any], exported_at: str) -> dict[str, Any]:
    """The complete journal as a JSON-ready dict (`format`, `version`, records)."""
    plan = journal["plan"]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at,
        "profile": {
            "display_name": journal["profile"]["display_name"],
            "timezone": journal["profile"]["timezone"],
        },
        "plan": None
        if plan is None
        else {
            "procedure": plan["procedure"],
            "side": plan["side"],
            "surgery_date": plan["surgery_date"],
            "crutch_weeks": plan["crutch_weeks"],
            "pt_start_date": plan["pt_start_date"],
            "pt_weeks": plan["pt_weeks"],
            "weight_bearing": plan["weight_bearing"],
            "weight_bearing_until": plan["weight_bearing_until"],
        },
        # The reminder calendar's identity: a calendar downloaded after a move
        # updates the events instead of adding copies.
        "calendar": None
        if journal.get("calendar") is None
        else {"uid": journal["calendar"]["uid"], "sequence": journal["calendar"]["sequence"]},
        "checkins": [_checkin(c) for c in journal["checkins"]],
        "hip_function": measures_transfer.ratings_document(journal.get("sane_ratings", [])),
        "milestones": [
            {
                "kind": m["kind"],
                "title": m["title"],
                "date": m["date"],
                "created_at": m["created_at"],
            }
            for m in journal["milestones"]
        ],
        "dismissed_prompts": [
            {"prompt_key": p["prompt_key"], "dismissed_at": p["dismissed_at"]}
            for p in journal["dismissed_prompts"]
        ],
        # For the patient's records only: a link can't move to another server
        # (its secret is not in the file), so an import leaves these out.
        "share_links": [dict(link) for link in journal["share_links"]],
        # From and about the patient's PTs, for their records; like share
        # links, a connection can't move to another server, so an import
        # leaves these out.
        "pt_notes": [
            {key: note[key] for key in ("pt_name", "clinic", "body", "local_date", "created_at",
                                        "read_at")}
            for note in journal.get("pt_notes", [])
        ],
        "pt_looks": [dict(look) for look in journal.get("pt_looks", [])],
    }


def _checkin(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": row["local_date"],
        "time": row["local_time"],
        "recorded_at": row["recorded_at"],
        "readings": [
            {
                "location": r["location"],
                "other_text": r["other_text"],
                "intensity": r["intensity"],
                "uid": r["uid"],
            }
            for r in row["readings"]
        ],
        "pain_free": bool(row["pain_free"]),
        "context": row["context"],
        "home_exercises": None if row["home_exercises"] is None else bool(row["home_exercises"]),
        "note": row["note"],
        "warning_signs": list(row["warning_signs"]),
        "measures": measures_transfer.checkin_measures(row),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def journal_json(journal: dict[str, Any], exported_at: str) -> bytes:
    """The JSON export as UTF-8 bytes, readable by a person too."""
    document = journal_document(journal, exported_at)
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
