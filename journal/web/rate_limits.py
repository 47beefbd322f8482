"""Attempt counting in SQLite, shared by every server worker.

An in-process limiter would give each gunicorn worker its own count, letting
a script guess N times per worker; the database is the one place all
workers share.

Every attempt is counted with `reserve`, *before* the work it guards (a
password check, a lookup), checking and counting in one write transaction:
forty sign-ins sent at the same instant are then forty turns at the lock, and
only the first few get a reservation, where reading the count first and
writing it after the password hash let all forty through. An attempt that
turns out not to count (a right password) is `release`d.
"""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

# Hits older than the longest window any limit uses are pruned; a limit with
# a longer window would lose its count.
LONGEST_WINDOW_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Limit:
    """At most `allowed` hits for `key` in any `window_seconds`."""

    key: str
    allowed: int
    window_seconds: int

    def __post_init__(self) -> None:
        if not 0 < self.window_seconds <= LONGEST_WINDOW_SECONDS:
            raise ValueError(f"window must be 1 s to {LONGEST_WINDOW_SECONDS} s")


@dataclass(frozen=True)
class Reservation:
    """An attempt's turn: refused (`wait_seconds` > 0) or counted (`hits`)."""

    wait_seconds: int
    hits: tuple[tuple[str, int], ...] = ()  # (key, hit id) per limit

    @property
    def refused(self) -> bool:
        return self.wait_seconds > 0


def wait_seconds(db: Database, limits: Sequence[Limit], now_ts: float) -> int:
    """Whole seconds until every limit has room again; 0 when none is reached."""
    wait = 0.0
    for limit in limits:
        rows = list(
            db.query(
                "SELECT count(*) AS n, min(at) AS oldest FROM rate_limit_hits"
                " WHERE key = ? AND at > ?",
                [limit.key, now_ts - limit.window_seconds],
            )
        )
        if rows[0]["n"] >= limit.allowed:
            wait = max(wait, rows[0]["oldest"] + limit.window_seconds - now_ts)
    return math.ceil(wait) if wait > 0 else 0


def minutes(seconds: int) -> int:
    """Seconds as the whole minutes a person is told to wait."""
    return math.ceil(seconds / 60)


def reserve(db: Database, limits: Sequence[Limit], now_ts: float) -> Reservation:
    """Check every limit and, when all have room, count this attempt against
    each, in one write transaction (BEGIN IMMEDIATE), so that no two requests
    can both see the last free slot. Quick: nothing slow happens inside it."""
    with db.atomic():
        wait = wait_seconds(db, limits, now_ts)
        if wait:
            return Reservation(wait)
        _prune(db, now_ts)
        hits = tuple(
            (
                limit.key,
                db.execute(
                    "INSERT INTO rate_limit_hits (key, at) VALUES (?, ?)", [limit.key, now_ts]
                ).lastrowid,
            )
            for limit in limits
        )
    return Reservation(0, hits)  # type: ignore[arg-type]  # lastrowid: set after an INSERT


def release(db: Database, reservation: Reservation, keys: set[str] | None = None) -> None:
    """Take back a reservation's hits (all, or those of `keys`): the attempt
    succeeded, or what was counted never happened."""
    ids = [hit_id for key, hit_id in reservation.hits if keys is None or key in keys]
    if ids:
        db.execute(
            "DELETE FROM rate_limit_hits WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        )


def clear(db: Database, key: str) -> None:
    db.execute("DELETE FROM rate_limit_hits WHERE key = ?", [key])


def _prune(db: Database, now_ts: float) -> None:

    # Old hits are useless; pruning here keeps the table small without a job.
    db.execute("DELETE FROM rate_limit_hits WHERE at <= ?", [now_ts - LONGEST_WINDOW_SECONDS])
