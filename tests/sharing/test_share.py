"""Share links: create, view, revoke, expire; headers, privacy, ownership, bad input."""

import hashlib
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.sharing import links as share_links

LINK = {
    "label": "Hip PT — Ana", "range_kind": "last_days", "last_days": "14", "expires_days": "30"
}


def create(auth, **fields):
    return auth.post("/share", {**LINK, **fields}, token_from="/share")


def share_path(response):
    """The share link's path, as the created page shows it."""
    page = response.get_data(as_text=True)
    url = re.search(r'id="share-url" value="([^"]+)"', page).group(1)
    return url.removeprefix("http://localhost")


def links(db):
    return list(db.query("SELECT * FROM share_links ORDER BY id"))


@pytest.fixture
def shared(auth, client):
    """A patient with a few check-ins, a share link, and then signed out: the PT's view."""
    auth.patient()
    auth.checkin(**{"date": "2026-03-14", "time": "08:00", "location": ["hip_right", "lower_back"],
                    "intensity-hip_right": "6", "intensity-lower_back": "4", "note": "Stairs hurt"})
    auth.checkin(**{"date": "2026-03-15", "time": "08:00", "location": ["hip_right"],
                    "intensity-hip_right": "4"})
    path = share_path(create(auth))
    auth.logout()
    return path


# --- creating ---------------------------------------------------------------


def test_created_link_is_shown_once_with_a_qr_code_and_stored_only_as_a_hash(auth, db):
    auth.patient()
    response = create(auth)
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    path = share_path(response)
    token = path.removeprefix("/s/")
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert '<svg role="img" aria-label="QR code of the share link"' in page
    assert 'data-copy="share-url"' in page
    assert "style=" not in page  # the QR code must pass the CSP too
    [link] = links(db)
    assert link["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(link)
    assert (link["label"], link["range_kind"]) == ("Hip PT — Ana", "last_days")
    assert link["last_days"] == 14
    assert link["expires_at"] == "2026-04-15T10:00:00+00:00"
    # The list never shows the token again.
    assert token not in auth.client.get("/share").get_data(as_text=True)


def test_tokens_are_long_random_and_never_repeat():
    tokens = {share_links.new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) >= 43 and share_links.looks_like_token(t) for t in tokens)


def test_share_pages_need_a_signed_in_patient(client, db):
    response = client.get("/share")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert client.post("/share", data=LINK).status_code == 400  # no CSRF token, no session
    assert links(db) == []


def test_expiry_defaults_to_30_days(auth, db):
    auth.patient()
    page = auth.client.get("/share").get_data(as_text=True)
    assert re.search(r'id="expires_days"[^>]*value="30"', page)
    assert re.search(r'id="last_days"[^>]*value="30"', page)


