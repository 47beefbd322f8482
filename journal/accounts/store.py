"""Accounts (one patient each) and their recovery plan, in the database."""

import secrets
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context
from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from journal.recovery.clock import iso
from journal.recovery.plan import Plan

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
DISPLAY_NAME_MAX_LENGTH = 60

# Werkzeug's scrypt: salted, slow and memory-hard. The app's
# PASSWORD_HASH_METHOD names it; only the tests set a cheaper one.
DEFAULT_PASSWORD_HASH_METHOD = "scrypt"

PATIENT = "patient"
CLINICIAN = "clinician"


def _hash_method() -> str:
    if has_app_context():
        return current_app.config["PASSWORD_HASH_METHOD"]
    return DEFAULT_PASSWORD_HASH_METHOD


def _hash_password(password: str) -> str:
    return generate_password_hash(password, method=_hash_method())


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """A hash to check for unknown emails, made with the same method as real
    ones: sign-in then takes the same time whether or not an account exists."""
    return generate_password_hash("not a real password", method=method)


# Made at import, as before: the first unknown email after start-up must not
# take a second hash's time.
_dummy_hash(DEFAULT_PASSWORD_HASH_METHOD)


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    display_name: str
    timezone: str
    session_secret: str
    # "patient" (a journal) or "clinician" (a PT: no journal, a caseload).
    role: str = "patient"

    @property
    def is_clinician(self) -> bool:
        return self.role == CLINICIAN


def account_from_row(row: dict[str, Any]) -> Account:
    """An Account from a `users` row."""
    return Account(
        id=row["id"],
        email=row["email"],
        display_name=row["display_name"],
        timezone=row["timezone"],
        session_secret=row["session_secret"],
        role=row.get("role") or PATIENT,
    )


def looks_like_email(email: str) -> bool:
    """A light shape check; without sending mail, nothing proves an address works."""
    local, at, domain = email.strip().rpartition("@")
    return bool(
        at and local and "." in domain.strip(".") and not any(c.isspace() for c in email.strip())
    )


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = (line.strip().lower() for line in path.read_text().splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


# zxcvbn scores 0-4; 3 is "safely unguessable: moderate protection from an
# offline slow-hash scenario" (about 10^8 guesses or more), ASVS 2.1's bar.
PASSWORD_MIN_SCORE = 3
# zxcvbn refuses longer input (its matching is quadratic); a password whose
# first 72 characters are strong is strong.
_ESTIMATED_LENGTH = 72
# Words anyone guessing at this app's patients would try first.
APP_WORDS = ("recovery", "journal", "recoveryjournal", "hip", "arthroscopy", "hiparthroscopy",
             "physio", "physiotherapy", "crutches", "surgery", "rehab", "pain")


def visible_characters(password: str) -> str:
    """The password as it counts towards the length: NFC-normalised, without
    invisible format characters (zero-width spaces and joiners, soft hyphens,
    bidi marks) or controls, which add nothing a person would type."""
    text = unicodedata.normalize("NFC", password)
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))


def password_problem(password: str, email: str = "", display_name: str = "") -> str | None:
    """Why a new password is too weak, or None.

    The strength estimate (zxcvbn) is told the patient's email, its local
    part, their name and this app's words, so a password made of them
    counts as the easy guess it is."""
    visible = visible_characters(password)
    if len(visible) < PASSWORD_MIN_LENGTH:
        if len(visible) < len(password):
            return (f"Use at least {PASSWORD_MIN_LENGTH} characters. Invisible characters, "
                    "like zero-width spaces, don't count.")
        return f"Use at least {PASSWORD_MIN_LENGTH} characters."
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"Use at most {PASSWORD_MAX_LENGTH} characters."
    if password.lower() in common_passwords():
        # zxcvbn rates a few of these well ("thisismypassword"); they are
        # still the first guesses a script tries.
        return "This password is on a list of very common passwords. Choose another."
    estimate = zxcvbn(visible[:_ESTIMATED_LENGTH], user_inputs=_context_words(email, display_name))
    if estimate["score"] >= PASSWORD_MIN_SCORE:
        return None
    return _advice(estimate)


