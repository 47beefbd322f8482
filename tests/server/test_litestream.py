"""Restore drill: gunicorn serves while Litestream replicates (with the committed
litestream.yml); the server dies under load; the replica restored to a new
path starts, and holds every acknowledged check-in up to the replication lag."""

import http.client
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from journal.web.db import connect
from tests.figures import record_figures
from tests.server.client import Patient
from tests.server.conftest import ROOT

LITESTREAM = Path(sys.executable).parent / "litestream"
SYNC_INTERVAL = 1.0  # litestream.yml
CLIENTS = 6
WRITES_PER_CLIENT = 1500  # bounded in count as well as time
LOAD_SECONDS = 4.0
PROBES = 3


class Litestream:
    def __init__(self, database, replica_url, log_path):
        self.env = {**os.environ, "JOURNAL_DATABASE": str(database), "LITESTREAM_REPLICA_URL": replica_url}
        self.replica_url = replica_url
        self.log_path = log_path
        self.process = None

    def replicate(self):
        assert LITESTREAM.exists(), f"{LITESTREAM} is missing: pip install -r requirements-dev.txt"
        self.log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [str(LITESTREAM), "replicate", "-config", str(ROOT / "litestream.yml")],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        return self

    def stop(self):
        """SIGTERM: Litestream ships what it has not shipped yet, then exits."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        return self.process.returncode

    def restore(self, target):
        started = time.perf_counter()
        result = subprocess.run([str(LITESTREAM), "restore", "-o", str(target), self.replica_url],
                                env=self.env, capture_output=True, text=True, timeout=60)
        return result, time.perf_counter() - started


def notes_in(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT note FROM checkins")}
    finally:
        conn.close()


def test_litestream_replica_restores_every_acknowledged_check_in(gunicorn, tmp_path):
    database = tmp_path / "journal.db"
    server = gunicorn(database)  # migrates: WAL mode is on before Litestream starts
    litestream = Litestream(database, f"file://{tmp_path / 'replica'}", tmp_path / "litestream.log").replicate()
    try:
        surgery = (date.today() - timedelta(days=10)).isoformat()
        clients = [Patient(server.port, f"drill{i}@example.com", timeout=5) for i in range(CLIENTS)]
        for client in clients:
            client.register(surgery)
        probe = Patient(server.port, "probe@example.com", timeout=5)
        probe.register(surgery)

        acknowledged, refused, lock, stop = {}, [], threading.Lock(), threading.Event()

        def work(index, client):
            for n in range(WRITES_PER_CLIENT):
                if stop.is_set():
                    return
                note = f"drill-{index}-{n}"
                try:
                    status, _, _ = client.post_checkin(note)
                except (OSError, http.client.HTTPException):
                    return  # the server is gone: never acknowledged
                with lock:
                    if status == 303:
                        acknowledged[note] = time.monotonic()
                    else:
                        refused.append(status)

        threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(clients)]
        load_started = time.monotonic()
        for thread in threads:
            thread.start()

        # Lag under load: from a check-in's acknowledgement to the moment a
        # restore of the replica holds it.
        lags, restore_seconds = [], []
        for k in range(PROBES):
            note = f"probe-{k}"
            assert probe.post_checkin(note)[0] == 303
            acked = time.monotonic()
            for attempt in range(300):
                copy = tmp_path / f"probe-{k}-{attempt}.db"
                result, seconds = litestream.restore(copy)
                restore_seconds.append(seconds)
                found = result.returncode == 0 and note in notes_in(copy)
                for path in copy.parent.glob(f"{copy.name}*"):
                    path.unlink()
                if found:
                    lags.append(time.monotonic() - acked)
                    break
                assert time.monotonic() - acked < 30, f"{note} never reached the replica: {result.stderr}"
                time.sleep(0.02)
        while time.monotonic() - load_started < LOAD_SECONDS and any(t.is_alive() for t in threads):
            time.sleep(0.05)

        # The machine's app dies mid-write; Litestream is then stopped cleanly.
        server.kill()
        killed = time.monotonic()
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        # Litestream takes short write locks to checkpoint; the app's 5 s busy
        # timeout must absorb them.
        server_log = server.log_text()
        assert litestream.stop() == 0, (tmp_path / "litestream.log").read_text()[-2000:]
    finally:
        if litestream.process.poll() is None:
            litestream.stop()

    restored = tmp_path / "restored" / "journal.db"
    result, restore_time = litestream.restore(restored)
    assert result.returncode == 0, result.stderr
    db = connect(str(restored))
    integrity = next(db.query("PRAGMA integrity_check"))["integrity_check"]
    db.conn.close()
    stored = notes_in(restored)
    lost = {note: killed - at for note, at in acknowledged.items() if note not in stored}
    # What Litestream had not shipped when it stopped is at most one sync
    # interval old (plus scheduling slack on a busy 2-core machine).
    allowance = SYNC_INTERVAL + 1.0
    lost_beyond_lag = [note for note, age in lost.items() if age > allowance]
    record_figures(
        f"litestream: {len(acknowledged)} check-ins acknowledged from {CLIENTS} clients; lag ack -> restorable "
        f"replica median {statistics.median(lags) * 1000:.0f} ms, max {max(lags) * 1000:.0f} ms over {PROBES} probes "
        f"(sync-interval {SYNC_INTERVAL:.0f} s); restore {restore_time * 1000:.0f} ms, "
        f"{restored.stat().st_size // 1024} KiB; integrity {integrity}; records lost {len(lost)} "
        f"({len(lost_beyond_lag)} older than {allowance:.0f} s)"
    )
    assert len(acknowledged) > 100, "the clients should have been writing when the server died"
    assert refused == [] and "database is locked" not in server_log and "Traceback" not in server_log
    assert integrity == "ok"
    assert lost_beyond_lag == []
    assert {f"probe-{k}" for k in range(PROBES)} <= stored

    # The restored file is a journal the app serves: the patients sign in and
    # find their notes.
    server = gunicorn(restored)
    status, body, _ = Patient(server.port, "x").request("GET", "/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok"}
    reader = Patient(server.port, "drill0@example.com")
    token = reader.token("/login")
    status, _, _ = reader.request("POST", "/login", {"csrf_token": token, "email": "drill0@example.com",
                                                     "password": "correct horse battery"})
    assert status == 303
    newest = max((n for n in stored if n.startswith("drill-0-")), key=lambda n: int(n.rsplit("-", 1)[1]))
    status, body, _ = reader.request("GET", "/history")
    assert status == 200 and newest in body
    server.stop()
