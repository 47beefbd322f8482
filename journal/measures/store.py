"""The measures in the database: a check-in's daily answers (columns of
`checkins`, m035) and the weekly SANE ratings. Every function takes the
patient's id and touches only that patient's rows."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from journal.measures.daily import DailyMeasures
from journal.recovery.clock import iso


def save_daily(db: Database, checkin_id: int, measures: DailyMeasures) -> None:
    """Write a check-in's measures; the caller has checked the check-in is
    the patient's and holds the transaction."""
    db.execute(
        "UPDATE checkins SET medicine = ?, opioid_doses = ?, night_waking = ?,"
        " walking_without_limp = ?, sitting_minutes = ? WHERE id = ?",
        [
            measures.medicine,
            measures.opioid_doses,
            measures.night_waking,
            None if measures.walking_without_limp is None else int(measures.walking_without_limp),
            measures.sitting_minutes,
            checkin_id,
        ],
    )


def save_rating(db: Database, user_id: int, local_date: date, score: int, now: datetime,
                uid: str = "", created_at: datetime | None = None) -> int:
    """Record a SANE rating; a second answer on the same day replaces the first."""
    cursor = db.execute(
        """
        INSERT INTO sane_ratings (user_id, local_date, score, uid, created_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (user_id, local_date) DO UPDATE SET score = excluded.score
        """,
        [user_id, local_date.isoformat(), score, uid or uuid.uuid4().hex,
         iso(created_at or now)],
    )
    rating_id: int = cursor.lastrowid  # type: ignore[assignment]  # always set after INSERT
    return rating_id


def ratings(db: Database, user_id: int, start: date | None = None,
            end: date | None = None) -> list[dict[str, Any]]:
    """The patient's ratings, oldest first."""
    return list(db.query(
        "SELECT id, local_date, score, uid, created_at FROM sane_ratings"
        " WHERE user_id = :user AND local_date BETWEEN :start AND :end ORDER BY local_date",
        {"user": user_id, "start": (start or date.min).isoformat(),
         "end": (end or date.max).isoformat()},
    ))


def latest_rating_date(db: Database, user_id: int) -> date | None:
    row = db.execute(
        "SELECT max(local_date) FROM sane_ratings WHERE user_id = ?", [user_id]
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def delete_rating(db: Database, user_id: int, rating_id: int) -> bool:
    """False when the rating isn't this patient's."""
    cursor = db.execute(
        "DELETE FROM sane_ratings WHERE id = ? AND user_id = ?", [rating_id, user_id]
    )
    return cursor.rowcount == 1


def sleep_answered(db: Database, user_id: int, local_date: date) -> bool:
    """Whether a check-in of this day already says if pain woke the patient
    last night: the question is asked once a day."""
    return db.execute(
        "SELECT 1 FROM checkins WHERE user_id = ? AND local_date = ? AND night_waking IS NOT NULL",
        [user_id, local_date.isoformat()],
    ).fetchone() is not None


def uid_taken(db: Database, uid: str) -> bool:
    return db.execute("SELECT 1 FROM sane_ratings WHERE uid = ?", [uid]).fetchone() is not None


def answers_between(db: Database, user_id: int, start: date,
                    end: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The range's check-ins that answered a measure (measures only) and its
    SANE ratings, in one query for the summary's query budget:
    (check-in answers, ratings), oldest first."""
    rows = list(db.query(
        """
        SELECT 'checkin' AS kind, local_date, recorded_at, medicine, opioid_doses, night_waking,
               walking_without_limp, sitting_minutes, NULL AS score, id
        FROM checkins
        WHERE user_id = :user AND local_date BETWEEN :start AND :end
          AND (medicine IS NOT NULL OR night_waking IS NOT NULL
               OR walking_without_limp IS NOT NULL OR sitting_minutes IS NOT NULL)
        UNION ALL
        SELECT 'rating', local_date, '', NULL, NULL, NULL, NULL, NULL, score, id
        FROM sane_ratings
        WHERE user_id = :user AND local_date BETWEEN :start AND :end
        ORDER BY local_date, recorded_at, id
        """,
        {"user": user_id, "start": start.isoformat(), "end": end.isoformat()},
    ))
    return ([r for r in rows if r["kind"] == "checkin"], [r for r in rows if r["kind"] == "rating"])


def download_measure(db: Database, user_id: int, start: date | None = None,
                     end: date | None = None) -> dict[str, int]:
    """What the measures add to a FHIR download of [start, end]: answered
    medicine and sleep questions (an Observation each) and ratings."""
    params = {"user": user_id, "start": (start or date.min).isoformat(),
              "end": (end or date.max).isoformat()}
    row = db.execute(
        """
        SELECT (SELECT count(medicine) + count(night_waking) FROM checkins
                WHERE user_id = :user AND local_date BETWEEN :start AND :end),
               (SELECT count(*) FROM sane_ratings
                WHERE user_id = :user AND local_date BETWEEN :start AND :end)
        """,
        params,
    ).fetchone()
    return {"measure_answers": row[0], "ratings": row[1]}
