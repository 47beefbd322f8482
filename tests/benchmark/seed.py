"""Seed a database with realistic journals, fast: one transaction, executemany.

Each patient has about `days` of history: 1-3 check-ins a day with 1-4
places each (pain easing over the months, with noise), notes on some,
crutch and PT milestones, PT sessions twice a week, and two share links.
"""

import random
import sqlite3
from datetime import date, datetime, timedelta, timezone

from werkzeug.security import generate_password_hash

from journal.checkins.ranges import PLACE
from journal.sharing import links as share_links
from journal.web.db import migrate

PASSWORD = "bench password 1"
CONTEXTS = [None, None, "morning", "evening", "after_pt", "after_walking", "night"]
NOTES = [
    "Stiff after sitting at work", "Better after the walk", "Slept badly, hip ached at night",
    "PT exercises felt easier today", "Drove for the first time", "Sore after the stairs",
]


def patient_places(rng, side):
    hip = f"hip_{side}"
    extra = [f"groin_{side}", "lower_back", f"buttock_{side}", f"thigh_{side}", f"knee_{side}"]
    return [hip] + rng.sample(extra, 3)


def seed_measures(rng, checkin_id, day):
    """The day's first check-in answers the measures most days: opioids for
    the first week or so, nights woken early on, a limp until about week 3,
    sitting tolerance growing (a plausible course, not a clinical one)."""
    if rng.random() < 0.3:
        return (None, None, None, None, None, checkin_id)
    medicine = "opioid" if day < rng.randint(5, 14) else ("non_opioid" if day < 40 else "none")
    night = rng.choice(["more", "once"] if day < 21 else ["no", "no", "once"])
    walking = int(day > rng.randint(14, 28))
    sitting = 0 if day < 14 else 15 if day < 35 else 30 if day < 70 else 60
    return (medicine, rng.randint(1, 4) if medicine == "opioid" else None, night, walking, sitting,
            checkin_id)


