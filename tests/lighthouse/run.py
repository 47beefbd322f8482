"""`make lighthouse`: Lighthouse (npm, pinned in package.json) drives Debian's
Chromium on its mobile preset over the demo journal's main pages, signed in
where the page needs it, and prints the three scores the README quotes.

Not part of `make test`: a Lighthouse run takes minutes and its performance
score moves with the machine's load. Run it on a quiet machine.

    python -m tests.lighthouse.run [--out test-results/lighthouse]
"""

import argparse
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM
from tests.screens import demo_journal

HERE = Path(__file__).parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices")
# What the issue asks of every page.
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0}


def pages(shared):
    """(name, path, signed in)"""
    return [
        ("Landing", "/welcome", False),
        ("Today", "/", True),
        ("Check-in", "/checkins/new", True),
        ("Summary (30 days)", "/summary?range=30", True),
        ("Share links", "/share", True),
        ("Share page (the PT's)", shared, False),
    ]


def session_cookie(base):
    """The demo patient's cookies as a Cookie header, from a real sign-in."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        demo_journal.sign_in(page, base)
        cookies = page.context.cookies()
        browser.close()
    return "; ".join(f"{c['name']}={c['value']}" for c in cookies)


def audit(url, out, cookie=None):
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        # Chromium as root in a container needs --no-sandbox; headless as in CI.
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    report = json.loads(Path(out).read_text())
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    failing = [
        f"{a['id']} ({a['score']})" for a in report["audits"].values()
        if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0
    ]
    return scores, failing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("test-results/lighthouse"))
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix {HERE}` (make lighthouse does)")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    args.out.mkdir(parents=True, exist_ok=True)
    server, folder, shared = demo_journal.serve()
    rows, short = [], []
    try:
        cookie = session_cookie(server.url)
        for name, path, signed_in in pages(shared):
            out = args.out / (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".json")
            scores, failing = audit(server.url + path, out, cookie if signed_in else None)
            rows.append((name, scores, failing))
            short += [f"{name}: {c} {s:.2f} < {TARGETS[c]}" for c, s in scores.items() if s < TARGETS[c]]
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print("| Page | Performance | Accessibility | Best practices |")
    print("| --- | --- | --- | --- |")
    for name, scores, _ in rows:
        print(f"| {name} | " + " | ".join(f"{scores[c]:.2f}" for c in CATEGORIES) + " |")
    for name, _, failing in rows:
        if failing:
            print(f"{name}: failed audits: {', '.join(failing)}")
    if short:
        sys.exit("Below target:\n" + "\n".join(short))


if __name__ == "__main__":
    main()
