"""The signed-in patient, as every view sees them: who they are (the sign-in
itself), their plan, their own "today", and a download made for them.

Views of every feature import these; no view imports another view.
"""

import hashlib
import hmac
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from functools import wraps
from typing import Any

from flask import Response, current_app, redirect, session, stream_with_context, url_for
from flask.typing import ResponseReturnValue
from flask_login import UserMixin, current_user, login_user, logout_user

from journal.accounts import sign_ins, store as accounts
from journal.recovery import clock, plan as recovery_plan
from journal.recovery.numbers import whole_number
from journal.web import errors, rate_limits
from journal.web.db import get_db
from journal.web.extensions import login_manager


class SignedInPatient(UserMixin):
    """The signed-in account as flask-login sees it.

    The id carries the account's session secret and this sign-in's token.
    Signing out deletes the token's row, so a copy of the session or
    remember-me cookie opens nothing afterwards; a password change or "sign
    out everywhere" replaces the secret and deletes every row, and a deleted
    account's cookie can never open a new account that reuses its id.
    """

    def __init__(self, account: accounts.Account, token: str) -> None:
        self.account = account
        self.token = token
        self.id = account.id

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.session_secret}:{self.token}"


def sign_in_max_age() -> timedelta:
    """How long a sign-in lasts at most: as long as the remember-me cookie."""
    duration = current_app.config.get("REMEMBER_COOKIE_DURATION", timedelta(days=365))
    # flask-login takes seconds as well as a timedelta.
    return duration if isinstance(duration, timedelta) else timedelta(seconds=duration)


@login_manager.user_loader
def load_user(user_id: str) -> SignedInPatient | None:
    account_id, secret, token = (user_id.split(":") + ["", ""])[:3]
    if whole_number(account_id, 18) is None:
        return None
    if not secret or not token or len(token) > 100:
        return None
    account = sign_ins.signed_in_account(
        get_db(), int(account_id), token, clock.utc_now(), sign_in_max_age()
    )
    if account is None or not hmac.compare_digest(account.session_secret, secret):
        return None
    return SignedInPatient(account, token)


def sign_in(account: accounts.Account, remember: bool = False) -> None:
    # A fresh session at sign-in: nothing set before it (by anyone) survives.
    session.clear()
    token = sign_ins.start(get_db(), account.id, clock.utc_now(), sign_in_max_age())
    login_user(SignedInPatient(account, token), remember=remember)


def sign_out() -> None:
    """End this browser's sign-in on the server, then in the browser."""
    if current_user.is_authenticated:
        sign_ins.end(get_db(), current_user.token)
    # Clear first: logout_user then marks the remember-me cookie for deletion,
    # a mark that clearing afterwards would erase.
    session.clear()
    logout_user()


def reauthenticate(password: str, paused: str) -> bool:
    """Whether this is the signed-in patient's password, checked under their
    own re-authentication limit; past it, the request stops with a 429 page
    saying `paused` (what was not done).

    The limit is keyed to the account in this session, never to the
    email's sign-in counts: a stranger failing to sign in as the patient
    must not stop them changing their password or deleting their account.
    A wrong password here counts only against this limit."""
    account = current_user.account
    limit = rate_limits.Limit(
        f"reauth:{account.id}:{account.email}",
        current_app.config["REAUTH_LIMIT"],
        current_app.config["LOGIN_LIMIT_WINDOW_SECONDS"],
    )
    db = get_db()
    reservation = errors.reserve_or_refuse(
        db, [limit], clock.utc_now(), errors.paused_page("Too many password attempts", paused)
    )
    if accounts.check_password(db, account.id, password):
        rate_limits.release(db, reservation)
        return True
    return False


def current_plan() -> recovery_plan.Plan | None:
    """The signed-in patient's plan, or None before it is set up."""
    return accounts.get_plan(get_db(), current_user.account.id)


def plan_required(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    """Pass the patient's plan to `view` as `plan`; before there is one, set it up first."""

    @wraps(view)
    def with_plan(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        plan = current_plan()
        if plan is None:
            return redirect(url_for("plan.edit"))
        return view(*args, plan=plan, **kwargs)

    return with_plan


def today() -> date:
    """The signed-in patient's date where they live."""
    return clock.local_today(clock.utc_now(), current_user.account.timezone)


def now() -> datetime:
    """The signed-in patient's local time, as a naive datetime."""
    return clock.local_now(clock.utc_now(), current_user.account.timezone)


def download(body: bytes | str | Iterator[bytes], mimetype: str, filename: str) -> Response:
    """A file to save, never shown inline and never kept in a cache: it holds
    health data, and phones are shared and lost.

    `mimetype` is the bare type: Flask adds `; charset=utf-8` to text types.
    `body` may be a generator of chunks: it is then streamed, and runs with
    the request's context (and its database connection, which the teardown
    closes only after the last chunk)."""
    if not isinstance(body, (bytes, str)):
        body = stream_with_context(body)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def legacy_calendar_uid(account_id: int) -> str:
    """The calendar uid an account had before it was stored: stable per
    patient, but not the account number itself. Used once, for the row."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"calendar:{account_id}".encode(), hashlib.sha256).hexdigest()[:24]
