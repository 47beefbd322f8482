"""Security headers on every response, and the session cookie's flags."""

import pytest

from journal.web.security_headers import CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("path", ["/login", "/register", "/static/app.css", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] in {"same-origin", "no-referrer"}


def test_the_policy_allows_no_inline_script_and_no_other_origin():
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in CONTENT_SECURITY_POLICY.split("; ")
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert not any("unsafe" in value or "http" in value for values in directives.values() for value in values)


def test_journal_pages_are_not_cached(auth, client):
    auth.patient()
    assert client.get("/history").headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_samesite_lax(auth):
    response = auth.register()
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on 127.0.0.1 by default


def test_secure_cookies_when_configured(app, auth):
    app.config["SESSION_COOKIE_SECURE"] = True
    app.config["REMEMBER_COOKIE_SECURE"] = True
    response = auth.register()
    cookies = response.headers.getlist("Set-Cookie")
    assert all("Secure" in c for c in cookies if c.startswith(("session=", "remember_token=")))


def test_templates_contain_no_inline_script_or_style():
    # The CSP would block them in the browser; this catches them before that.
    from pathlib import Path

    for template in Path(__file__).resolve().parents[2].joinpath("templates").rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and "<script " not in text.replace('<script src=', ''), template
        assert " style=" not in text and "<style" not in text, template
        assert " onclick=" not in text and " onload=" not in text, template


def test_hsts_only_when_served_over_https(monkeypatch, tmp_path):
    from journal import create_app

    config = {"TESTING": True, "DATABASE": str(tmp_path / "j.db"), "SECRET_KEY": "x"}
    plain = create_app(config).test_client().get("/login")
    assert "Strict-Transport-Security" not in plain.headers
    monkeypatch.setenv("JOURNAL_SECURE_COOKIES", "1")
    secure = create_app(config).test_client().get("/login")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_server_header_names_no_software_version(app):
    """Werkzeug's own server would announce "Werkzeug/3.x Python/3.x"."""
    import threading
    import urllib.request

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/login") as response:
            banner = response.headers.get("Server", "")
    finally:
        server.shutdown()
    assert "Werkzeug" not in banner and "Python" not in banner
