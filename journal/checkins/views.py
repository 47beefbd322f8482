"""Log, edit and delete check-ins, and the one-tap "same as last" and "pain-free"."""

from datetime import date, datetime, timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as WerkzeugResponse

from journal.checkins import (
    backfill, form as checkin_form, one_tap, places, request_keys, store as checkins,
)
from journal.measures import daily as daily_measures, store as measures_store
from journal.prompts import safety
from journal.recovery import clock, locations, plan as recovery_plan, warning_signs
from journal.recovery.formatting import weekday_date
from journal.web import patient
from journal.web.db import get_db
from journal.web.errors import render_error

bp = Blueprint("checkins", __name__, url_prefix="/checkins")
# A fresh idempotency key for each form that creates a check-in, per render.
bp.add_app_template_global(request_keys.new_key, "new_request_key")


def get_own_checkin(checkin_id: int) -> dict[str, Any]:
    """The signed-in patient's check-in, or 404 (another patient's looks like none)."""
    checkin = checkins.get_checkin(get_db(), current_user.account.id, checkin_id)
    if checkin is None:
        abort(404)
    return checkin


def _signs_offered(
    values: MultiDict[str, str], today: date, plan: recovery_plan.Plan | None
) -> dict[str, str]:
    """The warning signs the form shows: the belly sign only for a check-in on
    days 0-2 after surgery (by the form's date, else today), and any sign
    already ticked on this check-in."""
    try:
        day = date.fromisoformat(values.get("date", ""))
    except ValueError:
        day = today
    number = recovery_plan.day_number(plan, day) if plan else None
    return warning_signs.offered(number, values.getlist("warning"))


def _render_form(
    values: MultiDict[str, str],
    errors: dict[str, str],
    checkin: dict[str, Any] | None = None,
    status: int = 200,
    sleep_asked: bool = False,
) -> ResponseReturnValue:
    """The check-in form; `sleep_asked`: a check-in of its day already
    answered "did pain wake you last night?", so it isn't asked again."""
    now = patient.now()
    plan = patient.current_plan()
    operated = plan.side if plan else ""
    return (
        render_template(
            "checkins/form.html",
            values=values,
            errors=errors,
            checkin=checkin,
            locations=places.for_side(operated),
            operated=operated,
            contexts=checkin_form.CONTEXTS,
            warning_signs=_signs_offered(values, now.date(), plan),
            max_date=now.date().isoformat(),
            note_max=checkin_form.NOTE_MAX,
            other_max=locations.OTHER_TEXT_MAX,
            measure_questions=[
                q for q in daily_measures.QUESTIONS if not (sleep_asked and q[0] == "night_waking")
            ],
        ),
        status,
    )


def _form_values_from_checkin(checkin: dict[str, Any]) -> MultiDict[str, str]:
    values: MultiDict[str, str] = MultiDict()
    for reading in checkin["readings"]:
        values.add("location", reading["location"])
        values[f"intensity-{reading['location']}"] = str(reading["intensity"])
        if reading["location"] == "other":
            values["other_text"] = reading["other_text"]
    values["context"] = checkin["context"] or ""
    values["note"] = checkin["note"]
    values["home_exercises"] = "yes" if checkin["home_exercises"] else ""
    for sign in checkin["warning_signs"]:
        values.add("warning", sign)
    values.update({k: v for k, v in daily_measures.form_values(checkin).items() if v})
    values["date"] = checkin["local_date"]
    values["time"] = checkin["local_time"]
    return values


@bp.route("/new")
@login_required
def new() -> ResponseReturnValue:
    now = patient.now()
    values = MultiDict({"date": now.date().isoformat(), "time": now.strftime("%H:%M")})
    day = request.args.get("date", "")
    if day and day[:10] != values["date"]:
        # Backfill: prefill the day (the form puts it first); validation still runs on save.
        values["date"] = day[:10]
        values["time"] = backfill.TIME_OF_DAY.strftime("%H:%M")
    try:
        day_shown = date.fromisoformat(values["date"])
    except ValueError:  # a mistyped link: the form shows it, and saving explains
        day_shown = now.date()
    asked = measures_store.sleep_answered(get_db(), current_user.account.id, day_shown)
    return _render_form(values, {}, sleep_asked=asked)


