"""The measurements: wrk against gunicorn, and in-process query counts and timings."""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from journal import create_app
from tests.benchmark.seed import PASSWORD, seed
from tests.server.client import Patient

ROOT = Path(__file__).resolve().parents[2]
SIGNED_IN = 20  # patients the load rotates among

# (name, method, path); {token} is the patient's share token.
PAGES = [
    ("Floor (trivial page, 1 read)", "GET", "/_floor?id=1"),
    ("Today", "GET", "/"),
    ("Check-in form", "GET", "/checkins/new"),
    ("History (first page)", "GET", "/history"),
    ("Timeline", "GET", "/timeline"),
    ("Summary (30 days)", "GET", "/summary?range=30"),
    ("Summary (since surgery, a year)", "GET", "/summary?range=surgery"),
    ("Share page (PT, 30 days)", "GET", "/s/{token}"),
    ("Caseload (PT, 200 patients)", "GET", "/pt"),
    ("CSV export (a year)", "GET", "/account/export.csv"),
    # Last: its thousands of new check-ins would otherwise fill the other pages' "today".
    ("Post a check-in", "POST", "/checkins"),
]

# Pages a PT opens: loaded signed in as seeded PTs, each with a caseload of
# 200 patients (`seed.seed_clinicians`).
PT_PAGES = {"Caseload (PT, 200 patients)"}
CASELOAD_SIZE = 200

LUA = """
local sessions = {%(sessions)s}
local method = "%(method)s"
local counter = 0
request = function()
  counter = counter + 1
  local s = sessions[(counter %% #sessions) + 1]
  local headers = {["Cookie"] = s[1]}
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", s[3], headers,
      "csrf_token=" .. s[2] .. "&location=hip_right&intensity-hip_right=4&location=lower_back&intensity-lower_back=2&note=bench")
  end
  return wrk.format("GET", s[3], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.bytes,
    summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


def have_wrk():
    return shutil.which("wrk") is not None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn, 2 sync workers (the number of cores here), on 127.0.0.1."""

    def __init__(self, database):
        self.port = free_port()
        env = {**os.environ, "JOURNAL_DATABASE": str(database), "SECRET_KEY": "bench-secret",
               "JOURNAL_BENCH_FLOOR": "1", "JOURNAL_LOGIN_LIMIT_PER_IP": "1000000",
               # wrk posts thousands of check-ins a day per patient.
               "JOURNAL_CHECKINS_PER_DAY": "1000000000"}
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", "2",
             "-b", f"127.0.0.1:{self.port}", "journal:create_app()"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)


def sign_in(port, email, token_page="/checkins/new"):
    patient = Patient(port, email)
    token = patient.token("/login")
    status, _, _ = patient.request("POST", "/login", {"csrf_token": token, "email": email, "password": PASSWORD})
    if status != 303:
        raise RuntimeError(f"could not sign in {email}: {status}")
    checkin_token = patient.token(token_page)
    patient.close()
    return f"session={patient.cookies['session']}", checkin_token


def run_wrk(port, method, sessions, duration, connections):
    entries = ", ".join('{"%s", "%s", "%s"}' % s for s in sessions)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"sessions": entries, "method": method})
    try:
        result = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", script.name, f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=duration + 60,
        )
    finally:
        os.unlink(script.name)
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", result.stdout)
    if not match:
        raise RuntimeError(f"wrk said: {result.stdout}\n{result.stderr}")
    requests, size, micros, status_errors, socket_errors, p50, p95 = map(int, match.groups())
    return {
        "rps": requests / (micros / 1e6),
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "bytes": size / max(requests, 1),
        "errors": status_errors + socket_errors,
        "requests": requests,
    }


