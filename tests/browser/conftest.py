"""Browser tests: the real app on a local port, Debian's Chromium on a phone profile."""

import os
import shutil
import threading
from datetime import datetime, timezone

import pytest
from axe_playwright_python.sync_playwright import Axe
from werkzeug.serving import make_server

from journal import create_app

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def _require(what, path, package):
    """A tool the tests run, or a failure in CI (.ci/run installs it) and a skip elsewhere."""
    if path and os.path.exists(path):
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{what} not found: CI must install Debian's {package} (.ci/run)")
    pytest.skip(f"{what} not found; install Debian's {package} to run this test")


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    _require(f"Chromium at {CHROMIUM}", CHROMIUM, "chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, playwright):
    # iPhone 13 metrics (390x844, touch, mobile) on Chromium.
    phone = dict(playwright.devices["iPhone 13"])
    phone.pop("default_browser_type", None)
    return {**browser_context_args, **phone, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture(autouse=True)
def _short_timeouts(page):
    # A missing element should fail in seconds, not after Playwright's 30 s.
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)


@pytest.fixture(scope="session")
def zbarimg():
    """A real QR decoder, to read the share page's code as a phone camera would."""
    return _require("zbarimg", shutil.which("zbarimg"), "zbar-tools")


@pytest.fixture(scope="session")
def pdf_tools():
    """pdfinfo and pdftotext, to count a printout's pages and read its text."""
    return {
        tool: _require(tool, shutil.which(tool), "poppler-utils")
        for tool in ("pdfinfo", "pdftotext")
    }


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_app(tmp_path):
    return create_app(
        {
            "DATABASE": str(tmp_path / "journal.db"),
            "SECRET_KEY": "browser-test-secret",
            # Real dates matter in the browser (the date input's max is today),
            # so the clock is the real one here.
        }
    )


@pytest.fixture
def live_server(live_app):
    server = LiveServer(live_app).start()
    yield server
    server.stop()


_axe = Axe()


def assert_accessible(page):
    """axe-core on the current page: zero violations, with a readable report if not."""
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def today_iso():
    return datetime.now(timezone.utc).date().isoformat()
