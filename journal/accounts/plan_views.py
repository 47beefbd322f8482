"""Set up and change the recovery plan (and the patient's time zone)."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlite_utils import Database

from journal.accounts import store as accounts
from journal.accounts.forms import PlanForm
from journal.milestones import store as milestones
from journal.recovery import clock
from journal.recovery.plan import Plan
from journal.web import patient
from journal.web.db import get_db
from journal.web.patient import current_plan

bp = Blueprint("plan", __name__)


@bp.route("/plan", methods=["GET", "POST"])
@login_required
def edit() -> ResponseReturnValue:
    account = current_user.account
    db = get_db()
    existing = current_plan()
    today = patient.today()
    form = PlanForm(today=today)
    if not form.is_submitted():
        form.timezone.data = account.timezone
        if existing:
            form.procedure.data = existing.procedure
            form.side.data = existing.side
            form.surgery_date.data = existing.surgery_date.isoformat()
            form.crutch_weeks.data = existing.crutch_weeks
            form.pt_start_date.data = (
                existing.pt_start_date.isoformat() if existing.pt_start_date else ""
            )
            form.pt_weeks.data = existing.pt_weeks
            form.weight_bearing.data = existing.weight_bearing or ""
            form.weight_bearing_until.data = (
                existing.weight_bearing_until.isoformat() if existing.weight_bearing_until else ""
            )
    if form.validate_on_submit():
        new_plan = form.plan()
        # Every window and status derives from the plan, so only milestones
        # dated before a moved surgery date stand in the way.
        problem = milestones.surgery_date_problem(db, account.id, new_plan.surgery_date)
        if problem:
            form.surgery_date.errors = list(form.surgery_date.errors) + [problem]
        else:
            with db.atomic():
                accounts.save_plan(db, account.id, new_plan, clock.utc_now())
                accounts.update_profile(db, account.id, account.display_name, form.timezone.data)
            flash("Your plan is saved.", "success")
            return redirect(url_for("today.index"), 303)
    status = 422 if form.errors or form.surgery_date.errors else 200
    return (
        render_template(
            "accounts/plan/edit.html",
            form=form,
            existing=existing,
            timezones=COMMON_TIMEZONES,
        ),
        status,
    )


# Offered in a datalist; any valid IANA zone can be typed.
COMMON_TIMEZONES = [
    "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Paris",
    "Europe/Berlin", "Europe/Amsterdam", "Europe/Rome", "Europe/Stockholm", "Europe/Warsaw",
    "Europe/Athens", "Europe/Helsinki", "Europe/Istanbul", "America/New_York",
    "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
    "America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver",
    "America/Halifax", "America/Mexico_City", "America/Sao_Paulo", "America/Buenos_Aires",
    "Africa/Johannesburg", "Africa/Lagos", "Africa/Cairo", "Asia/Dubai", "Asia/Kolkata",
    "Asia/Singapore", "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul",
    "Australia/Perth", "Australia/Adelaide", "Australia/Sydney", "Pacific/Auckland", "UTC",
]
