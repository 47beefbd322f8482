"""Crash safety: SIGKILL the server mid-write; after restart nothing acknowledged is lost."""

import http.client
import threading
import time
from datetime import date, timedelta

from journal.web.db import connect
from tests.figures import record_figures
from tests.server.client import Patient

CLIENTS = 8


def test_every_acknowledged_write_survives_a_sigkill(gunicorn, tmp_path):
    server = gunicorn()
    surgery = (date.today() - timedelta(days=10)).isoformat()
    clients = [Patient(server.port, f"crash{i}@example.com", timeout=5) for i in range(CLIENTS)]
    for client in clients:
        client.register(surgery)

    acknowledged, lock, stop = [], threading.Lock(), threading.Event()

    def work(index, client):
        n = 0
        while not stop.is_set():
            note = f"crash-{index}-{n}"
            n += 1
            try:
                status, _, _ = client.post_checkin(note)
            except (OSError, http.client.HTTPException):
                # The server is gone, or went mid-response (IncompleteRead):
                # this write was never acknowledged.
                return
            if status == 303:
                with lock:
                    acknowledged.append((client.email, note))

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=15)

    restarted = gunicorn()
    patient = Patient(restarted.port, "after@example.com")
    patient.register(surgery)  # the restarted server serves and writes again
    restarted.stop()

    db = connect(str(tmp_path / "journal.db"))
    integrity = next(db.query("PRAGMA integrity_check"))["integrity_check"]
    stored = {
        (row["email"], row["note"])
        for row in db.query(
            "SELECT u.email, c.note FROM checkins c JOIN users u ON u.id = c.user_id"
        )
    }
    db.conn.close()
    lost = [key for key in acknowledged if key not in stored]
    record_figures(
        f"crash: {len(acknowledged)} writes acknowledged before SIGKILL; integrity {integrity}; "
        f"records lost {len(lost)}"
    )
    assert len(acknowledged) > 50, "the clients should have been writing when the kill came"
    assert integrity == "ok"
    assert lost == []
