"""`/healthz`: can this server answer patients? For load balancers and uptime checks.

Public on purpose (a probe has no account), and it says nothing a stranger
could use: ok, or which of three things is wrong.
"""

from flask import Blueprint, Response, current_app, jsonify

from journal.web.db import health_problem

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def check() -> Response:
    problem = health_problem(current_app.config["DATABASE"])
    if problem is None:
        response = jsonify(status="ok")
    else:
        current_app.logger.warning("health check failed: %s", problem)
        response = jsonify(status="unavailable", problem=problem)
        response.status_code = 503
    # A cached "ok" would hide an outage from the next probe.
    response.headers["Cache-Control"] = "no-store"
    return response
