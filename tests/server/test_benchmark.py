"""`make bench` runs end to end, as the README tells a new user to run it.

A small run (30 patients, a second of load per page): this proves the
command works and the report is whole, not how fast the app is; the
throughput figures are the benchmark's business, never a test's.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmark.measure import PAGES
from tests.benchmark.report import FLOOR

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench_report(tmp_path_factory):
    if shutil.which("wrk") is None:
        if os.environ.get("CI"):
            pytest.fail("wrk not found: CI must install it (.ci/run)")
        pytest.skip("wrk not found; install Debian's wrk to run `make bench` and this test")
    out = tmp_path_factory.mktemp("bench") / "benchmark.md"
    prefix = Path(sys.executable).parent.parent
    args = f"--patients 30 --duration 1 --scale-patients 120 --scale-days 7 --out {out}"
    # The interpreter running the tests, whatever venv it lives in; -o: its
    # packages are installed already, make must not reinstall them.
    result = subprocess.run(
        ["make", "--no-print-directory", "bench", f"VENV={prefix}", "-o", f"{prefix}/.dev-installed",
         f"BENCH_ARGS={args}"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    return result, out


def test_make_bench_writes_the_whole_table(bench_report):
    result, out = bench_report
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    text = out.read_text()
    # The benchmark exits 1 when a budget fails (throughput can, on a busy
    # machine), and make then exits 2; anything else is the command failing.
    if result.returncode != 0:
        assert result.returncode == 2 and "bench] Error 1" in result.stderr, result.stderr[-3000:]
        assert "FAIL" in text
    assert result.stdout.count("| page | req/s |") == 1
    for name, _, _ in PAGES:
        row = next((line for line in text.splitlines() if line.startswith(f"| {name} |")), None)
        assert row is not None, f"no row for {name}"
        cells = row.split("|")
        assert float(cells[3]) > 0, row  # the floor measured around it
        if name != FLOOR:
            assert float(cells[4]) == pytest.approx(float(cells[2]) / float(cells[3]), abs=0.01), row
    assert "## Page weight" in text and "## Scaling" in text
    # Time budgets are ratios to the floor of the same run, never milliseconds.
    assert "p95≤7× floor's" in text and "p95<" not in text


def test_make_bench_finds_query_counts_constant_and_pages_light(bench_report):
    # Unlike throughput, these do not depend on the machine.
    _, out = bench_report
    lines = out.read_text().splitlines()
    rows = [line.split("|") for line in lines if line.startswith("| ")]
    query_cells = [cells[9] for cells in rows[1:] if len(cells) > 10 and " / " in cells[9]]
    assert len(query_cells) == 9, query_cells
    assert all(cell.strip().endswith("PASS") for cell in query_cells), query_cells
    weights = lines[lines.index("## Page weight (HTML + CSS + JS, uncompressed; other fetches beside)"):]
    weight_rows = [line for line in weights if line.startswith("| ") and ("requests PASS" in line or "requests FAIL" in line)]
    assert len(weight_rows) == 8, weight_rows
    assert not any("FAIL" in row for row in weight_rows), weight_rows
