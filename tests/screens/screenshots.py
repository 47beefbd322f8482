"""`make screenshots`: the README's pictures, taken on the phone profile the
browser tests use (iPhone 13, Debian's Chromium) from a demo journal.

Each picture is the first screen of a page, at 1.5 device pixels a CSS pixel, kept under
150 KB; run it again whenever a screen changes.

    python -m tests.screens.screenshots [--out docs/screenshots]
"""

import argparse
import logging
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM
from tests.screens import demo_journal

MAX_BYTES = 150 * 1024
# (file, path, signed in)
SCREENS = [
    ("landing", "/welcome", False),
    ("today", "/", True),
    ("check-in", "/checkins/new", True),
    ("timeline", "/timeline", True),
    ("summary", "/summary?range=14", True),
]


def phone(playwright, scheme="light"):
    device = dict(playwright.devices["iPhone 13"])
    device.pop("default_browser_type", None)
    # 1.5 device pixels a CSS pixel: sharp enough on a README, under 150 KB a screen.
    device["device_scale_factor"] = 1.5
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
    context = browser.new_context(**device, locale="en-GB", timezone_id="Europe/London",
                                  color_scheme=scheme)
    return browser, context


def take(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    server, folder, _ = demo_journal.serve()
    written = []
    try:
        with sync_playwright() as playwright:
            browser, context = phone(playwright)
            page = context.new_page()
            signed = False
            for name, path, signed_in in SCREENS:
                if signed_in and not signed:
                    demo_journal.sign_in(page, server.url)
                    signed = True
                page.goto(server.url + path)
                if name == "check-in":
                    # A check-in half done: the right hip chosen on the map, its scale showing.
                    page.locator("svg [data-location=hip_right]").first.click()
                    page.get_by_role("radio", name="4 – moderate").first.click()
                    page.evaluate("window.scrollTo(0, 0)")
                file = out / f"{name}.png"
                page.screenshot(path=str(file))
                if file.stat().st_size > MAX_BYTES:
                    sys.exit(f"{file} is {file.stat().st_size // 1024} KB, over {MAX_BYTES // 1024} KB")
                written.append(file)
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line a request is noise here
    for file in take(args.out):
        print(f"{file}  {file.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
