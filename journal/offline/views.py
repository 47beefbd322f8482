"""The manifest, icons, service worker, offline page and the outbox's session
check. Which pages a phone may keep for offline use is decided here too."""

import hashlib
import hmac
import json
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from journal.offline import icons

bp = Blueprint("offline", __name__)

NAME = "Recovery Journal"
SHORT_NAME = "Recovery"
THEME_COLOUR = "#0b5cad"
BACKGROUND_COLOUR = "#ffffff"
# The signed-in pages a phone keeps for use without a signal: Today and a
# blank check-in form. Every other page (History, Summary, share pages,
# exports) stays `no-store` and is never kept.
OFFLINE_PAGES = frozenset({"today.index", "checkins.new"})
PNG_SIZES = {"icon-192.png": (192, False), "icon-512.png": (512, False),
             "maskable-512.png": (512, True), "apple-touch-icon.png": (180, False)}
# The icons change only with a release; a day of caching is plenty.
ICON_MAX_AGE = 24 * 3600


def account_marker(user_id: int) -> str:
    """An opaque name for the signed-in account, so the phone can tell when
    another patient signs in (and drop the pages it kept) without learning
    their id."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"offline-account:%d" % user_id, hashlib.sha256).hexdigest()[:24]


@bp.route("/manifest.webmanifest")
def manifest() -> ResponseReturnValue:
    body = {
        "id": "/",
        "name": NAME,
        "short_name": SHORT_NAME,
        "description": "A daily pain and milestone journal after hip arthroscopy.",
        "start_url": url_for("today.index"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": url_for("offline.icon_svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": url_for("offline.icon_png", name="icon-192.png"), "sizes": "192x192",
             "type": "image/png"},
            {"src": url_for("offline.icon_png", name="icon-512.png"), "sizes": "512x512",
             "type": "image/png"},
            {"src": url_for("offline.icon_png", name="maskable-512.png"), "sizes": "512x512",
             "type": "image/png", "purpose": "maskable"},
        ],
    }
    response = Response(json.dumps(body, indent=1), mimetype="application/manifest+json")
    response.cache_control.max_age = ICON_MAX_AGE
    return response


@bp.route("/icons/icon.svg")
def icon_svg() -> ResponseReturnValue:
    response = Response(icons.SVG, mimetype="image/svg+xml")
    response.cache_control.max_age = ICON_MAX_AGE
    return response


@bp.route("/icons/<name>")
def icon_png(name: str) -> ResponseReturnValue:
    if name not in PNG_SIZES:
        return Response("Not found", 404, mimetype="text/plain")
    size, maskable = PNG_SIZES[name]
    response = Response(icons.png(size, maskable), mimetype="image/png")
    response.cache_control.max_age = ICON_MAX_AGE
    return response


def shell_urls() -> list[str]:
    """What the worker keeps on install: the app shell, no patient data."""
    return [
        url_for("offline.offline_page"),
        url_for("static", filename="app.css"),
        url_for("static", filename="app.js"),
        url_for("static", filename="body-map.svg"),
        url_for("offline.manifest"),
        url_for("offline.icon_svg"),
        url_for("offline.icon_png", name="icon-192.png"),
    ]


@bp.route("/sw.js")
def service_worker() -> ResponseReturnValue:
    """static/sw.js with the shell's fingerprinted URLs filled in, so a new
    release (any changed static file) is a changed worker: the browser
    installs it, and it deletes the old caches."""
    source = (Path(current_app.static_folder or "") / "sw.js").read_text()
    shell = json.dumps(shell_urls())
    version = hashlib.sha256((source + shell).encode()).hexdigest()[:12]
    body = source.replace('"__SHELL__"', shell).replace("__VERSION__", version)
    response = Response(body, mimetype="text/javascript")
    # Served from the root so its scope is the whole app; checked for an
    # update on every navigation (browsers cap a worker's cache at a day anyway).
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/offline")
def offline_page() -> ResponseReturnValue:
    """Shown by the worker when there is no signal and no kept copy of a
    page. Public and the same for everyone: no patient data, no form."""
    response = Response(render_template("offline/offline.html"))
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/offline/session")
def session_check() -> ResponseReturnValue:
    """For the worker before it sends the outbox: who is signed in (an opaque
    name) and a CSRF token of this session (a queued form's token belongs to
    the session it was made in, which may have ended since). Same-origin
    only: another site's page can't read the answer (no CORS)."""
    if not current_user.is_authenticated:
        response = Response(json.dumps({"signed_in": False}), 401, mimetype="application/json")
    else:
        body = {
            "signed_in": True,
            "account": account_marker(current_user.account.id),
            "csrf_token": generate_csrf(),
        }
        response = Response(json.dumps(body), mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.after_app_request
def mark_offline_pages(response: Response) -> Response:
    """Today and the blank check-in form may be kept by the patient's own
    phone (`private, no-cache`: never by a shared cache, always checked with
    the server first) and are labelled with whose they are. Signing out
    tells the browser to clear what it kept."""
    if (
        request.endpoint in OFFLINE_PAGES
        and not request.args
        and response.status_code == 200
        and current_user.is_authenticated
    ):
        response.headers["Cache-Control"] = "private, no-cache"
        response.headers["X-Journal-Account"] = account_marker(current_user.account.id)
    if request.endpoint == "auth.logout":
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
