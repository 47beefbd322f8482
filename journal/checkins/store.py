"""Check-ins and their pain readings, in the database.

Every function takes the patient's id and only ever touches that patient's
rows: `get_checkin` is the one place that decides "is this check-in yours".
"""

import sqlite3
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from journal.checkins import pain_days
from journal.checkins.form import CheckinInput, Reading
from journal.measures import store as measures
from journal.recovery.clock import iso, local_now, to_utc

# Pain-free today records an explicit 0 at each place the patient has been
# tracking lately, so every daily figure and trend sees the zero. One reading
# per place, as the check-in form allows (a single "other").
PAIN_FREE_LOOKBACK_DAYS = 14


def _insert(db: Database, user_id: int, data: CheckinInput, tz: str, now: datetime) -> int:
    recorded = to_utc(data.local_date, data.local_time, tz)
    return insert_as_recorded(db, user_id, data, recorded, now, now)


def insert_as_recorded(
    db: Database,
    user_id: int,
    data: CheckinInput,
    recorded: datetime,
    created: datetime,
    updated: datetime,
) -> int:
    """Insert a check-in with its instants given, not derived from "now".

    An import uses it directly: a moved journal keeps its history exactly.
    Call inside a transaction with the rest of what belongs together.
    """
    cursor = db.execute(
        """
        INSERT INTO checkins (user_id, recorded_at, local_date, local_time, context, note,
                              home_exercises, pain_free, warning_signs, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            user_id,
            iso(recorded),
            data.local_date.isoformat(),
            data.local_time.strftime("%H:%M"),
            data.context,
            data.note,
            None if data.home_exercises is None else int(data.home_exercises),
            int(data.pain_free),
            " ".join(data.warning_signs),
            iso(created),
            iso(updated),
        ],
    )
    checkin_id: int = cursor.lastrowid  # type: ignore[assignment]  # always set after INSERT
    _insert_readings(db, checkin_id, data.readings)
    pain_days.add(db, user_id, data.local_date, data.readings)
    if data.measures.answered():
        measures.save_daily(db, checkin_id, data.measures)
    return checkin_id


def _insert_readings(
    db: Database,
    checkin_id: int,
    readings: Iterable[Reading],
    kept_uids: Mapping[str, str | None] | None = None,
) -> None:
    """Insert readings; a place that was already in the check-in keeps its uid
    (once: uids are unique on the server, m020)."""
    kept_uids = dict(kept_uids or {})
    for reading in readings:
        uid = reading.uid or kept_uids.pop(reading.location, None) or uuid.uuid4().hex
        db.execute(
            "INSERT INTO readings (checkin_id, location, other_text, intensity, uid)"
            " VALUES (?, ?, ?, ?, ?)",
            [checkin_id, reading.location, reading.other_text, reading.intensity, uid],
        )


class DayFull(Exception):
    """The day already holds the most check-ins a day may have."""


@dataclass(frozen=True)
class RequestKey:
    """A check-in request's idempotency key and a hash of what it carried."""

    key: str
    fingerprint: str


class AlreadySaved(Exception):
    """The request key was saved before with the same content: a retry.
    `checkin_id` is what it saved (None if that check-in was deleted since)."""

    def __init__(self, checkin_id: int | None) -> None:
        super().__init__(checkin_id)
        self.checkin_id = checkin_id


class KeyReused(Exception):
    """The request key was saved before with other content."""


def _claim(db: Database, user_id: int, request: RequestKey, now: datetime) -> None:
    """Take the key, or raise AlreadySaved / KeyReused. The primary key decides,
    not a look first: two tabs sending one key at once can't both take it."""
    try:
        db.execute(
            "INSERT INTO checkin_requests (user_id, request_key, fingerprint, created_at)"
            " VALUES (?, ?, ?, ?)",
            [user_id, request.key, request.fingerprint, iso(now)],
        )
    except sqlite3.IntegrityError:
        # The check-in it saved, if the patient hasn't deleted it since.
        row = db.execute(
            "SELECT r.fingerprint, c.id FROM checkin_requests r"
            " LEFT JOIN checkins c ON c.id = r.checkin_id AND c.user_id = r.user_id"
            " WHERE r.user_id = ? AND r.request_key = ?",
            [user_id, request.key],
        ).fetchone()
        if row[0] != request.fingerprint:
            raise KeyReused() from None
        raise AlreadySaved(row[1]) from None


def request_saved(db: Database, user_id: int, key: str) -> bool:
    """Whether a request with this key was saved before (a retry). Only to
    decide whether to ask "again?": the primary key still decides the save."""
    return db.execute(
        "SELECT 1 FROM checkin_requests WHERE user_id = ? AND request_key = ?", [user_id, key]
    ).fetchone() is not None


def create_checkin(
    db: Database,
    user_id: int,
    data: CheckinInput,
    tz: str,
    now: datetime,
    max_per_day: int | None = None,
    request: RequestKey | None = None,
) -> int:
    """Save a new check-in; with `max_per_day`, raise DayFull instead when
    its day already has that many (a generous cap only a script reaches).
    With `request`, a key already used raises AlreadySaved or KeyReused."""
    with db.atomic():
        if request is not None:
            _claim(db, user_id, request, now)
        if max_per_day is not None:
            (count,) = db.execute(
                "SELECT count(*) FROM checkins WHERE user_id = ? AND local_date = ?",
                [user_id, data.local_date.isoformat()],
            ).fetchone()
            if count >= max_per_day:
                raise DayFull()
        checkin_id = _insert(db, user_id, data, tz, now)
        if request is not None:
            db.execute(
                "UPDATE checkin_requests SET checkin_id = ? WHERE user_id = ? AND request_key = ?",
                [checkin_id, user_id, request.key],
            )
        return checkin_id


def update_checkin(
    db: Database, user_id: int, checkin_id: int, data: CheckinInput, tz: str, now: datetime
) -> bool:
    """Replace a check-in's contents; False when it is not this patient's."""
    recorded = to_utc(data.local_date, data.local_time, tz)
    with db.atomic():
        was_on = db.execute(
            "SELECT local_date FROM checkins WHERE id = ? AND user_id = ?", [checkin_id, user_id]
        ).fetchone()
        cursor = db.execute(
            """
            UPDATE checkins SET recorded_at = ?, local_date = ?, local_time = ?, context = ?,
                note = ?, home_exercises = ?, pain_free = ?, warning_signs = ?, updated_at = ?
            WHERE id = ? AND user_id = ?
            """,
            [
                iso(recorded),
                data.local_date.isoformat(),
                data.local_time.strftime("%H:%M"),
                data.context,
                data.note,
                None if data.home_exercises is None else int(data.home_exercises),
                int(data.pain_free and not data.readings),
                " ".join(data.warning_signs),
                iso(now),
                checkin_id,
                user_id,
            ],
        )
        if cursor.rowcount != 1:
            return False
        kept_uids = {
            row["location"]: row["uid"]
            for row in db.query(
                "SELECT location, uid FROM readings WHERE checkin_id = ?", [checkin_id]
            )
        }
        db.execute("DELETE FROM readings WHERE checkin_id = ?", [checkin_id])
        _insert_readings(db, checkin_id, data.readings, kept_uids)
        measures.save_daily(db, checkin_id, data.measures)
        pain_days.recount(db, user_id, [was_on[0], data.local_date])
    return True


def delete_checkin(db: Database, user_id: int, checkin_id: int) -> bool:
    with db.atomic():
        was_on = db.execute(
            "SELECT local_date FROM checkins WHERE id = ? AND user_id = ?", [checkin_id, user_id]
        ).fetchone()
        if was_on is None:
            return False
        db.execute("DELETE FROM checkins WHERE id = ? AND user_id = ?", [checkin_id, user_id])
        pain_days.recount(db, user_id, [was_on[0]])
    return True


def get_checkin(db: Database, user_id: int, checkin_id: int) -> dict[str, Any] | None:
    """The check-in with its readings, or None when it isn't this patient's."""
    rows = list(
        db.query("SELECT * FROM checkins WHERE id = ? AND user_id = ?", [checkin_id, user_id])
    )
    if not rows:
        return None
    return _with_readings(db, rows)[0]


def _with_readings(db: Database, checkins: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attach readings to check-ins with one query, whatever their number."""
    if not checkins:
        return []
    ids = [c["id"] for c in checkins]
    by_checkin: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    # json_each keeps it one parameterised query for any number of ids.
    for row in db.query(
        "SELECT * FROM readings WHERE checkin_id IN (SELECT value FROM json_each(?))"
        " ORDER BY id",
        [_json_list(ids)],
    ):
        by_checkin[row["checkin_id"]].append(row)
    for checkin in checkins:
        checkin["readings"] = by_checkin[checkin["id"]]
        checkin["warning_signs"] = tuple(checkin.get("warning_signs", "").split())
    return checkins


def _json_list(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def checkins_on(db: Database, user_id: int, local_date: date) -> list[dict[str, Any]]:
    rows = list(
        db.query(
            "SELECT * FROM checkins WHERE user_id = ? AND local_date = ?"
            " ORDER BY recorded_at, id",
            [user_id, local_date.isoformat()],
        )
    )
    return _with_readings(db, rows)


def last_checkin(db: Database, user_id: int) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM checkins WHERE user_id = ? ORDER BY local_date DESC, recorded_at DESC,"
            " id DESC LIMIT 1",
            [user_id],
        )
    )
    return _with_readings(db, rows)[0] if rows else None


def days_logged(db: Database, user_id: int, start: date, end: date) -> set[str]:
    """The local dates from `start` to `end` that have at least one check-in."""
    return {
        row["local_date"]
        for row in db.query(
            "SELECT DISTINCT local_date FROM checkins"
            " WHERE user_id = ? AND local_date BETWEEN ? AND ?",
            [user_id, start.isoformat(), end.isoformat()],
        )
    }


def history_page(
    db: Database, user_id: int, page: int, days_per_page: int
) -> tuple[list[tuple[str, list[dict[str, Any]]]], bool]:
    """Days that have check-ins, newest first, `days_per_page` at a time.

    Returns `(days, has_more)`, each day as `(local_date, [check-ins])`.
    """
    dates = [
        row["local_date"]
        for row in db.query(
            "SELECT DISTINCT local_date FROM checkins WHERE user_id = ?"
            " ORDER BY local_date DESC LIMIT ? OFFSET ?",
            [user_id, days_per_page + 1, (page - 1) * days_per_page],
        )
    ]
    has_more = len(dates) > days_per_page
    dates = dates[:days_per_page]
    if not dates:
        return [], False
    rows = list(
        db.query(
            "SELECT * FROM checkins WHERE user_id = ? AND local_date BETWEEN ? AND ?"
            " ORDER BY local_date DESC, recorded_at DESC, id DESC",
            [user_id, dates[-1], dates[0]],
        )
    )
    days: dict[str, list[dict[str, Any]]] = {d: [] for d in dates}
    for checkin in _with_readings(db, rows):
        days[checkin["local_date"]].append(checkin)
    return list(days.items()), has_more


def created_since(
    db: Database, user_id: int, checkin_id: int | None, since: datetime
) -> dict[str, Any] | None:
    """This patient's check-in `checkin_id` with its readings, if it was
    created at or after `since` (an Undo or an "again?" still applies)."""
    if checkin_id is None:
        return None
    rows = list(
        db.query(
            "SELECT * FROM checkins WHERE id = ? AND user_id = ? AND created_at >= ?",
            [checkin_id, user_id, iso(since)],
        )
    )
    return _with_readings(db, rows)[0] if rows else None


def oldest_day_of_page(db: Database, user_id: int, page: int, days_per_page: int) -> str | None:
    """The oldest day (ISO) on History's page `page`, or None when it has none."""
    rows = list(db.query(
        "SELECT DISTINCT local_date FROM checkins WHERE user_id = ?"
        " ORDER BY local_date DESC LIMIT 1 OFFSET ?",
        [user_id, page * days_per_page - 1],
    ))
    return rows[0]["local_date"] if rows else None


def repeat_input(db: Database, user_id: int, tz: str, now: datetime) -> CheckinInput | None:
    """The last check-in's readings again, now. None when there is none."""
    last = last_checkin(db, user_id)
    if last is None or not (last["readings"] or last["pain_free"]):
        return None
    moment = local_now(now, tz)
    return CheckinInput(
        local_date=moment.date(),
        local_time=moment.time().replace(second=0, microsecond=0, tzinfo=None),
        readings=[
            Reading(r["location"], r["intensity"], r["other_text"]) for r in last["readings"]
        ],
        pain_free=bool(last["pain_free"]),
    )


def pain_free_input(db: Database, user_id: int, tz: str, now: datetime) -> CheckinInput:
    """An explicit zero: 0 at every place tracked in the last two weeks."""
    moment = local_now(now, tz)
    since = (moment.date() - timedelta(days=PAIN_FREE_LOOKBACK_DAYS)).isoformat()
    tracked = [
        (row["location"], row["other_text"])
        for row in db.query(
            """
            SELECT r.location, max(r.other_text) AS other_text, min(r.id) AS first_id
            FROM readings r JOIN checkins c ON c.id = r.checkin_id
            WHERE c.user_id = ? AND c.local_date >= ?
            GROUP BY r.location ORDER BY first_id
            """,
            [user_id, since],
        )
    ]
    return CheckinInput(
        local_date=moment.date(),
        local_time=moment.time().replace(second=0, microsecond=0, tzinfo=None),
        readings=[Reading(code, 0, other) for code, other in tracked],
        pain_free=True,
    )
