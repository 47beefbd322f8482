"""Recovery Journal: a phone-first pain and milestone journal after hip arthroscopy."""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from journal.web import (
    backup,
    db,
    errors,
    log_privacy,
    proxy_headers,
    record_ids,
    security_headers,
    static_files,
    template_filters,
)
from journal.web.extensions import csrf, login_manager

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Application factory: safe defaults, then the environment, then `test_config`."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    configure(app, test_config)
    record_ids.init_app(app)  # before any route is added
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_request_handling(app)
    register_commands(app)
    return app


def configure(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        DATABASE=os.environ.get(
            "JOURNAL_DATABASE", str(Path(app.instance_path) / "journal.db")
        ),
        # A patient may leave the check-in form open for hours; a token that
        # expires after an hour would throw away what they typed.
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=_env_flag("JOURNAL_SECURE_COOKIES"),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=_env_flag("JOURNAL_SECURE_COOKIES"),
        MAX_CONTENT_LENGTH=12 * 1024 * 1024,
        # Werkzeug's method for password hashes; scrypt is slow on purpose.
        # The tests set a cheap one (tests/conftest.py).
        PASSWORD_HASH_METHOD="scrypt",
        # Failed sign-ins allowed per 15 minutes from one IP (any account)
        # and for one account from one IP; and the slower per-account
        # backstop, per hour from anywhere.
        LOGIN_LIMIT_PER_IP=_env_int("JOURNAL_LOGIN_LIMIT_PER_IP", 20),
        LOGIN_LIMIT_PER_ACCOUNT_AND_IP=_env_int("JOURNAL_LOGIN_LIMIT_PER_ACCOUNT_AND_IP", 5),
        LOGIN_LIMIT_PER_ACCOUNT=_env_int("JOURNAL_LOGIN_LIMIT_PER_ACCOUNT", 50),
        LOGIN_LIMIT_WINDOW_SECONDS=15 * 60,
        LOGIN_BACKSTOP_WINDOW_SECONDS=60 * 60,
        # A signed-in patient's wrong passwords (password change, deletion)
        # per 15 minutes.
        REAUTH_LIMIT=_env_int("JOURNAL_REAUTH_LIMIT", 5),
        # Registrations tried per 15 minutes, and accounts made per day, from one IP.
        REGISTER_LIMIT_PER_IP=_env_int("JOURNAL_REGISTER_LIMIT_PER_IP", 10),
        ACCOUNTS_PER_IP_PER_DAY=_env_int("JOURNAL_ACCOUNTS_PER_IP_PER_DAY", 20),
        # Generous caps that only a script reaches.
        CHECKINS_PER_DAY=_env_int("JOURNAL_CHECKINS_PER_DAY", 50),
        DISMISSED_PROMPTS_MAX=_env_int("JOURNAL_DISMISSED_PROMPTS_MAX", 1000),
        # A share link's CSV or FHIR download: larger ones are refused (the
        # patient can share a shorter range), and each link and each IP may
        # download so many times per 15 minutes.
        SHARE_DOWNLOAD_MAX_BYTES=int(os.environ.get("JOURNAL_SHARE_DOWNLOAD_MAX_MB", "25"))
        * 1024 * 1024,
        SHARE_DOWNLOADS_PER_LINK=int(os.environ.get("JOURNAL_SHARE_DOWNLOADS_PER_LINK", "20")),
        SHARE_DOWNLOADS_PER_IP=int(os.environ.get("JOURNAL_SHARE_DOWNLOADS_PER_IP", "40")),
        COUNT_QUERIES=_env_flag("JOURNAL_COUNT_QUERIES"),
        # How many reverse proxies sit in front; 0 = served directly.
        PROXY_HOPS=proxy_headers.hops_from_environment(),
        BENCH_FLOOR=_env_flag("JOURNAL_BENCH_FLOOR"),
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _instance_secret(app)


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    """A positive whole number from the environment; anything else is a
    start-up error, never a silently missing limit."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name} must be a whole number of 1 or more, not {raw!r}")
    return int(raw)


def _instance_secret(app: Flask) -> str:
    """Generate the secret key once and keep it in `instance/`, never in git."""
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        # O_EXCL: two workers starting together must not write two keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return path.read_text().strip()


def register_extensions(app: Flask) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Each feature's views, in journal/<feature>/. Imported here, not at the
    top: a view imports `journal.web` modules, whose package is this one."""
    from journal import today
    from journal.accounts import auth_views, plan_views, views as account_views
    from journal.checkins import history_views, views as checkin_views
    from journal.clinicians import connect_views, pt_views
    from journal.data import views as data_views
    from journal.measures import views as measure_views
    from journal.milestones import timeline_views, views as milestone_views
    from journal.offline import views as offline_views
    from journal.prompts import views as prompt_views
    from journal.sharing import views as share_views
    from journal.summary import views as summary_views
    from journal.web import health

    for module in (
        auth_views, plan_views, today, checkin_views, history_views, account_views, data_views,
        milestone_views, timeline_views, prompt_views, summary_views, share_views, measure_views,
        pt_views, connect_views,
        health,  # public: for the proxy's and uptime checks
        offline_views,  # public: the manifest, icons, service worker, offline page
    ):
        app.register_blueprint(module.bp)
    if app.config["BENCH_FLOOR"]:
        from journal.web import floor

        app.register_blueprint(floor.bp)


def register_errorhandlers(app: Flask) -> None:
    errors.register_errorhandlers(app)


def register_request_handling(app: Flask) -> None:
    """What every request passes through. The order is kept: response hooks
    run in reverse order of registration."""
    security_headers.init_app(app)
    template_filters.init_app(app)
    static_files.init_app(app)
    log_privacy.init_app(app)
    db.init_app(app)
    proxy_headers.init_app(app)


def register_commands(app: Flask) -> None:
    backup.init_app(app)
