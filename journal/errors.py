"""Friendly error pages: a clear message and the right status, never a stack trace."""

import sqlite3

from flask import render_template
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: ("Something in that request wasn't right", "Go back, check the form and try again."),
    403: ("Not allowed", "You don't have access to this page."),
    404: ("Not found", "There is nothing here, or it isn't yours to see."),
    405: ("Not allowed", "That page can't be used that way."),
    413: ("Too large", "That upload or form is too large."),
    500: ("Something went wrong on our side", "Your data is safe. Please try again in a moment."),
}


def render_error(status, title=None, message=None):
    default_title, default_message = MESSAGES.get(status, MESSAGES[500])
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title or default_title,
            message=message or default_message,
        ),
        status,
    )


def register_errorhandlers(app):
    for status in (400, 403, 404, 405, 413):
        app.register_error_handler(status, lambda e, s=status: render_error(s))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            "This form has expired",
            "For your security the form needs a fresh start. Go back, reload the page "
            "and submit again.",
        )

    @app.errorhandler(sqlite3.OperationalError)
    def database_unavailable(error):
        # A full disk or a read-only file: say so plainly, keep the details in the log.
        app.logger.error("database error: %s", error)
        return render_error(
            503,
            "Your journal can't be saved right now",
            "The server can't write to its storage. Nothing was changed. "
            "Please try again later.",
        )

    @app.errorhandler(500)
    def server_error(error):
        return render_error(500)
