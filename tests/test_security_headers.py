"""Security headers on every response, and the session cookie's flags."""

import pytest

from journal.security_headers import CONTENT_SECURITY_POLICY


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

    for template in Path(__file__).resolve().parents[1].joinpath("templates").rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and "<script " not in text.replace('<script src=', ''), template
        assert " style=" not in text and "<style" not in text, template
        assert " onclick=" not in text and " onload=" not in text, template
