"""History: days newest first, each check-in editable and deletable."""

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from journal.checkins import store as checkins
from journal.web import patient
from journal.web.db import get_db

bp = Blueprint("history", __name__)

# A week of days a page keeps each page small on a phone (and a PT thinks in weeks).
DAYS_PER_PAGE = 7
PAGE_MAX = 10_000


@bp.route("/history")
@login_required
def index() -> ResponseReturnValue:
    raw = request.args.get("page", "1")
    # isascii(): "²".isdigit() is True, but int("²") fails.
    valid = raw.isascii() and raw.isdigit() and len(raw) <= 5 and 1 <= int(raw) <= PAGE_MAX
    page = int(raw) if valid else None
    if page is None:
        return render_template(
            "web/errors/error.html",
            status=400,
            title="No such page",
            message="History pages are numbered from 1.",
        ), 400
    account = current_user.account
    days, has_more = checkins.history_page(get_db(), account.id, page, DAYS_PER_PAGE)
    today = patient.today()
    return render_template(
        "checkins/history/index.html", days=days, page=page, has_more=has_more, today=today
    )
