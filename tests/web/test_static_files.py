"""Static files: fingerprinted URLs, cached for a year; changed content, new URL."""

import os
import re

import pytest
from flask import render_template_string, url_for


def test_pages_link_fingerprinted_static_files_cached_for_a_year(client):
    page = client.get("/login").get_data(as_text=True)
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{12})"', page)
    js = re.search(r'src="(/static/app\.js\?v=[0-9a-f]{12})"', page)
    assert css and js
    response = client.get(css.group(1))
    response.close()
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_unfingerprinted_static_urls_are_not_cached_for_long(client):
    response = client.get("/static/app.css")
    response.close()
    assert "max-age=31536000" not in response.headers.get("Cache-Control", "")


def test_a_changed_file_gets_a_new_url(app, tmp_path):
    from journal.web import static_files

    file = tmp_path / "x.css"
    file.write_text("a")
    first = static_files._fingerprint(str(file), 1, 1)
    file.write_text("b")
    assert static_files._fingerprint(str(file), 2, 1) != first


def static_url_after_editing(app, tmp_path, build):
    app.static_folder = str(tmp_path)
    (tmp_path / "x.css").write_text("a")
    with app.test_request_context():
        first = build()
    (tmp_path / "x.css").write_text("b, with a new size")
    os.utime(tmp_path / "x.css", ns=(2_000_000_000, 2_000_000_000))  # a new mtime, whatever the clock
    with app.test_request_context():
        return first, build()


# In code, and in a page (whose url_for keeps the URLs it built).
BUILDERS = [
    lambda: url_for("static", filename="x.css"),
    lambda: render_template_string("{{ url_for('static', filename='x.css') }}"),
]


@pytest.mark.parametrize("build", BUILDERS, ids=["url_for", "template"])
def test_with_debug_an_edited_file_gets_a_new_url_at_once(app, tmp_path, build):
    app.debug = True
    first, after = static_url_after_editing(app, tmp_path, build)
    assert first.startswith("/static/x.css?v=") and after != first


@pytest.mark.parametrize("build", BUILDERS, ids=["url_for", "template"])
def test_a_server_fingerprints_each_file_once(app, tmp_path, build):
    # Its files change only with a release, which restarts it.
    first, after = static_url_after_editing(app, tmp_path, build)
    assert first.startswith("/static/x.css?v=") and after == first
