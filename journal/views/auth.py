"""Register, sign in and sign out."""

import hmac
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from journal import accounts, clock, rate_limits
from journal.db import get_db
from journal.extensions import login_manager

bp = Blueprint("auth", __name__)


class SignedInPatient(UserMixin):
    """The signed-in account as flask-login sees it.

    The id carries the account's session secret: a password change (which
    replaces it) signs out every other session and remember-me cookie, and a
    deleted account's cookie can never open a new account that reuses its id.
    """

    def __init__(self, account):
        self.account = account
        self.id = account.id

    def get_id(self):
        return f"{self.account.id}:{self.account.session_secret}"


@login_manager.user_loader
def load_user(user_id):
    account_id, _, secret = user_id.partition(":")
    if not account_id.isascii() or not account_id.isdigit() or len(account_id) > 18 or not secret:
        return None
    account = accounts.get_account(get_db(), int(account_id))
    if account is None or not hmac.compare_digest(account.session_secret, secret):
        return None
    return SignedInPatient(account)


def sign_in(account, remember=False):
    # A fresh session at sign-in: nothing set before it (by anyone) survives.
    session.clear()
    login_user(SignedInPatient(account), remember=remember)


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
        ],
    )
    password = PasswordField("Password", validators=[DataRequired("Choose a password.")])
    timezone = HiddenField(default="UTC")

    def validate_email(self, field):
        if not accounts.looks_like_email(field.data or ""):
            raise ValidationError("Enter an email address like name@example.com.")

    def validate_password(self, field):
        problem = accounts.password_problem(field.data or "", self.email.data or "")
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
    """Only a local path: never redirect a patient to another site after sign-in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("today.index"))
    form = RegisterForm()
    db = get_db()
    # A taken email has to be refused, which tells whoever asks that it has an
    # account; limiting refusals per IP keeps that from becoming a lookup service.
    register_limit = {f"register-ip:{request.remote_addr}": current_app.config["LOGIN_LIMIT_PER_IP"]}
    now_ts = clock.utc_now().timestamp()
    window = current_app.config["LOGIN_LIMIT_WINDOW_SECONDS"]
    if request.method == "POST":
        minutes = rate_limits.blocked_minutes(db, register_limit, now_ts, window)
        if minutes:
            return render_template("auth/too_many.html", minutes=minutes), 429
    if form.validate_on_submit():
        account_id = accounts.create_account(
            db,
            form.email.data,
            form.password.data,
            form.display_name.data,
            form.timezone.data,
            clock.utc_now(),
        )
        if account_id is not None:
            sign_in(accounts.get_account(db, account_id), remember=True)
            flash("Welcome. Set up your recovery plan to start your journal.", "success")
            return redirect(url_for("plan.edit"))
        rate_limits.record_failure(db, list(register_limit), now_ts, window)
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
    if request.method == "POST":
        limits = _login_limits(form.email.data)
        db = get_db()
        now_ts = clock.utc_now().timestamp()
        window = current_app.config["LOGIN_LIMIT_WINDOW_SECONDS"]
        minutes = rate_limits.blocked_minutes(db, limits, now_ts, window)
        if minutes:
            return render_template("auth/too_many.html", minutes=minutes), 429
        if form.validate_on_submit():
            account = accounts.authenticate(db, form.email.data, form.password.data)
            if account is not None:
                rate_limits.clear(db, _account_key(account.email))
                sign_in(account, remember=form.remember.data)
                return redirect(_safe_next(request.args.get("next")) or url_for("today.index"))
            rate_limits.record_failure(db, list(limits), now_ts, window)
            # One message whether or not the email has an account.
            form.password.errors.append("That email and password don't match an account.")
        return render_template("auth/login.html", form=form), 401 if form.password.errors else 422
    return render_template("auth/login.html", form=form)


def _account_key(email):
    return f"login-account:{accounts.normalise_email(email)[:254]}"


def password_limits(email):
    """The account's limit on wrong passwords, shared by every form that asks
    for the password (sign-in, change password, delete account), so none of
    them is a way round the others."""
    return {_account_key(email): current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]}


def _login_limits(email):
    return {
        f"login-ip:{request.remote_addr}": current_app.config["LOGIN_LIMIT_PER_IP"],
        **password_limits(email),
    }


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # Clear first: logout_user then marks the remember-me cookie for deletion,
    # a mark that clearing afterwards would erase.
    session.clear()
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))

