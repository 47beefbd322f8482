"""Failed-attempt counting in SQLite, shared by every server worker.

An in-process limiter would give each gunicorn worker its own count, letting
a script guess N times per worker; the database is the one place all
workers share.
"""

import math


def failures(db, key, now_ts, window_seconds):
    """How many failures `key` has in the window, and when the oldest expires."""
    rows = list(
        db.query(
            "SELECT count(*) AS n, min(at) AS oldest FROM rate_limit_hits"
            " WHERE key = ? AND at > ?",
            [key, now_ts - window_seconds],
        )
    )
    return rows[0]["n"], rows[0]["oldest"]


def blocked_minutes(db, limits, now_ts, window_seconds):
    """Minutes until every key is below its limit again; 0 when none is blocked.

    `limits` maps a key ("login-ip:1.2.3.4") to its allowed failures per window.
    """
    wait = 0.0
    for key, limit in limits.items():
        count, oldest = failures(db, key, now_ts, window_seconds)
        if count >= limit:
            wait = max(wait, oldest + window_seconds - now_ts)
    return math.ceil(wait / 60) if wait > 0 else 0


def record_failure(db, keys, now_ts, window_seconds):
    with db.atomic():
        # Old hits are useless; pruning here keeps the table small without a job.
        db.execute("DELETE FROM rate_limit_hits WHERE at <= ?", [now_ts - window_seconds])
        for key in keys:
            db.execute("INSERT INTO rate_limit_hits (key, at) VALUES (?, ?)", [key, now_ts])


def clear(db, key):
    db.execute("DELETE FROM rate_limit_hits WHERE key = ?", [key])
