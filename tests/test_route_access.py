"""Every route of the app, read from the URL map, walked as a stranger, as
patient B against patient A's ids, and without a CSRF token.

A new route is covered the day it is added: if it names a record through a
URL parameter this file doesn't know, the test fails and asks for a sample.
"""

import re
import secrets

import pytest

from tests.conftest import AuthActions

# Pages anyone may open: signing in, a share link (its token is the key), and
# the health check (tests/web/test_health.py: it shows no record and sets no cookie).
PUBLIC = {"auth.login", "auth.register", "auth.welcome", "auth.register_clinician", "static", "share.view", "share.download_csv", "share.download_fhir",
          "health.check",
          # What a phone needs to install the app and run it without a signal:
          # no record; the session check answers a stranger 401 with nothing
          # (tests/offline/test_offline_routes.py).
          "offline.manifest", "offline.icon_svg", "offline.icon_png", "offline.service_worker",
          "offline.offline_page", "offline.session_check"}
# Tables whose rows may change on a refused request, and why.
MAY_CHANGE = {
    "rate_limit_hits",  # a refused guess is counted: that is the point
}
METHODS = ("GET", "POST")


def database_state(db):
    tables = [r["name"] for r in db.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    # Sorted in Python: `pain_days` has no rowid to order by.
    return {t: sorted((tuple(row.values()) for row in db.query(f"SELECT * FROM [{t}]")), key=repr)
            for t in tables if t not in MAY_CHANGE}


@pytest.fixture
def journals(app, db):
    """Patient A with one of every record; patient B signed in on another client."""
    a = AuthActions(app.test_client())
    a.patient("ana@example.com")
    a.checkin(note="Ana's note")
    a.post("/milestones", {"kind": "one_crutch", "date": ""}, token_from="/timeline")
    a.post("/measures/hip-function", {"score": "60"}, token_from="/")
    created = a.post("/share", {"label": "Hip PT", "range_kind": "last_days", "last_days": "14",
                                "expires_days": "30"}, token_from="/share")
    token = re.search(r'id="share-url" value="[^"]*/s/([^"]+)"', created.get_data(as_text=True)).group(1)
    user_id = next(db.query("SELECT id FROM users WHERE email = 'ana@example.com'"))["id"]
    samples = {
        "checkin_id": next(db.query("SELECT id FROM checkins WHERE user_id = ?", [user_id]))["id"],
        "milestone_id": next(db.query("SELECT id FROM milestones WHERE user_id = ?", [user_id]))["id"],
        "link_id": next(db.query("SELECT id FROM share_links WHERE user_id = ?", [user_id]))["id"],
        "rating_id": next(db.query("SELECT id FROM sane_ratings WHERE user_id = ?", [user_id]))["id"],
        "token": token,
        "filename": "app.css",
        "name": "icon-192.png",
    }
    # Ana's PT, connected, with a note to her (and a look at her summary).
    pt = AuthActions(app.test_client())
    pt.post("/register/pt", {"email": "pt@example.com", "password": "correct horse battery",
                             "display_name": "Priya", "clinic": "Hill Street"}, token_from="/register/pt")
    code = next(db.query("SELECT connect_code FROM clinicians"))["connect_code"]
    a.post("/share/pt/confirm", {"code": code}, token_from="/share/pt")
    pt.post(f"/pt/patients/{user_id}/notes", {"body": "Ana's note from her PT"}, token_from="/pt/code")
    samples.update({
        "patient_id": user_id,
        "connection_id": next(db.query("SELECT id FROM pt_connections"))["id"],
        "note_id": next(db.query("SELECT id FROM pt_notes"))["id"],
    })
    b = AuthActions(app.test_client())
    b.patient("ben@example.com")
    return a, b, samples


@pytest.fixture
def other_pt(app):
    """A PT nobody connected to."""
    pt = AuthActions(app.test_client())
    pt.post("/register/pt", {"email": "tom@example.com", "password": "correct horse battery",
                             "display_name": "Tom", "clinic": "Riverside"}, token_from="/register/pt")
    return pt


def routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in METHODS:
            if method in rule.methods:
                yield rule, method


def build(rule, samples):
    missing = set(rule.arguments) - set(samples)
    assert not missing, f"{rule.rule}: add a sample value for {missing} to this test"
    return rule.rule and re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(samples[m.group(1)]), rule.rule)


def test_every_route_is_walked(app, journals):
    # A guard for the guard: the walk below covers this many routes.
    walked = list(routes(app))
    assert len(walked) >= 40
    assert {r.endpoint for r, _ in walked} >= {"checkins.edit", "milestones.edit", "share.revoke",
                                               "data.delete_account", "summary.index", "timeline.index",
                                               "pt.patient", "pt.add_note", "connect.disconnect"}


def test_a_stranger_is_sent_to_sign_in_and_changes_nothing(app, db, journals):
    _, _, samples = journals
    stranger = app.test_client()
    for rule, method in routes(app):
        if rule.endpoint in PUBLIC:
            continue
        url = build(rule, samples)
        before = database_state(db)
        response = stranger.open(url, method=method)
        if method == "GET":
            assert response.status_code == 302, (method, url, response.status_code)
            # The home address leads a stranger to the landing page, which leads to sign-in.
            home = rule.endpoint == "today.index"
            assert response.headers["Location"].startswith("/welcome" if home else "/login"), url
        else:
            # No session means no CSRF token: refused before anything runs.
            assert response.status_code == 400, (method, url, response.status_code)
        assert database_state(db) == before, (method, url)


