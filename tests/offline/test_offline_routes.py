"""Installable and offline-ready: the manifest, icons, the service worker's
headers, the offline page, which pages a phone may keep, and sign-out."""

import json
import re
import struct
import zlib
from pathlib import Path

import pytest

from journal.offline import icons
from tests.benchmark.report import PAGE_KB

STATIC = Path(__file__).parents[2] / "static"


def decode_png(data):
    """(width, height, rows of RGBA tuples) of an 8-bit RGBA PNG with filter 0."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 6)
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = width * 4 + 1
    rows = []
    for y in range(height):
        line = raw[y * stride:(y + 1) * stride]
        assert line[0] == 0
        rows.append([tuple(line[1 + x * 4:5 + x * 4]) for x in range(width)])
    return width, height, rows


def test_encode_png_round_trips_pixels():
    rows = [bytes([255, 0, 0, 255, 0, 255, 0, 128]), bytes([0, 0, 255, 0, 1, 2, 3, 4])]
    width, height, pixels = decode_png(icons.encode_png(2, 2, rows))
    assert (width, height) == (2, 2)
    assert pixels == [[(255, 0, 0, 255), (0, 255, 0, 128)], [(0, 0, 255, 0), (1, 2, 3, 4)]]


@pytest.mark.parametrize("size", [180, 192])
def test_the_icon_is_the_blue_mark_with_rounded_corners_and_a_white_line(size):
    width, height, pixels = decode_png(icons.png(size))
    assert (width, height) == (size, size)
    assert pixels[0][0][3] == 0  # a rounded corner: transparent
    assert pixels[size // 2][4] == (*icons.BRAND, 255)
    # The line's first flat stretch runs through (11, 17) of the 32-unit drawing.
    x, y = int(11 / 32 * size), int(17 / 32 * size)
    assert pixels[y][x] == (*icons.WHITE, 255)


def test_the_maskable_icon_fills_its_square_and_keeps_the_line_in_the_safe_zone():
    size = 192
    _, _, pixels = decode_png(icons.png(size, maskable=True))
    assert pixels[0][0] == (*icons.BRAND, 255)  # full bleed: the platform cuts the shape
    centre, safe = size / 2, 0.4 * size
    white = [(x, y) for y, row in enumerate(pixels) for x, p in enumerate(row) if p[:3] == icons.WHITE]
    assert white and all(((x - centre) ** 2 + (y - centre) ** 2) ** 0.5 < safe for x, y in white)


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data())
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert manifest["name"] == "Recovery Journal" and manifest["short_name"]
    assert manifest["theme_color"] and manifest["background_color"]
    by_size = {(i["sizes"], i.get("purpose", "any")): i for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(by_size)
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200 and served.mimetype == icon["type"], icon
        if icon["type"] == "image/png":
            size = int(icon["sizes"].split("x")[0])
            assert decode_png(served.get_data())[:2] == (size, size)


def test_an_unknown_icon_is_404(client):
    assert client.get("/icons/icon-1024.png").status_code == 404


def test_every_page_links_the_manifest_and_the_ios_home_screen_tags(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'name="apple-mobile-web-app-capable" content="yes"' in html
    apple = re.search(r'rel="apple-touch-icon" href="([^"]+)"', html).group(1)
    assert decode_png(client.get(apple).get_data())[:2] == (180, 180)
    # The worker's registration is the last block of app.js: one script, one request.
    assert re.search(r'<script src="/static/app\.js\?v=\w+" defer>', html) and "offline.js" not in html
    assert "serviceWorker.register" not in html and "sw.register(" in (STATIC / "app.js").read_text()


def test_the_service_worker_is_served_from_the_root_with_its_shell_filled_in(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    assert "__SHELL__" not in body and "__VERSION__" not in body
    shell = json.loads(re.search(r"var SHELL = (\[.*?\]);", body).group(1))
    assert "/offline" in shell and any(url.startswith("/static/app.css?v=") for url in shell)
    for url in shell:
        with client.get(url) as kept:
            assert kept.status_code == 200, url


def test_a_changed_static_file_is_a_new_worker_version(app, client, monkeypatch):
    version = re.search(r'VERSION = "(\w+)"', client.get("/sw.js").get_data(as_text=True)).group(1)
    from journal.offline import views
    monkeypatch.setattr(views, "shell_urls", lambda: ["/offline", "/static/app.css?v=changed"])
    again = re.search(r'VERSION = "(\w+)"', client.get("/sw.js").get_data(as_text=True)).group(1)
    assert version != again


def test_the_offline_page_is_public_and_holds_no_patient_data(auth, client):
    auth.patient()
    auth.checkin(note="Private note")
    response = client.get("/offline")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "No signal right now" in text
    assert "Private note" not in text and "Sign out" not in text and "csrf_token" not in text


def test_today_and_the_blank_form_may_be_kept_by_the_patients_phone(auth, client):
    auth.patient()
    markers = set()
    for path in ("/", "/checkins/new"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "private, no-cache", path
        markers.add(response.headers["X-Journal-Account"])
    # One opaque name for one patient: not their id.
    (marker,) = markers
    assert re.fullmatch(r"[0-9a-f]{24}", marker)


@pytest.mark.parametrize("path", ["/history", "/summary", "/account", "/timeline",
                                  "/checkins/new?date=2026-03-10", "/account/export.json",
                                  "/account/export.csv", "/account/calendar.ics"])
def test_every_other_page_stays_no_store_and_unmarked(auth, client, path):
    auth.patient()
    auth.checkin()
    response = client.get(path)
    assert response.status_code == 200, path
    assert "no-store" in response.headers.get("Cache-Control", ""), path
    assert "X-Journal-Account" not in response.headers


def test_a_share_page_is_never_marked_for_keeping(auth, client):
    auth.patient()
    created = auth.post("/share", {"label": "Hip PT", "range_kind": "last_days", "last_days": "14",
                                   "expires_days": "30"}, token_from="/share")
    url = re.search(r'id="share-url" value="[^"]*(/s/[^"]+)"', created.get_data(as_text=True)).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "X-Journal-Account" not in response.headers


def test_two_patients_get_different_account_markers(auth, client):
    auth.patient()
    first = client.get("/").headers["X-Journal-Account"]
    auth.logout()
    auth.patient(email="ben@example.com")
    assert client.get("/").headers["X-Journal-Account"] != first


def test_the_session_check_gives_a_token_only_to_a_signed_in_patient(auth, client):
    stranger = client.get("/offline/session")
    assert stranger.status_code == 401 and stranger.json == {"signed_in": False}
    auth.patient()
    response = client.get("/offline/session")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json["signed_in"] and response.json["account"] == client.get("/").headers[
        "X-Journal-Account"]
    # The token it gives is good for this session's forms (the outbox posts with it).
    saved = client.post("/checkins", data={"csrf_token": response.json["csrf_token"],
                                           "location": "hip_right", "intensity-hip_right": "3"})
    assert saved.status_code == 303


def test_sign_out_tells_the_browser_to_clear_what_it_kept(auth):
    auth.patient()
    response = auth.logout()
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_check_in_form_with_every_stylesheet_and_script_stays_within_the_page_budget(auth, client):
    auth.patient()
    html = client.get("/checkins/new").get_data()
    scripts = re.findall(rb'src="/static/([\w.-]+)\?', html) + re.findall(
        rb'rel="stylesheet" href="/static/([\w.-]+)\?', html)
    assert sorted(scripts) == [b"app.css", b"app.js"]
    weight = len(html) + sum((STATIC / name.decode()).stat().st_size for name in scripts)
    assert weight < PAGE_KB * 1024, f"{weight / 1024:.1f} KB"
