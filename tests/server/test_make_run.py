"""`make run` is what a self-hoster starts: it must serve through gunicorn, not Flask's dev server."""

import http.client
import json
import os
import signal
import subprocess
import time

from tests.figures import record_figures
from tests.server.conftest import ROOT, free_port

TOKEN = "AAAAsecretTOKENvalueBBBB"


def process_tree(root_pid):
    """{pid: (parent pid, command line)} for `root_pid` and all its descendants, read with ps."""
    listing = subprocess.run(["ps", "-e", "-ww", "-o", "pid=,ppid=,args="], capture_output=True, text=True,
                             check=True).stdout
    processes = {}
    for line in listing.splitlines():
        pid, ppid, args = line.strip().split(None, 2)
        processes[int(pid)] = (int(ppid), args)
    tree, frontier = {}, [root_pid]
    while frontier:
        pid = frontier.pop()
        if pid in processes:
            tree[pid] = processes[pid]
            frontier += [child for child, (parent, _) in processes.items() if parent == pid]
    return tree


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_make_run_serves_through_gunicorn_with_a_token_free_access_log(tmp_path):
    port = free_port()
    output = open(tmp_path / "make-run.log", "w")
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "WORKERS": "2",
           "JOURNAL_DATABASE": str(tmp_path / "journal.db"), "SECRET_KEY": "make-run-test"}
    make = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        started = time.monotonic()
        status = None
        # Bounded: `make run` may install first; a server that never answers fails here.
        while time.monotonic() - started < 120 and make.poll() is None:
            try:
                status, headers, body = get(port, "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, (tmp_path / "make-run.log").read_text()[-3000:]
        ready = time.monotonic() - started
        assert json.loads(body) == {"status": "ok"}
        assert get(port, f"/s/{TOKEN}/export.csv")[0] == 404

        tree = process_tree(make.pid)
        servers = {pid: args for pid, (_, args) in tree.items() if "gunicorn" in args}
        masters = [pid for pid in servers if tree[pid][0] not in servers]
        assert len(masters) == 1, tree
        workers = [pid for pid, (parent, _) in tree.items() if parent == masters[0]]
        assert len(workers) == 2, tree  # WORKERS=2 was honoured
        assert "journal.web.gunicorn_config" in servers[masters[0]]
        assert not any("flask" in args and " run" in args for _, args in tree.values()), tree
    finally:
        # The whole group, make and gunicorn alike: nothing outlives the test.
        os.killpg(make.pid, signal.SIGTERM)
        try:
            make.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
        output.close()

    log = (tmp_path / "make-run.log").read_text()
    assert '"GET /healthz HTTP/1.1" 200' in log
    assert '"GET /s/[token]/export.csv HTTP/1.1" 404' in log
    assert TOKEN not in log
    assert "Booting worker" in log and "Werkzeug" not in log
    record_figures(f"make run: gunicorn master + {len(workers)} workers answering /healthz after {ready:.1f} s; "
                   "share tokens in the access log 0")
