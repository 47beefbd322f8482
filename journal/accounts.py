"""Accounts (one patient each) and their recovery plan, in the database."""

import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from journal.clock import iso

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
DISPLAY_NAME_MAX_LENGTH = 60

# Werkzeug's default is scrypt: salted, slow and memory-hard. Hashing a dummy
# password for unknown emails keeps sign-in time the same whether or not an
# account exists.
_DUMMY_HASH = generate_password_hash("not a real password")


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    display_name: str
    timezone: str
    session_version: int
    session_secret: str


def _account(row):
    return Account(
        id=row["id"],
        email=row["email"],
        display_name=row["display_name"],
        timezone=row["timezone"],
        session_version=row["session_version"],
        session_secret=row["session_secret"],
    )


def looks_like_email(email):
    """A light shape check; without sending mail, nothing proves an address works."""
    local, at, domain = email.strip().rpartition("@")
    return bool(
        at and local and "." in domain.strip(".") and not any(c.isspace() for c in email.strip())
    )


def normalise_email(email):
    return (email or "").strip().lower()


@lru_cache(maxsize=1)
def common_passwords():
    path = Path(__file__).with_name("common_passwords.txt")
    lines = (line.strip().lower() for line in path.read_text().splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password, email=""):
    """Why a new password is too weak, or None."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Use at least {PASSWORD_MIN_LENGTH} characters."
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"Use at most {PASSWORD_MAX_LENGTH} characters."
    if password.lower() in common_passwords():
        return "This password is on a list of very common passwords. Choose another."
    if email and password.lower() == normalise_email(email):
        return "Don't use your email address as your password."
    return None


def create_account(db, email, password, display_name, timezone, now):
    """Create an account; returns its id, or None when the email is taken."""
    try:
        with db.atomic():
            cursor = db.execute(
                "INSERT INTO users (email, password_hash, display_name, timezone, created_at,"
                " session_secret) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    normalise_email(email),
                    generate_password_hash(password),
                    display_name.strip(),
                    timezone,
                    iso(now),
                    new_session_secret(),
                ],
            )
    except Exception as error:  # sqlite3.IntegrityError on the UNIQUE email
        if "UNIQUE" in str(error):
            return None
        raise
    return cursor.lastrowid


def get_account(db, account_id):
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [account_id]))
    return _account(rows[0]) if rows else None


def authenticate(db, email, password):
    """The account for this email and password, or None (in constant-ish time)."""
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [normalise_email(email)]))
    if not rows:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(rows[0]["password_hash"], password):
        return None
    return _account(rows[0])


def check_password(db, account_id, password):
    rows = list(db.query("SELECT password_hash FROM users WHERE id = ?", [account_id]))
    return bool(rows) and check_password_hash(rows[0]["password_hash"], password)


def new_session_secret():
    return secrets.token_hex(16)


def change_password(db, account_id, new_password):
    """Store the new hash and a new session secret, signing out other sessions."""
    db.execute(
        "UPDATE users SET password_hash = ?, session_version = session_version + 1,"
        " session_secret = ? WHERE id = ?",
        [generate_password_hash(new_password), new_session_secret(), account_id],
    )
    return get_account(db, account_id)


def update_profile(db, account_id, display_name, timezone):
    db.execute(
        "UPDATE users SET display_name = ?, timezone = ? WHERE id = ?",
        [display_name.strip(), timezone, account_id],
    )


def get_plan_row(db, account_id):
    rows = list(db.query("SELECT * FROM plans WHERE user_id = ?", [account_id]))
    return rows[0] if rows else None


def save_plan(db, account_id, plan, now):
    db.execute(
        """
        INSERT INTO plans (user_id, procedure, side, surgery_date, crutch_weeks,
                           pt_start_date, pt_weeks, weight_bearing, weight_bearing_until,
                           updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (user_id) DO UPDATE SET
            procedure = excluded.procedure, side = excluded.side,
            surgery_date = excluded.surgery_date, crutch_weeks = excluded.crutch_weeks,
            pt_start_date = excluded.pt_start_date, pt_weeks = excluded.pt_weeks,
            weight_bearing = excluded.weight_bearing,
            weight_bearing_until = excluded.weight_bearing_until,
            updated_at = excluded.updated_at
        """,
        [
            account_id,
            plan.procedure,
            plan.side,
            plan.surgery_date.isoformat(),
            plan.crutch_weeks,
            plan.pt_start_date.isoformat() if plan.pt_start_date else None,
            plan.pt_weeks,
            plan.weight_bearing,
            plan.weight_bearing_until.isoformat() if plan.weight_bearing_until else None,
            iso(now),
        ],
    )
