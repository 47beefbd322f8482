"""Property tests: arbitrary input to every form and query parameter.

For each: never a 5xx, and the database is either unchanged or holds exactly
the valid record.
"""

from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from journal.checkins import form as checkin_form
from journal.recovery import clock
from journal.recovery.locations import BY_CODE

FIXTURES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that breaks naive code: RTL, emoji, NUL, combining marks, very long.
nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\x00", "\u202egnp.exe", "שלום", "🦴💥", "e\u0301", "<script>alert(1)</script>",
                     "'; DROP TABLE checkins; --", "9" * 400, "-1", "1e3", "NaN", "²", "٣", "2026-02-30", "0000-00-00"]),
    st.text(min_size=1001, max_size=1200),
)
field_value = st.one_of(nasty_text, st.lists(nasty_text, min_size=2, max_size=3))
numbers = st.one_of(st.integers(-5, 15).map(str), nasty_text)
dates = st.one_of(st.dates().map(str), nasty_text)


def snapshot(db):
    return {t: db[t].count for t in ("users", "plans", "checkins", "readings", "milestones", "share_links")}


def as_form(fields):
    data = MultiDict()
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            data.add(key, item)
    return data


checkin_fields = st.fixed_dictionaries(
    {},
    optional={
        "location": st.lists(st.one_of(st.sampled_from(sorted(BY_CODE)), nasty_text), max_size=3),
        "intensity-hip_right": numbers,
        "intensity-lower_back": numbers,
        "intensity-other": numbers,
        "other_text": nasty_text,
        "context": st.one_of(st.sampled_from(sorted(checkin_form.CONTEXTS)), nasty_text),
        "note": nasty_text,
        "home_exercises": st.one_of(st.just("yes"), nasty_text),
        "warning": st.lists(st.one_of(st.sampled_from(["fever", "calf"]), nasty_text), max_size=2),
        "date": dates,
        "time": st.one_of(st.times().map(lambda t: t.strftime("%H:%M")), nasty_text),
    },
)


@FIXTURES
@given(fields=checkin_fields)
def test_any_check_in_form_is_saved_whole_or_refused_cleanly(app, auth, db, fields):
    if db["plans"].count == 0:
        auth.patient()
    token = auth.csrf_token("/checkins/new")
    before = snapshot(db)
    response = auth.client.post("/checkins", data={**fields, "csrf_token": token})
    assert response.status_code < 500
    after = snapshot(db)
    with app.app_context():
        now_local = clock.local_now(app.config["CLOCK"](), "Europe/London")
    expected, errors = checkin_form.parse(as_form(fields), now_local)
    if response.status_code == 303:
        assert expected is not None
        assert after["checkins"] == before["checkins"] + 1
        assert after["readings"] == before["readings"] + len(expected.readings)
        last = list(db.query("SELECT * FROM checkins ORDER BY id DESC LIMIT 1"))[0]
        assert last["note"] == expected.note
        stored = [(r["location"], r["intensity"]) for r in db.query(
            "SELECT location, intensity FROM readings WHERE checkin_id = ? ORDER BY id", [last["id"]])]
        assert stored == [(r.location, r.intensity) for r in expected.readings]
    else:
        assert response.status_code == 422 and errors
        assert after == before


@FIXTURES
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "email": nasty_text, "password": nasty_text, "display_name": nasty_text, "timezone": nasty_text,
        },
    )
)
def test_any_registration_creates_one_account_or_none(auth, db, fields):
    token = auth.csrf_token("/register")
    before = db["users"].count
    response = auth.client.post("/register", data={**fields, "csrf_token": token})
    assert response.status_code < 500
    if response.status_code == 303:
        assert db["users"].count == before + 1
        auth.logout()
    else:
        assert response.status_code in (422, 429) and db["users"].count == before


@FIXTURES
@given(fields=st.fixed_dictionaries({}, optional={"email": nasty_text, "password": nasty_text, "remember": nasty_text}))
def test_any_sign_in_attempt_is_refused_cleanly(app, auth, db, fields):
    app.config["LOGIN_LIMIT_PER_IP"] = 10**6
    token = auth.csrf_token("/login")
    response = auth.client.post("/login", data={**fields, "csrf_token": token})
    assert response.status_code in (401, 422, 429)
    assert db["users"].count == 0


@FIXTURES
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "procedure": nasty_text, "side": st.one_of(st.sampled_from(["left", "right", "both"]), nasty_text),
            "surgery_date": dates, "crutch_weeks": numbers, "pt_start_date": dates, "pt_weeks": numbers,
            "timezone": st.one_of(st.sampled_from(["Europe/London", "Asia/Tokyo"]), nasty_text),
        },
    )
)
def test_any_plan_form_saves_a_whole_plan_or_nothing(auth, db, fields):
    if db["users"].count == 0:
        auth.register()
    before = list(db.query("SELECT * FROM plans"))
    token = auth.csrf_token("/plan")
    response = auth.client.post("/plan", data={**fields, "csrf_token": token})
    assert response.status_code < 500
    after = list(db.query("SELECT * FROM plans"))
    if response.status_code == 303:
        assert len(after) == 1
        assert after[0]["surgery_date"] == fields["surgery_date"].strip()
        assert after[0]["side"] == fields["side"]
    else:
        assert response.status_code == 422 and after == before


@FIXTURES
@given(page=nasty_text, extra=st.dictionaries(nasty_text.filter(lambda s: s and "\x00" not in s), nasty_text, max_size=2))
def test_any_history_query_is_answered_without_a_server_error(auth, db, page, extra):
    if db["plans"].count == 0:
        auth.patient()
    response = auth.client.get("/history", query_string={"page": page, **extra})
    assert response.status_code in (200, 400)


