"""Today: where the patient is in the plan, and the quickest ways to log."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from journal import checkins, clock
from journal import plan as recovery_plan
from journal.db import get_db
from journal.views.plan import current_plan

bp = Blueprint("today", __name__)


@bp.route("/")
@login_required
def index():
    plan = current_plan()
    if plan is None:
        return redirect(url_for("plan.edit"))
    account = current_user.account
    db = get_db()
    today = clock.local_today(clock.utc_now(), account.timezone)
    last = checkins.last_checkin(db, account.id)
    return render_template(
        "today/index.html",
        plan=plan,
        today=today,
        headline=recovery_plan.headline(plan, today),
        phase=recovery_plan.phase(plan, today),
        todays_checkins=checkins.checkins_on(db, account.id, today),
        last=last,
    )
