"""The weekly hip-function rating: answer it (from Today or its own page),
see the answers, delete one."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from journal.measures import daily, sane, store
from journal.prompts import dismissals
from journal.measures.thresholds import SANE_QUESTION
from journal.recovery import clock, plan as recovery_plan
from journal.web import patient
from journal.web.db import get_db
from journal.web.patient import plan_required

bp = Blueprint("measures", __name__, url_prefix="/measures")
# History, Today and print show a check-in's measures in words.
bp.add_app_template_filter(daily.describe, "measures_words")


def _render(plan: recovery_plan.Plan, value: str = "", error: str | None = None,
            status: int = 200) -> ResponseReturnValue:
    rows = store.ratings(get_db(), current_user.account.id)
    weeks = {r.local_date.isoformat(): r.week for r in sane.by_week(plan, rows)}
    return render_template(
        "measures/sane.html", question=SANE_QUESTION, value=value, error=error,
        ratings=list(reversed(rows)), weeks=weeks,
    ), status


@bp.route("/hip-function")
@login_required
@plan_required
def index(plan: recovery_plan.Plan) -> ResponseReturnValue:
    return _render(plan)


@bp.route("/hip-function", methods=["POST"])
@login_required
@plan_required
def answer(plan: recovery_plan.Plan) -> ResponseReturnValue:
    raw = request.form.get("score", "")
    score, error = sane.parse_score(raw)
    if score is None:
        return _render(plan, raw[:10], error, 422)
    store.save_rating(get_db(), current_user.account.id, patient.today(), score, clock.utc_now())
    flash(f"Saved: your hip today is {score}% of normal.", "success")
    return redirect(url_for("today.index"), 303)


@bp.route("/hip-function/skip", methods=["POST"])
@login_required
@plan_required
def skip(plan: recovery_plan.Plan) -> ResponseReturnValue:
    """"Not this week": recorded as a dismissal of this week's question, so
    it moves with the journal like any hidden note; next week asks again."""
    key = sane.skip_key(plan, patient.today())
    dismissals.dismiss(get_db(), current_user.account.id, key, clock.utc_now(),
                       current_app.config["DISMISSED_PROMPTS_MAX"])
    flash("Skipped for this week.", "info")
    return redirect(url_for("today.index"), 303)


@bp.route("/hip-function/<int:rating_id>/delete", methods=["POST"])
@login_required
def delete(rating_id: int) -> ResponseReturnValue:
    if not store.delete_rating(get_db(), current_user.account.id, rating_id):
        abort(404)  # another patient's rating looks like none
    flash("Rating deleted.", "success")
    return redirect(url_for("measures.index"), 303)
