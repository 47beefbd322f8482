"""The main navigation: one list of links, the current page marked for screen readers."""

import re

import pytest


def nav(response):
    page = response.get_data(as_text=True)
    return re.search(r'<nav aria-label="Main">(.*?)</nav>', page, re.S).group(1)


@pytest.mark.parametrize("path, current", [
    ("/", "Today"), ("/history", "History"), ("/timeline", "Timeline"),
    ("/summary", "Summary"), ("/share", "Share"), ("/account", "Account"),
])
def test_the_current_page_and_only_it_is_marked_page(auth, client, path, current):
    auth.patient()
    links = nav(client.get(path))
    marked = re.findall(r'aria-current="page">([^<]+)<', links)
    assert marked == [current]
    assert links.count('aria-current') == 1


def test_a_page_inside_a_section_marks_its_section_but_not_as_the_page(auth, client):
    auth.patient()
    links = nav(client.get("/plan"))
    assert re.findall(r'aria-current="true">([^<]+)<', links) == ["Account"]
    assert 'aria-current="page"' not in links


def test_no_navigation_for_a_stranger(client):
    assert '<nav aria-label="Main">' not in client.get("/welcome").get_data(as_text=True)