def _context_words(email: str, display_name: str) -> list[str]:
    email = normalise_email(email)
    local = email.partition("@")[0]
    name = (display_name or "").strip().lower()
    words = [email, local, *local.replace("_", ".").replace("-", ".").split("."),
             name, *name.split(), *APP_WORDS]
    return [word for word in words if word]


def _advice(estimate: dict[str, Any]) -> str:
    """zxcvbn's warning and suggestions, after a plain first sentence."""
    from_context = any(
        match.get("dictionary_name") == "user_inputs" for match in estimate["sequence"]
    )
    parts = ["This password is too easy to guess."]
    if from_context:
        parts.append("It is built from your email, your name or words about this app.")
    feedback = estimate["feedback"]
    if feedback.get("warning"):
        parts.append(feedback["warning"])
    parts.extend(feedback.get("suggestions") or [])
    if len(parts) == 1 or (from_context and len(parts) == 2):
        parts.append("Try three or four unrelated words together.")
    return " ".join(parts)


def create_account(
    db: Database, email: str, password: str, display_name: str, timezone: str, now: datetime,
    role: str = PATIENT,
) -> int | None:
    """Create an account; returns its id, or None when the email is taken."""
    # Hashed before the transaction: the hash is slow on purpose, and the
    # write lock it would hold makes every other patient's save wait.
    password_hash = _hash_password(password)
    try:
        with db.atomic():
            cursor = db.execute(
                "INSERT INTO users (email, password_hash, display_name, timezone, created_at,"
                " session_secret, role) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    normalise_email(email),
                    password_hash,
                    display_name.strip(),
                    timezone,
                    iso(now),
                    new_session_secret(),
                    role,
                ],
            )
    except sqlite3.IntegrityError:
        # The only constraint an insert of checked values can break: the
        # UNIQUE email (NOT NULLs are all filled in above).
        return None
    return cursor.lastrowid


def get_account(db: Database, account_id: int) -> Account | None:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [account_id]))
    return account_from_row(rows[0]) if rows else None


def authenticate(db: Database, email: str, password: str) -> Account | None:
    """The account for this email and password, or None (in constant-ish time)."""
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [normalise_email(email)]))
    if not rows:
        check_password_hash(_dummy_hash(_hash_method()), password)
        return None
    if not check_password_hash(rows[0]["password_hash"], password):
        return None
    return account_from_row(rows[0])


def check_password(db: Database, account_id: int, password: str) -> bool:
    rows = list(db.query("SELECT password_hash FROM users WHERE id = ?", [account_id]))
    return bool(rows) and check_password_hash(rows[0]["password_hash"], password)


def new_session_secret() -> str:
    return secrets.token_hex(16)


def change_password(db: Database, account_id: int, new_password: str) -> Account | None:
    """Store the new hash and a new session secret, signing out other sessions."""
    password_hash = _hash_password(new_password)  # slow: outside any transaction
    with db.atomic():
        db.execute(
            "UPDATE users SET password_hash = ?, session_secret = ? WHERE id = ?",
            [password_hash, new_session_secret(), account_id],
        )
        db.execute("DELETE FROM sign_ins WHERE user_id = ?", [account_id])
    return get_account(db, account_id)


def update_profile(db: Database, account_id: int, display_name: str, timezone: str) -> None:
    db.execute(
        "UPDATE users SET display_name = ?, timezone = ? WHERE id = ?",
        [display_name.strip(), timezone, account_id],
    )


def get_plan_row(db: Database, account_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM plans WHERE user_id = ?", [account_id]))
    return rows[0] if rows else None


def get_plan(db: Database, account_id: int) -> Plan | None:
    """The patient's recovery plan, or None before it is set up."""
    row = get_plan_row(db, account_id)
    return Plan.from_row(row) if row else None


def save_plan(db: Database, account_id: int, plan: Plan, now: datetime) -> None:
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
