"""Share links: secret, expiring, revocable links to a read-only summary for a PT.

The token is the only key to the summary, so it is treated like a password:
256 bits from `secrets`, stored only as its SHA-256 (a database leak gives no
working link), checked in constant time. The patient sees the full link once,
right after creating it; a lost link is replaced, never recovered.

Every function that names a link by id takes the patient's id too and only
touches that patient's links: `get_link` decides "is this link yours".
"""

import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from journal.recovery.clock import iso, parse_iso
from journal.recovery.formatting import day_month_year, plural
from journal.summary import date_ranges

# 32 bytes = 256 bits: far past the 128-bit floor, and still a 43-character URL.
TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 64
TOKEN_ALPHABET = frozenset(string.ascii_letters + string.digits + "-_")

LABEL_MAX = 60
EXPIRY_DAYS_RANGE = (1, 90)
EXPIRY_DAYS_DEFAULT = 30
LAST_DAYS_RANGE = (1, date_ranges.MAX_RANGE_DAYS)
LAST_DAYS_DEFAULT = 30

# Unknown tokens allowed per IP address per window. With 2^256 possible
# tokens guessing can't succeed anyway; the limit stops a script from
# hammering the database and filling the logs. Only unknown tokens count,
# and a valid link opens whatever the count: a PT who mistypes a link, or
# shares a clinic's address with people who do, is never locked out.
GUESS_LIMIT_PER_IP = 20
GUESS_WINDOW_SECONDS = 15 * 60

# Views of a share link closer together than this are one sitting: the PT
# reloading or opening a second tab hasn't "looked again" (see record_view).
LOOK_GAP = timedelta(hours=1)

# Why a token didn't open a summary; the view turns each into a friendly page.
UNKNOWN, REVOKED, EXPIRED = "unknown", "revoked", "expired"


@dataclass(frozen=True)
class LinkInput:
    """A validated new link: a label, a range and how many days it works."""

    label: str
    range_kind: str  # "last_days" or "fixed"
    expires_days: int
    last_days: int | None = None
    range_start: date | None = None
    range_end: date | None = None


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    # A plain SHA-256 is enough for 256 random bits: there is no dictionary to
    # try, so a slow, salted password hash would only slow down every view.
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def looks_like_token(token: str) -> bool:
    return 0 < len(token) <= TOKEN_MAX_LENGTH and set(token) <= TOKEN_ALPHABET


