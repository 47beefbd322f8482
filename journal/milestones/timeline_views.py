"""The timeline: week by week from surgery, expected windows against what happened."""

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from journal.checkins import ranges as checkin_range
from journal.measures import weekly as weekly_measures
from journal.milestones import store as milestones, timeline, windows
from journal.recovery import plan as recovery_plan
from journal.web import patient
from journal.web.db import get_db
from journal.web.patient import plan_required

bp = Blueprint("timeline", __name__)


@bp.route("/timeline")
@login_required
@plan_required
def index(plan: recovery_plan.Plan) -> ResponseReturnValue:
    account = current_user.account
    db = get_db()
    today = patient.today()
    entries = milestones.list_milestones(db, account.id, walking_since=plan.surgery_date)
    expected = windows.expected_milestones(plan, entries, today)
    exercise_weeks = checkin_range.exercise_days_per_week(db, account.id, plan.surgery_date, today)
    return render_template(
        "milestones/timeline/index.html",
        plan=plan,
        today=today,
        day=recovery_plan.day_number(plan, today),
        expected=expected,
        rows=timeline.timeline_weeks(plan, entries, exercise_weeks, today, expected),
        weeks_shown_after_pt=timeline.WEEKS_SHOWN_AFTER_PT,
        sane_weeks=weekly_measures.ratings_by_week(db, account.id, plan),
    )
