"""`make bench` (`python -m tests.benchmark`): the benchmark and its budgets.

1. Seeds a fresh database (N patients, about a year each; `--patients`).
2. Serves it with gunicorn (2 workers) on 127.0.0.1 and drives every page
   with wrk from a second process, signed in as seeded patients, rotating
   among them; the floor (a trivial page with one indexed read) runs in the
   same configuration, just before and just after each page, and every page
   is reported as a ratio to the floor measured around it.
3. Counts SQL queries per page and page weight in-process (the PT's
   caseload: for a PT with 20 patients and one with 200).
4. Scaling: the same patient's summary with 100 and with 10,000 patients in
   the database, and for 1 month, 1 year and 3 years of that patient's data.

Writes the table to instance/benchmark.md and prints it, with PASS/FAIL per budget.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmark import measure, report
from tests.benchmark.seed import seed, seed_clinicians

ROOT = Path(__file__).resolve().parents[2]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--scale-patients", type=int, default=10_000)
    parser.add_argument("--scale-days", type=int, default=90,
                        help="days of history for the other patients in the scaling database")
    parser.add_argument("--out", default=str(ROOT / "instance" / "benchmark.md"))
    args = parser.parse_args(argv)

    if not measure.have_wrk():
        sys.exit("wrk is needed for the benchmark: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="journal-bench-"))
    database = work / "bench.db"
    started = time.perf_counter()
    credentials = []
    for first in range(0, args.patients, 1000):
        credentials += seed(str(database), min(1000, args.patients - first), days=365, first_id=first + 1)
    probes = {
        "1 month": seed(str(database), 1, days=30, first_id=args.patients + 1, email_prefix="probe")[0],
        "1 year": seed(str(database), 1, days=365, first_id=args.patients + 2, email_prefix="probe")[0],
        "3 years": seed(str(database), 1, days=3 * 365, first_id=args.patients + 3, email_prefix="probe")[0],
    }
    # PTs with a caseload of 200 of the patients each (all of them in a
    # smaller run), and one with 20, to show the caseload's queries don't grow.
    patient_ids = [user_id for user_id, _, _ in credentials]
    first_pt = args.patients + 4
    pts = seed_clinicians(str(database), measure.SIGNED_IN, patient_ids, measure.CASELOAD_SIZE, first_pt)
    pt_probes = {
        "full": pts[0],
        "small": seed_clinicians(str(database), 1, patient_ids, 20, first_pt + len(pts))[0],
    }
    seed_seconds = time.perf_counter() - started
    print(f"Seeded {args.patients} patients (+3 probes, {len(pts) + 1} PTs) in {seed_seconds:.1f} s",
          flush=True)

    pages = measure.load_pages(database, credentials, args.duration, args.connections, pts)
    queries = measure.queries_and_weight(database, probes, pt_probes)
    scaling = measure.scaling(work, args.scale_patients, args.scale_days, probes, database)

    text = report.render(args, seed_seconds, pages, queries, scaling)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    print(f"Written to {out}")
    return 0 if "FAIL" not in text else 1


if __name__ == "__main__":
    sys.exit(main())
