"""Signed-in browsers, one row each, so that signing out ends a session on
the server and not only in the browser that asked (ASVS 3.3.1).

The cookies (Flask's session and flask-login's remember-me) carry the
account id, the account's session secret and this sign-in's random token.
A request is signed in only while the token's row exists, the secret still
matches, and the sign-in is younger than `max_age`.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlite_utils import Database

from journal.accounts.store import Account, account_from_row, new_session_secret
from journal.recovery.clock import iso

TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: Database, account_id: int, now: datetime, max_age: timedelta) -> str:
    """Record a new sign-in; returns its token, for the cookies only."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with db.atomic():
        # The patient's sign-ins that no cookie can still name: without this
        # the table would keep one row for every browser ever closed.
        db.execute(
            "DELETE FROM sign_ins WHERE user_id = ? AND created_at < ?",
            [account_id, iso(now - max_age)],
        )
        db.execute(
            "INSERT INTO sign_ins (user_id, token_hash, created_at) VALUES (?, ?, ?)",
            [account_id, _hash(token), iso(now)],
        )
    return token


def signed_in_account(db: Database, account_id: int, token: str, now: datetime,
                      max_age: timedelta) -> Account | None:
    """The account this live sign-in belongs to, or None (signed out,
    expired, or never). One query: it runs on every signed-in page."""
    rows = list(
        db.query(
            "SELECT users.* FROM sign_ins JOIN users ON users.id = sign_ins.user_id"
            " WHERE sign_ins.token_hash = ? AND sign_ins.user_id = ? AND sign_ins.created_at >= ?",
            [_hash(token), account_id, iso(now - max_age)],
        )
    )
    return account_from_row(rows[0]) if rows else None


def end(db: Database, token: str) -> None:
    """Sign out the one browser holding `token`."""
    db.execute("DELETE FROM sign_ins WHERE token_hash = ?", [_hash(token)])


def end_all(db: Database, account_id: int) -> None:
    """Sign out every browser of this account; a new session secret also
    voids any cookie made before sign-ins were recorded."""
    with db.atomic():
        db.execute("DELETE FROM sign_ins WHERE user_id = ?", [account_id])
        db.execute(
            "UPDATE users SET session_secret = ? WHERE id = ?", [new_session_secret(), account_id]
        )
