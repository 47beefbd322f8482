"""A full disk or a read-only database: a clear page, a log line, nothing corrupted."""

import logging
from html import unescape

import pytest

from journal.web import db as journal_db


def squeeze(monkeypatch, pragma):
    """Every new connection gets `pragma`, as if the disk or the file said no."""
    real_connect = journal_db.connect

    def connect(path):
        database = real_connect(path)
        database.execute(pragma)
        return database

    monkeypatch.setattr(journal_db, "connect", connect)


@pytest.mark.parametrize(
    "pragma, logged",
    [
        # max_page_count at the current size: the next page needed fails with
        # SQLITE_FULL, exactly what a full disk returns.
        ("PRAGMA max_page_count = 1", "database or disk is full"),
        ("PRAGMA query_only = ON", "readonly"),
    ],
)
def test_a_write_the_database_refuses_gets_a_clear_503_and_changes_nothing(
    auth, client, db, monkeypatch, caplog, pragma, logged
):
    auth.patient()
    auth.checkin(note="before the fault")
    page_count = next(db.query("PRAGMA page_count"))["page_count"]
    squeeze(monkeypatch, pragma.replace("= 1", f"= {page_count}"))

    with caplog.at_level(logging.ERROR):
        response = auth.checkin(note="x" * 1000, location=["hip_right", "hip_left"],
                                **{"intensity-hip_left": "3"})
        for n in range(20):  # enough rows to need a new page
            response = auth.checkin(note=f"{n}" + "y" * 999)
            if response.status_code != 303:
                break
    assert response.status_code == 503
    body = unescape(response.get_data(as_text=True))
    assert "can't be saved right now" in body and "Nothing was changed" in body
    assert "Traceback" not in body
    assert any(logged in record.getMessage() for record in caplog.records)

    monkeypatch.undo()
    notes = [row["note"] for row in db.query("SELECT note FROM checkins ORDER BY id")]
    assert notes[0] == "before the fault"
    # Whatever got in before the fault is whole: every check-in has its readings.
    orphans = next(db.query(
        "SELECT count(*) AS n FROM checkins c WHERE NOT EXISTS"
        " (SELECT 1 FROM readings r WHERE r.checkin_id = c.id)"))["n"]
    assert orphans == 0
    assert next(db.query("PRAGMA integrity_check"))["integrity_check"] == "ok"
