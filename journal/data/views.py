"""The patient's data: downloads (CSV, JSON, FHIR), import into an empty
account, account deletion, and a calendar file of reminders; and the PT's
CSV and FHIR downloads through a share link, for the link's range only."""

from collections.abc import Sequence
from datetime import time

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField
from wtforms.validators import DataRequired

from journal.data import calendar_file, calendar_ids, exports, fhir, imports, store as journal_data
from journal.measures import store as measures
from journal.milestones import store as milestone_store
from journal.milestones import windows as milestone_windows
from journal.recovery import clock, plan as recovery_plan
from journal.recovery.formatting import plural
from journal.web import patient
from journal.web.db import get_db
from journal.web.patient import (
    current_plan,
    download,
    legacy_calendar_uid,
    reauthenticate,
    sign_out,
)

bp = Blueprint("data", __name__)


@bp.route("/account/export.csv")
@login_required
def export_csv() -> ResponseReturnValue:
    checkins = journal_data.stream_checkins(get_db, current_user.account.id)
    return download(
        exports.readings_csv_chunks(checkins),
        exports.CSV_MIMETYPE,
        f"recovery-journal-pain-{patient.today()}.csv",
    )


@bp.route("/account/export.json")
@login_required
def export_json() -> ResponseReturnValue:
    account = current_user.account
    # The calendar's identity goes in the file even if no calendar was
    # downloaded yet: one downloaded after the move must match either way.
    calendar_ids.ensure(get_db(), account.id, legacy_calendar_uid(account.id))
    journal = journal_data.gather(get_db(), account.id)
    return download(
        exports.journal_json(journal, clock.iso(clock.utc_now())),
        "application/json",
        f"recovery-journal-{patient.today()}.json",
    )


@bp.route("/account/export.fhir.json")
@login_required
def export_fhir() -> ResponseReturnValue:
    account = current_user.account
    db = get_db()
    journal_uid = calendar_ids.ensure(db, account.id, legacy_calendar_uid(account.id))["uid"]
    checkins = journal_data.stream_checkins(get_db, account.id)
    notes = journal_data.gather_pt_notes(db, account.id)
    return download(
        fhir.pain_bundle_chunks(checkins, clock.utc_now(), account.display_name, journal_uid,
                                measures.ratings(db, account.id), notes),
        "application/fhir+json",
        f"recovery-journal-fhir-{patient.today()}.json",
    )


class ImportForm(FlaskForm):
    journal_file = FileField(
        "Your journal file (.json)",
        validators=[FileRequired("Choose the .json file you downloaded from your old journal.")],
    )


def _render_import(
    form: FlaskForm, problems: Sequence[str] = (), status: int = 200
) -> ResponseReturnValue:
    return (
        render_template(
            "data/import.html",
            form=form,
            problems=problems,
            empty=journal_data.is_empty(get_db(), current_user.account.id),
            max_mb=imports.MAX_BYTES // (1024 * 1024),
        ),
        status,
    )


@bp.route("/account/import", methods=["GET", "POST"])
@login_required
def import_journal() -> ResponseReturnValue:
    form = ImportForm()
    if not form.is_submitted():
        return _render_import(form)
    if not form.validate_on_submit():
        return _render_import(form, status=422)
    db = get_db()
    account = current_user.account
    if not journal_data.is_empty(db, account.id):
        return _render_import(form, [_NOT_EMPTY], status=409)
    # One byte over the limit is enough to know the file is too large.
    raw = form.journal_file.data.stream.read(imports.MAX_BYTES + 1)
    now = clock.utc_now()
    try:
        journal, problems = imports.read_journal(raw, now)
    except imports.TooLarge:
        message = (
            f"This file is larger than {imports.MAX_BYTES // (1024 * 1024)} MB, so it isn't "
            "a journal export. Nothing was imported."
        )
        return _render_import(form, [message], status=413)
    if journal is None:
        return _render_import(form, problems, status=422)
    try:
        checkins, milestones = journal_data.restore(db, account.id, journal, now)
    except journal_data.JournalNotEmpty:
        return _render_import(form, [_NOT_EMPTY], status=409)
    flash(
        f"Imported {plural(checkins, 'check-in')} and {plural(milestones, 'milestone')}.",
        "success",
    )
    return redirect(url_for("account.index"), 303)


_NOT_EMPTY = (
    "This journal already has check-ins or milestones, so nothing was imported: an import "
    "only goes into a new, empty journal, so two journals are never mixed."
)


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Your password", validators=[DataRequired("Enter your password to confirm.")]
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account() -> ResponseReturnValue:
    form = DeleteAccountForm()
    if not form.is_submitted():
        return render_template("data/delete.html", form=form)
    if not form.validate_on_submit():
        return render_template("data/delete.html", form=form), 422
    if not reauthenticate(
        form.password.data,
        "To protect your journal, this is paused. Your account was not deleted.",
    ):
        form.password.errors.append("That isn't your password. Your account was not deleted.")
        return render_template("data/delete.html", form=form), 401
    db = get_db()
    account = current_user.account
    journal_data.delete_account(db, account.id)
    sign_out()
    flash("Your account is deleted, and your patients are disconnected." if account.is_clinician
          else "Your account and your whole journal are deleted. Share links no longer work.", "info")
    return redirect(url_for("auth.login"), 303)


def parse_reminder_time(raw: str | None) -> time | None:
    """`HH:MM` from the time input, or None."""
    raw = (raw or "").strip()
    if len(raw) != 5:
        return None
    try:
        return time.fromisoformat(raw)
    except ValueError:
        return None


@bp.route("/account/calendar")
@login_required
def calendar() -> ResponseReturnValue:
    return render_template(
        "data/calendar.html", remind_at=calendar_file.REMINDER_DEFAULT, error=None
    )


@bp.route("/account/calendar.ics")
@login_required
def calendar_ics() -> ResponseReturnValue:
    raw = request.args.get("time", calendar_file.REMINDER_DEFAULT)
    remind_at = parse_reminder_time(raw)
    if remind_at is None:
        error = "Enter the time as hours and minutes, for example 20:00."
        return render_template("data/calendar.html", remind_at=raw[:5], error=error), 422
    plan = current_plan()
    if plan is None:
        error = "Set up your recovery plan first: the reminders run until the end of its PT period."
        return render_template("data/calendar.html", remind_at=raw, error=error), 409
    account = current_user.account
    db = get_db()
    first_pt_session = milestone_windows.first_pt_session(
        milestone_store.list_milestones(db, account.id)
    )
    try:
        if recovery_plan.pt_end(plan, first_pt_session) < patient.today():
            raise calendar_file.PlanOver()
        uid, sequence = calendar_ids.version_for(
            db, account.id, legacy_calendar_uid(account.id),
            calendar_file.events_fingerprint(plan, account.timezone, remind_at, first_pt_session),
        )
        body = calendar_file.reminder_calendar(
            plan,
            account.timezone,
            remind_at,
            patient.today(),
            clock.utc_now(),
            uid,
            log_url=url_for("checkins.new", _external=True),
            first_pt_session=first_pt_session,
            sequence=sequence,
        )
    except calendar_file.PlanOver:
        error = (
            "The PT period in your plan has ended, so there is nothing left to remind you of. "
            "If your PT continues, add weeks to your plan first."
        )
        return render_template("data/calendar.html", remind_at=raw, error=error), 409
    return download(body, "text/calendar", "recovery-journal-reminders.ics")
