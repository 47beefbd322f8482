"""The benchmark's floor: a trivial page with one indexed read.

Registered only when `BENCH_FLOOR` is set (`make bench` does), so it never
exists in a normal run. Every page's throughput is reported as a ratio to
this one, served by the same gunicorn, so the figures hold on a noisy machine.
"""

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from journal.web.db import get_db

bp = Blueprint("floor", __name__)


@bp.route("/_floor")
def index() -> ResponseReturnValue:

    user_id = request.args.get("id", "1")
    rows = list(get_db().query("SELECT id, display_name FROM users WHERE id = ?", [user_id]))
    return render_template("web/floor.html", patient=rows[0] if rows else None)