@FIXTURES
@given(fields=st.fixed_dictionaries({}, optional={"profile-display_name": nasty_text,
                                                  "password-current_password": nasty_text,
                                                  "password-new_password": nasty_text}))
def test_any_account_form_changes_all_or_nothing(auth, db, fields):
    if db["users"].count == 0:
        auth.patient()
    before = list(db.query("SELECT display_name, password_hash, session_secret FROM users"))
    token = auth.csrf_token("/account")
    for path in ("/account/profile", "/account/password"):
        response = auth.client.post(path, data={**fields, "csrf_token": token})
        # 429: wrong current passwords count against the sign-in limit.
        assert response.status_code in (303, 422, 429)
    after = list(db.query("SELECT display_name, password_hash, session_secret FROM users"))
    if after != before:
        name = fields.get("profile-display_name", "").strip()
        assert after[0]["display_name"] in (name, before[0]["display_name"])


def test_property_suite_uses_a_fixed_clock(app):
    # The properties above compare against a parse at the app's "now"; that
    # only holds if the app's clock stands still.
    assert app.config["CLOCK"]() == app.config["CLOCK"]() == datetime(2026, 3, 16, 10, 0, tzinfo=timezone.utc)


# --- Features built on the foundation: milestones, prompts, summary, share, data ---

def _ready(auth, db):
    if db["plans"].count == 0:
        auth.patient()


@FIXTURES
@given(fields=st.fixed_dictionaries({}, optional={
    "kind": st.one_of(st.sampled_from(["one_crutch", "off_crutches", "pt_session", "custom", "sport"]), nasty_text),
    "title": nasty_text, "date": dates}))
def test_any_milestone_form_saves_one_milestone_or_nothing(auth, db, fields):
    _ready(auth, db)
    before = db["milestones"].count
    token = auth.csrf_token("/milestones/new")
    response = auth.client.post("/milestones", data={**fields, "csrf_token": token})
    assert response.status_code < 500
    after = db["milestones"].count
    if response.status_code in (303, 303):
        assert after == before + 1
    else:
        assert response.status_code in (400, 409, 422) and after == before


@FIXTURES
@given(step=nasty_text, key=nasty_text, kind=nasty_text)
def test_any_quick_step_dismissal_or_prefill_is_answered_cleanly(auth, db, step, key, kind):
    _ready(auth, db)
    token = auth.csrf_token("/")
    before = (db["milestones"].count, db["prompt_dismissals"].count)
    quick = auth.client.post("/milestones/quick", data={"step": step, "csrf_token": token})
    dismiss = auth.client.post("/prompts/dismiss", data={"key": key, "csrf_token": token})
    prefill = auth.client.get("/milestones/new", query_string={"kind": kind})
    assert quick.status_code < 500 and dismiss.status_code < 500 and prefill.status_code < 500
    if quick.status_code >= 400:
        assert db["milestones"].count == before[0]
    if dismiss.status_code >= 400:
        assert db["prompt_dismissals"].count == before[1]


@FIXTURES
@given(args=st.fixed_dictionaries({}, optional={
    "range": st.one_of(st.sampled_from(["7", "14", "30", "surgery", "custom"]), nasty_text),
    "start": dates, "end": dates}))
def test_any_summary_range_is_answered_without_a_server_error(auth, db, args):
    _ready(auth, db)
    response = auth.client.get("/summary", query_string=args)
    assert response.status_code in (200, 400)


@FIXTURES
@given(fields=st.fixed_dictionaries({}, optional={
    "label": nasty_text, "range_kind": st.one_of(st.sampled_from(["last_days", "fixed"]), nasty_text),
    "last_days": numbers, "range_start": dates, "range_end": dates, "expires_days": numbers}))
def test_any_share_form_creates_one_link_or_none(auth, db, fields):
    _ready(auth, db)
    before = db["share_links"].count
    token = auth.csrf_token("/share")
    response = auth.client.post("/share", data={**fields, "csrf_token": token})
    assert response.status_code < 500
    if response.status_code == 201:
        assert db["share_links"].count == before + 1
    else:
        assert response.status_code == 422 and db["share_links"].count == before


@FIXTURES
@given(time_value=nasty_text, token=nasty_text)
def test_any_calendar_time_or_share_token_is_answered_cleanly(auth, db, time_value, token):
    _ready(auth, db)
    assert auth.client.get("/account/calendar.ics", query_string={"time": time_value}).status_code < 500
    for suffix in ("", "/export.csv", "/fhir.json"):
        if not token.strip() or any(c in token for c in "/?#%\\") or token in (".", ".."):
            continue  # not a single URL path segment: the router, not the app, answers
        response = auth.client.get(f"/s/{token}{suffix}")
        assert response.status_code in (200, 404, 410, 429), (token, suffix)


@FIXTURES
@given(upload=st.one_of(st.binary(max_size=300), nasty_text.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_any_uploaded_file_imports_all_or_nothing(auth, db, upload):
    from io import BytesIO

    if db["users"].count == 0:
        auth.patient()
    before = snapshot(db)
    token = auth.csrf_token("/account/import")
    response = auth.client.post(
        "/account/import", data={"csrf_token": token, "journal_file": (BytesIO(upload), "journal.json")},
        content_type="multipart/form-data",
    )
    assert 400 <= response.status_code < 500
    assert snapshot(db) == before


@FIXTURES
@given(password=nasty_text)
def test_a_wrong_password_never_deletes_the_account(auth, db, password):
    if db["users"].count == 0:
        auth.patient()
    token = auth.csrf_token("/account/delete")
    response = auth.client.post("/account/delete", data={"csrf_token": token, "password": password})
    assert response.status_code in (401, 422, 429)
    assert db["users"].count == 1
