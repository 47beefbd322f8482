"""Dismiss a safety or trend prompt; it returns only when its condition appears again."""

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from journal.prompts import dismissals as prompt_dismissals
from journal.recovery import clock
from journal.web.db import get_db
from journal.web.errors import render_error

bp = Blueprint("prompts", __name__, url_prefix="/prompts")


@bp.route("/dismiss", methods=["POST"])
@login_required
def dismiss() -> ResponseReturnValue:
    key = request.form.get("key", "")
    if not prompt_dismissals.is_valid_key(key):
        return render_error(
            400, "That note can't be hidden", "Go back to Today and use its “Hide this” button."
        )
    max_kept = current_app.config["DISMISSED_PROMPTS_MAX"]
    if not prompt_dismissals.dismiss(get_db(), current_user.account.id, key, clock.utc_now(), max_kept):
        return render_error(
            409,
            "That note can't be hidden",
            f"You have hidden too many notes ({max_kept}). Notes you have already hidden "
            "stay hidden.",
        )
    flash("Hidden. It comes back if this happens again.", "info")
    return redirect(url_for("today.index"), 303)
