"""The landing page: what a newcomer sees before any form."""

import re


def text(response):
    return response.get_data(as_text=True)


def test_a_stranger_at_the_home_address_gets_the_landing_page_not_a_sign_in_form(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/welcome"
    page = text(client.get("/welcome"))
    assert "<h1" in page and "hip arthroscopy" in page
    assert 'type="password"' not in page


def test_landing_offers_create_first_and_sign_in_second(client):
    page = text(client.get("/welcome"))
    create = page.index('href="/register"')
    sign_in = page.index('href="/login"')
    assert create < sign_in
    assert re.search(r'class="button primary big" href="/register">Create your journal<', page)
    assert re.search(r'href="/login">Sign in<', page)


def test_landing_says_who_it_is_for_and_makes_the_privacy_promise_once(client):
    page = text(client.get("/welcome"))
    assert "physical therapist" in page and "Who it is for" in page
    assert page.count('class="promise"') == 1
    assert "only you see your journal" in page and "stop either at any time" in page
    assert "by connecting to them" in page  # PT accounts are part of the promise


def test_landing_pictures_the_check_in_and_the_pt_summary_with_captions(client):
    page = text(client.get("/welcome"))
    assert page.count('<figure class="picture"') == 2
    assert "The check-in:" in page and "The PT summary:" in page
    # The scale in the picture is the real one: 0 to 10.
    assert all(f">{n}</span>" in page for n in range(11))


def test_a_signed_in_patient_goes_from_the_landing_page_to_today(auth, client):
    auth.patient()
    assert client.get("/welcome").headers["Location"] == "/"
    assert "Log pain" in text(client.get("/"))


def test_landing_needs_no_script_or_third_party_request(client):
    page = text(client.get("/welcome"))
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert "<script>" not in page and "onclick" not in page
