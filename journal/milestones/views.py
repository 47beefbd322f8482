"""Log, edit and delete milestones, and the one-tap steps from Today."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from journal.milestones import form as milestone_form, store as milestones
from journal.recovery import clock
from journal.recovery.plan import Plan
from journal.web import patient
from journal.web.db import get_db
from journal.web.patient import current_plan, plan_required

bp = Blueprint("milestones", __name__, url_prefix="/milestones")

# The one-tap buttons on Today, and what each logs ("pt" is the first session
# or another one, whichever it is).
QUICK_STEPS = {
    "one_crutch": "I'm down to one crutch",
    "off_crutches": "I'm off crutches",
    "pt": "I went to PT today",
}


def get_own_milestone(milestone_id: int) -> dict[str, Any]:
    """The signed-in patient's milestone, or 404 (another patient's looks like none)."""
    milestone = milestones.get_milestone(get_db(), current_user.account.id, milestone_id)
    if milestone is None:
        abort(404)
    return milestone


def _plan_or_404() -> Plan:
    # Every route here needs the plan (dates are checked against surgery);
    # Today and the Timeline send a patient without one to set it up first.
    plan = current_plan()
    if plan is None:
        abort(404)
    return plan


def _render_form(
    values: MultiDict[str, str],
    errors: dict[str, str],
    plan: Plan,
    milestone: dict[str, Any] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return (
        render_template(
            "milestones/form.html",
            values=values,
            errors=errors,
            milestone=milestone,
            kinds=milestones.KINDS,
            title_max=milestones.TITLE_MAX,
            min_date=plan.surgery_date.isoformat(),
            max_date=patient.today().isoformat(),
        ),
        status,
    )


@bp.route("")
@login_required
@plan_required
def index(plan: Plan) -> ResponseReturnValue:
    entries = milestones.list_milestones(get_db(), current_user.account.id)
    newest_first = [dict(m, label=milestones.label(m)) for m in reversed(entries)]
    return render_template("milestones/index.html", milestones=newest_first)


@bp.route("/new")
@login_required
@plan_required
def new(plan: Plan) -> ResponseReturnValue:
    kind = request.args.get("kind", "")
    kind = kind if kind in milestones.KINDS else ""
    # Two crutches starts on the surgery day unless the patient says otherwise.
    day = plan.surgery_date if kind == "two_crutches" else patient.today()
    return _render_form(MultiDict({"kind": kind, "date": day.isoformat()}), {}, plan)


@bp.route("", methods=["POST"])
@login_required
def create() -> ResponseReturnValue:
    plan = _plan_or_404()
    db = get_db()
    account = current_user.account
    existing = milestones.list_milestones(db, account.id)
    entry, errors = milestone_form.parse(request.form, patient.today(), plan, existing)
    if entry is None:
        return _render_form(request.form, errors, plan, status=422)
    milestones.add_milestone(db, account.id, entry, clock.utc_now())
    flash(f"Milestone saved: {milestones.label(vars(entry))}.", "success")
    return redirect(url_for("timeline.index"), 303)


@bp.route("/<int:milestone_id>/edit", methods=["GET", "POST"])
@login_required
def edit(milestone_id: int) -> ResponseReturnValue:
    milestone = get_own_milestone(milestone_id)
    plan = _plan_or_404()
    if request.method == "GET":
        return _render_form(MultiDict(milestone), {}, plan, milestone)
    db = get_db()
    account = current_user.account
    existing = milestones.list_milestones(db, account.id)
    entry, errors = milestone_form.parse(
        request.form, patient.today(), plan, existing, editing_id=milestone_id
    )
    if entry is None:
        return _render_form(request.form, errors, plan, milestone, status=422)
    milestones.update_milestone(db, account.id, milestone_id, entry)
    flash("Milestone updated.", "success")
    return redirect(url_for("milestones.index"), 303)


@bp.route("/<int:milestone_id>/delete", methods=["GET", "POST"])
@login_required
def delete(milestone_id: int) -> ResponseReturnValue:
    milestone = get_own_milestone(milestone_id)
    if request.method == "GET":
        return render_template(
            "milestones/delete.html", milestone=milestone, label=milestones.label(milestone)
        )
    milestones.delete_milestone(get_db(), current_user.account.id, milestone_id)
    flash("Milestone deleted.", "success")
    return redirect(url_for("milestones.index"), 303)


@bp.route("/quick", methods=["POST"])
@login_required
def quick() -> ResponseReturnValue:
    plan = _plan_or_404()
    step = request.form.get("step", "")
    if step not in QUICK_STEPS:
        return _render_form(
            MultiDict({"date": patient.today().isoformat()}),
            {"kind": "Choose a milestone from the list."},
            plan,
            status=422,
        )
    db = get_db()
    account = current_user.account
    today = patient.today()
    existing = milestones.list_milestones(db, account.id)
    kind = step
    if step == "pt":
        sessions = [m for m in existing if m["kind"] in milestones.PT_SESSION_KINDS]
        if any(m["date"] == today.isoformat() for m in sessions):
            # A second tap (or a reload) must not log the same session twice.
            flash("Today's PT session is already logged.", "info")
            return redirect(url_for("today.index"), 303)
        kind = "pt_session" if sessions else "first_pt"
    values = MultiDict({"kind": kind, "date": today.isoformat()})
    entry, errors = milestone_form.parse(values, today, plan, existing)
    if entry is None:
        return _render_form(values, errors, plan, status=422)
    milestones.add_milestone(db, account.id, entry, clock.utc_now())
    flash(f"Logged for today: {milestones.KINDS[kind]}.", "success")
    return redirect(url_for("today.index"), 303)
