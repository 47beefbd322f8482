"""Transactions that read before they write still save when others write too.

In WAL mode a deferred transaction that has read, then tries to write after
another connection committed, fails at once with "database is locked" (the
busy timeout can't help: its snapshot is stale). An edit reads the check-in's
old date first, so `atomic()` takes the write lock up front instead.
"""

import sqlite3
from datetime import date, datetime, time, timezone

from journal.checkins import store as checkins
from journal.checkins.form import CheckinInput, Reading
from journal.web.db import connect, migrate

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=timezone.utc)


def journal_with_a_checkin(tmp_path):
    """`(path, db, checkin_id)`: a new database with one patient and one check-in."""
    path = str(tmp_path / "journal.db")
    migrate(path)
    db = connect(path)
    db.execute("INSERT INTO users (id, email, password_hash, created_at) VALUES (1, 'a@example.com', 'x', '')")
    data = CheckinInput(date(2026, 3, 10), time(9, 0), [Reading("hip_right", 6)])
    return path, db, checkins.create_checkin(db, 1, data, "UTC", NOW)


def test_a_transaction_that_reads_first_still_writes_when_another_connection_writes(tmp_path):
    path, db, checkin_id = journal_with_a_checkin(tmp_path)
    other = sqlite3.connect(path, timeout=0.05)

    with db.atomic():
        db.execute("SELECT local_date FROM checkins WHERE id = ?", [checkin_id]).fetchone()
        try:
            other.execute("INSERT INTO rate_limit_hits (key, at) VALUES ('ip:1', 1)")
            other.commit()
            other_wrote = True
        except sqlite3.OperationalError:  # waited for our transaction, then gave up
            other_wrote = False
        db.execute("UPDATE checkins SET note = 'edited' WHERE id = ?", [checkin_id])

    assert not other_wrote
    assert db.execute("SELECT note FROM checkins").fetchone()[0] == "edited"
    other.close()
    db.conn.close()


def test_an_edit_and_a_deletion_save_when_another_patient_writes_in_the_middle(tmp_path):
    path, db, mine = journal_with_a_checkin(tmp_path)
    other = sqlite3.connect(path, timeout=0.05)
    attempts = []

    def write_from_elsewhere(statement):
        # Just after the edit (or deletion) has read the check-in's old date,
        # as its write begins: another patient's sign-in failure is recorded.
        if statement.startswith(("UPDATE checkins SET recorded_at", "DELETE FROM checkins")):
            try:
                other.execute("INSERT INTO rate_limit_hits (key, at) VALUES ('ip:1', 1)")
                other.commit()
                attempts.append("wrote")
            except sqlite3.OperationalError:
                attempts.append("waited")

    db.conn.set_trace_callback(write_from_elsewhere)
    moved = CheckinInput(date(2026, 3, 9), time(9, 0), [Reading("hip_right", 3)])
    assert checkins.update_checkin(db, 1, mine, moved, "UTC", NOW)
    assert checkins.delete_checkin(db, 1, mine)
    db.conn.set_trace_callback(None)

    assert attempts == ["waited", "waited"]
    assert db.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM pain_days").fetchone()[0] == 0
    other.close()
    db.conn.close()
