"""`make run`'s gunicorn settings: worker count, bind address, and an access log without share tokens."""

import importlib
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from journal.web import gunicorn_config
from journal.web.gunicorn_config import bind_address, worker_count

TOKEN = "AAAAsecretTOKENvalueBBBB"


@pytest.mark.parametrize("cores, workers", [(1, 3), (2, 5), (3, 7), (4, 8), (64, 8)])
def test_workers_are_two_per_core_plus_one_capped_at_eight(cores, workers):
    assert worker_count(cores) == workers


def test_workers_variable_overrides_the_count():
    assert worker_count(64, "2") == 2
    assert worker_count(1, " 12 ") == 12


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_bad_workers_value_is_refused_with_a_clear_message(value):
    with pytest.raises(ValueError, match="WORKERS must be a whole number"):
        worker_count(2, value)


def test_bind_address_follows_host_and_port_with_ipv6_in_brackets():
    assert bind_address("127.0.0.1", "5000") == "127.0.0.1:5000"
    assert bind_address("::", "8000") == "[::]:8000"
    with pytest.raises(ValueError, match="PORT must be a port number"):
        bind_address("127.0.0.1", "http")


def test_the_module_reads_host_port_and_workers_from_the_environment(monkeypatch):
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("WORKERS", "3")
    try:
        module = importlib.reload(gunicorn_config)
        assert module.bind == ["0.0.0.0:8123"] and module.workers == 3
        monkeypatch.delenv("HOST")
        monkeypatch.delenv("PORT")
        module = importlib.reload(gunicorn_config)
        assert module.bind == ["127.0.0.1:5000"]
    finally:
        monkeypatch.undo()
        importlib.reload(gunicorn_config)


@pytest.fixture
def gunicorn_log(tmp_path):
    """The logger gunicorn builds from our settings, writing to files."""
    cfg = Config()
    for name in ("logger_class", "access_log_format", "forwarded_allow_ips", "timeout"):
        cfg.set(name, getattr(gunicorn_config, name))
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    log = cfg.logger_class(cfg)
    yield log
    # gunicorn's loggers are process-wide: leave them as they were.
    for logger in (log.access_log, log.error_log):
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()


def test_the_access_log_never_holds_a_share_token(gunicorn_log, tmp_path):
    log = gunicorn_log
    try:
        for raw_uri in (f"/s/{TOKEN}", f"/s/{TOKEN}/export.csv", f"/s/{TOKEN[:6]}%2D{TOKEN[6:]}",
                        f"/S/{TOKEN}"):
            environ = {"REQUEST_METHOD": "GET", "RAW_URI": raw_uri, "PATH_INFO": raw_uri,
                       "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.7",
                       "HTTP_REFERER": f"https://journal.example/s/{TOKEN}"}
            response = SimpleNamespace(status="404 NOT FOUND", sent=977, headers=[])
            log.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
        log.error("Error handling request /s/%s", TOKEN)
    finally:
        for handler in log.access_log.handlers + log.error_log.handlers:
            handler.flush()
    access = (tmp_path / "access.log").read_text()
    assert TOKEN not in access and TOKEN[6:] not in access
    assert '"GET /s/[token]/export.csv HTTP/1.1" 404 977' in access
    assert access.count("/s/[token]") == 4
    assert "203.0.113.7" in access
    error = (tmp_path / "error.log").read_text()
    assert TOKEN not in error and "Error handling request /s/[token]" in error


def test_gunicorn_builds_the_redacting_logger_from_the_settings(gunicorn_log):
    assert isinstance(gunicorn_log, gunicorn_config.RedactingLogger)
    assert logging.getLogger("gunicorn.access") is gunicorn_log.access_log
