"""Register, sign in and sign out."""

import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from journal.accounts import store as accounts
from journal.accounts.forms import LoginForm, RegisterForm
from journal.clinicians import store as clinicians
from journal.clinicians.forms import ClinicianRegisterForm
from journal.recovery import clock
from journal.web import errors, rate_limits
from journal.web.db import get_db
from journal.web.patient import sign_in, sign_out

bp = Blueprint("auth", __name__)

DAY_SECONDS = 24 * 60 * 60


def _safe_next(target: str | None) -> str | None:
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


def _paused(heading: str, message: str) -> Callable[[int], str]:
    """The sign-in pages' refusal for `errors.reserve_or_refuse`."""
    return lambda wait_seconds: render_template(
        "accounts/auth/too_many.html",
        heading=heading,
        message=message,
        try_again=errors.try_again_in(wait_seconds),
    )


def _register_limits() -> tuple[rate_limits.Limit, rate_limits.Limit, rate_limits.Limit]:
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


@bp.route("/welcome")
def welcome() -> ResponseReturnValue:
    """The landing page: what the journal is and for whom, before any form."""
    if current_user.is_authenticated:
        return redirect(url_for("today.index"))
    return render_template("accounts/welcome.html")


@bp.route("/register", methods=["GET", "POST"])
def register() -> ResponseReturnValue:
    return _register(RegisterForm, "accounts/auth/register.html", accounts.PATIENT)


@bp.route("/register/pt", methods=["GET", "POST"])
def register_clinician() -> ResponseReturnValue:
    """A PT's account: the same rules, limits and sign-in as a patient's,
    with a clinic and a connect code instead of a journal."""
    return _register(ClinicianRegisterForm, "clinicians/register.html", accounts.CLINICIAN)


def _register(
    form_class: type[RegisterForm], template: str, role: str
) -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("today.index"))
    form = form_class()
    if form.validate_on_submit():
        db = get_db()
        tried, made, refused = _register_limits()
        # Reserved before the slow hash, atomically: sixty registrations
        # sent at once can't all read "room for one more".
        reservation = errors.reserve_or_refuse(
            db, [tried, made, refused], clock.utc_now(),
            _paused("Too many registrations",
                    "Too many accounts were registered from this network just now."),
        )
        account_id = accounts.create_account(
            db,
            form.email.data,
            form.password.data,
            form.display_name.data,
            form.timezone.data,
            clock.utc_now(),
            role=role,
        )
        if account_id is not None:
            rate_limits.release(db, reservation, {refused.key})
            if role == accounts.CLINICIAN:
                assert isinstance(form, ClinicianRegisterForm)
                clinicians.create_profile(db, account_id, form.clinic.data, clock.utc_now())
            sign_in(accounts.get_account(db, account_id), remember=True)
            if role == accounts.CLINICIAN:
                flash("Welcome. Give your patients this code, or let them scan it.", "success")
                return redirect(url_for("pt.code"), 303)
            flash("Welcome. Set up your recovery plan to start your journal.", "success")
            return redirect(url_for("plan.edit"), 303)
        rate_limits.release(db, reservation, {made.key})
        form.email.errors.append(
            "This email can't be used to register. If you already have an account, sign in."
        )
    status = 422 if form.errors else 200
    return render_template(template, form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("today.index"))
    form = LoginForm()
    if not form.is_submitted():
        return render_template("accounts/auth/login.html", form=form)
    if not form.validate_on_submit():
        return render_template("accounts/auth/login.html", form=form), 422
    db = get_db()
    limits = _login_limits(form.email.data)
    # The attempt is counted before the password is checked, in one write
    # transaction: forty sign-ins sent at the same instant get at most the
    # limit's worth of checks, not forty.
    reservation = errors.reserve_or_refuse(
        db, limits, clock.utc_now(),
        _paused("Too many sign-in attempts", "To protect your journal, signing in is paused."),
    )
    account = accounts.authenticate(db, form.email.data, form.password.data)
    if account is None:
        # One message whether or not the email has an account.
        form.password.errors.append("That email and password don't match an account.")
        return render_template("accounts/auth/login.html", form=form), 401
    # A success is no failure; the account's backstop keeps others' failures.
    rate_limits.release(db, reservation)
    rate_limits.clear(db, limits[1].key)
    sign_in(account, remember=form.remember.data)
    return redirect(_safe_next(request.args.get("next")) or url_for("today.index"), 303)


def _login_limits(email: str) -> list[rate_limits.Limit]:
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


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    sign_out()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"), 303)
