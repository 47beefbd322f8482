"""JOURNAL_PROXY_HOPS: the client's address and scheme come from the proxy's headers only when set."""

import re

import pytest
from flask import jsonify, request

from journal import create_app
from tests.conftest import AuthActions

FORWARDED = {"X-Forwarded-For": "198.51.100.9, 203.0.113.7", "X-Forwarded-Proto": "https"}


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNAL_DATABASE", str(tmp_path / "journal.db"))
    monkeypatch.setenv("SECRET_KEY", "x")

    def make(hops=None):
        if hops is None:
            monkeypatch.delenv("JOURNAL_PROXY_HOPS", raising=False)
        else:
            monkeypatch.setenv("JOURNAL_PROXY_HOPS", hops)
        app = create_app()

        # What the rate limits and url_for see of the request.
        @app.route("/_seen")
        def seen():
            return jsonify(addr=request.remote_addr, scheme=request.scheme)

        return app

    return make


def test_without_proxy_hops_forwarded_headers_are_ignored(make_app):
    app = make_app()
    assert app.config["PROXY_HOPS"] == 0
    seen = app.test_client().get("/_seen", headers=FORWARDED).get_json()
    # Served directly, anyone can send these headers: trusting them would
    # let a script pick a fresh address for every sign-in guess.
    assert seen == {"addr": "127.0.0.1", "scheme": "http"}


def test_one_proxy_hop_takes_the_address_the_proxy_added_not_the_clients_claim(make_app):
    app = make_app("1")
    seen = app.test_client().get("/_seen", headers=FORWARDED).get_json()
    assert seen == {"addr": "203.0.113.7", "scheme": "https"}


def test_two_proxy_hops_read_two_addresses_from_the_right(make_app):
    app = make_app("2")
    seen = app.test_client().get("/_seen", headers=FORWARDED).get_json()
    assert seen["addr"] == "198.51.100.9"


def test_behind_a_tls_proxy_a_new_share_link_is_https(make_app):
    client = make_app("1").test_client()
    # Over HTTPS Flask-WTF also checks that a form was posted from this
    # origin (its Referer), as browsers send it under our same-origin policy.
    client.environ_base.update({"HTTP_X_FORWARDED_FOR": "203.0.113.7", "HTTP_X_FORWARDED_PROTO": "https",
                                "HTTP_REFERER": "https://localhost/"})
    patient = AuthActions(client).patient()
    created = patient.post("/share", {"label": "Hip PT", "range_kind": "last_days", "last_days": "14",
                                      "expires_days": "30"}, token_from="/share")
    url = re.search(r'id="share-url" value="([^"]+)"', created.get_data(as_text=True)).group(1)
    assert url.startswith("https://localhost/s/")


@pytest.mark.parametrize("value", ["-1", "one", "1.5"])
def test_a_bad_proxy_hops_value_stops_start_up_with_a_clear_message(make_app, value):
    with pytest.raises(ValueError, match="JOURNAL_PROXY_HOPS must be the number of proxies"):
        make_app(value)