def create_link(db: Database, user_id: int, data: LinkInput, now: datetime) -> tuple[int, str]:
    """Store a new link; returns `(link_id, token)`. The token is never stored."""
    token = new_token()
    cursor = db.execute(
        """
        INSERT INTO share_links (user_id, label, token_hash, range_kind, range_start,
                                 range_end, last_days, created_at, expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            user_id,
            data.label,
            hash_token(token),
            data.range_kind,
            data.range_start.isoformat() if data.range_start else None,
            data.range_end.isoformat() if data.range_end else None,
            data.last_days,
            iso(now),
            iso(now + timedelta(days=data.expires_days)),
        ],
    )
    return cursor.lastrowid, token  # type: ignore[return-value]  # always set after INSERT


def list_links(db: Database, user_id: int) -> list[dict[str, Any]]:
    """The patient's links, newest first (token hashes left out)."""
    return list(
        db.query(
            """
            SELECT id, label, range_kind, range_start, range_end, last_days, created_at,
                   expires_at, revoked_at, view_count, last_viewed_at
            FROM share_links WHERE user_id = ? ORDER BY created_at DESC, id DESC
            """,
            [user_id],
        )
    )


def get_link(db: Database, user_id: int, link_id: int) -> dict[str, Any] | None:
    """The link, or None when it isn't this patient's (another's looks like none)."""
    rows = list(
        db.query(
            "SELECT * FROM share_links WHERE id = ? AND user_id = ?", [link_id, user_id]
        )
    )
    return rows[0] if rows else None


def revoke_link(db: Database, user_id: int, link_id: int, now: datetime) -> bool:
    """Stop the link working, for good. False when it isn't this patient's.
    Revoking twice keeps the first time."""
    cursor = db.execute(
        "UPDATE share_links SET revoked_at = coalesce(revoked_at, ?)"
        " WHERE id = ? AND user_id = ?",
        [iso(now), link_id, user_id],
    )
    return cursor.rowcount == 1


# A mistaken tap on Revoke can be undone for this long: long enough to
# notice, short enough that a revoked link is soon off for good.
UNDO_REVOKE = timedelta(minutes=10)


def can_undo_revoke(link: dict[str, Any], now: datetime) -> bool:
    return bool(link["revoked_at"]) and parse_iso(link["revoked_at"]) > now - UNDO_REVOKE


def undo_revoke(db: Database, user_id: int, link_id: int, now: datetime) -> bool:
    """Turn a link revoked in the last few minutes back on (its expiry is
    unchanged). False when it isn't this patient's, isn't revoked, or was
    revoked longer ago than UNDO_REVOKE."""
    cursor = db.execute(
        "UPDATE share_links SET revoked_at = NULL"
        " WHERE id = ? AND user_id = ? AND revoked_at > ?",
        [link_id, user_id, iso(now - UNDO_REVOKE)],
    )
    return cursor.rowcount == 1


def status(link: dict[str, Any], now: datetime) -> str:
    """ "revoked", "expired" or "active"."""
    if link["revoked_at"]:
        return REVOKED
    if parse_iso(link["expires_at"]) <= now:
        return EXPIRED
    return "active"


def resolve(
    db: Database, token: str, now: datetime
) -> tuple[dict[str, Any], None] | tuple[None, str]:
    """The one place a share token is checked: `(link, None)` or `(None, reason)`.

    `link` is the share_links row plus the owner's `display_name` and
    `timezone` (never the email); `reason` is UNKNOWN, REVOKED or EXPIRED.
    Read-only: counting the view is `record_view`'s job, so other pages of a
    share (downloads) can reuse this check.
    """
    if not looks_like_token(token):
        return None, UNKNOWN
    wanted = hash_token(token)
    rows = list(
        db.query(
            """
            SELECT s.*, u.display_name, u.timezone
            FROM share_links s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = ?
            """,
            [wanted],
        )
    )
    # The index lookup is keyed by the hash, so its timing reveals nothing
    # usable about the token; the final comparison is constant-time anyway,
    # so no code path compares secret material byte by byte.
    if not rows or not hmac.compare_digest(rows[0]["token_hash"], wanted):
        return None, UNKNOWN
    link = rows[0]
    state = status(link, now)
    if state != "active":
        return None, state
    return link, None


def record_view(db: Database, link_id: int, now: datetime) -> datetime | None:
    """Count a view of the summary; returns when the PT looked before this
    sitting (None on the first look), what "since your last look" counts from.

    Opened again within `LOOK_GAP` of the last view is the same sitting (a
    reload, a second tab): the earlier look stays the one to compare with,
    or reloading would empty "since your last look" at once."""
    # In a transaction of its own: sqlite-utils commits a write by itself only
    # when it returns no rows, and this one returns the previous look.
    with db.atomic():
        rows = db.execute(
            """
            UPDATE share_links SET
                previous_look_at = CASE WHEN last_viewed_at IS NULL OR last_viewed_at < ?
                                        THEN last_viewed_at ELSE previous_look_at END,
                view_count = view_count + 1,
                last_viewed_at = ?
            WHERE id = ?
            RETURNING previous_look_at
            """,
            [iso(now - LOOK_GAP), iso(now), link_id],
        ).fetchall()
    return parse_iso(rows[0][0]) if rows and rows[0][0] else None


def previous_look(link: dict[str, Any]) -> datetime | None:
    return parse_iso(link["previous_look_at"]) if link.get("previous_look_at") else None


def link_range(link: dict[str, Any], today: date) -> date_ranges.DateRange:
    """The days a link shows: its fixed dates, or the last N days up to `today`."""
    if link["range_kind"] == "last_days":
        return date_ranges.last_days(link["last_days"], today)
    return date_ranges.DateRange(
        date.fromisoformat(link["range_start"]), date.fromisoformat(link["range_end"])
    )


def describe_range(link: dict[str, Any]) -> str:
    """How the patient and the PT read a link's range."""
    if link["range_kind"] == "last_days":
        days = link["last_days"]
        return f"Always the last {plural(days, 'day')}"
    start = date.fromisoformat(link["range_start"])
    end = date.fromisoformat(link["range_end"])
    return f"{day_month_year(start)} to {day_month_year(end)}"
