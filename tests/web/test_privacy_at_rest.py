"""Health data at rest and in logs: files readable by their owner only, no share tokens in logs."""

import logging
import stat

from journal.web.backup import backup
from journal.web.db import migrate
from journal.web.log_privacy import RedactShareTokens


def test_a_new_database_and_its_backup_are_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "journal.db"
    migrate(str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    copy = backup(str(path), tmp_path / "copy.db")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_share_tokens_never_reach_the_request_log(app, client, caplog):
    token = "AAAAsecretTOKENvalueBBBB"
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                               '%s - - "%s" %s', ("127.0.0.1", f"GET /s/{token}/export.csv HTTP/1.1", "404"), None)
    assert RedactShareTokens().filter(record)
    assert token not in record.getMessage()
    assert "GET /s/[token]/export.csv" in record.getMessage()
    # The filter is installed on the loggers that write request lines.
    assert any(isinstance(f, RedactShareTokens) for f in logging.getLogger("werkzeug").filters)
    with caplog.at_level(logging.INFO):
        app.logger.info("opened /s/%s", token)
    assert token not in caplog.text
