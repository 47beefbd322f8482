"""A connected patient's page as the PT reads it: the brief about the patient
by name, the range the PT chooses, and what is new since that PT's last look."""

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
