"""Works without a signal, on the phone profile: installable, Today and the
check-in form open offline, check-ins made offline wait on the phone and are
sent exactly once, and sign-out leaves nothing of the patient behind."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journey import register_and_plan


def controlled(page):
    """Wait until the service worker controls the page, with its shell kept."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10_000)
    page.evaluate("navigator.serviceWorker.ready")


def keep_pages(page, base):
    """Visit Today and the check-in form once online, so the phone keeps them."""
    page.goto(base + "/")
    controlled(page)
    # A page loaded before the worker took control was not seen by it: load again.
    page.goto(base + "/checkins/new")
    expect(page.get_by_role("heading", name="Where does it hurt?")).to_be_visible()
    page.goto(base + "/")
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()
    page.wait_for_function(
        "caches.keys().then(ks => Promise.all(ks.filter(k => k.startsWith('pages-'))"
        ".map(k => caches.open(k).then(c => c.keys())))).then(l => l.flat().length >= 2)"
    )


def history_notes(db_path):
    import sqlite3
    with sqlite3.connect(db_path) as conn:
        return [row[0] for row in conn.execute("SELECT note FROM checkins ORDER BY id")]


def count_checkins(live_app):
    import sqlite3
    with sqlite3.connect(live_app.config["DATABASE"]) as conn:
        return conn.execute("SELECT count(*) FROM checkins").fetchone()[0]


def posts_seen(app):
    """The paths of every POST the server receives (register before any request)."""
    from flask import request

    seen = []
    app.before_request(lambda: seen.append(request.path) if request.method == "POST" else None)
    return seen


def test_installable_manifest_icons_and_a_worker_controlling_the_page(page, live_server):
    base = live_server.url
    register_and_plan(page, base)
    controlled(page)
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        size = page.evaluate(
            """src => new Promise((ok, fail) => { const i = new Image();
                 i.onload = () => ok(i.naturalWidth); i.onerror = fail; i.src = src; })""",
            icon["src"],
        )
        if icon["sizes"] != "any":
            assert size == int(icon["sizes"].split("x")[0]), icon
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == base + "/"
    # Chromium's own install checks (those Lighthouse reports): none fail.
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A test browser's context is a private window, where nothing installs.
    errors = [e for e in errors if e["errorId"] != "in-incognito"]
    assert errors == [], errors
    assert cdp.send("Page.getAppManifest")["errors"] == []


def test_a_kept_form_opens_at_the_moment_it_is_opened(page, context, live_server, live_app):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    # As if the form had been kept at 03:00 and the phone is opened now.
    page.evaluate("""async () => { for (const name of await caches.keys()) {
        if (!name.startsWith('pages-')) continue;
        const cache = await caches.open(name), kept = await cache.match('/checkins/new');
        const html = (await kept.text()).replace(/(name="time" value=")[^"]*"/, '$103:00"');
        await cache.put('/checkins/new', new Response(html, {headers: kept.headers})); } }""")
    context.set_offline(True)
    page.goto(base + "/checkins/new")
    now = page.evaluate("""(() => { const d = new Date(), p = n => String(n).padStart(2, '0');
        return p(d.getHours()) + ':' + p(d.getMinutes()); })()""")
    made = page.get_by_label("Time").input_value()
    minutes = [int(t[:2]) * 60 + int(t[3:]) for t in (made, now)]
    assert made != "03:00" and (minutes[1] - minutes[0]) % 1440 <= 1


def test_today_and_the_check_in_form_open_offline(page, context, live_server):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    context.set_offline(True)
    page.goto(base + "/")
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Log pain").tap()
    expect(page.get_by_role("heading", name="Where does it hurt?")).to_be_visible()
    assert_accessible(page)
    # A page never kept: the offline page, not the browser's error.
    page.goto(base + "/history")
    expect(page.get_by_role("heading", name="No signal right now")).to_be_visible()
    assert_accessible(page)


def log_pain_offline(page, base, note):
    page.goto(base + "/checkins/new")
    page.get_by_role("checkbox", name="Right hip").check()
    page.get_by_role("group", name="How much does your right hip hurt?").get_by_role(
        "radio", name="6 – moderate"
    ).tap()
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Save check-in").tap()
    # Back on Today (kept or fresh): a goto() while the save is in flight would abort it.
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()


