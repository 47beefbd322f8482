"""The brief on the share page: about the patient by name, and what is new
since the PT last looked, on the test clock (2026-03-16 10:00 UTC)."""

import re

from tests.sharing.test_share import create, links, share_path

HIP = [8, 8, 8, 4, 3, 3]
BACK = [2, 2, 2, 5, 6, 6]


def story(auth):
    """A right-hip patient (surgery 9 Mar): hip falling, back rising, 9 to 14 March."""
    for index, (hip, back) in enumerate(zip(HIP, BACK)):
        auth.checkin(**{"date": f"2026-03-{9 + index:02d}", "time": "08:00",
                        "location": ["hip_right", "lower_back"],
                        "intensity-hip_right": str(hip), "intensity-lower_back": str(back)})


def brief_of(page):
    match = re.search(r'<section class="brief".*?</section>', page, re.S)
    assert match, "no brief on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def test_share_page_brief_speaks_about_the_patient_by_name(auth, client):
    auth.patient()
    story(auth)
    path = share_path(create(auth))
    auth.logout()
    page = client.get(path).get_data(as_text=True)
    text = brief_of(page)
    assert "Ana’s lower back pain is rising (2 → 5.7) while right hip pain is falling (8 → 3.3)" in text
    # Worst now first, and the operated side marked.
    assert text.index("Lower back") < text.index("Right hip operated side")
    assert "Red flags: none in this range." in text
    assert "Since your last look" not in text  # the first look


def test_share_page_says_milestones_about_the_patient(auth, client):
    auth.patient()
    story(auth)
    auth.post("/milestones", {"kind": "off_crutches", "date": "2026-03-14", "title": ""},
              token_from="/milestones")
    own = client.get("/summary?range=14").get_data(as_text=True)
    assert "sooner than your plan (day 14) — check that your surgeon agreed" in own
    path = share_path(create(auth))
    auth.logout()
    page = client.get(path).get_data(as_text=True)
    assert "sooner than the plan (day 14) — check that the surgeon agreed" in page
    assert "Off crutches: day 5, sooner than planned (day 14): check the surgeon agreed" in brief_of(page)
    assert "your" not in re.sub(r"<[^>]+>", " ", page[page.index('<main'):]).lower()
    # The charts mark the operated side.
    assert re.search(r"<h3>Right hip <span class=\"tag\">operated side</span></h3>", page)


def test_patient_summary_brief_keeps_your(auth, client):
    auth.patient()
    story(auth)
    auth.checkin(**{"date": "2026-03-15", "time": "09:00", "location": ["hip_right"],
                    "intensity-hip_right": "3", "warning": ["wound"]})
    text = brief_of(client.get("/summary?range=14").get_data(as_text=True))
    assert "Ana" not in text
    assert text.count("Lower back pain is rising") == 1
    assert "Wound problem · 15 Mar · advised to contact the surgeon the same day" in text
    # "Last 14 days" starts at surgery (9 Mar): 8 days, a check-in on 7.
    assert "Check-ins on 7 of the 8 days in this range; last on 15 Mar" in text


def test_since_your_last_look_shows_what_is_new_and_reloads_keep_it(auth, client, clock, db):
    auth.patient()
    story(auth)
    path = share_path(create(auth))
    auth.logout()
    client.get(path)  # the PT's first look, Mon 16 Mar 10:00 UTC

    # Two days later the patient logs a wound problem.
    clock.advance(days=2)
    auth.login()
    auth.checkin(**{"date": "2026-03-18", "time": "08:00", "location": ["hip_right"],
                    "intensity-hip_right": "3", "warning": ["wound"]})
    auth.logout()

    clock.advance(hours=3)
    text = brief_of(client.get(path).get_data(as_text=True))
    assert "Since your last look Mon 16 Mar 2026 10:00" in text
    assert "1 new check-in on 1 day." in text
    assert "New red flag: Wound problem · 18 Mar · advised to contact the surgeon the same day" in text

    # A reload in the same sitting keeps comparing with Monday's look.
    clock.advance(minutes=20)
    assert "1 new check-in on 1 day." in brief_of(client.get(path).get_data(as_text=True))
    [link] = links(db)
    assert link["previous_look_at"] == "2026-03-16T10:00:00+00:00"

    # Looking again the next day: nothing new since.
    clock.advance(days=1)
    text = brief_of(client.get(path).get_data(as_text=True))
    assert "Nothing new: no check-ins, no change of direction, no red flags." in text


def test_a_head_request_is_not_a_look(auth, client, clock, db):
    auth.patient()
    path = share_path(create(auth))
    auth.logout()
    client.head(path)
    [link] = links(db)
    assert link["view_count"] == 0 and link["previous_look_at"] is None


def test_share_page_says_when_most_hip_pain_is_on_the_other_side(auth, client):
    auth.patient()  # a right hip
    for day in range(10, 14):
        auth.checkin(**{"date": f"2026-03-{day}", "time": "08:00", "location": ["hip_left"],
                        "intensity-hip_left": "5"})
    auth.checkin(**{"date": "2026-03-14", "time": "08:00", "location": ["hip_right"],
                    "intensity-hip_right": "3"})
    path = share_path(create(auth))
    auth.logout()
    text = brief_of(client.get(path).get_data(as_text=True))
    assert ("Most hip pain in this range was logged on the left side, not the operated right: "
            "4 days of left hip, groin or buttock pain against 1 on the right.") in text
    assert "worth asking Ana." in text
