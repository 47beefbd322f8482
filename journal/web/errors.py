"""Friendly error pages: a clear message and the right status, never a stack trace."""

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime

from flask import Flask, Response, abort, make_response, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from sqlite_utils import Database

from journal.recovery.formatting import plural
from journal.web import rate_limits

MESSAGES = {
    400: ("Something in that request wasn't right", "Go back, check the form and try again."),
    403: ("Not allowed", "You don't have access to this page."),
    404: ("Not found", "There is nothing here, or it isn't yours to see."),
    405: ("Not allowed", "That page can't be used that way."),
    413: ("Too large", "That upload or form is too large."),
    500: ("Something went wrong on our side", "Your data is safe. Please try again in a moment."),
}


def render_error(
    status: int, title: str | None = None, message: str | None = None
) -> tuple[str, int]:
    default_title, default_message = MESSAGES.get(status, MESSAGES[500])
    return (
        render_template(
            "web/errors/error.html",
            status=status,
            title=title or default_title,
            message=message or default_message,
        ),
        status,
    )


def try_again_in(wait_seconds: int) -> str:
    """"Try again in 12 minutes.": when a paused action works again."""
    minutes = rate_limits.minutes(wait_seconds)
    return f"Try again in {plural(minutes, 'minute')}."


def too_many(response_body: ResponseReturnValue, wait_seconds: int) -> Response:
    """A 429 with `Retry-After`, so scripts and browsers know when too."""
    response = make_response(response_body, 429)
    response.headers["Retry-After"] = str(wait_seconds)
    return response


def paused_page(title: str, message: str) -> Callable[[int], str]:
    """A refusal for `reserve_or_refuse`: the plain error page saying what is
    paused, and when it works again."""
    return lambda wait_seconds: render_error(429, title, f"{message} {try_again_in(wait_seconds)}")[0]


def reserve_or_refuse(
    db: Database,
    limits: Sequence[rate_limits.Limit],
    now: datetime,
    refusal: Callable[[int], ResponseReturnValue],
) -> rate_limits.Reservation:
    """The one rate-limit guard of the views: count this attempt against
    `limits` (checked and counted in one transaction, `rate_limits.reserve`)
    and return its reservation; when a limit is reached, stop the request with
    the page `refusal(wait_seconds)` builds, as a 429 with `Retry-After`."""
    reservation = rate_limits.reserve(db, limits, now.timestamp())
    if reservation.refused:
        abort(too_many(refusal(reservation.wait_seconds), reservation.wait_seconds))
    return reservation


def register_errorhandlers(app: Flask) -> None:
    for status in (400, 403, 404, 405, 413):
        app.register_error_handler(status, lambda e, s=status: render_error(s))

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_error(
            400,
            "This form has expired",
            "For your security the form needs a fresh start. Go back, reload the page "
            "and submit again.",
        )

    @app.errorhandler(sqlite3.OperationalError)
    def database_unavailable(error: sqlite3.OperationalError) -> tuple[str, int]:
        # A full disk or a read-only file: say so plainly, keep the details in the log.
        app.logger.error("database error: %s", error)
        return render_error(
            503,
            "Your journal can't be saved right now",
            "The server can't write to its storage. Nothing was changed. "
            "Please try again later.",
        )

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[str, int]:
        return render_error(500)
