"""Account: name shown to the PT, password."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from journal import accounts, clock, errors, rate_limits
from journal.db import get_db
from journal.views.auth import password_limits, sign_in

bp = Blueprint("account", __name__, url_prefix="/account")


class ProfileForm(FlaskForm):
    display_name = StringField(
        "Your first name (shown to your PT)",
        validators=[
            DataRequired("Enter a name your PT will recognise."),
            Length(max=accounts.DISPLAY_NAME_MAX_LENGTH, message="Use 60 characters or fewer."),
        ],
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    new_password = PasswordField("New password", validators=[DataRequired("Choose a new password.")])

    wrong_current_password = False

    def validate_current_password(self, field):
        if not accounts.check_password(get_db(), current_user.account.id, field.data or ""):
            self.wrong_current_password = True
            raise ValidationError("That isn't your current password.")

    def validate_new_password(self, field):
        problem = accounts.password_problem(field.data or "", current_user.account.email)
        if problem:
            raise ValidationError(problem)


def _render(profile_form=None, password_form=None, status=200):
    account = current_user.account
    profile_form = profile_form or ProfileForm(prefix="profile", display_name=account.display_name)
    password_form = password_form or PasswordForm(prefix="password")
    return (
        render_template(
            "account/index.html",
            account=account,
            profile_form=profile_form,
            password_form=password_form,
        ),
        status,
    )


@bp.route("")
@login_required
def index():
    return _render()


@bp.route("/profile", methods=["POST"])
@login_required
def profile():
    form = ProfileForm(prefix="profile")
    if not form.validate_on_submit():
        return _render(profile_form=form, status=422)
    account = current_user.account
    accounts.update_profile(get_db(), account.id, form.display_name.data, account.timezone)
    flash("Your name is saved.", "success")
    return redirect(url_for("account.index"))


@bp.route("/password", methods=["POST"])
@login_required
def password():
    # Wrong current passwords count against the account's sign-in limit, so
    # this form is no way round it on a borrowed, signed-in phone.
    db = get_db()
    limits = password_limits(current_user.account.email)
    now_ts = clock.utc_now().timestamp()
    window = current_app.config["LOGIN_LIMIT_WINDOW_SECONDS"]
    minutes = rate_limits.blocked_minutes(db, limits, now_ts, window)
    if minutes:
        return errors.render_error(
            429, "Too many password attempts",
            f"To protect your journal, this is paused. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
        )
    form = PasswordForm(prefix="password")
    if not form.validate_on_submit():
        if form.wrong_current_password:
            rate_limits.record_failure(db, list(limits), now_ts, window)
        return _render(password_form=form, status=422)
    account = accounts.change_password(get_db(), current_user.account.id, form.new_password.data)
    # The version bump signed out every session; this one signs in again.
    sign_in(account, remember=True)
    flash("Password changed. Other phones and browsers are now signed out.", "success")
    return redirect(url_for("account.index"))
