"""Fixtures: an app on a temporary database, a test client, a controllable clock."""

from datetime import datetime, timedelta, timezone

import pytest

from journal import create_app
from journal.web.db import connect
from tests.figures import FIGURES


class Clock:
    """A settable clock for the app: `clock.set(...)`, `clock.advance(...)`."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def set(self, now):
        self.now = now

    def advance(self, **kwargs):
        self.now = self.now + timedelta(**kwargs)


@pytest.fixture
def clock():
    # 10:00 in London on a Monday; surgery in the tests is usually a week before.
    return Clock(datetime(2026, 3, 16, 10, 0, tzinfo=timezone.utc))


@pytest.fixture
def app(tmp_path, clock):
    return create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "journal.db"),
            "SECRET_KEY": "test-secret",
            "CLOCK": clock,
        }
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    database = connect(app.config["DATABASE"])
    yield database
    database.conn.close()


class AuthActions:
    """Register, sign in and set up a plan through the real forms.

    CSRF is on in these tests, as in production: every post carries the
    token read from the page, like a browser would.
    """

    def __init__(self, client):
        self.client = client

    def csrf_token(self, path="/login"):
        html = self.client.get(path).get_data(as_text=True)
        marker = 'name="csrf_token" type="hidden" value="'
        if marker not in html:
            marker = 'name="csrf_token" value="'
        start = html.index(marker) + len(marker)
        return html[start : html.index('"', start)]

    def post(self, path, data=None, token_from=None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(token_from or _page_for(path)))
        return self.client.post(path, data=data, **kwargs)

    def register(self, email="ana@example.com", password="correct horse battery", name="Ana",
                 timezone="Europe/London"):
        return self.post(
            "/register",
            {"email": email, "password": password, "display_name": name, "timezone": timezone},
            token_from="/register",
        )

    def login(self, email="ana@example.com", password="correct horse battery", remember="y"):
        return self.post(
            "/login", {"email": email, "password": password, "remember": remember},
            token_from="/login",
        )

    def logout(self):
        return self.post("/logout", token_from="/account")

    def set_plan(self, surgery_date="2026-03-09", timezone="Europe/London", **fields):
        data = {
            "procedure": "Hip arthroscopy",
            "side": "right",
            "surgery_date": surgery_date,
            "crutch_weeks": "2",
            "pt_start_date": "",
            "pt_weeks": "6",
            "timezone": timezone,
        }
        data.update(fields)
        return self.post("/plan", data, token_from="/plan")

    def patient(self, email="ana@example.com", **plan):
        """A registered, signed-in patient with a plan (surgery 7 days ago)."""
        self.register(email=email)
        self.set_plan(**plan)
        return self

    def checkin(self, **fields):
        data = {"location": ["hip_right"], "intensity-hip_right": "5"}
        data.update(fields)
        return self.post("/checkins", data, token_from="/checkins/new")


def _page_for(path):
    if path.startswith("/checkins"):
        return "/checkins/new"
    if path.startswith("/account") or path == "/logout":
        return "/account"
    return "/login"


@pytest.fixture
def auth(client):
    return AuthActions(client)


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("measured figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
