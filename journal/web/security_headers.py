"""Security headers on every response."""

from flask import Flask, Response

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


# A year, and every subdomain: only sent when the app is told it is served
# over HTTPS (JOURNAL_SECURE_COOKIES=1), or a plain-HTTP install would lock
# browsers out of itself.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
# What `make run`'s server (Werkzeug's, started by `flask run`) says it is.
# It writes its own `Server: Werkzeug/3.x Python/3.x` before any header of
# the app's, and `flask run` takes no handler class, so the banner can only
# be changed on the handler class itself. gunicorn's banner is its own
# configuration's business.
SERVER = "Recovery Journal"


def _quiet_werkzeug_banner() -> None:
    from werkzeug.serving import WSGIRequestHandler

    # A deliberate patch of the class (see above), which type checkers flag.
    WSGIRequestHandler.version_string = lambda handler: SERVER  # type: ignore[method-assign,assignment]


def init_app(app: Flask) -> None:
    _quiet_werkzeug_banner()

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        if app.config["SESSION_COOKIE_SECURE"]:
            headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if response.mimetype == "text/html":
            # Journal pages hold health data: keep them out of shared caches and
            # the back-forward cache of a borrowed phone.
            headers.setdefault("Cache-Control", "no-store")
        return response
