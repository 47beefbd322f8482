"""PTs, their connect codes, their connections to patients, their notes and
every look they take, in the database.

Ownership is decided here, in SQL: every read a PT makes names the PT, and
finds nothing for a patient who isn't connected to them.
"""

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from journal.clinicians import codes
from journal.recovery.clock import iso, parse_iso

CLINIC_MAX_LENGTH = 80
NOTE_MAX_LENGTH = 1000

# What a PT looked at, as the patient reads it ("looked at your summary").
LOOK_SUMMARY = "summary"
LOOK_WORDS = {LOOK_SUMMARY: "your summary"}


def create_profile(db: Database, user_id: int, clinic: str, now: datetime) -> str:
    """The new PT's clinic and first connect code; returns the code."""
    code = codes.new_code()
    db.execute(
        "INSERT INTO clinicians (user_id, clinic, connect_code, code_created_at) VALUES (?, ?, ?, ?)",
        [user_id, clinic.strip(), code, iso(now)],
    )
    return code


def get_profile(db: Database, user_id: int) -> dict[str, Any] | None:
    """The PT's clinic and code (with their name), or None."""
    rows = list(db.query(
        "SELECT u.id, u.display_name, c.clinic, c.connect_code, c.code_created_at"
        " FROM clinicians c JOIN users u ON u.id = c.user_id WHERE c.user_id = ?",
        [user_id],
    ))
    return rows[0] if rows else None


def rotate_code(db: Database, user_id: int, now: datetime) -> str:
    """A new code for the PT; the old one stops working at once. Patients
    already connected stay connected: the code only starts a connection."""
    while True:
        code = codes.new_code()
        try:
            db.execute(
                "UPDATE clinicians SET connect_code = ?, code_created_at = ? WHERE user_id = ?",
                [code, iso(now), user_id],
            )
            return code
        except sqlite3.IntegrityError:  # 1 in 2**60: another PT's code; draw again
            continue


def find_by_code(db: Database, code: str) -> dict[str, Any] | None:
    """The PT whose current code this is (name and clinic), or None."""
    rows = list(db.query(
        "SELECT u.id, u.display_name, c.clinic FROM clinicians c JOIN users u ON u.id = c.user_id"
        " WHERE c.connect_code = ? AND u.role = 'clinician'",
        [code],
    ))
    return rows[0] if rows else None


# --- Connections ------------------------------------------------------------


def connect(db: Database, patient_id: int, clinician_id: int, now: datetime) -> bool:
    """Connect the patient to the PT; False when they already were."""
    cursor = db.execute(
        "INSERT INTO pt_connections (patient_id, clinician_id, connected_at) VALUES (?, ?, ?)"
        " ON CONFLICT (patient_id, clinician_id) DO NOTHING",
        [patient_id, clinician_id, iso(now)],
    )
    return cursor.rowcount == 1


def patients_pts(db: Database, patient_id: int) -> list[dict[str, Any]]:
    """The patient's PTs: name, clinic, since when, when they last looked."""
    return list(db.query(
        """
        SELECT p.id, p.connected_at, p.last_viewed_at, u.display_name, c.clinic
        FROM pt_connections p JOIN users u ON u.id = p.clinician_id
        JOIN clinicians c ON c.user_id = p.clinician_id
        WHERE p.patient_id = ? ORDER BY p.connected_at, p.id
        """,
        [patient_id],
    ))


def disconnect(db: Database, patient_id: int, connection_id: int) -> dict[str, Any] | None:
    """End the patient's connection `connection_id` at once (its looks go
    with it); returns the PT it was with, or None when it isn't theirs."""
    with db.atomic():
        rows = list(db.query(
            "SELECT p.id, u.display_name FROM pt_connections p JOIN users u ON u.id = p.clinician_id"
            " WHERE p.id = ? AND p.patient_id = ?",
            [connection_id, patient_id],
        ))
        if not rows:
            return None
        db.execute("DELETE FROM pt_connections WHERE id = ?", [connection_id])
    return rows[0]