def test_an_offline_check_in_waits_on_the_phone_then_is_sent_once(page, context, live_server,
                                                                   live_app):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    context.set_offline(True)
    log_pain_offline(page, base, "In the car park")
    outbox = page.locator("#outbox")
    expect(outbox).to_contain_text("Saved on this phone, will send when you're online: 1 check-in")
    # A second one from the same kept form is a second check-in, not a repeat.
    log_pain_offline(page, base, "At the PT gym")
    expect(outbox).to_contain_text("2 check-ins waiting")
    page.get_by_role("button", name="Pain-free today").tap()
    expect(outbox).to_contain_text("3 check-ins waiting")
    assert_accessible(page)
    assert count_checkins(live_app) == 0

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(outbox).to_be_hidden()
    page.goto(base + "/history")
    expect(page.get_by_text("In the car park")).to_have_count(1)
    expect(page.get_by_text("At the PT gym")).to_have_count(1)
    assert count_checkins(live_app) == 3
    # Sending again (another load, another `online`) sends nothing twice.
    page.goto(base + "/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(500)
    assert count_checkins(live_app) == 3


def test_a_check_in_whose_answer_was_lost_is_sent_again_and_stored_once(page, context,
                                                                      live_server, live_app):
    base = live_server.url
    posts = posts_seen(live_app)
    register_and_plan(page, base)
    keep_pages(page, base)
    lost = []

    def store_then_lose_the_answer(route):
        if route.request.method != "POST" or lost:
            return route.continue_()
        route.fetch(max_redirects=0)  # the server stores it...
        lost.append(route.request.url)
        route.abort("connectionreset")  # ...and the answer never reaches the phone

    context.route(re.compile(r".*/checkins$"), store_then_lose_the_answer)
    log_pain_offline(page, base, "Lost answer")
    # The worker kept it and sends it again at once (Today's load): the key makes it one.
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()
    assert lost and count_checkins(live_app) == 1
    context.unroute(re.compile(r".*/checkins$"))
    page.wait_for_timeout(500)
    page.goto(base + "/history")
    expect(page.get_by_text("Lost answer")).to_have_count(1)
    page.wait_for_timeout(300)
    assert count_checkins(live_app) == 1
    assert posts.count("/checkins") == 2  # the first, stored, and the retry, answered the same
    outbox = page.evaluate(
        """new Promise(ok => { const r = indexedDB.open('journal-outbox');
             r.onsuccess = () => { const t = r.result.transaction('outbox').objectStore('outbox').count();
               t.onsuccess = () => { ok(t.result); r.result.close(); }; }; })"""
    )
    assert outbox == 0


OUTBOX_COUNT = """new Promise(ok => { const r = indexedDB.open('journal-outbox');
  r.onsuccess = () => { const db = r.result;
    if (!db.objectStoreNames.contains('outbox')) { db.close(); return ok(0); }
    const t = db.transaction('outbox').objectStore('outbox').count();
    t.onsuccess = () => { db.close(); ok(t.result); }; }; })"""


def test_two_tabs_sending_the_same_outbox_store_each_check_in_once(page, context, live_server,
                                                                   live_app):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    other = context.new_page()
    other.goto(base + "/checkins/new")
    context.set_offline(True)
    log_pain_offline(page, base, "First")
    log_pain_offline(page, base, "Second")
    expect(page.locator("#outbox")).to_contain_text("2 check-ins waiting")
    context.set_offline(False)
    # Both tabs come back online at once and each asks for the outbox to be sent.
    for tab in (page, other):
        tab.evaluate("window.dispatchEvent(new Event('online'))")
    other.evaluate("navigator.serviceWorker.controller.postMessage({type: 'flush'})")
    page.wait_for_function(OUTBOX_COUNT + ".then(n => n === 0)")
    page.wait_for_timeout(300)
    assert history_notes(live_app.config["DATABASE"]) == ["First", "Second"]


def test_the_outbox_waits_through_an_expired_session_and_goes_after_signing_in(
        page, context, live_server, live_app):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    context.set_offline(True)
    log_pain_offline(page, base, "While signed out")
    # The session ends while the phone is offline (its cookie expired).
    context.clear_cookies()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(500)
    assert count_checkins(live_app) == 0 and page.evaluate(OUTBOX_COUNT) == 1
    page.goto(base + "/login")
    page.get_by_label("Email").fill("ana@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").tap()
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()
    page.wait_for_function(OUTBOX_COUNT + ".then(n => n === 0)")
    assert history_notes(live_app.config["DATABASE"]) == ["While signed out"]


def test_a_refused_check_in_stays_visible_with_its_reason_to_edit_or_discard(
        page, context, live_server, live_app):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    context.set_offline(True)
    log_pain_offline(page, base, "x" * 990)
    log_pain_offline(page, base, "Fine one")
    live_app.config["CHECKINS_PER_DAY"] = 1  # the server will refuse the second: the day is full
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    outbox = page.locator("#outbox")
    expect(outbox).to_contain_text("was not accepted: You have logged 1 check-in")
    assert count_checkins(live_app) == 1
    assert_accessible(page)
    # Edit: the form as the server returned it, with the patient's answers and the reason.
    page.get_by_role("link", name="Edit it").tap()
    expect(page.get_by_label("Note")).to_have_value("Fine one")
    expect(page.get_by_text("the most a day can hold")).to_be_visible()
    live_app.config["CHECKINS_PER_DAY"] = 50
    page.get_by_role("button", name="Save check-in").tap()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    expect(outbox).to_be_hidden()
    assert history_notes(live_app.config["DATABASE"])[-1] == "Fine one"
    assert page.evaluate(OUTBOX_COUNT) == 0


def test_a_refused_check_in_can_be_discarded(page, context, live_server, live_app):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    live_app.config["CHECKINS_PER_DAY"] = 0 or 1
    page.get_by_role("button", name="Pain-free today").tap()
    expect(page.get_by_text("Logged: pain-free today.")).to_be_visible()
    context.set_offline(True)
    page.get_by_role("button", name="Pain-free today").tap()
    expect(page.locator("#outbox")).to_contain_text("1 check-in waiting")
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#outbox")).to_contain_text("not accepted")
    page.get_by_role("button", name="Discard it").tap()
    expect(page.locator("#outbox")).to_be_hidden()
    assert page.evaluate(OUTBOX_COUNT) == 0 and count_checkins(live_app) == 1


KEPT_TEXT = """async () => { const out = [];
  for (const name of await caches.keys()) { const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const kept = await cache.match(request);
      out.push({url: request.url, account: kept.headers.get('X-Journal-Account'),
                text: await kept.text()}); } }
  return out; }"""


def test_sign_out_leaves_no_private_page_or_note_on_the_phone(page, context, live_server):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    log_pain_offline(page, base, "Private note")
    # A share page, the summary and an export are seen but never kept.
    page.goto(base + "/share")
    page.get_by_label("Who is it for?").fill("Hip PT")
    page.get_by_role("button", name="Create link").tap()
    share_url = page.get_by_label("Link to send your PT").input_value()
    page.goto(share_url)
    page.goto(base + "/summary")
    page.goto(base + "/")
    kept = page.evaluate(KEPT_TEXT)
    assert any("Private note" in entry["text"] for entry in kept)  # Today, kept for offline use
    assert not [e["url"] for e in kept if "/s/" in e["url"] or "/summary" in e["url"]
                or "/share" in e["url"] or "/export" in e["url"]]

    page.get_by_role("button", name="Sign out").tap()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    kept = page.evaluate(KEPT_TEXT)
    assert not [e["url"] for e in kept if "Private note" in e["text"] or "ana@example.com" in e["text"]
                or e["url"].rstrip("/") in (base, base + "/checkins/new")]
    databases = page.evaluate("indexedDB.databases().then(list => list.map(d => d.name))")
    assert "journal-outbox" not in databases or page.evaluate(OUTBOX_COUNT) == 0
    # Offline now, Today is not there to open: the offline page instead. (Clear-Site-Data
    # removed the worker too; a later page registers it again, once the clearing is done.)
    for _ in range(5):
        page.goto(base + "/login")
        if page.evaluate("""() => new Promise(ok => setTimeout(
                () => ok(navigator.serviceWorker.controller !== null), 2000))"""):
            break
    controlled(page)
    context.set_offline(True)
    page.goto(base + "/")
    expect(page.get_by_role("heading", name="No signal right now")).to_be_visible()
    assert "Private note" not in page.content()


def test_sign_out_asks_before_deleting_check_ins_not_yet_sent(page, context, live_server,
                                                             live_app):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    live_app.config["CHECKINS_PER_DAY"] = 1
    page.get_by_role("button", name="Pain-free today").tap()
    expect(page.get_by_text("Logged: pain-free today.")).to_be_visible()
    context.set_offline(True)
    page.get_by_role("button", name="Pain-free today").tap()
    expect(page.locator("#outbox")).to_contain_text("1 check-in waiting")
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#outbox")).to_contain_text("not accepted")
    page.get_by_role("button", name="Sign out").tap()
    expect(page.get_by_role("heading", name="Check-ins not sent yet")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to Today").tap()
    expect(page.locator("#outbox")).to_contain_text("not accepted")
    page.get_by_role("button", name="Sign out").tap()
    page.get_by_role("button", name="Sign out and delete them").tap()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    assert page.evaluate(OUTBOX_COUNT) == 0


@pytest.fixture
def no_js_page(browser, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": False})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_without_javascript_every_check_in_form_still_works_online(no_js_page,
                                                                            live_server, live_app):
    page, base = no_js_page, live_server.url
    page.goto(f"{base}/register")
    page.get_by_label("Email").fill("ana@example.com")
    page.get_by_label("Your first name (shown to your PT)").fill("Ana")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Create journal").tap()
    page.get_by_label("Time zone").fill("Europe/London")
    page.get_by_label("Surgery date").fill("2026-01-05")
    page.get_by_role("radio", name="Right").check()
    page.get_by_role("button", name="Save plan").tap()
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()
    page.get_by_role("link", name="Log pain").tap()
    page.get_by_role("checkbox", name="Right hip").check()
    page.get_by_role("spinbutton", name="How much does your right hip hurt?").fill("4")
    page.get_by_label("Note").fill("No scripts")
    page.get_by_role("button", name="Save check-in").tap()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    page.get_by_role("button", name="Same as last check-in").tap()
    expect(page.get_by_text("Logged the same as last check-in.")).to_be_visible()
    page.get_by_role("button", name="Pain-free today").tap()
    expect(page.get_by_text("Logged: pain-free today.")).to_be_visible()
    assert count_checkins(live_app) == 3
    assert history_notes(live_app.config["DATABASE"])[0] == "No scripts"
    page.get_by_role("button", name="Sign out").tap()
    expect(page.get_by_text("You are signed out.")).to_be_visible()


def test_another_patient_signing_in_on_the_phone_never_sees_the_last_ones_pages(
        page, context, live_server):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    log_pain_offline(page, base, "Ana's private note")
    page.goto(base + "/")
    page.wait_for_function(f"({KEPT_TEXT})().then(kept => kept.some(e => e.text.includes('private note')))")
    # Ana's session ends without signing out (it expired); Ben signs in on the same phone.
    context.clear_cookies()
    register_and_plan(page, base, email="ben@example.com")
    page.goto(base + "/")
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()
    page.wait_for_timeout(300)
    kept = page.evaluate(KEPT_TEXT)
    ben = page.evaluate("fetch('/').then(r => r.headers.get('X-Journal-Account'))")
    # Ana's kept form went with her Today: every kept page is Ben's.
    assert {e["account"] for e in kept if e["account"]} == {ben}
    assert not [e["url"] for e in kept if "private note" in e["text"]]
    context.set_offline(True)
    page.goto(base + "/")
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()
    assert "private note" not in page.content()


def test_a_new_release_is_a_new_worker_that_deletes_the_old_caches(page, live_server,
                                                                 monkeypatch):
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    before = set(page.evaluate("caches.keys()"))
    assert {k.split("-")[0] for k in before} == {"shell", "pages"}
    from journal.offline import views

    shell = views.shell_urls
    with live_server.app.test_request_context():
        shell_now = shell()
    # A release: one shell file changed (a new fingerprint), so /sw.js changed too.
    monkeypatch.setattr(views, "shell_urls", lambda: shell_now[:-1])
    page.evaluate("navigator.serviceWorker.ready.then(r => r.update())")
    page.wait_for_function(
        """before => caches.keys().then(ks => ks.length > 0 && ks.every(k => !before.includes(k)))""",
        arg=sorted(before),
    )


def test_someone_else_signing_in_drops_the_pages_kept_for_the_last_patient(page, context, live_server):
    """No sign-out (a session that ran out), then a PT signs in on the same
    phone: offline, "/" must not show the last patient's Today."""
    base = live_server.url
    register_and_plan(page, base)
    keep_pages(page, base)
    context.clear_cookies()
    page.goto(f"{base}/register/pt")
    page.get_by_label("Your name (shown to your patients)").fill("Priya")
    page.get_by_label("Clinic name (shown to your patients)").fill("Hill Street Physio")
    page.get_by_label("Email").fill("priya@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Create PT account").tap()
    expect(page.get_by_role("heading", name="Your connect code")).to_be_visible()
    kept = page.evaluate(KEPT_TEXT)
    assert not [k for k in kept if "Log pain" in k["text"]], [k["url"] for k in kept]
    context.set_offline(True)
    page.goto(base + "/")
    expect(page.get_by_role("link", name="Log pain")).to_have_count(0)
    context.set_offline(False)
