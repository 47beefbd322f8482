"""A connected patient's page as the PT reads it: the brief about the patient
by name, the range the PT chooses, and what is new since that PT's last look."""

import re
from html import unescape

import pytest

from tests.clinicians.conftest import connect, user_id


@pytest.fixture
def ben(db, pt, patient):
    connect(patient, pt.code())
    return user_id(db, "ben@example.com")


def page(response):
    return unescape(response.get_data(as_text=True))


def test_the_pt_reads_the_brief_about_the_patient_by_name(pt, patient, ben):
    patient.checkin()
    text = page(pt.client.get(f"/pt/patients/{ben}"))
    assert "At a glance" in text
    assert "Ben’s" in text or "Ben's" in text
    assert "Since your last look" not in text  # a first look has nothing to compare


@pytest.mark.parametrize("choice, label", [("7", "Last 7 days"), ("14", "Last 14 days"),
                                           ("surgery", "Since surgery")])
def test_the_pt_chooses_the_range(db, pt, patient, ben, choice, label):
    text = page(pt.client.get(f"/pt/patients/{ben}?range={choice}"))
    assert f'aria-current="page">{label}</a>' in text
    assert [look["what"] for look in db.query("SELECT what FROM pt_looks")] == ["summary"]


@pytest.mark.parametrize("query", ["range=365", "range=custom", "range=", "range=surgery%00"])
def test_a_range_not_on_the_page_is_a_clear_400_and_no_look(db, pt, ben, query):
    response = pt.client.get(f"/pt/patients/{ben}?{query}")
    assert response.status_code == 400
    assert "Choose one of the ranges listed" in page(response)
    assert list(db.query("SELECT * FROM pt_looks")) == []


def test_since_surgery_before_the_surgery_is_a_400(db, app, clock, pt):
    from tests.conftest import AuthActions
    later = AuthActions(app.test_client())
    later.register(email="cara@example.com", name="Cara")
    later.set_plan(surgery_date="2026-04-01")
    connect(later, pt.code())
    cara = user_id(db, "cara@example.com")
    assert pt.client.get(f"/pt/patients/{cara}?range=surgery").status_code == 400
    assert pt.client.get(f"/pt/patients/{cara}").status_code == 200


def test_the_pt_sees_what_is_new_since_their_last_look(clock, pt, patient, ben):
    patient.checkin()
    pt.client.get(f"/pt/patients/{ben}")
    clock.advance(hours=2)
    patient.checkin(**{"intensity-hip_right": "7"})
    clock.advance(hours=2)
    text = page(pt.client.get(f"/pt/patients/{ben}"))
    assert "Since your last look" in text
    # A reload within the hour is the same sitting: the earlier look stays.
    clock.advance(minutes=10)
    assert "Since your last look" in page(pt.client.get(f"/pt/patients/{ben}"))


def test_a_day_filled_in_after_the_last_look_is_new_to_the_pt(clock, pt, patient, ben):
    patient.checkin()
    pt.client.get(f"/pt/patients/{ben}")
    clock.advance(hours=2)
    patient.checkin(date="2026-03-12", time="09:00", warning=["wound"])
    clock.advance(hours=2)
    text = page(pt.client.get(f"/pt/patients/{ben}"))
    assert "1 new check-in on 1 day." in text
    assert "New red flag: Wound problem" in text


def test_the_last_look_is_shown_in_the_pts_time_zone(app, db, clock, pt):
    from tests.conftest import AuthActions
    far = AuthActions(app.test_client())
    far.register(email="dee@example.com", name="Dee")
    far.set_plan(timezone="America/New_York")
    connect(far, pt.code())
    dee = user_id(db, "dee@example.com")
    pt.client.get(f"/pt/patients/{dee}")  # 10:00 UTC: 10:00 in London, 06:00 in New York
    clock.advance(hours=3)
    text = page(pt.client.get(f"/pt/patients/{dee}"))
    assert "Since your last look" in text and "10:00" in text[text.index("Since your last look"):][:200]


@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest", "/offline"])
def test_a_pt_loads_the_app_shell_every_page_links(pt, path):
    assert pt.client.get(path).status_code == 200


def test_a_long_range_on_the_pt_page_points_to_the_patients_export(app, db, pt):
    from tests.conftest import AuthActions
    long_ago = AuthActions(app.test_client())
    long_ago.register(email="eve@example.com", name="Eve")
    long_ago.set_plan(surgery_date="2026-01-05")
    long_ago.checkin()
    connect(long_ago, pt.code())
    eve = user_id(db, "eve@example.com")
    text = page(pt.client.get(f"/pt/patients/{eve}?range=surgery"))
    assert "Weekly table" in text
    assert "patient's CSV export" in text and "CSV download above" not in text


def test_a_pts_account_page_says_who_reads_their_name(pt, patient):
    assert "Your name (shown to your patients)" in page(pt.client.get("/account"))
    assert "Your first name (shown to your PT)" in page(patient.client.get("/account"))


def test_the_role_rule_opens_no_database_for_the_app_shell(monkeypatch, pt, patient):
    """Keeping the roles apart reads the account only for a journal or PT page:
    a stylesheet, the worker or the manifest costs no query."""
    from journal.web import db as web_db
    opened = []
    real = web_db.connect
    monkeypatch.setattr(web_db, "connect", lambda path: opened.append(path) or real(path))
    for actions in (pt, patient):
        css = re.search(r'href="(/static/app\.css[^"]*)"', page(actions.client.get("/account"))).group(1)
        opened.clear()
        for url in (css, "/sw.js", "/manifest.webmanifest"):
            response = actions.client.get(url)
            response.close()  # a streamed file
            assert response.status_code == 200
        assert opened == []
    assert pt.client.get("/checkins/new").status_code == 404 and opened  # a journal page does read it
