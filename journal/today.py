"""Today: where the patient is in the plan, and the quickest ways to log."""

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from journal.checkins import one_tap, store as checkins
from journal.clinicians import store as clinicians
from journal.measures import weekly as weekly_measures
from journal.milestones import store as milestones, windows
from journal.prompts import dismissals as prompt_dismissals
from journal.prompts.safety import EXPECTED_FEVER, EXPECTED_SEEPAGE, OUTER_THIGH_NUMBNESS
from journal.recovery import clock, plan as recovery_plan
from journal.recovery.numbers import whole_number
from journal.web import patient
from journal.web.db import get_db
from journal.web.patient import plan_required

bp = Blueprint("today", __name__)


@bp.route("/")
def index() -> ResponseReturnValue:
    # A newcomer's first page says what the journal is (every other page
    # still sends a stranger to sign in).
    if not current_user.is_authenticated:
        return redirect(url_for("auth.welcome"))
    return _today()


@plan_required
def _today(plan: recovery_plan.Plan) -> ResponseReturnValue:
    account = current_user.account
    db = get_db()
    today = patient.today()
    todays = checkins.checkins_on(db, account.id, today)
    # The form refuses future dates, so today's latest check-in is the last one.
    last = todays[-1] if todays else checkins.last_checkin(db, account.id)
    entries = milestones.list_milestones(db, account.id, walking_since=plan.surgery_date)
    expected = windows.expected_milestones(plan, entries, today)
    progress = windows.progress(entries)
    day = recovery_plan.day_number(plan, today)
    # Read once for the prompts and the weekly question ("Not this week").
    dismissed = prompt_dismissals.dismissed_keys(db, account.id)
    prompts = prompt_dismissals.prompts_for_today(
        db, account.id, plan, today, progress,
        saved_checkin_id=whole_number(request.args.get("saved", ""), 18), dismissed=dismissed,
    )
    # Undo stays on offer for a while after a one-tap save, not only on the
    # page the save returned to.
    undo = checkins.created_since(
        db, account.id, one_tap.remembered_id(session.get(one_tap.SESSION_KEY)),
        clock.utc_now() - one_tap.UNDO_WINDOW,
    )
    return render_template(
        "today/index.html",
        undo=undo,
        plan=plan,
        today=today,
        headline=recovery_plan.headline(plan, today),
        phase=recovery_plan.phase(plan, today, progress),
        weight_bearing=recovery_plan.weight_bearing_instruction(plan, today),
        early_crutch_steps=windows.early_crutch_steps(expected, day),
        limp_notes=windows.limp_notes(expected, day),
        todays_checkins=todays,
        last=last,
        recovery_day=day,
        prompts=prompts,
        outer_thigh_numbness=OUTER_THIGH_NUMBNESS,
        expected_fever=EXPECTED_FEVER,
        expected_seepage=EXPECTED_SEEPAGE,
        next_milestone=windows.next_expected(expected),
        crutch_step=windows.next_crutch_step(plan, entries),
        sane_question=weekly_measures.question_for_today(db, account.id, plan, today, dismissed),
        pt_notes=clinicians.unread_notes(db, account.id),
        pt_logged_today=any(
            m["kind"] in milestones.PT_SESSION_KINDS and m["date"] == today.isoformat()
            for m in entries
        ),
    )
