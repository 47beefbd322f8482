"""Fixtures: an app on a temporary database, a test client, a controllable clock."""

import os
import shutil
from datetime import datetime, timedelta, timezone

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature
from jinja2 import BytecodeCache
from werkzeug.routing import Rule

from journal import create_app
from journal.web.db import connect, migrate
from tests.figures import FIGURES

# Scrypt takes ~0.1 s a hash on purpose, and the tests make hundreds. One
# round of PBKDF2 runs the same code at no cost. Tests that need the real
# cost (it proves production's method, or widens a race they guard) ask for
# the app's default with
# @pytest.mark.parametrize("password_hash_method", [PRODUCTION_HASH]).
CHEAP_PASSWORD_HASH = "pbkdf2:sha256:1"
PRODUCTION_HASH = None  # the app's own default: no PASSWORD_HASH_METHOD in the test config


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
def password_hash_method():
    return CHEAP_PASSWORD_HASH


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """One database migrated once per run; each test starts from a copy, and
    the app's start-up migration then finds nothing pending."""
    path = tmp_path_factory.mktemp("template") / "journal.db"
    migrate(str(path))
    # Everything in the main file, so copying that file alone is the whole
    # database (WAL mode is recorded in its header).
    database = connect(str(path))
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.conn.close()
    assert not os.path.exists(f"{path}-wal") or os.path.getsize(f"{path}-wal") == 0
    return path


def copy_database(template, path):
    # Readable by its owner only, as migrate() creates a new database.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    shutil.copyfile(template, path)


class TemplateCache(BytecodeCache):
    """Compiled templates shared by every test's app. Each app has its own
    Jinja environment, and compiling the same templates again for each test
    was a fifth of the suite's time (profiled). Keyed by name and source checksum, so
    an edited template compiles afresh."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="session")
def template_cache():
    return TemplateCache()


@pytest.fixture(scope="session", autouse=True)
def shared_url_builders():
    """Werkzeug compiles each route's URL builder from a generated syntax
    tree when an app registers it: most of create_app's time (12 of 14 ms
    of CPU, measured), for each of the ~900 apps the tests make, and the
    same code every time. The builder is a function of the route's parsed
    parts and default names alone (the rule itself is its first argument),
    so each is compiled once. A route whose defaults fill in its own
    variables runs a converter at compile time; those compile as usual."""
    real = Rule._compile_builder
    builders = {}

    def compile_builder(rule, append_unknown=True):
        defaults = rule.defaults or {}
        if any(dynamic and name in defaults for dynamic, name in rule._trace):
            return real(rule, append_unknown)
        key = (rule.rule, tuple(rule._trace), tuple(defaults), append_unknown)
        if key not in builders:
            builders[key] = real(rule, append_unknown)
        return builders[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Rule, "_compile_builder", compile_builder)
        yield


@pytest.fixture
def app(tmp_path, clock, migrated_database, password_hash_method, template_cache):
    database = tmp_path / "journal.db"
    copy_database(migrated_database, database)
    config = {
        "TESTING": True,
        "DATABASE": str(database),
        "SECRET_KEY": "test-secret",
        "CLOCK": clock,
    }
    if password_hash_method is not PRODUCTION_HASH:
        config["PASSWORD_HASH_METHOD"] = password_hash_method
    app = create_app(config)
    app.jinja_env.bytecode_cache = template_cache
    return app


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
    token read from a page, like a browser would. A token is good for as
    long as its session's secret lasts (no time limit), so it is read once
    and read again only when that secret changes: sign-in and sign-out
    clear the session.
    """

    def __init__(self, client):
        self.client = client
        self._token = None  # (the session's secret, the token read for it)

    def csrf_token(self, path="/login"):
        """The token on the page at `path`, read from the page as a browser would."""
        html = self.client.get(path).get_data(as_text=True)
        marker = 'name="csrf_token" type="hidden" value="'
        if marker not in html:
            marker = 'name="csrf_token" value="'
        start = html.index(marker) + len(marker)
        token = html[start : html.index('"', start)]
        self._token = (self._session_csrf_secret(), token)
        return token

    def _session_token(self, page):
        """The token read before while the session's secret is unchanged,
        else the one on `page`."""
        secret = self._session_csrf_secret()
        if secret is not None and self._token and self._token[0] == secret:
            return self._token[1]
        return self.csrf_token(page)

    def _session_csrf_secret(self):
        """The raw token Flask-WTF keeps in the signed session cookie, read
        without a request (one would re-sign and re-send the cookie)."""
        app = self.client.application
        cookie = self.client.get_cookie(app.config["SESSION_COOKIE_NAME"])
        if cookie is None:
            return None
        serializer = SecureCookieSessionInterface().get_signing_serializer(app)
        try:
            lifetime = int(app.permanent_session_lifetime.total_seconds())
            return serializer.loads(cookie.value, max_age=lifetime).get("csrf_token")
        except BadSignature:
            return None

    def post(self, path, data=None, token_from=None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self._session_token(token_from or _page_for(path)))
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