def load_pages(database, credentials, duration, connections, pt_credentials=()):
    server = Server(database)
    try:
        sessions = []
        for user_id, email, token in credentials[:SIGNED_IN]:
            cookie, csrf = sign_in(server.port, email)
            sessions.append((cookie, csrf, user_id, token))
        pt_sessions = []
        for user_id, email, token in pt_credentials[:SIGNED_IN]:
            cookie, csrf = sign_in(server.port, email, token_page="/pt/code")
            pt_sessions.append((cookie, csrf, user_id, token))

        def load(page):
            name, method, path = page
            entries = [(cookie, csrf, path.format(token=token).replace("id=1", f"id={user_id}"))
                       for cookie, csrf, user_id, token in (pt_sessions if name in PT_PAGES else sessions)]
            return run_wrk(server.port, method, entries, duration, connections)

        # A shared machine's speed drifts over the minutes a run takes: each
        # page is compared with the floor measured just before and just after
        # it, not with one floor measured at the start.
        floor_page, pages = PAGES[0], PAGES[1:]
        floors = [load(floor_page)]
        results = {}
        for page in pages:
            results[page[0]] = load(page)
            floors.append(load(floor_page))
            results[page[0]]["floor_rps"] = (floors[-2]["rps"] + floors[-1]["rps"]) / 2
            results[page[0]]["floor_p95_ms"] = (floors[-2]["p95_ms"] + floors[-1]["p95_ms"]) / 2
            print(f"  {page[0]}: {results[page[0]]['rps']:.0f} req/s, p95 {results[page[0]]['p95_ms']:.1f} ms;"
                  f" floor {results[page[0]]['floor_rps']:.0f} req/s", flush=True)
        floor = sorted(floors, key=lambda result: result["rps"])[len(floors) // 2]
        floor["floor_rps"] = floor["rps"]
        floor["floor_p95_ms"] = floor["p95_ms"]
        return {floor_page[0]: floor, **results}
    finally:
        server.stop()


def signed_in_client(app, user_id):
    client = app.test_client()
    with app.app_context():
        from datetime import datetime, timedelta, timezone

        from journal.accounts import sign_ins
        from journal.accounts.store import get_account
        from journal.web.db import get_db

        secret = get_account(get_db(), user_id).session_secret
        token = sign_ins.start(get_db(), user_id, datetime.now(timezone.utc), timedelta(days=365))
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{secret}:{token}"
        session["_fresh"] = True
    return client


# What a page makes the browser fetch as it loads: stylesheets, scripts,
# images, the manifest (Chrome fetches it on every load), and the body map that
# app.js fetches (data-body-map). data: URIs cost no request. Not counted: the
# apple-touch-icon, which iOS fetches only when the page is added to a home
# screen (tests/browser/test_requests.py checks this list against Chromium's).
STATIC_REF = re.compile(r'<(?:link|script|img|div)\b[^>]*(?:href|src|data-body-map)="((?!data:)[^"#][^"]*)"')
NOT_ON_LOAD = re.compile(r'<link\b[^>]*\brel="apple-touch-icon"[^>]*>')


def fetched_on_load(html):
    """The URLs a browser fetches loading `html`, besides the page itself."""
    return STATIC_REF.findall(NOT_ON_LOAD.sub("", html))


def queries_and_weight(database, probes, pt_probes=None):
    """Per page: SQL queries for a 1-month and a 3-year patient, and page
    weight; for a PT's page, queries for a PT with a small and a full
    caseload (`pt_probes`: "small", "full"), and the full one's weight."""
    app = create_app({"DATABASE": str(database), "SECRET_KEY": "bench", "COUNT_QUERIES": True})
    static_bytes = {}
    results = {}
    short, long = probes["1 month"], probes["3 years"]
    weighed = probes["1 year"]
    for name, method, path in PAGES[1:]:
        if method != "GET":
            continue
        counts, weight, other, requests, foreign = [], 0, 0, 0, 0
        users = (short, long, weighed)
        if name in PT_PAGES:
            if not pt_probes:
                continue
            users = (pt_probes["small"], pt_probes["full"], pt_probes["full"])
        for user_id, _, token in users:
            client = signed_in_client(app, user_id)
            target = path.format(token=token)
            if "range=surgery" in target and user_id == long[0]:
                target = "/summary?range=custom&start={}&end={}".format(
                    date.today() - timedelta(days=364), date.today())
            response = client.get(target)
            body = response.get_data()
            if len(counts) < 2:
                counts.append(int(response.headers.get("X-Query-Count", "-1")))
            else:
                refs = fetched_on_load(body.decode("utf-8", "replace")) if response.mimetype == "text/html" else []
                foreign = sum(1 for ref in refs if ref.startswith(("http:", "https:", "//")))
                requests = 1 + len(refs)
                weight = len(body)
                for ref in refs:
                    if ref not in static_bytes and ref.startswith("/static/"):
                        static_response = client.get(ref)
                        static_bytes[ref] = len(static_response.get_data())
                        static_response.close()
                weight += sum(static_bytes.get(ref, 0) for ref in refs
                              if ref.split("?")[0].endswith((".css", ".js")))
                other = sum(static_bytes.get(ref, 0) for ref in refs
                            if not ref.split("?")[0].endswith((".css", ".js")))
        results[name] = {"queries": counts, "weight": weight, "other": other, "requests": requests,
                         "foreign": foreign}
    return results


def time_summaries(cases, runs=25):
    """Median ms of each `(app, user_id, path)` in `cases`, taken in turns (one
    request of each, `runs` times), so a machine whose speed drifts during the
    run slows them all alike instead of whichever ran last."""
    clients = []
    for app, user_id, path in cases:
        client = signed_in_client(app, user_id)
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        clients.append((client, path))
    samples = [[] for _ in clients]
    for _ in range(runs):
        for (client, path), taken in zip(clients, samples):
            started = time.perf_counter()
            client.get(path)
            taken.append((time.perf_counter() - started) * 1000)
    return [statistics.median(taken) for taken in samples]


def scaling(work, big_patients, big_days, probes, main_database):
    """The one-year summary of the same patient in a 100- and a 10,000-patient database."""
    year = "/summary?range=custom&start={}&end={}".format(date.today() - timedelta(days=364), date.today())
    cases, paths = [], []
    for patients, days in ((100, 365), (big_patients, big_days)):
        path = work / f"scale-{patients}.db"
        started = time.perf_counter()
        probe = seed(str(path), 1, days=365, first_id=1, email_prefix="probe")[0]
        for first in range(2, patients + 1, 1000):
            seed(str(path), min(1000, patients + 1 - first), days=days, first_id=first)
        print(f"  scaling database with {patients} patients seeded in {time.perf_counter() - started:.0f} s",
              flush=True)
        cases.append((create_app({"DATABASE": str(path), "SECRET_KEY": "bench"}), probe[0], year))
        paths.append(path)
    small, big = time_summaries(cases)
    for path in paths:
        path.unlink()
    app = create_app({"DATABASE": str(main_database), "SECRET_KEY": "bench"})
    labels = list(probes)
    timed = time_summaries([(app, probes[label][0], page) for page in (year, "/summary?range=30")
                            for label in labels])
    return {"sizes": {100: small, big_patients: big},
            "history_year": dict(zip(labels, timed[:len(labels)])),
            "history_month": dict(zip(labels, timed[len(labels):])),
            "big_patients": big_patients, "big_days": big_days}
