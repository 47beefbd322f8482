"""A patient's whole journal in the database: gathered for export, restored
from an import, or erased with the account.

The milestones, prompt-dismissal, share-link and PT-note tables belong to other
features; this module reads and writes them with its own SQL so that moving or
deleting a journal never depends on how those features evolve.
"""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from journal.accounts import store as accounts
from journal.checkins import store as checkins
from journal.checkins.store import _with_readings
from journal.data import calendar_ids
from journal.measures import store as measures
from journal.recovery.clock import iso

if TYPE_CHECKING:
    # Only for the annotations: the import modules read files into these.
    from journal.data.import_records import ImportedCheckin
    from journal.data.imports import ImportedJournal


def gather(db: Database, user_id: int) -> dict[str, Any]:
    """Everything the patient has recorded, as plain rows, oldest first."""
    profile = list(
        db.query("SELECT display_name, timezone FROM users WHERE id = ?", [user_id])
    )[0]
    plans = list(db.query("SELECT * FROM plans WHERE user_id = ?", [user_id]))
    calendars = list(
        db.query("SELECT uid, sequence FROM calendars WHERE user_id = ?", [user_id])
    )
    return {
        "profile": profile,
        "plan": plans[0] if plans else None,
        "calendar": calendars[0] if calendars else None,
        "checkins": checkins_between(db, user_id),
        "sane_ratings": measures.ratings(db, user_id),
        "milestones": list(
            db.query(
                "SELECT kind, title, date, created_at FROM milestones WHERE user_id = ?"
                " ORDER BY date, id",
                [user_id],
            )
        ),
        "dismissed_prompts": list(
            db.query(
                "SELECT prompt_key, dismissed_at FROM prompt_dismissals WHERE user_id = ?"
                " ORDER BY id",
                [user_id],
            )
        ),
        # Never the token hash: with it, the export would be a key to the summary.
        "share_links": list(
            db.query(
                """
                SELECT label, range_kind, range_start, range_end, last_days, created_at,
                       expires_at, revoked_at, view_count, last_viewed_at
                FROM share_links WHERE user_id = ? ORDER BY id
                """,
                [user_id],
            )
        ),
        "pt_notes": gather_pt_notes(db, user_id),
        "pt_looks": list(
            db.query(
                """
                SELECT u.display_name AS pt_name, c.clinic, l.what, l.looked_at
                FROM pt_looks l JOIN pt_connections p ON p.id = l.connection_id
                JOIN users u ON u.id = p.clinician_id JOIN clinicians c ON c.user_id = p.clinician_id
                WHERE p.patient_id = ? ORDER BY l.looked_at, l.id
                """,
                [user_id],
            )
        ),
    }


def gather_pt_notes(db: Database, user_id: int) -> list[dict[str, Any]]:
    """The PTs' notes to the patient, oldest first, with the PT's name and
    clinic as they are now (deleting a PT deletes their notes, so both are
    always there)."""
    return list(
        db.query(
            """
            SELECT u.display_name AS pt_name, c.clinic, n.body, n.local_date, n.created_at,
                   n.read_at
            FROM pt_notes n JOIN users u ON u.id = n.clinician_id
            JOIN clinicians c ON c.user_id = n.clinician_id
            WHERE n.patient_id = ? ORDER BY n.created_at, n.id
            """,
            [user_id],
        )
    )


def checkins_between(
    db: Database, user_id: int, start: date | None = None, end: date | None = None
) -> list[dict[str, Any]]:
    """Check-ins with their readings, oldest first; `start`/`end` are local
    dates (inclusive), or None for no bound."""
    rows = list(
        db.query(
            """
            SELECT * FROM checkins
            WHERE user_id = ?
              AND local_date >= coalesce(?, '') AND local_date <= coalesce(?, '9999')
            ORDER BY local_date, recorded_at, id
            """,
            [user_id, start and start.isoformat(), end and end.isoformat()],
        )
    )
    return _with_readings(db, rows)


# Check-ins read per query by `stream_checkins`: a download's memory stays
# at one batch whatever the journal's size.
STREAM_BATCH = 100


