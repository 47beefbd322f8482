"""Backup while the app serves, then restore: every record is there."""

import subprocess
import sys
import threading
from datetime import date, timedelta

from journal.web.db import connect
from tests.figures import record_figures
from tests.server.client import Patient
from tests.server.conftest import ROOT


def test_backup_while_serving_then_restore_finds_every_record(gunicorn, tmp_path):
    database = tmp_path / "journal.db"
    server = gunicorn(database)
    surgery = (date.today() - timedelta(days=10)).isoformat()
    writer = Patient(server.port, "backup@example.com")
    writer.register(surgery)
    for n in range(200):
        assert writer.post_checkin(f"before-{n}")[0] == 303

    # Keep writing while the backup runs: the copy must still be consistent.
    stop = threading.Event()
    busy = Patient(server.port, "busy@example.com")
    busy.register(surgery)

    def keep_writing():
        n = 0
        while not stop.is_set():
            busy.post_checkin(f"during-{n}")
            n += 1

    thread = threading.Thread(target=keep_writing)
    thread.start()
    target = tmp_path / "backups" / "journal-backup.db"
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "journal", "backup", str(target)],
        cwd=ROOT, env={"JOURNAL_DATABASE": str(database), "SECRET_KEY": "x", "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120,
    )
    stop.set()
    thread.join()
    server.stop()
    assert result.returncode == 0, result.stderr
    assert "Backed up" in result.stdout

    # Restore as the README says: put the copy in place of the database, start the app.
    restored = tmp_path / "restored" / "journal.db"
    restored.parent.mkdir()
    restored.write_bytes(target.read_bytes())
    server = gunicorn(restored)
    reader = Patient(server.port, "backup@example.com")
    token = reader.token("/login")
    status, _, _ = reader.request(
        "POST", "/login", {"csrf_token": token, "email": "backup@example.com", "password": "correct horse battery"}
    )
    assert status == 303
    status, body, _ = reader.request("GET", "/history")
    assert status == 200 and "before-199" in body
    server.stop()

    db = connect(str(restored))
    notes = {row["note"] for row in db.query("SELECT note FROM checkins")}
    integrity = next(db.query("PRAGMA integrity_check"))["integrity_check"]
    db.conn.close()
    missing = [n for n in range(200) if f"before-{n}" not in notes]
    record_figures(
        f"backup: {len(notes)} check-ins in the copy taken while serving; integrity {integrity}; "
        f"records lost {len(missing)}"
    )
    assert missing == [] and integrity == "ok"


def test_backup_refuses_to_overwrite_an_existing_file(tmp_path):
    existing = tmp_path / "exists.db"
    existing.write_text("keep me")
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "journal", "backup", str(existing)],
        cwd=ROOT, env={"JOURNAL_DATABASE": str(tmp_path / "j.db"), "SECRET_KEY": "x", "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "already exists" in result.stderr
    assert existing.read_text() == "keep me"
