"""Register, sign in and sign out."""

import hmac
import unicodedata
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from journal import accounts, sign_ins
from journal.recovery import clock
from journal.web import errors
from journal.recovery import names
from journal.web import rate_limits
from journal.web.db import get_db
from journal.web.extensions import login_manager

bp = Blueprint("auth", __name__)

DAY_SECONDS = 24 * 60 * 60


class SignedInPatient(UserMixin):
    """The signed-in account as flask-login sees it.

    The id carries the account's session secret and this sign-in's token.
    Signing out deletes the token's row, so a copy of the session or
    remember-me cookie opens nothing afterwards; a password change or "sign
    out everywhere" replaces the secret and deletes every row, and a deleted
    account's cookie can never open a new account that reuses its id.
    """

    def __init__(self, account, token):
        self.account = account
        self.token = token
        self.id = account.id

    def get_id(self):
        return f"{self.account.id}:{self.account.session_secret}:{self.token}"


def sign_in_max_age():
    """How long a sign-in lasts at most: as long as the remember-me cookie."""
    duration = current_app.config.get("REMEMBER_COOKIE_DURATION", timedelta(days=365))
    # flask-login takes seconds as well as a timedelta.
    return duration if isinstance(duration, timedelta) else timedelta(seconds=duration)


@login_manager.user_loader
def load_user(user_id):
    account_id, secret, token = (user_id.split(":") + ["", ""])[:3]
    if not account_id.isascii() or not account_id.isdigit() or len(account_id) > 18:
        return None
    if not secret or not token or len(token) > 100:
        return None
    account = sign_ins.signed_in_account(
        get_db(), int(account_id), token, clock.utc_now(), sign_in_max_age()
    )
    if account is None or not hmac.compare_digest(account.session_secret, secret):
        return None
    return SignedInPatient(account, token)


def sign_in(account, remember=False):
    # A fresh session at sign-in: nothing set before it (by anyone) survives.
    session.clear()
    token = sign_ins.start(get_db(), account.id, clock.utc_now(), sign_in_max_age())
    login_user(SignedInPatient(account, token), remember=remember)


def sign_out():
    """End this browser's sign-in on the server, then in the browser."""
    if current_user.is_authenticated:
        sign_ins.end(get_db(), current_user.token)
    # Clear first: logout_user then marks the remember-me cookie for deletion,
    # a mark that clearing afterwards would erase.
    session.clear()
    logout_user()


def display_name_rule(form, field):
    """Shown to the patient's PT: no line breaks, controls or bidi tricks."""
    if names.has_unsafe_character(field.data or ""):
        raise ValidationError(names.UNSAFE_MESSAGE)


class RegisterForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            Length(max=accounts.EMAIL_MAX_LENGTH),
        ],
    )
    display_name = StringField(
        "Your first name (shown to your PT)",
        validators=[
            DataRequired("Enter a name your PT will recognise."),
            Length(max=accounts.DISPLAY_NAME_MAX_LENGTH, message="Use 60 characters or fewer."),
            display_name_rule,
        ],
    )
    password = PasswordField("Password", validators=[DataRequired("Choose a password.")])
    timezone = HiddenField(default="UTC")

    def validate_email(self, field):
        if not accounts.looks_like_email(field.data or ""):
            raise ValidationError("Enter an email address like name@example.com.")

    def validate_password(self, field):
        problem = accounts.password_problem(
            field.data or "", self.email.data or "", self.display_name.data or ""
        )
        if problem:
            raise ValidationError(problem)

    def validate_timezone(self, field):
        # Filled in by the browser; a missing or odd value falls back to UTC,
        # which the patient can change on the plan page.
        if not clock.is_valid_timezone(field.data):
            field.data = "UTC"


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address."), Length(max=accounts.EMAIL_MAX_LENGTH)],
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=accounts.PASSWORD_MAX_LENGTH)],
    )
    remember = BooleanField("Keep me signed in on this phone", default=True)


