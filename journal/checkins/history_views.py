"""History: days newest first, each check-in editable and deletable."""

from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from journal.checkins import store as checkins
from journal.clinicians import store as clinicians
from journal.recovery.numbers import whole_number
from journal.web import errors, patient
from journal.web.db import get_db

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
    # A PT's notes beside the check-ins of their day (days shown on this page).
    notes: dict[str, list[dict[str, Any]]] = {}
    if days:
        for note in clinicians.notes_between(get_db(), account.id, days[-1][0], days[0][0]):
            notes.setdefault(note["local_date"], []).append(note)
    return render_template(
        "checkins/history/index.html", days=days, page=page, has_more=has_more, today=today,
        pt_notes=notes,
    )
