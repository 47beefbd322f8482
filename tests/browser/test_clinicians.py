"""The PT's workspace on two phones: a PT registers and shows their code, a
patient connects with it and logs a red flag, the PT's caseload puts that
patient first, the PT writes a note, the patient reads it on Today, the
patient disconnects and the PT's next look is refused."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journey import register_and_plan
from tests.browser.test_milestones import log_right_hip_with_a_sign


def register_pt(page, base):
    page.goto(f"{base}/register/pt")
    assert_accessible(page)
    page.get_by_label("Your name (shown to your patients)").fill("Priya")
    page.get_by_label("Clinic name (shown to your patients)").fill("Hill Street Physio")
    page.get_by_label("Email").fill("priya@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Create PT account").tap()
    expect(page.get_by_role("heading", name="Your connect code")).to_be_visible()
    assert_accessible(page)
    code = page.locator("#connect-code").inner_text()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    expect(page.get_by_role("img", name="QR code of your connect code")).to_be_visible()
    return code


def test_pt_and_patient_connect_flag_note_and_disconnect(page, live_server, browser, browser_context_args):
    base = live_server.url
    pt_context = browser.new_context(**browser_context_args)
    pt = pt_context.new_page()
    pt.set_default_timeout(10_000)
    try:
        code = register_pt(pt, base)
        # A second patient, connected and calm, to be sorted below the flagged one.
        register_and_plan(page, base, email="cal@example.com")
        page.get_by_role("button", name="Pain-free today").tap()
        expect(page.get_by_text("Nothing logged yet today.")).to_have_count(0)
        page.goto(f"{base}/share/pt?code={code}")
        page.get_by_role("button", name="Find my PT").tap()
        page.get_by_role("button", name="Connect", exact=True).tap()
        page.get_by_role("button", name="Sign out").tap()
        expect(page.get_by_text("You are signed out.")).to_be_visible()

        # The patient, on their own phone: Share → Connect to my PT.
        register_and_plan(page, base, email="ben@example.com")
        page.get_by_role("link", name="Share").tap()
        page.get_by_role("link", name="Connect to my PT").tap()
        expect(page.get_by_role("heading", name="Connect to my PT")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Your PT’s connect code").fill(code.lower().replace("-", " "))
        page.get_by_role("button", name="Find my PT").tap()
        expect(page.get_by_role("heading", name="Connect to Priya?")).to_be_visible()
        expect(page.get_by_text("Hill Street Physio")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Connect", exact=True).tap()
        expect(page.get_by_text("Priya (Hill Street Physio) can now read your journal.")).to_be_visible()
        page.goto(f"{base}/")
        log_right_hip_with_a_sign(page, "6 – moderate", "Fever of 38.3 °C / 101 °F or more")
        expect(page.get_by_role("link", name="Log pain")).to_be_visible()

        # The PT's caseload: the flagged patient first, the flag in words.
        pt.get_by_role("link", name="Caseload").tap()
        expect(pt.get_by_role("heading", name="Caseload")).to_be_visible()
        assert_accessible(pt)
        rows = pt.locator("ol.caseload > li")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("Ana")  # register_and_plan names both "Ana"…
        expect(rows.first).to_contain_text("Red flag: Fever of 38.3 °C")
        expect(rows.nth(1)).not_to_contain_text("Red flag")
        pt.get_by_role("link", name="Needs attention (1)").tap()
        expect(rows).to_have_count(1)

        # The row opens the summary; the PT writes a note.
        rows.first.get_by_role("link").tap()
        expect(pt.get_by_role("heading", name=re.compile("recovery summary"))).to_be_visible()
        assert_accessible(pt)
        patient_url = pt.url
        pt.get_by_label("Note to the patient").fill("Please call your surgeon about the fever today.")
        pt.get_by_role("button", name="Send note").tap()
        expect(pt.get_by_text("not read yet")).to_be_visible()

        # The patient sees the note on Today, and marks it read.
        page.goto(f"{base}/")
        note = page.get_by_role("region", name=re.compile(r"^From Priya, PT · "))
        expect(note).to_contain_text("Please call your surgeon about the fever today.")
        assert_accessible(page)
        note.get_by_role("button", name="Mark as read").tap()
        expect(page.get_by_role("region", name=re.compile(r"^From Priya, PT"))).to_have_count(0)

        # Under Share the patient sees the look, then disconnects.
        page.goto(f"{base}/share/pt")
        expect(page.get_by_text(re.compile(r"Priya \(PT\) looked at your summary on"))).to_have_count(2)
        assert_accessible(page)
        page.get_by_role("button", name="Disconnect Priya").tap()
        expect(page.get_by_text("No PT connected.")).to_be_visible()

        # The PT's next load is refused.
        response = pt.goto(patient_url)
        assert response.status == 404
        pt.goto(f"{base}/pt")
        expect(pt.locator("ol.caseload > li")).to_have_count(1)
        pt.get_by_role("link", name="Account").tap()
        expect(pt.get_by_role("heading", name="Delete your account")).to_be_visible()
        expect(pt.get_by_role("link", name="Change your plan or time zone")).to_have_count(0)
        assert_accessible(pt)
    finally:
        pt_context.close()
