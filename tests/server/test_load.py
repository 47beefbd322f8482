"""Concurrency: 20 clients post 2,000 check-ins to gunicorn; every acknowledged one is stored once."""

import http.client
import statistics
import threading
import time
from datetime import date, timedelta

from journal.web.db import connect
from tests.figures import record_figures
from tests.server.client import Patient

CLIENTS = 20
CHECKINS = 2000
# 16 patients with a client each, plus 4 more clients sharing two patients'
# accounts (a phone and a laptop), so same-patient writes race too.
PATIENTS = 16


def test_twenty_concurrent_clients_store_every_acknowledged_check_in_exactly_once(gunicorn, tmp_path):
    server = gunicorn()
    surgery = (date.today() - timedelta(days=10)).isoformat()
    patients = [Patient(server.port, f"load{i}@example.com") for i in range(PATIENTS)]
    for patient in patients:
        patient.register(surgery)
    clients = list(patients)
    for extra in range(CLIENTS - PATIENTS):
        twin = Patient(server.port, patients[extra % 2].email)
        twin.cookies = dict(patients[extra % 2].cookies)
        twin.checkin_token = patients[extra % 2].checkin_token
        clients.append(twin)

    acknowledged, statuses, latencies, errors = [], [], [], []
    lock = threading.Lock()
    per_client = CHECKINS // CLIENTS

    def work(index, client):
        for n in range(per_client):
            note = f"load-{index}-{n}"
            try:
                status, body, seconds = client.post_checkin(note, intensity=n % 11)
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors.append(repr(error))
                continue
            with lock:
                statuses.append(status)
                latencies.append(seconds)
                if status == 303:
                    acknowledged.append((client.email, note))

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    server.stop()

    db = connect(str(tmp_path / "journal.db"))
    stored = {}
    for row in db.query(
        "SELECT u.email, c.note, count(*) AS n FROM checkins c JOIN users u ON u.id = c.user_id"
        " GROUP BY u.email, c.note"
    ):
        stored[(row["email"], row["note"])] = row["n"]
    integrity = next(db.query("PRAGMA integrity_check"))["integrity_check"]
    db.conn.close()

    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    server_errors = sum(1 for s in statuses if s >= 500)
    lost = sum(1 for key in acknowledged if stored.get(key, 0) == 0)
    duplicated = sum(1 for key in acknowledged if stored.get(key, 0) > 1)
    record_figures(
        f"load: {len(statuses)} requests from {CLIENTS} clients in {elapsed:.1f} s = "
        f"{len(statuses) / elapsed:.0f} check-ins/s; p95 {p95:.0f} ms; failures {len(errors)}; "
        f"5xx {server_errors}; records lost {lost}; duplicated {duplicated}"
    )
    assert errors == []
    assert server_errors == 0
    assert len(acknowledged) == CHECKINS
    assert lost == 0 and duplicated == 0
    assert sum(stored.values()) == CHECKINS
    assert integrity == "ok"
    log = server.log_text()
    assert "database is locked" not in log
    assert "Traceback" not in log
