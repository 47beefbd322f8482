"""One date format by context on every page: "Mon 16 Mar 2026" in a sentence,
"16 Mar" in a range or a list, never ISO ("2026-03-16") or a numeric
US/European date ("03/16/2026") in the text a person reads; forms take dates
through the browser's own date picker (<input type="date">)."""

import html
import re

import pytest

from tests.sharing.test_share import create

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NUMERIC = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
LONG = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


def readable_text(page):
    """What a person (or a screen reader) reads: no tags, attributes, scripts or styles."""
    page = re.sub(r"<(script|style|title)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def journal(auth):
    auth.patient()
    auth.checkin(date="2026-03-12", time="09:00", note="stiff")
    auth.post("/milestones", {"kind": "one_crutch", "date": "2026-03-14"}, token_from="/milestones/new")
    create(auth)
    create(auth, label="Fixed", range_kind="fixed", range_start="2026-03-10", range_end="2026-03-15")
    return auth


@pytest.mark.parametrize("path", ["/", "/timeline", "/milestones", "/share", "/account", "/plan",
                                  "/welcome", "/milestones/new"])
def test_no_iso_or_numeric_date_in_the_text_of_a_page(journal, client, path):
    if path == "/welcome":
        journal.logout()
    text = readable_text(client.get(path).get_data(as_text=True))
    assert not ISO.findall(text), (path, ISO.findall(text))
    assert not NUMERIC.findall(text), (path, NUMERIC.findall(text))


def test_sentences_read_the_long_date(journal, client):
    milestones = readable_text(client.get("/milestones").get_data(as_text=True))
    assert "Sat 14 Mar 2026" in milestones
    share = readable_text(client.get("/share").get_data(as_text=True))
    assert LONG.search(share.split("Works until", 1)[1])


def test_week_rows_of_the_timeline_read_short_ranges(journal, client):
    timeline = readable_text(client.get("/timeline").get_data(as_text=True))
    assert re.search(r"9 Mar – 15 Mar 2026", timeline)


@pytest.mark.parametrize("path, names", [
    ("/plan", ["surgery_date", "pt_start_date", "weight_bearing_until"]),
    ("/milestones/new", ["date"]),
    ("/share", ["range_start", "range_end"]),
])
def test_date_fields_are_native_date_inputs(journal, client, path, names):
    page = client.get(path).get_data(as_text=True)
    for name in names:
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'type="date"' in tag, tag
