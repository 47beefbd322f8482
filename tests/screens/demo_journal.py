"""A believable three-week journal, typed in through the app's own forms, for
the README's screenshots and the Lighthouse run: what a patient's screens look
like on a typical day, not an empty page."""

import os
import re
import tempfile
from datetime import date, timedelta

from journal import create_app
from tests.browser.conftest import LiveServer
from tests.conftest import AuthActions

EMAIL = "ana@example.com"
PASSWORD = "correct horse battery"
DAYS = 20  # today is day 20 after surgery: off crutches, in PT


def seed(app, today=None):
    """Ana, right hip, 20 days after surgery: a check-in most mornings with the
    hip easing and the lower back following it, crutch steps and PT sessions."""
    today = today or date.today()
    surgery = today - timedelta(days=DAYS)
    auth = AuthActions(app.test_client())
    auth.register(email=EMAIL, password=PASSWORD, name="Ana")
    auth.set_plan(surgery_date=surgery.isoformat(),
                  pt_start_date=(surgery + timedelta(days=3)).isoformat())
    for day in range(1, DAYS):
        if day in (6, 13):
            continue  # a missed day or two, as in real life
        hip = max(2, 7 - day // 3)
        back = max(1, 4 - day // 6) if day % 4 else 5 - day // 8
        auth.checkin(
            date=(surgery + timedelta(days=day)).isoformat(), time="08:30", context="morning",
            location=["hip_right", "lower_back"],
            **{"intensity-hip_right": str(hip), "intensity-lower_back": str(back)},
            home_exercises="yes" if day % 3 else "",
            note="Stiff getting out of the car" if day == 9 else "",
        )
    for kind, day in (("one_crutch", 10), ("off_crutches", 14), ("first_pt", 3), ("pt_session", 7),
                      ("pt_session", 10), ("pt_session", 14), ("pt_session", 17)):
        auth.post("/milestones", {"kind": kind, "date": (surgery + timedelta(days=day)).isoformat()},
                  token_from="/milestones/new")
    auth.checkin(location=["hip_right"], **{"intensity-hip_right": "3"}, context="after_walking")
    return auth


def share_link(auth):
    """A new 14-day share link's path (/s/<token>), as the created page shows it."""
    page = auth.post("/share", {"label": "Hip PT — Sam", "range_kind": "last_days", "last_days": "14",
                                "expires_days": "30"}, token_from="/share").get_data(as_text=True)
    return "/s/" + re.search(r'id="share-url" value="[^"]*/s/([^"]+)"', page).group(1)


def serve():
    """The demo journal served on a free local port: (server, its folder, a share link's path)."""
    folder = tempfile.mkdtemp(prefix="journal-demo-")
    app = create_app({"DATABASE": os.path.join(folder, "journal.db"),
                      "SECRET_KEY": "demo-" + os.urandom(8).hex()})
    shared = share_link(seed(app))
    return LiveServer(app).start(), folder, shared


def sign_in(page, base):
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