def stream_checkins(
    open_db: Callable[[], Database], user_id: int, start: date | None = None,
    end: date | None = None, batch: int = STREAM_BATCH,
) -> Iterator[dict[str, Any]]:
    """`checkins_between` as a stream: the same check-ins in the same order,
    read `batch` at a time, for a download of any size.

    A generator: it reads only as the download is sent, inside one read
    transaction, so a check-in saved or edited meanwhile can't appear twice
    or go missing (in WAL mode a reader blocks no writer). The transaction
    ends when the stream does, or when it is closed half-way.

    `open_db` is called when the first chunk is wanted, not before: a
    streamed response is sent after the view has returned and its request's
    connection was closed, so the stream needs the connection of the context
    it runs in (Flask's `stream_with_context` pushes it again and closes it
    after the last chunk).
    """
    db = open_db()
    begun = not db.conn.in_transaction
    if begun:
        db.conn.execute("BEGIN")
    try:
        after = ("", "", 0)
        while True:
            rows = list(
                db.query(
                    """
                    SELECT * FROM checkins
                    WHERE user_id = ?
                      AND local_date >= coalesce(?, '') AND local_date <= coalesce(?, '9999')
                      AND (local_date, recorded_at, id) > (?, ?, ?)
                    ORDER BY local_date, recorded_at, id
                    LIMIT ?
                    """,
                    [user_id, start and start.isoformat(), end and end.isoformat(), *after,
                     batch],
                )
            )
            yield from _with_readings(db, rows)
            if len(rows) < batch:
                return
            last = rows[-1]
            after = (last["local_date"], last["recorded_at"], last["id"])
    finally:
        if begun and db.conn.in_transaction:
            db.conn.execute("ROLLBACK")  # read-only: nothing to keep


def download_measure(db: Database, user_id: int, start: date | None = None,
                     end: date | None = None) -> dict[str, int]:
    """What sizes a download of the check-ins in [start, end] (local dates,
    inclusive): check-ins with places, readings, and the bytes of their
    free text as JSON (SQLite's json_quote escapes as Python's json does)
    and as a quoted CSV cell. One pass over the range, nothing loaded."""
    params = {"user": user_id, "start": start and start.isoformat(),
              "end": end and end.isoformat()}
    checkin_rows = list(
        db.query(
            """
            SELECT count(*) AS checkins,
                   coalesce(sum(length(CAST(json_quote(note) AS BLOB))), 0) AS note_json_bytes,
                   coalesce(sum(length(CAST(replace(note, '"', '""') AS BLOB)) + 3), 0)
                     AS note_csv_bytes
            FROM checkins c
            WHERE user_id = :user
              AND local_date >= coalesce(:start, '') AND local_date <= coalesce(:end, '9999')
              AND EXISTS (SELECT 1 FROM readings r WHERE r.checkin_id = c.id)
            """,
            params,
        )
    )
    reading_rows = list(
        db.query(
            """
            SELECT count(*) AS readings,
                   coalesce(sum(length(CAST(json_quote(r.other_text) AS BLOB))), 0)
                     AS other_text_json_bytes,
                   coalesce(sum(length(CAST(replace(r.other_text, '"', '""') AS BLOB))), 0)
                     AS other_text_csv_bytes
            FROM checkins c JOIN readings r ON r.checkin_id = c.id
            WHERE c.user_id = :user
              AND c.local_date >= coalesce(:start, '') AND c.local_date <= coalesce(:end, '9999')
            """,
            params,
        )
    )
    return {**checkin_rows[0], **reading_rows[0],
            **measures.download_measure(db, user_id, start, end)}


def is_empty(db: Database, user_id: int) -> bool:
    """True when the patient has logged nothing yet: the only state an import
    may fill, so it can never mix two journals."""
    rows = list(
        db.query(
            "SELECT (SELECT count(*) FROM checkins WHERE user_id = :id)"
            " + (SELECT count(*) FROM milestones WHERE user_id = :id)"
            " + (SELECT count(*) FROM sane_ratings WHERE user_id = :id) AS n",
            {"id": user_id},
        )
    )
    return rows[0]["n"] == 0