def test_a_stranger_with_a_valid_csrf_token_is_still_sent_to_sign_in(app, db, journals):
    _, _, samples = journals
    stranger = AuthActions(app.test_client())
    token = stranger.csrf_token("/login")
    for rule, method in routes(app):
        if rule.endpoint in PUBLIC or method != "POST":
            continue
        url = build(rule, samples)
        before = database_state(db)
        response = stranger.client.post(url, data={"csrf_token": token})
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url
        assert database_state(db) == before, url


def test_patient_b_gets_404_for_every_route_naming_patient_a_s_records(app, db, journals):
    _, b, samples = journals
    token = b.csrf_token("/account")
    checked = 0
    for rule, method in routes(app):
        owned = set(rule.arguments) - {"token", "filename", "name"}
        if not owned:
            continue
        url = build(rule, samples)
        before = database_state(db)
        if method == "GET":
            response = b.client.get(url)
        else:
            response = b.client.post(url, data={"csrf_token": token, "kind": "off_crutches", "date": "",
                                                "location": "neck", "intensity-neck": "1"})
        assert response.status_code == 404, (method, url, response.status_code)
        assert "Ana" not in response.get_data(as_text=True), url
        assert database_state(db) == before, (method, url)
        checked += 1
    assert checked >= 7


def test_every_post_without_a_csrf_token_is_refused_for_the_owner_too(app, db, journals):
    a, _, samples = journals
    for rule, method in routes(app):
        if method != "POST":
            continue
        url = build(rule, samples)
        before = database_state(db)
        response = a.client.post(url, data={"kind": "off_crutches", "location": "neck", "intensity-neck": "1",
                                            "password": "correct horse battery", "label": "x"})
        assert response.status_code == 400, (url, response.status_code)
        assert database_state(db) == before, url


def test_share_routes_refuse_a_guessed_token_and_change_nothing(app, db, journals):
    _, _, samples = journals
    stranger = app.test_client()
    for rule, method in routes(app):
        if "token" not in rule.arguments:
            continue
        url = build(rule, {**samples, "token": secrets.token_urlsafe(32)})
        before = database_state(db)
        response = stranger.get(url)
        assert response.status_code in (404, 410), (url, response.status_code)
        assert database_state(db) == before, url


def test_ids_beyond_sqlites_range_are_404_not_a_server_error(app, db, journals):
    a, _, samples = journals
    token = a.csrf_token("/account")
    checked = 0
    for rule, method in routes(app):
        owned = set(rule.arguments) - {"token", "filename", "name"}
        if not owned:
            continue
        for huge in (2**63, 2**64 * 10):
            url = build(rule, {**samples, **{name: huge for name in owned}})
            before = database_state(db)
            response = a.client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 404, (method, url, response.status_code)
            assert database_state(db) == before
            checked += 1
    assert checked >= 14


def _post_data(token):
    return {"csrf_token": token, "kind": "off_crutches", "date": "", "location": "neck",
            "intensity-neck": "1", "body": "a note", "code": "ABCD-EFGH-JKLM"}


def test_a_pt_not_connected_gets_404_for_every_route_naming_a_patient(app, db, journals, other_pt):
    _, _, samples = journals
    token = other_pt.csrf_token("/pt/code")
    checked = 0
    for rule, method in routes(app):
        owned = set(rule.arguments) - {"token", "filename"}
        if not owned or rule.endpoint in PUBLIC:  # public files (an icon's name) name no record
            continue
        url = build(rule, samples)
        before = database_state(db)
        response = other_pt.client.open(url, method=method, data=_post_data(token))
        assert response.status_code == 404, (method, url, response.status_code)
        assert "Ana" not in response.get_data(as_text=True), url
        assert database_state(db) == before, (method, url)
        checked += 1
    assert checked >= 10


def test_a_connected_pt_gets_404_for_an_unconnected_patient(app, db, journals):
    _, _, samples = journals
    pt = AuthActions(app.test_client())
    pt.login("pt@example.com")
    token = pt.csrf_token("/pt/code")
    ben = next(db.query("SELECT id FROM users WHERE email = 'ben@example.com'"))["id"]
    pt_routes = [(rule, method) for rule, method in routes(app) if rule.endpoint.startswith("pt.")
                 and "patient_id" in rule.arguments]
    assert len(pt_routes) >= 2
    for rule, method in pt_routes:
        url = build(rule, {**samples, "patient_id": ben})
        before = database_state(db)
        response = pt.client.open(url, method=method, data=_post_data(token))
        assert response.status_code == 404, (method, url, response.status_code)
        assert database_state(db) == before, (method, url)
    # The same PT does reach their own patient: the 404s above are ownership, not a broken route.
    assert pt.client.get(build(pt_routes[0][0], samples)).status_code == 200


def test_a_pt_gets_404_for_every_patient_page_and_writes_nothing(app, db, journals):
    _, _, samples = journals
    pt = AuthActions(app.test_client())
    pt.login("pt@example.com")
    token = pt.csrf_token("/pt/code")
    allowed = {"auth", "account", "pt", "health"}
    checked = 0
    for rule, method in routes(app):
        if rule.endpoint in PUBLIC or rule.endpoint.split(".")[0] in allowed:
            continue
        if rule.endpoint in {"data.delete_account", "auth.logout"}:
            continue  # a PT may delete their own account, and sign out
        url = build(rule, samples)
        before = database_state(db)
        response = pt.client.open(url, method=method, data=_post_data(token))
        if rule.endpoint == "today.index":
            assert response.status_code == 302 and response.headers["Location"] == "/pt"
        else:
            assert response.status_code == 404, (method, url, response.status_code)
        assert database_state(db) == before, (method, url)
        checked += 1
    assert checked >= 30
