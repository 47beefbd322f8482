"""The patient's side: connect to a PT with their code, see who looked and
when, disconnect, and mark a PT's note read."""

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from journal.clinicians import codes, store as clinicians
from journal.clinicians.forms import CODE_MESSAGE, ConfirmForm, ConnectForm
from journal.recovery import clock, formatting
from journal.web import errors, rate_limits
from journal.web.db import get_db

bp = Blueprint("connect", __name__)

# Codes tried per 15 minutes from one network, and by one account from
# anywhere. A right code is given back; only wrong ones use the allowance.
# With 60-bit codes, even thousands of networks guessing for a year find
# nothing; the limits keep a script from trying.
GUESS_WINDOW_SECONDS = 15 * 60
GUESSES_PER_IP = 20
GUESSES_PER_ACCOUNT = 10


def _render_index(form: FlaskForm, status: int = 200) -> ResponseReturnValue:
    db = get_db()
    account = current_user.account
    return render_template(
        "clinicians/connect.html",
        form=form,
        pts=clinicians.patients_pts(db, account.id),
        looks=clinicians.looks_for_patient(db, account.id),
        look_words=clinicians.LOOK_WORDS,
        weekday_date=formatting.weekday_date,
        local=lambda instant: clock.local_now(clock.parse_iso(instant), account.timezone),
    ), status


@bp.route("/share/pt")
@login_required
def index() -> ResponseReturnValue:
    """The connect page; the PT's QR code opens it with `?code=` filled in."""
    form = ConnectForm(formdata=None, code=(request.args.get("code") or "")[:20])
    return _render_index(form)


def _find_pt(code: str) -> dict[str, Any] | None:
    """The PT whose code this is, counted against the guess limits first (a
    refusal is a 429 page); a right code gives its count back."""
    db = get_db()
    account = current_user.account
    config = current_app.config
    limits = [
        rate_limits.Limit(f"pt-code-ip:{request.remote_addr}",
                          config.get("CONNECT_GUESSES_PER_IP", GUESSES_PER_IP), GUESS_WINDOW_SECONDS),
        # Ends with ":email": deleting the account deletes it.
        rate_limits.Limit(f"pt-code-account:{account.id}:{account.email}",
                          config.get("CONNECT_GUESSES_PER_ACCOUNT", GUESSES_PER_ACCOUNT),
                          GUESS_WINDOW_SECONDS),
    ]
    reservation = errors.reserve_or_refuse(
        db, limits, clock.utc_now(),
        errors.paused_page("Too many codes tried",
                           "Too many codes that don't match a PT were tried just now."),
    )
    pt = clinicians.find_by_code(db, code)
    if pt is not None:
        rate_limits.release(db, reservation)
    return pt


@bp.route("/share/pt", methods=["POST"])
@login_required
def check() -> ResponseReturnValue:
    """Step one: the code names a PT; the patient sees who before connecting."""
    form = ConnectForm()
    if not form.validate_on_submit():
        return _render_index(form, 422)
    pt = _find_pt(form.code.data)
    if pt is None:
        form.code.errors.append(CODE_MESSAGE)
        return _render_index(form, 422)
    return render_template(
        "clinicians/confirm.html", pt=pt, form=ConfirmForm(formdata=None, code=form.code.data)
    )


@bp.route("/share/pt/confirm", methods=["POST"])
@login_required
def confirm() -> ResponseReturnValue:
    """Step two: connect. The code is checked again: the PT may have
    rotated it since the patient saw their name."""
    form = ConfirmForm()
    code = codes.normalise(form.code.data) if form.validate_on_submit() else None
    pt = _find_pt(code) if code else None
    if pt is None:
        retry = ConnectForm(formdata=None)
        retry.code.errors = [CODE_MESSAGE]
        return _render_index(retry, 422)
    created = clinicians.connect(get_db(), current_user.account.id, pt["id"],
                                 clock.utc_now())
    flash(
        f"{pt['display_name']} ({pt['clinic']}) can now read your journal."
        if created else f"You were already connected to {pt['display_name']}.",
        "success",
    )
    return redirect(url_for("connect.index"), 303)


@bp.route("/share/pt/<int:connection_id>/disconnect", methods=["POST"])
@login_required
def disconnect(connection_id: int) -> ResponseReturnValue:
    pt = clinicians.disconnect(get_db(), current_user.account.id, connection_id)
    if pt is None:
        abort(404)
    flash(f"Disconnected. {pt['display_name']} can no longer see your journal.", "success")
    return redirect(url_for("connect.index"), 303)


@bp.route("/notes/<int:note_id>/read", methods=["POST"])
@login_required
def mark_read(note_id: int) -> ResponseReturnValue:
    if not clinicians.mark_read(get_db(), current_user.account.id, note_id, clock.utc_now()):
        abort(404)
    return redirect(url_for("today.index"), 303)