def test_fixed_range_link_keeps_its_dates(auth, db):
    auth.patient()
    response = create(auth, range_kind="fixed", range_start="2026-03-09", range_end="2026-03-15",
                      last_days="")
    assert response.status_code == 201
    [link] = links(db)
    assert (link["range_start"], link["range_end"]) == ("2026-03-09", "2026-03-15")
    assert link["last_days"] is None


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"label": ""}, "label", "Give the link a name"),
        ({"label": "   "}, "label", "Give the link a name"),
        ({"label": "x" * 61}, "label", "60 characters or fewer"),
        ({"expires_days": "0"}, "expires_days", "from 1 to 90"),
        ({"expires_days": "91"}, "expires_days", "from 1 to 90"),
        ({"expires_days": "ten"}, "expires_days", "from 1 to 90"),
        ({"expires_days": ""}, "expires_days", "from 1 to 90"),
        ({"expires_days": "-5"}, "expires_days", "from 1 to 90"),
        ({"expires_days": "²"}, "expires_days", "from 1 to 90"),
        ({"label": "Hip\x00PT"}, "label", "can’t be saved"),
        ({"last_days": "0"}, "last_days", "from 1 to 731"),
        ({"last_days": "732"}, "last_days", "from 1 to 731"),
        ({"last_days": "1e3"}, "last_days", "from 1 to 731"),
        ({"range_kind": "forever"}, "range_kind", "Not a valid choice"),
        ({"range_kind": "fixed", "range_start": "March", "range_end": "2026-03-15"},
         "range_start", "year-month-day"),
        ({"range_kind": "fixed", "range_start": "2026-03-15", "range_end": "2026-03-01"},
         "range_end", "before the first day"),
        ({"range_kind": "fixed", "range_start": "2024-01-01", "range_end": "2026-03-15"},
         "range_end", "two years or less"),
        ({"range_kind": "fixed", "range_start": "2026-03-01", "range_end": "2026-03-30"},
         "range_end", "in the future"),
        ({"range_kind": "fixed", "range_start": "0001-01-01", "range_end": "0001-01-02"},
         "range_end", "more than 10 years ago"),
    ],
)
def test_bad_link_input_gets_a_message_beside_the_field_and_creates_nothing(
    auth, db, fields, field, message
):
    auth.patient()
    response = create(auth, **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    if field == "range_kind":
        assert message in page
    else:
        assert re.search(rf'<p class="error" id="{field}-error">[^<]*{message}', page)
    assert links(db) == []


def test_a_sixty_character_label_is_fine(auth, db):
    auth.patient()
    assert create(auth, label="x" * 60).status_code == 201
    assert links(db)[0]["label"] == "x" * 60


def test_creating_without_the_csrf_token_is_refused(auth, db):
    auth.patient()
    response = auth.client.post("/share", data=LINK)
    assert response.status_code == 400
    assert links(db) == []


# --- what the PT sees ----------------------------------------------------------


def test_pt_sees_the_read_only_summary_with_name_and_plan(shared, client):
    response = client.get(shared)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Ana’s recovery summary" in page
    assert "Hip arthroscopy, right side" in page
    assert "Surgery Mon 9 Mar 2026" in page
    assert "Always the last 14 days" in page
    assert '<svg class="chart"' in page
    assert "Right hip" in page and "Stairs hurt" in page
    assert "both 4 or more on 1 of the 1 day both were logged" in page


def test_share_page_sends_privacy_headers(shared, client):
    headers = client.get(shared).headers
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in headers["X-Robots-Tag"]
    assert headers["Cache-Control"] == "no-store"


def test_share_page_has_no_email_no_forms_and_no_links_into_the_account(shared, client):
    page = client.get(shared).get_data(as_text=True)
    assert "ana@example.com" not in page
    assert "@" not in re.sub(r"<(script|link)[^>]*>", "", page)
    assert "<form" not in page and "<input" not in page and "<button" not in page
    assert "Edit" not in page and "Delete" not in page and "Sign out" not in page
    hrefs = re.findall(r'<a [^>]*href="([^"]*)"', page)
    token_path = shared.rstrip("/")
    # In-page anchors, and the PT's downloads of this same shared range.
    allowed = {f"{token_path}/export.csv", f"{token_path}/fhir.json"}
    assert all(href.startswith("#") or href in allowed for href in hrefs), hrefs
    assert allowed <= set(hrefs)
    assert "<nav" not in page


def test_each_view_is_counted_for_the_patient(shared, auth, client, clock, db):
    client.get(shared)
    clock.advance(hours=2)
    client.get(shared)
    [link] = links(db)
    assert link["view_count"] == 2
    assert link["last_viewed_at"] == "2026-03-16T12:00:00+00:00"
    auth.login()
    page = client.get("/share").get_data(as_text=True)
    assert "Opened 2 times, last on Mon 16 Mar 2026 at 12:00" in page


def test_a_last_days_link_moves_with_the_calendar(shared, client, clock):
    # Surgery was on 9 March: the last 14 days start there, not on 3 March.
    assert ("Always the last 14 days</strong>: from surgery on Mon 9 Mar 2026 to Mon 16 Mar 2026"
            " (8 days)") in client.get(shared).get_data(as_text=True)
    clock.advance(days=10)
    assert "Fri 13 Mar 2026 to Thu 26 Mar 2026" in client.get(shared).get_data(as_text=True)


def test_share_link_uses_the_patients_time_zone_for_today(auth, client, clock):
    # 23:30 UTC on 16 March is already 17 March in Auckland.
    clock.set(clock.now.replace(hour=23, minute=30))
    auth.patient(timezone="Pacific/Auckland")
    path = share_path(create(auth, last_days="1"))
    auth.logout()
    assert "Tue 17 Mar 2026 to Tue 17 Mar 2026" in client.get(path).get_data(as_text=True)


def test_share_page_works_before_a_plan_exists(auth, client):
    auth.register()
    path = share_path(create(auth))
    auth.logout()
    response = client.get(path)
    assert response.status_code == 200
    assert "Nothing was logged in this range." in response.get_data(as_text=True)


# --- revoking and expiry ---------------------------------------------------------


def test_patient_revokes_a_link_in_one_tap_and_the_pt_is_told_to_ask_again(auth, client, db):
    auth.patient()
    path = share_path(create(auth))
    [link] = links(db)
    response = auth.post(f"/share/{link['id']}/revoke", token_from="/share")
    assert response.status_code == 303
    assert "Revoked" in client.get("/share").get_data(as_text=True)
    auth.logout()
    refused = client.get(path)
    assert refused.status_code == 410
    page = refused.get_data(as_text=True)
    assert "ask the patient for a new link" in page.lower() or "Ask them for a new link" in page
    assert "Stairs" not in page and "<svg class=\"chart\"" not in page
    assert refused.headers["Referrer-Policy"] == "no-referrer"
    assert refused.headers["Cache-Control"] == "no-store"
    assert links(db)[0]["view_count"] == 0


def test_revoking_twice_keeps_the_first_time(auth, clock, db):
    auth.patient()
    create(auth)
    [link] = links(db)
    auth.post(f"/share/{link['id']}/revoke", token_from="/share")
    clock.advance(days=1)
    auth.post(f"/share/{link['id']}/revoke", token_from="/share")
    assert links(db)[0]["revoked_at"] == "2026-03-16T10:00:00+00:00"


def test_revoke_needs_post_and_csrf(auth, db):
    auth.patient()
    create(auth)
    [link] = links(db)
    assert auth.client.get(f"/share/{link['id']}/revoke").status_code == 405
    assert auth.client.post(f"/share/{link['id']}/revoke").status_code == 400
    assert links(db)[0]["revoked_at"] is None


def test_another_patients_link_id_is_404_and_nothing_changes(auth, client, db):
    auth.patient()
    path = share_path(create(auth))
    [link] = links(db)
    assert "<h3>Hip PT — Ana</h3>" in client.get("/share").get_data(as_text=True)
    auth.logout()
    auth.patient(email="bo@example.com")
    response = auth.post(f"/share/{link['id']}/revoke", token_from="/share")
    assert response.status_code == 404
    assert links(db)[0]["revoked_at"] is None
    assert "<h3>Hip PT" not in client.get("/share").get_data(as_text=True)
    assert client.get(path).status_code == 200


def test_unknown_link_id_is_404(auth):
    auth.patient()
    assert auth.post("/share/999/revoke", token_from="/share").status_code == 404


def test_link_expires_after_its_days(shared, client, clock, db):
    clock.advance(days=30, seconds=-1)
    assert client.get(shared).status_code == 200
    clock.advance(seconds=1)
    response = client.get(shared)
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "This link has expired" in page
    assert "Ask them for a new link" in page
    assert links(db)[0]["view_count"] == 1


def test_expired_and_revoked_links_show_in_the_list_without_a_revoke_button(auth, client, clock):
    auth.patient()
    create(auth, label="Old link", expires_days="1")
    clock.advance(days=2)
    page = client.get("/share").get_data(as_text=True)
    assert "Old link" in page
    assert "Expired" in page
    assert "Revoke" not in page


# --- guessing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [
        "A" * 43,
        "short",
        "x" * 65,
        "has.dots.in.it",
        "%00",
    ],
)
def test_guessed_or_malformed_tokens_get_a_friendly_404(client, token):
    response = client.get(f"/s/{token}")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "This link doesn’t work" in page
    assert "ask the patient for a new link" in page
    assert response.headers["X-Robots-Tag"].startswith("noindex")