class JournalNotEmpty(Exception):
    """The account gained records between the check and the import."""


def restore(
    db: Database, user_id: int, journal: "ImportedJournal", now: datetime
) -> tuple[int, int]:
    """Write an imported journal (`imports.ImportedJournal`) into an empty account.

    One transaction: any failure leaves the account exactly as it was.
    Returns `(check-ins, milestones)` counts.
    """
    with db.atomic():
        # Checked again inside the transaction: a check-in saved from another
        # phone a moment ago must not be mixed with the imported journal.
        if not is_empty(db, user_id):
            raise JournalNotEmpty()
        profile = journal.profile
        db.execute(
            "UPDATE users SET display_name = ?, timezone = ? WHERE id = ?",
            [profile.display_name, profile.timezone, user_id],
        )
        if journal.plan is not None:
            accounts.save_plan(db, user_id, journal.plan, now)
        if journal.calendar is not None:
            calendar_ids.restore(db, user_id, journal.calendar.uid, journal.calendar.sequence)
        for checkin in journal.checkins:
            _insert_checkin(db, user_id, checkin)
        for rating in journal.sane_ratings:
            measures.save_rating(db, user_id, rating.local_date, rating.score, now,
                                 _free_rating_uid(db, rating.uid), rating.created_at)
        for milestone in journal.milestones:
            db.execute(
                "INSERT INTO milestones (user_id, kind, title, date, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [user_id, milestone.kind, milestone.title, milestone.date.isoformat(),
                 iso(milestone.created_at)],
            )
        for prompt in journal.dismissed_prompts:
            db.execute(
                "INSERT INTO prompt_dismissals (user_id, prompt_key, dismissed_at)"
                " VALUES (?, ?, ?) ON CONFLICT (user_id, prompt_key) DO NOTHING",
                [user_id, prompt.prompt_key, iso(prompt.dismissed_at)],
            )
    return len(journal.checkins), len(journal.milestones)


def _insert_checkin(db: Database, user_id: int, checkin: "ImportedCheckin") -> None:
    # The recorded instant and timestamps come from the file, not from "now":
    # a moved journal keeps its history exactly.
    data = replace(checkin.data, readings=[
        replace(r, uid=_free_uid(db, r.uid)) for r in checkin.data.readings
    ])
    checkins.insert_as_recorded(
        db, user_id, data, checkin.recorded_at, checkin.created_at, checkin.updated_at
    )


def _free_uid(db: Database, uid: str) -> str:
    """The file's uid for a reading, or a fresh one when this server already
    has it: uids are unique per server (they name FHIR Observations), and a
    file imported twice, or one that repeats a uid, must not make two
    readings one. Rows inserted earlier in this import count too."""
    if uid and db.execute("SELECT 1 FROM readings WHERE uid = ?", [uid]).fetchone() is None:
        return uid
    return uuid.uuid4().hex


def _free_rating_uid(db: Database, uid: str) -> str:
    """The file's uid for a rating, or a fresh one if this server has it (as
    `_free_uid`: it names the FHIR QuestionnaireResponse)."""
    return uid if uid and not measures.uid_taken(db, uid) else uuid.uuid4().hex


def delete_account(db: Database, user_id: int) -> bool:

    """Erase the account and every row that belongs to it.

    Every table that holds a patient's rows references `users` (directly or
    through `checkins`) with ON DELETE CASCADE, so deleting the user removes
    them; failed sign-in counts are keyed by email, not id, and go by hand.
    Deleted share links stop working at once: their token hashes are gone.
    """
    rows = list(db.query("SELECT email FROM users WHERE id = ?", [user_id]))
    if not rows:
        return False
    # Overwrite the freed pages with zeros, so the deleted journal can't be
    # read back from the database file's free space.
    db.execute("PRAGMA secure_delete = ON")
    with db.atomic():
        # Whatever prefix the sign-in limiter puts before the email.
        db.execute(
            "DELETE FROM rate_limit_hits WHERE substr(key, -length(:email) - 1) = ':' || :email",
            {"email": rows[0]["email"]},
        )
        db.execute("DELETE FROM users WHERE id = ?", [user_id])
    return True
