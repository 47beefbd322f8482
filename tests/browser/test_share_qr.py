"""The share link's QR code scans in the clinic: a real decoder (zbarimg) reads
it from a phone screenshot, at its displayed size and small, in light mode, in
dark mode, with forced colours and under Chromium's automatic dark mode, and
reads exactly the link shown on the page. Its quiet zone stays white: a
scanner needs the light edge around the modules."""

import base64
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_summary_share import seed_journal, sign_in

# Chromium's own "auto dark mode" for pages (chrome://flags "Auto Dark Mode
# for Web Contents"): it darkens a light page's backgrounds, whatever the page
# says it supports.
AUTO_DARK = "--blink-settings=forceDarkModeEnabled=true"

# The darkest a quiet-zone pixel may be (0-255). The code's CSS-only white
# background turned 18 under automatic dark mode.
WHITE_ENOUGH = 240


def create_share_link(page, base):
    """Sign in, create a link, and return it as the page shows it."""
    sign_in(page, base)
    page.goto(f"{base}/share")
    page.get_by_label("Who is it for?").fill("Hip PT — Ana")
    page.get_by_role("button", name="Create link").tap()
    expect(page.get_by_role("heading", name="Your share link is ready")).to_be_visible()
    return page.get_by_label("Link to send your PT").input_value()


def decode(zbarimg, png, tmp_path):
    """What zbarimg reads in a screenshot: the QR code's text, or "" if none."""
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    result = subprocess.run(
        [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True, text=True, timeout=30,
    )
    return result.stdout.strip()


def darkest_edge(page, png):
    """The darkest pixel (0-255) in a ring inside the edge of a screenshot of
    the code: the quiet zone, four modules (11%) wide. The ring starts 2% in,
    as an element's screenshot is rounded out to whole pixels and may take in
    a line of the page around it."""
    return page.evaluate(
        """async (b64) => {
            const img = new Image();
            img.src = 'data:image/png;base64,' + b64;
            await img.decode();
            const canvas = document.createElement('canvas');
            canvas.width = img.width; canvas.height = img.height;
            const g = canvas.getContext('2d');
            g.drawImage(img, 0, 0);
            const data = g.getImageData(0, 0, img.width, img.height).data;
            const w = img.width, h = img.height;
            const from = Math.ceil(w * 0.02), to = Math.floor(w * 0.08);
            const depth = (x, y) => Math.min(x, y, w - 1 - x, h - 1 - y);
            let darkest = 255;
            for (let y = 0; y < h; y++) {
                for (let x = 0; x < w; x++) {
                    if (depth(x, y) < from || depth(x, y) > to) continue;
                    const i = (y * w + x) * 4;
                    darkest = Math.min(darkest, data[i], data[i + 1], data[i + 2]);
                }
            }
            return darkest;
        }""",
        base64.b64encode(png).decode(),
    )


def assert_scans(zbarimg, page, url, tmp_path, what):
    qr = page.get_by_role("img", name="QR code of the share link")
    expect(qr).to_be_visible()
    shown = qr.screenshot()
    assert decode(zbarimg, shown, tmp_path) == url, f"{what}: the code doesn't read as the link"
    assert darkest_edge(page, shown) >= WHITE_ENOUGH, f"{what}: the quiet zone isn't white"
    # Small, one image pixel per CSS pixel: about 2.4 pixels a module.
    qr.evaluate("svg => { svg.style.width = '90px'; }")
    small = qr.screenshot(scale="css")
    assert decode(zbarimg, small, tmp_path) == url, f"{what}: the code doesn't read at 90 px"
    qr.evaluate("svg => { svg.style.width = ''; }")


@pytest.mark.parametrize(
    "media",
    [
        {"color_scheme": "light"},
        {"color_scheme": "dark"},
        {"forced_colors": "active"},
        {"forced_colors": "active", "color_scheme": "dark"},
    ],
    ids=["light", "dark", "forced-colors", "forced-colors-dark"],
)
def test_share_qr_code_scans_as_the_link_in_every_colour_scheme(
    page, live_server, tmp_path, zbarimg, media
):
    seed_journal(live_server.app, days=3)
    url = create_share_link(page, live_server.url)
    page.emulate_media(**media)
    assert_scans(zbarimg, page, url, tmp_path, str(media))
    if media == {"color_scheme": "dark"}:
        assert_accessible(page)


def test_share_qr_code_keeps_a_white_quiet_zone_under_automatic_dark_mode(
    browser_type, browser_type_launch_args, browser_context_args, live_server, tmp_path, zbarimg
):
    seed_journal(live_server.app, days=3)
    launch = {**browser_type_launch_args}
    launch["args"] = [*launch.get("args", []), AUTO_DARK]
    browser = browser_type.launch(**launch)
    try:
        page = browser.new_context(**browser_context_args).new_page()
        page.set_default_timeout(10_000)
        url = create_share_link(page, live_server.url)
        # The page around it did go dark: this is the mode under test.
        heading = page.get_by_role("heading", name="Your share link is ready").screenshot()
        assert darkest_edge(page, heading) < 100
        assert_scans(zbarimg, page, url, tmp_path, "automatic dark mode")
    finally:
        browser.close()
