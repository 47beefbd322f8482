"""History: days newest first, each check-in editable and deletable."""

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from journal.checkins import store as checkins
from journal.clinicians import store as clinicians
from journal.recovery.numbers import whole_number
from journal.web import errors, patient
from journal.web.db import JournalDatabase, get_db

bp = Blueprint("history", __name__)

# A week of days a page keeps each page small on a phone (and a PT thinks in weeks).
DAYS_PER_PAGE = 7
PAGE_MAX = 10_000


@bp.route("/history")
@login_required
def index() -> ResponseReturnValue:
    raw = request.args.get("page", "1")
    page = whole_number(raw, 5)
    if page is None or not 1 <= page <= PAGE_MAX:
        return errors.render_error(400, "No such page", "History pages are numbered from 1.")
    account = current_user.account
    days, has_more = checkins.history_page(get_db(), account.id, page, DAYS_PER_PAGE)
    today = patient.today()
    shown = _with_pt_notes(get_db(), account.id, page, days, has_more)
    plan = patient.current_plan()
    return render_template(
        "checkins/history/index.html", days=[(day, found) for day, found, _ in shown], page=page,
        has_more=has_more, today=today, pt_notes={day: notes for day, _, notes in shown if notes},
        operated_side=plan.side if plan else "",
    )


def _with_pt_notes(
    db: JournalDatabase, user_id: int, page: int, days: list[tuple[str, list[dict[str, Any]]]],
    has_more: bool,
) -> list[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]]:
    """The page's days with a PT's notes on their day, newest first; a day
    with a note and no check-in is a day of the page too. A page holds the
    notes from its oldest day (any older, on the last page) to the day
    before the newer page's oldest, so every note is on exactly one page."""
    if page > 1 and not days:
        return []
    first = days[-1][0] if days and has_more else date.min.isoformat()
    newer = checkins.oldest_day_of_page(db, user_id, page - 1, DAYS_PER_PAGE) if page > 1 else None
    last = (date.fromisoformat(newer) - timedelta(days=1)).isoformat() if newer else date.max.isoformat()
    notes: dict[str, list[dict[str, Any]]] = {}
    for note in clinicians.notes_between(db, user_id, first, last):
        notes.setdefault(note["local_date"], []).append(note)
    shown = dict(days)
    for day in notes:
        shown.setdefault(day, [])
    return [(day, shown[day], notes.get(day, [])) for day in sorted(shown, reverse=True)]
