"""The PT's workspace: the caseload, the connect code, a connected patient's
summary (read only) and notes to them. Also the one rule that keeps the two
kinds of account apart."""

from typing import Any

import segno
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from markupsafe import Markup

from journal.accounts import store as accounts_store
from journal.clinicians import caseload_data, codes, store as clinicians
from journal.clinicians.forms import NoteForm
from journal.recovery import clock
from journal.sharing.links import LOOK_GAP
from journal.summary import brief, data as summary_data, date_ranges, measures as summary_measures
from journal.web.db import get_db
from journal.web.errors import render_error

bp = Blueprint("pt", __name__, url_prefix="/pt")

# What both kinds of account may open: signing in and out, the account page
# (name, password, sessions) and deleting it, the installable app's shell
# (manifest, icons, service worker, offline page), which every page links,
# and what anyone may open. A PT's own pages are the "pt" blueprint;
# everything else is a patient's journal: 404 to a PT, as for a record that
# isn't theirs.
SHARED_BLUEPRINTS = frozenset({"auth", "account", "health", "offline"})
SHARED_ENDPOINTS = frozenset({
    "static", "data.delete_account", "share.view", "share.download_csv", "share.download_fhir",
})
# The PT's summary of a patient: the patient's own presets (the last 30
# days by default, from surgery at the earliest) and since surgery.
PT_RANGES = {k: v for k, v in date_ranges.RANGE_CHOICES.items() if k != "custom"}


@bp.before_app_request
def keep_roles_apart() -> ResponseReturnValue | None:
    """A PT never reaches a patient's pages (their own journal would be
    empty, and a patient's would be someone else's), and a patient never
    reaches a PT's. Today is where sign-in lands, so it sends a PT on to
    the caseload rather than refusing."""
    # Checked before the account is read: a stylesheet or the service worker
    # costs no query.
    if (
        request.endpoint is None
        or request.blueprint in SHARED_BLUEPRINTS
        or request.endpoint in SHARED_ENDPOINTS
        or not current_user.is_authenticated
    ):
        return None
    if current_user.account.is_clinician:
        if request.blueprint == "pt":
            return None
        if request.endpoint == "today.index" and request.method == "GET":
            return redirect(url_for("pt.caseload"))
        abort(404)
    if request.blueprint == "pt":
        abort(404)
    return None


def _profile() -> dict[str, Any]:
    """The signed-in PT's clinic and code, made now if registering stopped
    half-way (the account was written, the clinic not)."""
    db = get_db()
    account = current_user.account
    profile = clinicians.get_profile(db, account.id)
    if profile is None:
        clinicians.create_profile(db, account.id, "", clock.utc_now())
        profile = clinicians.get_profile(db, account.id)
    assert profile is not None
    return profile


@bp.route("", endpoint="caseload")
@login_required
def caseload_page() -> ResponseReturnValue:
    show = request.args.get("show", "all")
    if show not in ("all", "attention"):
        show = "all"
    rows = caseload_data.caseload_rows(get_db(), current_user.account.id, clock.utc_now())
    shown = [row for row in rows if row.needs_attention] if show == "attention" else rows
    return render_template(
        "clinicians/caseload.html", rows=shown, total=len(rows),
        attention=sum(1 for row in rows if row.needs_attention), show=show,
    )


@bp.route("/code")
@login_required
def code() -> ResponseReturnValue:
    profile = _profile()
    connect_url = url_for("connect.index", code=codes.display(profile["connect_code"]),
                          _external=True)
    return render_template(
        "clinicians/code.html", profile=profile, code=codes.display(profile["connect_code"]),
        connect_url=connect_url, qr_code=_qr_svg(connect_url),
    )


@bp.route("/code/rotate", methods=["POST"])
@login_required
def rotate() -> ResponseReturnValue:
    _profile()
    clinicians.rotate_code(get_db(), current_user.account.id, clock.utc_now())
    flash("You have a new code. The old one no longer works; patients already connected stay "
          "connected.", "success")
    return redirect(url_for("pt.code"), 303)


def _qr_svg(url: str) -> Markup:
    """The connect page's address as a QR code, its quiet zone drawn white in
    the SVG itself (as the share page's: dark mode must not swallow it)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, svgclass="qr", lineclass=None, omitsize=True, title=None, light="#fff"
    )
    return Markup(svg.replace(
        "<svg ", '<svg role="img" aria-label="QR code of your connect code" focusable="false" ', 1
    ))


def _connected_patient(patient_id: int) -> dict[str, Any]:
    """The patient, when connected to the signed-in PT; 404 otherwise."""
    found = clinicians.connected_patient(get_db(), current_user.account.id, patient_id)
    if found is None:
        abort(404)
    return found


def _render_patient(patient: dict[str, Any], form: NoteForm, status: int = 200) -> ResponseReturnValue:
    db = get_db()
    now = clock.utc_now()
    patient_id = patient["id"]
    today = clock.local_today(now, patient["timezone"])
    plan = accounts_store.get_plan(db, patient_id)
    choice = request.args.get("range", date_ranges.DEFAULT_RANGE)
    day_range, _ = date_ranges.parse_range(
        request.args, today, plan.surgery_date if plan else None
    )
    if day_range is None or choice not in PT_RANGES:
        return render_error(
            400, "This range can't be shown",
            "Choose one of the ranges listed on the patient's page (since surgery needs a "
            "surgery date that has passed).",
        )
    report = summary_data.patient_summary(
        db, patient_id, day_range, today, plan=plan,
        from_recovery=choice in date_ranges.PRESET_CHOICES,
    )
    # Looks closer together than LOOK_GAP are one sitting (a reload, a note
    # sent), as on a share link: "since your last look" keeps the look before.
    last_look = clinicians.previous_look(db, patient["connection_id"], now - LOOK_GAP)
    since = None
    if last_look is not None:
        since = brief.since_last_look(
            last_look, clock.local_today(last_look, patient["timezone"]), report.recorded,
            report.series, report.range.start, report.prompts,
        )
    # Recorded before the page is sent: the patient sees every look.
    clinicians.record_look(db, patient["connection_id"], clinicians.LOOK_SUMMARY, now)
    notes = clinicians.notes_by_pt(db, current_user.account.id, patient_id)
    return render_template(
        "clinicians/patient.html", patient=patient, report=report, form=form, notes=notes,
        patient_name=patient["display_name"], range_label=PT_RANGES[choice],
        ranges=PT_RANGES, range_choice=choice,
        brief=brief.for_summary(report, brief.Voice(patient["display_name"]), since),
        # The PT's own clock, like the notes' times below.
        last_look=clock.local_now(last_look, current_user.account.timezone) if last_look else None,
        measures=summary_measures.read(db, patient_id, report.plan, report.range),
        local=lambda instant: clock.local_now(clock.parse_iso(instant), current_user.account.timezone),
    ), status


@bp.route("/patients/<int:patient_id>")
@login_required
def patient(patient_id: int) -> ResponseReturnValue:
    return _render_patient(_connected_patient(patient_id), NoteForm())


@bp.route("/patients/<int:patient_id>/notes", methods=["POST"])
@login_required
def add_note(patient_id: int) -> ResponseReturnValue:
    patient = _connected_patient(patient_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _render_patient(patient, form, 422)
    now = clock.utc_now()
    clinicians.add_note(
        get_db(), current_user.account.id, patient_id, form.body.data,
        clock.local_today(now, patient["timezone"]), now,
    )
    flash(f"Note sent. {patient['display_name']} sees it on their Today page.", "success")
    return redirect(url_for("pt.patient", patient_id=patient_id), 303)
