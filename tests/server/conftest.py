"""Real servers for load, crash and backup tests: gunicorn with 2 workers on 127.0.0.1."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.slow)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, database, log_path, workers=2):
        self.database = database
        self.log_path = log_path
        self.workers = workers
        self.port = None
        self.process = None

    def start(self):
        self.port = free_port()
        env = {
            **os.environ,
            "JOURNAL_DATABASE": str(self.database),
            "SECRET_KEY": "server-test-secret",
            # Many patients register from one address in these tests.
            "JOURNAL_LOGIN_LIMIT_PER_IP": "100000",
            "JOURNAL_REGISTER_LIMIT_PER_IP": "100000",
            "JOURNAL_ACCOUNTS_PER_IP_PER_DAY": "100000",
            # Each patient posts a hundred or more check-ins on one day here.
            "JOURNAL_CHECKINS_PER_DAY": "100000",
        }
        self.log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", str(self.workers),
             "--threads", "1", "-b", f"127.0.0.1:{self.port}", "--timeout", "60",
             "--error-logfile", "-", "journal:create_app()"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited: {Path(self.log_path).read_text()[-2000:]}")
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start in 30 s")

    def kill(self):
        """SIGKILL the master and every worker at once: a power cut, as the app sees it."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if not self.log.closed:
            self.log.close()

    def log_text(self):
        return Path(self.log_path).read_text()


@pytest.fixture
def gunicorn(tmp_path):
    servers = []

    def start(database=None):
        server = Gunicorn(database or tmp_path / "journal.db", tmp_path / "server.log").start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
