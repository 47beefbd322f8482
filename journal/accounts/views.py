"""Account: name shown to the PT, password, signing out everywhere."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.fields.core import Field
from wtforms.validators import DataRequired, ValidationError

from journal.accounts import sign_ins, store as accounts
from journal.accounts.forms import ProfileForm
from journal.web.db import get_db
from journal.web.patient import reauthenticate, sign_in, sign_out

bp = Blueprint("account", __name__, url_prefix="/account")


class PasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    new_password = PasswordField("New password", validators=[DataRequired("Choose a new password.")])

    def validate_new_password(self, field: Field) -> None:
        account = current_user.account
        problem = accounts.password_problem(field.data or "", account.email, account.display_name)
        if problem:
            raise ValidationError(problem)


def _render(
    profile_form: FlaskForm | None = None,
    password_form: FlaskForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:

    account = current_user.account
    profile_form = profile_form or ProfileForm(prefix="profile", display_name=account.display_name)
    if account.is_clinician:  # a PT's name is read by their patients
        profile_form.display_name.label.text = "Your name (shown to your patients)"
    password_form = password_form or PasswordForm(prefix="password")
    return (
        render_template(
            "accounts/index.html",
            account=account,
            profile_form=profile_form,
            password_form=password_form,
        ),
        status,
    )


@bp.route("")
@login_required
def index() -> ResponseReturnValue:
    return _render()


@bp.route("/profile", methods=["POST"])
@login_required
def profile() -> ResponseReturnValue:
    form = ProfileForm(prefix="profile")
    if not form.validate_on_submit():
        return _render(profile_form=form, status=422)
    account = current_user.account
    accounts.update_profile(get_db(), account.id, form.display_name.data, account.timezone)
    flash("Your name is saved.", "success")
    return redirect(url_for("account.index"), 303)


@bp.route("/password", methods=["POST"])
@login_required
def password() -> ResponseReturnValue:
    form = PasswordForm(prefix="password")
    if not form.validate_on_submit():
        return _render(password_form=form, status=422)
    if not reauthenticate(
        form.current_password.data,
        "To protect your journal, changing the password is paused.",
    ):
        form.current_password.errors.append("That isn't your current password.")
        return _render(password_form=form, status=422)
    account = accounts.change_password(get_db(), current_user.account.id, form.new_password.data)
    # Every sign-in of the account ended with the change; this one signs in again.
    sign_in(account, remember=True)
    flash("Password changed. Other phones and browsers are now signed out.", "success")
    return redirect(url_for("account.index"), 303)


@bp.route("/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere() -> ResponseReturnValue:
    """For a lost phone or a shared computer: every browser signed in to
    this journal, this one included, is signed out on the server."""
    sign_ins.end_all(get_db(), current_user.account.id)
    sign_out()
    flash("You are signed out on every phone and browser. Sign in again here.", "info")
    return redirect(url_for("auth.login"), 303)
