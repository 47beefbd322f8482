"""Stored text is shown as text everywhere: no script a patient typed ever runs."""

import re

from playwright.sync_api import expect

from tests.browser.test_journey import register_and_plan

PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']


def test_hostile_notes_render_as_text_on_every_page_and_no_dialog_fires(page, live_server, browser,
                                                                         browser_context_args):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    base = live_server.url
    register_and_plan(page, base)
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()
    for payload in PAYLOADS:
        page.goto(f"{base}/checkins/new")
        page.locator("svg [data-location=hip_right]").first.tap()
        page.get_by_role("group", name="How much does your right hip hurt?").get_by_role(
            "radio", name="5 – moderate").tap()
        page.get_by_label("Note (optional").fill(payload)
        page.get_by_role("button", name="Save check-in").tap()
        expect(page.get_by_text("Check-in saved.")).to_be_visible()
    # A milestone title too.
    page.goto(f"{base}/milestones/new")
    page.get_by_role("radio", name="Something else").check()
    page.get_by_role("textbox", name="Title").fill(PAYLOADS[1][:80])
    page.get_by_role("button", name="Save milestone").tap()
    expect(page).to_have_url(re.compile(r"/timeline$"))

    pages = {"/": PAYLOADS, "/history": PAYLOADS, "/summary?range=14": PAYLOADS, "/timeline": PAYLOADS[1:]}
    for path, shown in pages.items():
        page.goto(base + path)
        for payload in shown:
            expect(page.get_by_text(payload, exact=False).first).to_be_attached()
        assert page.locator("img[src=x]").count() == 0, path

    # Print view of the summary.
    page.goto(f"{base}/summary?range=14")
    page.emulate_media(media="print")
    page.pdf(format="A4")
    page.emulate_media(media="screen")

    # The PT's share page, in a separate context without a session.
    page.goto(f"{base}/share")
    page.get_by_label("Who is it for?").fill('<script>alert("label")</script>')
    page.get_by_role("button", name="Create link").tap()
    url = page.locator("#share-url").input_value()
    pt = browser.new_context(**browser_context_args)
    try:
        pt_page = pt.new_page()
        pt_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        pt_page.goto(url)
        for payload in PAYLOADS:
            expect(pt_page.get_by_text(payload, exact=False).first).to_be_attached()
        assert pt_page.locator("img[src=x]").count() == 0
    finally:
        pt.close()

    # Exports are downloads with their own types, never HTML that could run.
    for path, kind in [("/account/export.csv", "text/csv"), ("/account/export.json", "application/json"),
                       ("/account/export.fhir.json", "json")]:
        response = page.request.get(base + path)
        assert kind in response.headers["content-type"], path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "attachment" in response.headers.get("content-disposition", ""), path

    assert dialogs == []
