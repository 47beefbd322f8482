"""A patient's reminder calendar identity, in the database: the uid its
events' UIDs are made from, and the SEQUENCE of its current version.

The uid moves with the journal (JSON export and import), so a calendar
downloaded from the new server updates the events the old one made instead
of adding a second reminder a day. Accounts that downloaded a calendar before
the uid was stored keep the one they had then (`legacy_uid`, which the view
derives from the server's key and the account), so their events don't double
either.
"""

import re
from typing import Any

from sqlite_utils import Database

# As the export writes it: hex, the length of the uids made so far (24) or
# longer, never anything a calendar app would have to escape.
UID_PATTERN = re.compile(r"[0-9a-f]{16,64}")
SEQUENCE_MAX = 1_000_000


def ensure(db: Database, user_id: int, legacy_uid: str) -> dict[str, Any]:
    """The patient's calendar row (`uid`, `sequence`, `fingerprint`), made
    from `legacy_uid` the first time it is needed."""
    db.execute(
        "INSERT INTO calendars (user_id, uid) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING",
        [user_id, legacy_uid],
    )
    return list(
        db.query(
            "SELECT uid, sequence, fingerprint FROM calendars WHERE user_id = ?", [user_id]
        )
    )[0]


def version_for(db: Database, user_id: int, legacy_uid: str, fingerprint: str) -> tuple[str, int]:
    """`(uid, sequence)` for a download whose events are `fingerprint`.

    SEQUENCE goes up by one whenever the events differ from the last
    download's (the plan's dates or the reminder time changed, or the journal
    just moved here), so calendar apps take the new file as an update
    (RFC 5546: a higher SEQUENCE wins; at an equal one, the later DTSTAMP).
    """
    with db.atomic():
        calendar = ensure(db, user_id, legacy_uid)
        if calendar["fingerprint"] == fingerprint:
            return calendar["uid"], calendar["sequence"]
        sequence = calendar["sequence"] + 1
        db.execute(
            "UPDATE calendars SET sequence = ?, fingerprint = ? WHERE user_id = ?",
            [sequence, fingerprint, user_id],
        )
    return calendar["uid"], sequence


def restore(db: Database, user_id: int, uid: str, sequence: int) -> None:

    """An imported journal's calendar (call inside the import's transaction).

    The fingerprint is left empty: the first download here counts as a new
    version, and its SEQUENCE is above every one the old server sent.
    """
    db.execute(
        "INSERT INTO calendars (user_id, uid, sequence, fingerprint) VALUES (?, ?, ?, '')"
        " ON CONFLICT (user_id) DO UPDATE SET uid = excluded.uid,"
        " sequence = excluded.sequence, fingerprint = ''",
        [user_id, uid, sequence],
    )