def _safe_next(target):
    """Only a plain local path: never redirect a patient to another site
    after sign-in, and never put a control character in a header."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(unicodedata.category(c) in ("Cc", "Cf") for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _too_many(wait_seconds, heading, message):
    body = render_template(
        "auth/too_many.html",
        heading=heading,
        message=message,
        try_again=errors.try_again_in(wait_seconds),
    )
    return errors.too_many(body, wait_seconds)


def _register_limits():
    """Per address: registrations tried, accounts made in a day, and taken
    emails refused (a refusal says the email has an account; limiting them
    keeps that from becoming a lookup service)."""
    ip = request.remote_addr
    config = current_app.config
    window = config["LOGIN_LIMIT_WINDOW_SECONDS"]
    return (
        rate_limits.Limit(f"register-try:{ip}", config["REGISTER_LIMIT_PER_IP"], window),
        rate_limits.Limit(f"accounts-made:{ip}", config["ACCOUNTS_PER_IP_PER_DAY"], DAY_SECONDS),
        rate_limits.Limit(f"register-ip:{ip}", config["LOGIN_LIMIT_PER_IP"], window),
    )


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("today.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        db = get_db()
        tried, made, refused = _register_limits()
        # Reserved before the slow hash, atomically: sixty registrations
        # sent at once can't all read "room for one more".
        reservation = rate_limits.reserve(db, [tried, made, refused], clock.utc_now().timestamp())
        if reservation.refused:
            return _too_many(
                reservation.wait_seconds,
                "Too many registrations",
                "Too many accounts were registered from this network just now.",
            )
        account_id = accounts.create_account(
            db,
            form.email.data,
            form.password.data,
            form.display_name.data,
            form.timezone.data,
            clock.utc_now(),
        )
        if account_id is not None:
            rate_limits.release(db, reservation, {refused.key})
            sign_in(accounts.get_account(db, account_id), remember=True)
            flash("Welcome. Set up your recovery plan to start your journal.", "success")
            return redirect(url_for("plan.edit"))
        rate_limits.release(db, reservation, {made.key})
        form.email.errors.append(
            "This email can't be used to register. If you already have an account, sign in."
        )
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("today.index"))
    form = LoginForm()
    if not form.is_submitted():
        return render_template("auth/login.html", form=form)
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422
    db = get_db()
    limits = _login_limits(form.email.data)
    # The attempt is counted before the password is checked, in one write
    # transaction: forty sign-ins sent at the same instant get at most the
    # limit's worth of checks, not forty.
    reservation = rate_limits.reserve(db, limits, clock.utc_now().timestamp())
    if reservation.refused:
        return _too_many(
            reservation.wait_seconds,
            "Too many sign-in attempts",
            "To protect your journal, signing in is paused.",
        )
    account = accounts.authenticate(db, form.email.data, form.password.data)
    if account is None:
        # One message whether or not the email has an account.
        form.password.errors.append("That email and password don't match an account.")
        return render_template("auth/login.html", form=form), 401
    # A success is no failure; the account's backstop keeps others' failures.
    rate_limits.release(db, reservation)
    rate_limits.clear(db, limits[1].key)
    sign_in(account, remember=form.remember.data)
    return redirect(_safe_next(request.args.get("next")) or url_for("today.index"))


def _login_limits(email):
    """Failed sign-ins allowed: per address (any account), per account and
    address, and per account from anywhere.

    The lock-out is per (account, address) pair so that a stranger failing
    on purpose locks out only themselves: the owner, on their own phone and
    network, still gets in. The per-account backstop is higher and slower,
    so that many addresses together still can't guess quickly."""
    config = current_app.config
    ip = request.remote_addr
    email = accounts.normalise_email(email)[: accounts.EMAIL_MAX_LENGTH]
    window = config["LOGIN_LIMIT_WINDOW_SECONDS"]
    return [
        rate_limits.Limit(f"login-ip:{ip}", config["LOGIN_LIMIT_PER_IP"], window),
        # Keys that name an account end with ":email": deleting the account
        # deletes them (`journal_data.delete_account`).
        rate_limits.Limit(f"login-pair:{ip}:{email}", config["LOGIN_LIMIT_PER_ACCOUNT_AND_IP"], window),
        rate_limits.Limit(
            f"login-account:{email}",
            config["LOGIN_LIMIT_PER_ACCOUNT"],
            config["LOGIN_BACKSTOP_WINDOW_SECONDS"],
        ),
    ]


def reauthenticate(password):
    """`(right, wait_seconds)`: whether this is the signed-in patient's
    password, checked under their own re-authentication limit.

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
    reservation = rate_limits.reserve(db, [limit], clock.utc_now().timestamp())
    if reservation.refused:
        return False, reservation.wait_seconds
    if accounts.check_password(db, account.id, password):
        rate_limits.release(db, reservation)
        return True, 0
    return False, 0


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    sign_out()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