def connected_patient(db: Database, clinician_id: int, patient_id: int) -> dict[str, Any] | None:
    """The patient (id, name, time zone) and the connection's id, when this
    patient is connected to this PT; None otherwise: the one ownership check
    of every PT page that names a patient."""
    rows = list(db.query(
        "SELECT u.id, u.display_name, u.timezone, p.id AS connection_id"
        " FROM pt_connections p JOIN users u ON u.id = p.patient_id"
        " WHERE p.clinician_id = ? AND p.patient_id = ? AND u.role = 'patient'",
        [clinician_id, patient_id],
    ))
    return rows[0] if rows else None


# --- Looks (the audit trail) -------------------------------------------------


def previous_look(db: Database, connection_id: int, before: datetime) -> datetime | None:
    """When this PT last opened the patient's data before `before`, or None:
    what the summary's "since your last look" counts from."""
    rows = list(db.query(
        "SELECT MAX(looked_at) AS at FROM pt_looks WHERE connection_id = ? AND looked_at < ?",
        [connection_id, iso(before)],
    ))
    return parse_iso(rows[0]["at"]) if rows and rows[0]["at"] else None


def record_look(db: Database, connection_id: int, what: str, now: datetime) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO pt_looks (connection_id, what, looked_at) VALUES (?, ?, ?)",
            [connection_id, what, iso(now)],
        )
        db.execute(
            "UPDATE pt_connections SET last_viewed_at = ? WHERE id = ?", [iso(now), connection_id]
        )


def looks_for_patient(db: Database, patient_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """The latest looks at the patient's data, newest first, with the PT's name."""
    return list(db.query(
        """
        SELECT l.what, l.looked_at, u.display_name
        FROM pt_looks l JOIN pt_connections p ON p.id = l.connection_id
        JOIN users u ON u.id = p.clinician_id
        WHERE p.patient_id = ? ORDER BY l.looked_at DESC, l.id DESC LIMIT ?
        """,
        [patient_id, limit],
    ))


# --- Notes -------------------------------------------------------------------


def add_note(db: Database, clinician_id: int, patient_id: int, body: str, local_day: date,
             now: datetime) -> int:
    cursor = db.execute(
        "INSERT INTO pt_notes (patient_id, clinician_id, body, local_date, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [patient_id, clinician_id, body, local_day.isoformat(), iso(now)],
    )
    assert cursor.lastrowid is not None  # set after an INSERT
    return cursor.lastrowid


def notes_by_pt(db: Database, clinician_id: int, patient_id: int) -> list[dict[str, Any]]:
    """The notes this PT wrote to this patient, newest first, with whether each was read."""
    return list(db.query(
        "SELECT id, body, local_date, created_at, read_at FROM pt_notes"
        " WHERE clinician_id = ? AND patient_id = ? ORDER BY created_at DESC, id DESC",
        [clinician_id, patient_id],
    ))


_PATIENT_NOTES = """
    SELECT n.id, n.body, n.local_date, n.created_at, n.read_at, u.display_name AS pt_name
    FROM pt_notes n JOIN users u ON u.id = n.clinician_id
    WHERE n.patient_id = ?"""


def _with_day(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "day": date.fromisoformat(row["local_date"])} for row in rows]


def unread_notes(db: Database, patient_id: int) -> list[dict[str, Any]]:
    """The patient's unread notes, oldest first: what Today shows."""
    return _with_day(db.query(
        _PATIENT_NOTES + " AND n.read_at IS NULL ORDER BY n.created_at, n.id", [patient_id]
    ))


def notes_between(db: Database, patient_id: int, first: str, last: str) -> list[dict[str, Any]]:
    """The patient's notes written on local days `first` to `last` (ISO), oldest first."""
    return _with_day(db.query(
        _PATIENT_NOTES + " AND n.local_date BETWEEN ? AND ? ORDER BY n.created_at, n.id",
        [patient_id, first, last],
    ))


def mark_read(db: Database, patient_id: int, note_id: int, now: datetime) -> bool:
    """Mark the patient's note read; False when it isn't theirs."""
    rows = list(db.query(
        "SELECT read_at FROM pt_notes WHERE id = ? AND patient_id = ?", [note_id, patient_id]
    ))
    if not rows:
        return False
    if rows[0]["read_at"] is None:
        db.execute("UPDATE pt_notes SET read_at = ? WHERE id = ?", [iso(now), note_id])
    return True