def test_guessing_is_rate_limited_per_ip_and_recovers(shared, app, client, clock):
    app.config["SHARE_GUESS_LIMIT_PER_IP"] = 3
    for _ in range(3):
        assert client.get("/s/" + "B" * 43).status_code == 404
    blocked = client.get("/s/" + "D" * 43)
    assert blocked.status_code == 429
    assert "Try again in 15 minutes" in blocked.get_data(as_text=True)
    assert blocked.headers["Retry-After"] == str(15 * 60)
    other_ip = client.get("/s/" + "D" * 43, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other_ip.status_code == 404
    clock.advance(minutes=15, seconds=1)
    assert client.get("/s/" + "D" * 43).status_code == 404


def test_a_valid_link_opens_after_many_bad_ones_from_the_same_network(shared, client):
    """A clinic shares one address: other people's mistyped links never stop a
    valid one from opening, and opening it counts as no failure."""
    for _ in range(share_links.GUESS_LIMIT_PER_IP + 5):
        assert client.get("/s/" + "E" * 43).status_code in (404, 429)
    assert client.get("/s/" + "E" * 43).status_code == 429
    for _ in range(3):
        assert client.get(shared).status_code == 200


def test_default_guess_limit_is_20_per_15_minutes(shared, client):
    for _ in range(share_links.GUESS_LIMIT_PER_IP):
        assert client.get("/s/" + "C" * 43).status_code == 404
    assert client.get("/s/" + "C" * 43).status_code == 429
    assert share_links.GUESS_WINDOW_SECONDS == 15 * 60


def test_opening_a_revoked_link_is_not_counted_as_a_guess(auth, app, client, db):
    app.config["SHARE_GUESS_LIMIT_PER_IP"] = 2
    auth.patient()
    path = share_path(create(auth))
    auth.post(f"/share/{links(db)[0]['id']}/revoke", token_from="/share")
    for _ in range(4):
        assert client.get(path).status_code == 410


# --- the one lookup --------------------------------------------------------------------


def test_resolve_returns_the_link_with_name_and_zone_but_never_the_email(shared, app, db, clock):
    token = shared.removeprefix("/s/")
    link, reason = share_links.resolve(db, token, clock.now)
    assert reason is None
    assert (link["display_name"], link["timezone"]) == ("Ana", "Europe/London")
    assert link["label"] == "Hip PT — Ana"
    assert "email" not in link and "password_hash" not in link
    assert share_links.resolve(db, token[:-1] + ("A" if token[-1] != "A" else "B"), clock.now) == (
        None, share_links.UNKNOWN
    )
    later = clock.now + timedelta(days=31)
    assert share_links.resolve(db, token, later) == (None, share_links.EXPIRED)
    share_links.revoke_link(db, link["user_id"], link["id"], clock.now)
    assert share_links.resolve(db, token, clock.now) == (None, share_links.REVOKED)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
# A "/" would make it more than one path segment: the router answers that
# (a redirect or another route), never the share view.
@given(token=st.text(min_size=1, max_size=80).filter(lambda t: "/" not in t))
def test_any_token_text_is_a_friendly_404_never_a_500(app, client, token):
    app.config["SHARE_GUESS_LIMIT_PER_IP"] = 10_000
    response = client.get("/s/" + quote(token, safe=""))
    assert response.status_code == 404


def test_an_early_crutch_step_reads_sooner_than_the_plan_on_the_share_page(auth, client):
    auth.patient()  # surgery 9 March, today 16 March: day 7 of a 2-week plan
    auth.post("/milestones/quick", {"step": "off_crutches"}, token_from="/")
    path = share_path(create(auth))
    auth.logout()
    html = client.get(path).get_data(as_text=True)
    # Said about the patient: a PT reads it.
    assert "done on day 7: sooner than the plan (day 14) — check that the surgeon agreed" in html
    assert "on time" not in html.lower()


# --- nothing dated outside the range -------------------------------------------------

from datetime import date, datetime, time, timezone  # noqa: E402

from journal.checkins import store as checkin_store
from journal.checkins.form import CheckinInput, Reading  # noqa: E402


def log_days(db, first, last, pain, notes=None):
    """A check-in at 08:00 each day from `first` to `last`: right hip and lower
    back at `pain` (or `pain[day]`), with `notes[day]` as its note."""
    [user] = db.query("SELECT id FROM users")
    day = first
    while day <= last:
        level = pain.get(day, pain[None]) if isinstance(pain, dict) else pain
        entry = CheckinInput(
            local_date=day, local_time=time(8), note=(notes or {}).get(day, ""),
            readings=[Reading("hip_right", level), Reading("lower_back", level)],
        )
        checkin_store.create_checkin(db, user["id"], entry, "Europe/London",
                                     datetime(2026, 4, 20, 9, tzinfo=timezone.utc))
        day += timedelta(days=1)


def add_milestones(db, *kinds_and_days):
    [user] = db.query("SELECT id FROM users")
    for kind, day in kinds_and_days:
        db.execute("INSERT INTO milestones (user_id, kind, title, date, created_at)"
                   " VALUES (?, ?, '', ?, '2026-04-20T09:00:00+00:00')",
                   [user["id"], kind, day.isoformat()])


def outside_dates(first, last):
    """Every ISO date from `first` to `last`, for checking downloads."""
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def test_a_fixed_dates_link_shows_nothing_dated_outside_its_dates(auth, client, clock, db):
    """Surgery 9 March; the link covers 23 March to 5 April and is opened on
    20 April (day 42). Pain was 9 before and after the range, 3 inside it; a
    run of severe days straddles its first day; notes and milestones lie on
    either side. None of it may reach the PT's page or downloads."""
    clock.set(datetime(2026, 4, 20, 9, tzinfo=timezone.utc))
    auth.patient()
    start, end = date(2026, 3, 23), date(2026, 4, 5)
    log_days(db, date(2026, 3, 9), date(2026, 3, 22), 9, {date(2026, 3, 15): "Before the range"})
    log_days(db, start, end, {start: 8, None: 3}, {date(2026, 3, 30): "Inside the range"})
    log_days(db, date(2026, 4, 6), date(2026, 4, 20), 9, {date(2026, 4, 10): "After the range"})
    add_milestones(db, ("first_pt", date(2026, 3, 25)), ("off_crutches", date(2026, 4, 10)),
                   ("driving", date(2026, 4, 12)), ("pt_session", date(2026, 4, 8)))
    path = share_path(create(auth, range_kind="fixed", range_start=start.isoformat(),
                             range_end=end.isoformat(), last_days=""))
    auth.logout()
    page = client.get(path).get_data(as_text=True)

    assert "Inside the range" in page
    assert "Before the range" not in page and "After the range" not in page
    # No average, worst or comparison from the 9s outside: the range's halves instead.
    assert "9.0" not in page and "<td>9</td>" not in page and "worst 9" not in page
    assert "2nd half vs 1st half" in page
    assert "(3.7 → 3.0)" in page
    # The severe run began on 20 March, outside the range: inside it is one day.
    assert "days in a row" not in page and "20 Mar" not in page
    # The headline and statuses as of 5 April (day 27), not today (day 42).
    assert "On Sun 5 Apr 2026: Day 27 after surgery · week 4" in page
    assert "Today:" not in page and "Day 42" not in page and "day 42" not in page
    assert "still on crutches on day 27" in page
    assert "day 32" not in page and "Back to driving" not in page and "8 Apr" not in page

    csv = client.get(f"{path}/export.csv").get_data(as_text=True)
    fhir = client.get(f"{path}/fhir.json").get_data(as_text=True)
    for download in (csv, fhir):
        assert start.isoformat() in download and end.isoformat() in download
        assert "Before the range" not in download and "After the range" not in download
        for day in outside_dates(date(2026, 3, 9), date(2026, 3, 22)) + outside_dates(
                date(2026, 4, 6), date(2026, 4, 19)):
            assert day not in download, day


def test_a_last_days_link_shows_nothing_before_its_first_day(auth, client, clock, db):
    """The PT was given 14 days, not 14 days and the 14 before: no comparison
    with the 9s of the fortnight before, no severe run that began before it."""
    clock.set(datetime(2026, 4, 20, 9, tzinfo=timezone.utc))
    auth.patient()
    first = date(2026, 4, 7)
    log_days(db, date(2026, 3, 24), first - timedelta(days=1), 9,
             {date(2026, 4, 1): "Before the range"})
    log_days(db, first, date(2026, 4, 20), {first: 8, None: 3})
    path = share_path(create(auth, last_days="14"))
    auth.logout()
    page = client.get(path).get_data(as_text=True)
    assert "Tue 7 Apr 2026 to Mon 20 Apr 2026 (14 days)" in page
    assert "9.0" not in page and "Before the range" not in page
    assert "days in a row" not in page
    assert "2nd half vs 1st half" in page and "(3.7 → 3.0)" in page
    # A link that is always up to today still says "Today".
    assert "Today: Day 42 after surgery" in page


def test_a_one_day_link_says_no_earlier_period_is_shared(auth, client, db):
    auth.patient()
    log_days(db, date(2026, 3, 10), date(2026, 3, 16), 4)
    path = share_path(create(auth, last_days="1"))
    auth.logout()
    page = client.get(path).get_data(as_text=True)
    assert "no earlier period is shared to compare with" in page
    assert "nothing earlier to compare</strong>" in page
