"""Schema migrations: a first-version database upgrades in place, without loss."""

from journal import create_app
from journal.web.db import connect, migrate
from journal.web.migrations import migrations


def first_version_database(path):
    """A database as the very first release left it, with a patient's data."""
    db = connect(path)
    migrations.apply(db, stop_before="m002_wal")
    db.execute(
        "INSERT INTO users (id, email, password_hash, display_name, timezone, created_at)"
        " VALUES (1, 'ana@example.com', 'scrypt:x', 'Ana', 'Europe/London', '2026-03-01T10:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO plans VALUES (1, 'Hip arthroscopy', 'right', '2026-03-09', 2, NULL, 6,"
        " '2026-03-01T10:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO checkins (id, user_id, recorded_at, local_date, local_time, context, note,"
        " home_exercises, pain_free, created_at, updated_at) VALUES"
        " (1, 1, '2026-03-10T08:00:00+00:00', '2026-03-10', '08:00', 'morning', 'first note', 1, 0,"
        " '2026-03-10T08:00:00+00:00', '2026-03-10T08:00:00+00:00')"
    )
    db.execute("INSERT INTO readings (checkin_id, location, intensity) VALUES (1, 'hip_right', 6)")
    db.conn.close()


def test_first_schema_version_with_data_upgrades_intact(tmp_path):
    path = str(tmp_path / "old.db")
    first_version_database(path)

    migrate(path)

    db = connect(path)
    applied = [m.name for m in migrations.applied(db)]
    assert applied == [m.name for m in migrations._migrations]
    assert next(db.query("SELECT email, session_version FROM users")) == {
        "email": "ana@example.com",
        "session_version": 1,
    }
    checkin = next(db.query("SELECT note, warning_signs, local_date FROM checkins"))
    assert checkin == {"note": "first note", "warning_signs": "", "local_date": "2026-03-10"}
    assert [dict(r) for r in db.query("SELECT location, intensity FROM readings")] == [
        {"location": "hip_right", "intensity": 6}
    ]
    assert next(db.query("PRAGMA journal_mode"))["journal_mode"] == "wal"
    assert next(db.query("PRAGMA integrity_check"))["integrity_check"] == "ok"
    db.conn.close()


def test_migrating_twice_changes_nothing(tmp_path):
    path = str(tmp_path / "twice.db")
    migrate(path)
    db = connect(path)
    schema = list(db.query("SELECT sql FROM sqlite_master ORDER BY name"))
    count = db["_sqlite_migrations"].count
    db.conn.close()
    migrate(path)
    db = connect(path)
    assert list(db.query("SELECT sql FROM sqlite_master ORDER BY name")) == schema
    assert db["_sqlite_migrations"].count == count
    db.conn.close()


def test_the_app_migrates_on_start_and_serves_the_old_data(tmp_path):
    path = str(tmp_path / "old.db")
    first_version_database(path)
    app = create_app({"TESTING": True, "DATABASE": path, "SECRET_KEY": "x"})
    db = connect(path)
    assert db["milestones"].exists() and db["share_links"].exists()
    assert db["checkins"].count == 1
    db.conn.close()
    assert app.config["DATABASE"] == path


def test_connections_enforce_foreign_keys_and_wait_when_busy(tmp_path):
    path = str(tmp_path / "fk.db")
    migrate(path)
    db = connect(path)
    assert next(db.query("PRAGMA foreign_keys"))["foreign_keys"] == 1
    assert next(db.query("PRAGMA busy_timeout"))["timeout"] == 5000
    db.conn.close()


def test_reads_skip_the_savepoint_but_other_statements_keep_sqlite_utils_guard(tmp_path):
    import pytest

    db = connect(str(tmp_path / "q.db"))
    statements = []
    db.conn.set_trace_callback(statements.append)
    assert list(db.query("SELECT 1 AS one, 2 AS one")) == [{"one": 1, "one_2": 2}]
    assert statements == ["SELECT 1 AS one, 2 AS one"]
    with pytest.raises(ValueError):
        db.query("CREATE TABLE t (x)")  # not a read: sqlite-utils refuses and rolls back
    assert not db["t"].exists()
    db.conn.close()


def test_workers_starting_together_on_a_new_database_all_succeed(tmp_path):
    """gunicorn boots its workers at once; each runs the migrations on start."""
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "fresh.db"
    root = Path(__file__).resolve().parents[2]
    code = f"from journal.web.db import migrate; migrate({str(path)!r})"
    workers = [subprocess.Popen([sys.executable, "-c", code], cwd=root, stderr=subprocess.PIPE)
               for _ in range(6)]
    results = [(w.wait(timeout=60), w.stderr.read().decode()) for w in workers]
    for w in workers:
        w.stderr.close()
    assert [code for code, _ in results] == [0] * 6, [err for _, err in results if err]
    db = connect(str(path))
    assert [m.name for m in migrations.applied(db)] == [m.name for m in migrations._migrations]
    db.conn.close()


def test_repeated_reading_uids_get_fresh_ones_and_can_never_repeat_again(tmp_path):
    """Imports used to keep a file's uids, so two patients could share one."""
    import sqlite3

    import pytest

    path = str(tmp_path / "dupes.db")
    db = connect(path)
    migrations.apply(db, stop_before="m020_unique_reading_uids")
    for user_id, email in [(1, "ana@example.com"), (2, "ben@example.com")]:
        db.execute(
            "INSERT INTO users (id, email, password_hash, display_name, timezone, created_at)"
            " VALUES (?, ?, 'scrypt:x', 'x', 'UTC', '2026-03-01T10:00:00+00:00')", [user_id, email]
        )
        db.execute(
            "INSERT INTO checkins (id, user_id, recorded_at, local_date, local_time, created_at,"
            " updated_at) VALUES (?, ?, '2026-03-10T08:00:00+00:00', '2026-03-10', '08:00',"
            " '2026-03-10T08:00:00+00:00', '2026-03-10T08:00:00+00:00')", [user_id, user_id]
        )
        db.execute("INSERT INTO readings (checkin_id, location, intensity, uid)"
                   " VALUES (?, 'hip_right', 6, ?)", [user_id, "a" * 32])
    db.conn.commit()
    db.conn.close()

    migrate(path)

    db = connect(path)
    uids = [r["uid"] for r in db.query("SELECT uid FROM readings ORDER BY id")]
    assert uids[0] == "a" * 32  # the first keeps its uid: its Observation id doesn't change
    assert len(set(uids)) == 2 and len(uids[1]) == 32
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE readings SET uid = ? WHERE id = 2", ["a" * 32])
    db.conn.close()