@bp.route("/earlier")
@login_required
def earlier() -> ResponseReturnValue:
    """The form for the first day of the last week without a check-in (else yesterday)."""
    plan = patient.current_plan()
    start, end = backfill.window(patient.today(), plan.surgery_date if plan else None)
    logged = checkins.days_logged(get_db(), current_user.account.id, start, end)
    day = backfill.first_missing(logged, start, end) or end
    return redirect(url_for("checkins.new", date=day.isoformat()))


@bp.route("", methods=["POST"])
@login_required
def create() -> ResponseReturnValue:
    data, errors = checkin_form.parse(request.form, patient.now())
    if data is None:
        return _render_form(request.form, errors, status=422)
    account = current_user.account
    try:
        checkin_id = checkins.create_checkin(
            get_db(), account.id, data, account.timezone, clock.utc_now(), _per_day(),
            _request_key("create"),
        )
    except checkins.DayFull:
        return _render_form(request.form, {"date": _day_full_message()}, status=422)
    except checkins.AlreadySaved as saved:
        # A retry (a lost response, the phone's outbox): the first answer again.
        if saved.checkin_id is None:  # saved, then deleted in History
            flash("Check-in saved.", "success")
            return redirect(url_for("today.index"), 303)
        checkin_id = saved.checkin_id
    except checkins.KeyReused:
        fresh = request.form.copy()
        fresh.pop(request_keys.FIELD)  # the form again, under a new key
        return _render_form(fresh, {request_keys.FIELD: _KEY_REUSED}, status=409)
    flash("Check-in saved.", "success")
    return (
        _after_save(data, checkin_id)
        or _next_earlier_day(data.local_date)
        or redirect(url_for("today.index"), 303)
    )


def _next_earlier_day(saved: date) -> WerkzeugResponse | None:
    """After a day before today is saved, the form for the next day without a
    check-in up to yesterday, so a missed week is one form after another."""
    yesterday = patient.today() - timedelta(days=1)
    if saved > yesterday:
        return None
    start = saved + timedelta(days=1)
    logged = checkins.days_logged(get_db(), current_user.account.id, start, yesterday)
    day = backfill.first_missing(logged, start, yesterday)
    if day is None:
        flash("Every day from then to yesterday has a check-in.", "success")
        return redirect(url_for("history.index"), 303)
    flash(f"Next: {weekday_date(day)} has no check-in yet.", "success")
    return redirect(url_for("checkins.new", date=day.isoformat()), 303)


_KEY_REUSED = (
    "This form was already saved once, with other answers. Nothing new was saved: "
    "check your answers below and save again to log them as a new check-in."
)


def _request_key(action: str) -> checkins.RequestKey | None:
    try:
        return request_keys.from_form(request.form, action)
    except request_keys.BadRequestKey as error:
        abort(make_response(render_error(400, "This form can't be saved", str(error))))


def _made_at() -> datetime:
    try:
        return request_keys.made_at(request.form, clock.utc_now())
    except request_keys.BadRequestKey as error:
        abort(make_response(render_error(400, "This check-in can't be saved", str(error))))


def _key_reused() -> ResponseReturnValue:
    return render_error(
        409, "Already saved", "This button was already used for another check-in. "
        "Nothing new was saved. Go back to Today and try again."
    )


def _per_day() -> int:
    return current_app.config["CHECKINS_PER_DAY"]


def _day_full_message() -> str:
    return (
        f"You have logged {_per_day()} check-ins on this day, the most a day can hold. "
        "Edit one of them in History instead."
    )


def _day_full() -> ResponseReturnValue:
    return render_error(409, "Today's journal is full", _day_full_message())


def _after_save(
    data: checkin_form.CheckinInput, checkin_id: int, before: dict[str, Any] | None = None
) -> WerkzeugResponse | None:
    """A warning sign (or calf pain): Today shows what to do about it, right
    away. An edit shows it only for a sign or calf reading it adds: fixing the
    note of last month's check-in is no reason to say "call today" again."""
    signs = set(data.warning_signs)
    places = {r.location for r in data.readings}
    if before is not None:
        signs -= set(before["warning_signs"])
        places -= {r["location"] for r in before["readings"]}
    if safety.may_need_attention(signs, places):
        return redirect(url_for("today.index", saved=checkin_id), 303)
    return None