def seed(path, patients, days=365, today=None, seed_value=7, first_id=1, email_prefix="bench"):
    """Add `patients` journals of `days` days to the database at `path`.

    Returns a list of `(user_id, email, share_token)` for signing in later.
    """
    migrate(path)
    rng = random.Random(seed_value + first_id)
    today = today or date.today()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    password_hash = generate_password_hash(PASSWORD)  # one slow hash, shared
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")

    next_checkin = (conn.execute("SELECT coalesce(max(id), 0) FROM checkins").fetchone()[0]) + 1
    users, plans, checkins, readings, milestones, links, credentials = [], [], [], [], [], [], []
    measures, ratings = [], []  # the measures beyond pain (journal/measures)
    for n in range(patients):
        user_id = first_id + n
        email = f"{email_prefix}{user_id}@example.com"
        side = rng.choice(["left", "right"])
        surgery = today - timedelta(days=days)
        users.append((user_id, email, password_hash, f"Patient {user_id}", "Europe/London", now,
                      share_links.new_token()[:32]))
        plans.append((user_id, "Hip arthroscopy", side, surgery.isoformat(), 2, None, 6, now))
        places = patient_places(rng, side)
        for day in range(days + 1):
            local = surgery + timedelta(days=day)
            base = max(0.5, 6.5 - 5.0 * min(day, 120) / 120)  # eases over four months
            measures.append(seed_measures(rng, next_checkin, day))
            if day % 7 == 3:
                sane = min(95, 25 + day // 3 + rng.randint(-5, 5))
                ratings.append((user_id, local.isoformat(), sane, f"{rng.getrandbits(128):032x}", now))
            for slot in rng.sample([8, 13, 21], rng.randint(1, 3)):
                hour, minute = slot, rng.randint(0, 59)
                recorded = datetime(local.year, local.month, local.day, hour, minute, tzinfo=timezone.utc)
                note = rng.choice(NOTES) if rng.random() < 0.15 else ""
                checkins.append((
                    next_checkin, user_id, recorded.isoformat(timespec="seconds"), local.isoformat(),
                    f"{hour:02d}:{minute:02d}", rng.choice(CONTEXTS), note,
                    1 if rng.random() < 0.6 else None, 0, "", now, now,
                ))
                for place in places[: rng.randint(1, 4)]:
                    pain = base + (0.8 if place.startswith("hip") else 0) + rng.gauss(0, 1.2)
                    readings.append((next_checkin, place, "", max(0, min(10, round(pain)))))
                next_checkin += 1
        stage_days = [(0, "two_crutches"), (rng.randint(5, 10), "one_crutch"), (rng.randint(11, 20), "off_crutches"),
                      (rng.randint(2, 5), "first_pt")]
        stage_days += [(d, "pt_session") for d in range(7, 56, 3) if d <= days]
        stage_days += [(d, kind) for d, kind in [(56, "pt_discharge"), (42, "driving"), (70, "work")] if d <= days]
        for offset, kind in stage_days:
            if offset <= days:
                milestones.append((user_id, kind, "", (surgery + timedelta(days=offset)).isoformat(), now))
        token = share_links.new_token()
        expires = (datetime.now(timezone.utc) + timedelta(days=30)).isoformat(timespec="seconds")
        links.append((user_id, "Hip PT", share_links.hash_token(token), "last_days", None, None, 30, now, expires))
        links.append((user_id, "Old link", share_links.hash_token(share_links.new_token()), "last_days",
                      None, None, 14, now, expires))
        credentials.append((user_id, email, token))

    with conn:
        conn.executemany("INSERT INTO users (id, email, password_hash, display_name, timezone, created_at,"
                         " session_secret) VALUES (?, ?, ?, ?, ?, ?, ?)", users)
        conn.executemany("INSERT INTO plans (user_id, procedure, side, surgery_date, crutch_weeks,"
                         " pt_start_date, pt_weeks, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", plans)
        conn.executemany(
            "INSERT INTO checkins (id, user_id, recorded_at, local_date, local_time, context, note,"
            " home_exercises, pain_free, warning_signs, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", checkins)
        conn.executemany("INSERT INTO readings (checkin_id, location, other_text, intensity) VALUES (?, ?, ?, ?)",
                         readings)
        conn.executemany("UPDATE checkins SET medicine = ?, opioid_doses = ?, night_waking = ?,"
                         " walking_without_limp = ?, sitting_minutes = ? WHERE id = ?", measures)
        conn.executemany("INSERT INTO sane_ratings (user_id, local_date, score, uid, created_at)"
                         " VALUES (?, ?, ?, ?, ?)", ratings)
        # What `journal.checkins.pain_days.recount` keeps for check-ins saved through the app.
        conn.execute(
            "INSERT INTO pain_days (user_id, local_date, place, worst, total, readings)"
            " SELECT c.user_id, c.local_date, " + PLACE + " AS place, max(r.intensity), sum(r.intensity), count(*)"
            " FROM checkins c JOIN readings r ON r.checkin_id = c.id WHERE c.user_id BETWEEN ? AND ?"
            " GROUP BY c.user_id, c.local_date, place",
            [first_id, first_id + patients - 1])
        conn.executemany("INSERT INTO milestones (user_id, kind, title, date, created_at) VALUES (?, ?, ?, ?, ?)",
                         milestones)
        conn.executemany(
            "INSERT INTO share_links (user_id, label, token_hash, range_kind, range_start, range_end,"
            " last_days, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", links)
    conn.execute("ANALYZE")
    conn.close()
    return credentials


def seed_clinicians(path, clinicians, patient_ids, per_clinician, first_id, seed_value=11):
    """Add `clinicians` PT accounts, each connected to `per_clinician` of
    `patient_ids` (all of them when there are fewer), with a note to a few.

    Returns a list of `(user_id, email, "")`, like `seed`'s, for signing in.
    """
    rng = random.Random(seed_value + first_id)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    password_hash = generate_password_hash(PASSWORD)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    users, profiles, connections, notes, credentials = [], [], [], [], []
    for n in range(clinicians):
        user_id = first_id + n
        email = f"pt{user_id}@example.com"
        users.append((user_id, email, password_hash, f"PT {user_id}", "Europe/London", now,
                      share_links.new_token()[:32], "clinician"))
        profiles.append((user_id, "Bench Clinic", f"BENCH{user_id:07d}"[:12], now))
        chosen = rng.sample(patient_ids, min(per_clinician, len(patient_ids)))
        for patient_id in chosen:
            connections.append((patient_id, user_id, now, now))
        for patient_id in chosen[:5]:
            notes.append((patient_id, user_id, "Keep up the bridges", date.today().isoformat(), now))
        credentials.append((user_id, email, ""))
    with conn:
        conn.executemany("INSERT INTO users (id, email, password_hash, display_name, timezone, created_at,"
                         " session_secret, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", users)
        conn.executemany("INSERT INTO clinicians (user_id, clinic, connect_code, code_created_at)"
                         " VALUES (?, ?, ?, ?)", profiles)
        conn.executemany("INSERT INTO pt_connections (patient_id, clinician_id, connected_at, last_viewed_at)"
                         " VALUES (?, ?, ?, ?)", connections)
        conn.executemany("INSERT INTO pt_notes (patient_id, clinician_id, body, local_date, created_at)"
                         " VALUES (?, ?, ?, ?, ?)", notes)
    conn.execute("ANALYZE")
    conn.close()
    return credentials
