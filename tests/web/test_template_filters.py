"""How dates and codes read on the page, whatever the server's locale."""

from datetime import date

import pytest

from journal.recovery.formatting import long_date


@pytest.mark.parametrize(
    "value, text",
    [
        (date(2026, 3, 16), "Mon 16 Mar 2026"),
        ("2026-03-15", "Sun 15 Mar 2026"),
        (date(2024, 2, 29), "Thu 29 Feb 2024"),
        (date(2026, 12, 31), "Thu 31 Dec 2026"),
    ],
)
def test_long_date_names_the_weekday_day_month_and_year(value, text):
    assert long_date(value) == text


def test_links_follow_the_mount_point_each_request_comes_through(client):
    # A request behind a /journal prefix gets links under it; one without it,
    # before or after, does not.
    plain = client.get("/login").get_data(as_text=True)
    mounted = client.get("/login", base_url="http://localhost/journal/").get_data(as_text=True)
    again = client.get("/login").get_data(as_text=True)
    assert 'href="/register"' in plain and 'href="/register"' in again
    assert 'href="/journal/register"' in mounted
    assert 'href="/register"' not in mounted


def test_record_links_keep_a_mount_point_that_looks_like_an_id(app):
    from flask import url_for

    from journal.web.template_filters import with_id

    with app.test_request_context("/history", base_url="http://localhost/0/"):
        edit = url_for("checkins.edit", checkin_id=0)
        assert edit == "/0/checkins/0/edit"
        assert with_id(edit, 42) == "/0/checkins/42/edit"
    with app.test_request_context("/history"):
        assert with_id(url_for("milestones.delete", milestone_id=0), 7) == "/milestones/7/delete"