@bp.route("/<int:checkin_id>/edit", methods=["GET", "POST"])
@login_required
def edit(checkin_id: int) -> ResponseReturnValue:
    checkin = get_own_checkin(checkin_id)
    if request.method == "GET":
        return _render_form(_form_values_from_checkin(checkin), {}, checkin)
    data, errors = checkin_form.parse(request.form, patient.now())
    if data is None:
        return _render_form(request.form, errors, checkin, status=422)
    account = current_user.account
    checkins.update_checkin(
        get_db(), account.id, checkin_id, data, account.timezone, clock.utc_now()
    )
    flash("Check-in updated.", "success")
    return _after_save(data, checkin_id, before=checkin) or redirect(
        url_for("history.index"), 303
    )


@bp.route("/<int:checkin_id>/delete", methods=["GET", "POST"])
@login_required
def delete(checkin_id: int) -> ResponseReturnValue:
    checkin = get_own_checkin(checkin_id)
    if request.method == "GET":
        return render_template("checkins/delete.html", checkin=checkin)
    checkins.delete_checkin(get_db(), current_user.account.id, checkin_id)
    flash("Check-in deleted.", "success")
    return redirect(url_for("history.index"), 303)


@bp.route("/repeat", methods=["POST"])
@login_required
def repeat() -> ResponseReturnValue:
    account = current_user.account
    made_at = _made_at()
    data = checkins.repeat_input(get_db(), account.id, account.timezone, made_at)
    if data is None:
        flash("There is no earlier check-in to repeat yet. Log your pain first.", "error")
        return redirect(url_for("checkins.new"), 303)
    return _save_one_tap(
        data, made_at, "checkins.repeat", "repeat", "Logged the same as last check-in."
    )


@bp.route("/pain-free", methods=["POST"])
@login_required
def pain_free() -> ResponseReturnValue:
    account = current_user.account
    made_at = _made_at()
    data = checkins.pain_free_input(get_db(), account.id, account.timezone, made_at)
    return _save_one_tap(data, made_at, "checkins.pain_free", "pain-free", "Logged: pain-free today.")


def _save_one_tap(
    data: checkin_form.CheckinInput, made_at: datetime, endpoint: str, action: str, saved: str
) -> ResponseReturnValue:
    """Save a one-tap check-in, and remember it for Undo; the same again
    within a few minutes asks first (a double tap, most likely). A retry of
    a request already saved (its key seen) is answered as the first was."""
    account = current_user.account
    db = get_db()
    key = _request_key(action)
    if key is None or not checkins.request_saved(db, account.id, key.key):
        earlier = checkins.created_since(
            db, account.id, one_tap.remembered_id(session.get(one_tap.SESSION_KEY)),
            clock.utc_now() - one_tap.ASK_AGAIN_WINDOW,
        )
        if earlier and one_tap.same_as(data, earlier) and request.form.get("again") != "yes":
            # 409, not 200: nothing was saved, and a phone's outbox sending a
            # queued tap keeps it, with this question as the reason, not "sent".
            return render_template(
                "checkins/again.html", earlier=earlier, action=url_for(endpoint),
                request_key=key.key if key else "", made_at=request.form.get("made_at", ""),
            ), 409
    try:
        checkin_id: int | None = checkins.create_checkin(
            db, account.id, data, account.timezone, made_at, _per_day(), key
        )
    except checkins.DayFull:
        return _day_full()
    except checkins.AlreadySaved as retry:
        checkin_id = retry.checkin_id  # saved the first time: the same answer again
    except checkins.KeyReused:
        return _key_reused()
    if checkin_id is not None:
        session[one_tap.SESSION_KEY] = checkin_id
    flash(saved, "success")
    return redirect(url_for("today.index"), 303)


@bp.route("/<int:checkin_id>/undo", methods=["POST"])
@login_required
def undo(checkin_id: int) -> ResponseReturnValue:
    """Take back a check-in saved moments ago, without the delete page's question."""
    checkin = get_own_checkin(checkin_id)
    account = current_user.account
    recent = checkins.created_since(
        get_db(), account.id, checkin_id, clock.utc_now() - one_tap.UNDO_WINDOW
    )
    if recent is None:
        minutes = int(one_tap.UNDO_WINDOW.total_seconds() // 60)
        return render_error(
            409,
            "Too late to undo",
            f"Undo lasts {minutes} minutes after saving. "
            "You can still delete this check-in in History.",
        )
    checkins.delete_checkin(get_db(), account.id, checkin_id)
    session.pop(one_tap.SESSION_KEY, None)
    flash(f"Undone: the check-in saved at {checkin['local_time']} is removed.", "success")
    return redirect(url_for("today.index"), 303)
