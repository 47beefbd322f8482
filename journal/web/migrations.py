"""The database schema, as numbered sqlite-utils migrations.

Each migration runs once, in its own transaction, and is recorded in
`_sqlite_migrations`; start-up applies whatever is pending, so an existing
database upgrades in place. Never edit a migration that has shipped: add a new one.
"""

from sqlite_utils.migrations import Migrations

migrations = Migrations("journal")


@migrations(name="m001_initial")
def m001_initial(db):
    db.execute(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            display_name TEXT NOT NULL DEFAULT '',
            timezone TEXT NOT NULL DEFAULT 'UTC',
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE plans (
            user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            procedure TEXT NOT NULL,
            side TEXT NOT NULL,
            surgery_date TEXT NOT NULL,
            crutch_weeks INTEGER NOT NULL,
            pt_start_date TEXT,
            pt_weeks INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            recorded_at TEXT NOT NULL,
            local_date TEXT NOT NULL,
            local_time TEXT NOT NULL,
            context TEXT,
            note TEXT NOT NULL DEFAULT '',
            home_exercises INTEGER,
            pain_free INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE readings (
            id INTEGER PRIMARY KEY,
            checkin_id INTEGER NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
            location TEXT NOT NULL,
            other_text TEXT NOT NULL DEFAULT '',
            intensity INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 10)
        )"""
    )


@migrations(name="m002_wal", transactional=False)
def m002_wal(db):
    # WAL lets readers and one writer work at once; it is a property of the
    # file, so it is set once here, and it cannot change inside a transaction.
    db.execute("PRAGMA journal_mode = WAL")


@migrations(name="m003_indexes_sessions_rate_limits")
def m003_indexes_sessions_rate_limits(db):
    db.execute(
        "CREATE INDEX checkins_by_user_day ON checkins (user_id, local_date, recorded_at)"
    )
    db.execute("CREATE INDEX readings_by_checkin ON readings (checkin_id)")
    # Bumped on a password change: every other session's cookie then names
    # a stale version and is signed out.
    db.execute("ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 1")
    db.execute(
        """
        CREATE TABLE rate_limit_hits (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            at REAL NOT NULL
        )"""
    )
    db.execute("CREATE INDEX rate_limit_hits_by_key ON rate_limit_hits (key, at)")


@migrations(name="m004_milestones_and_prompts")
def m004_milestones_and_prompts(db):
    db.execute(
        """
        CREATE TABLE milestones (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX milestones_by_user_date ON milestones (user_id, date)")
    # Warning signs ticked on a check-in, as space-separated codes.
    db.execute("ALTER TABLE checkins ADD COLUMN warning_signs TEXT NOT NULL DEFAULT ''")
    db.execute(
        """
        CREATE TABLE prompt_dismissals (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            prompt_key TEXT NOT NULL,
            dismissed_at TEXT NOT NULL,
            UNIQUE (user_id, prompt_key)
        )"""
    )


@migrations(name="m005_share_links")
def m005_share_links(db):
    db.execute(
        """
        CREATE TABLE share_links (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            range_kind TEXT NOT NULL CHECK (range_kind IN ('fixed', 'last_days')),
            range_start TEXT,
            range_end TEXT,
            last_days INTEGER,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked_at TEXT,
            view_count INTEGER NOT NULL DEFAULT 0,
            last_viewed_at TEXT
        )"""
    )
    db.execute("CREATE INDEX share_links_by_user ON share_links (user_id)")


@migrations(name="m006_session_secrets")
def m006_session_secrets(db):
    # Sign-in cookies name the account by id and this random secret. An id
    # alone is not enough: SQLite reuses the id of a deleted newest row, so a
    # deleted account's cookie would otherwise open the next new journal.
    db.execute("ALTER TABLE users ADD COLUMN session_secret TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE users SET session_secret = lower(hex(randomblob(16)))")


@migrations(name="m007_exercise_days_index")
def m007_exercise_days_index(db):
    # The timeline counts the days with home exercises done, week by week
    # since surgery: a partial index holds just those check-ins' dates, so
    # a year of them is read from the index without visiting the rows.
    db.execute(
        "CREATE INDEX checkins_exercise_days ON checkins (user_id, local_date)"
        " WHERE home_exercises = 1"
    )


@migrations(name="m008_readings_worst_index")
def m008_readings_worst_index(db):
    # A check-in's worst reading (the summary reads it for every check-in in
    # the range) and "any reading of 8 or more" (the prompts) are then found
    # in the index alone, without visiting each reading's row.
    db.execute("CREATE INDEX readings_worst ON readings (checkin_id, intensity)")


@migrations(name="m009_reading_uids")
def m009_reading_uids(db):
    # A stable identity per reading, kept through edits and moves between
    # servers: the FHIR export names each Observation by it, so a clinic
    # system that imports twice updates a reading instead of duplicating it.
    db.execute("ALTER TABLE readings ADD COLUMN uid TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE readings SET uid = lower(hex(randomblob(16)))")


@migrations(name="m010_pain_days")
def m010_pain_days(db):
    # Each patient's pain per place per local day: the worst reading, and the
    # sum and count of the readings for the mean, kept by `journal.checkins.pain_days`
    # with every check-in write (a new check-in adds to its day; an edit or a
    # deletion has its days counted again). Today's prompts, the
    # summary and the share page read days from here, not a join and a
    # GROUP BY over thousands of readings on every page view.
    # (Triggers could keep it, but SQLite parses every trigger on every new
    # connection, and this app opens one per request: 0.2 ms each, measured.)
    db.execute(
        """
        CREATE TABLE pain_days (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            local_date TEXT NOT NULL,
            place TEXT NOT NULL,
            worst INTEGER NOT NULL,
            total INTEGER NOT NULL,
            readings INTEGER NOT NULL,
            PRIMARY KEY (user_id, local_date, place)
        ) WITHOUT ROWID"""
    )
    # The journals already written. The place expression is written out, not
    # imported: a shipped migration must not change when the code does.
    db.execute(
        """
        INSERT INTO pain_days (user_id, local_date, place, worst, total, readings)
        SELECT c.user_id, c.local_date,
               CASE WHEN r.location = 'other' AND r.other_text <> ''
                    THEN 'other:' || r.other_text ELSE r.location END AS place,
               max(r.intensity), sum(r.intensity), count(*)
        FROM checkins c JOIN readings r ON r.checkin_id = c.id
        GROUP BY c.user_id, c.local_date, place"""
    )


@migrations(name="m011_covering_exercise_days_index")
def m011_covering_exercise_days_index(db):
    # m007's partial index still sent SQLite to each check-in's row to
    # check home_exercises; with the column in the index, the timeline's
    # week-by-week count reads the index alone (0.26 -> 0.14 ms for a year).
    db.execute("DROP INDEX checkins_exercise_days")
    db.execute(
        "CREATE INDEX checkins_exercise_days ON checkins (user_id, local_date, home_exercises)"
        " WHERE home_exercises = 1"
    )


@migrations(name="m012_weight_bearing")
def m012_weight_bearing(db):
    # The surgeon's weight-bearing instruction, apart from the crutch stages:
    # the aid a patient holds is not the weight the leg may take.
    db.execute("ALTER TABLE plans ADD COLUMN weight_bearing TEXT")
    db.execute("ALTER TABLE plans ADD COLUMN weight_bearing_until TEXT")


@migrations(name="m015_sign_ins")
def m015_sign_ins(db):
    # One row per signed-in browser, named in its cookies by a random token
    # (stored only as its SHA-256). Signing out deletes the row, so a session
    # or remember-me cookie copied before then opens nothing afterwards;
    # "sign out everywhere" deletes all of the patient's rows.
    db.execute(
        """
        CREATE TABLE sign_ins (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX sign_ins_by_user ON sign_ins (user_id, created_at)")


@migrations(name="m020_unique_reading_uids")
def m020_unique_reading_uids(db):
    # A reading's uid names its FHIR Observation, so it must be unique on the
    # server: an import used to keep the file's uids, which could repeat
    # another patient's (the same file imported twice). Any repeat already
    # stored keeps its oldest row and the others get fresh uids, then an
    # index makes a repeat impossible.
    db.execute(
        """
        UPDATE readings SET uid = lower(hex(randomblob(16)))
        WHERE uid = '' OR id IN (
            SELECT id FROM (
                SELECT id, row_number() OVER (PARTITION BY uid ORDER BY id) AS nth
                FROM readings)
            WHERE nth > 1)"""
    )
    # Partial: a row written by hand without a uid (seeded test data) stays
    # possible; the FHIR export then names it from its row id.
    db.execute("CREATE UNIQUE INDEX readings_by_uid ON readings (uid) WHERE uid <> ''")


@migrations(name="m021_calendars")
def m021_calendars(db):
    # A patient's reminder calendar: `uid` makes the events' UIDs and moves
    # with the journal (JSON export and import), so a calendar app treats a
    # download from the new server as the same events; `sequence` goes up
    # when the events' dates or time change, and `fingerprint` is what they
    # were at the last download. A row appears at the first download (or
    # import): older accounts keep the UIDs they had, see calendar_ids.py.
    db.execute(
        """
        CREATE TABLE calendars (
            user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            sequence INTEGER NOT NULL DEFAULT 0,
            fingerprint TEXT NOT NULL DEFAULT ''
        )"""
    )


@migrations(name="m022_share_link_previous_look")
def m022_share_link_previous_look(db):
    # When the PT looked before the current look, so the share page can say
    # what is new since then. A reload within the same sitting keeps it
    # (sharing/links.py, LOOK_GAP), so it isn't reset by the page itself.
    db.execute("ALTER TABLE share_links ADD COLUMN previous_look_at TEXT")


@migrations(name="m030_checkin_requests")
def m030_checkin_requests(db):
    # One row per check-in request key (an idempotency key the form carries,
    # or the phone's outbox id): the primary key is what makes a retry after
    # a lost response record nothing twice, even when two tabs send it at
    # once. `fingerprint` is a hash of what was sent, so the same key with
    # other content is refused rather than mistaken for a retry. The row
    # outlives a deleted check-in, so a late retry of it can't bring it back;
    # `checkin_id` is a plain number, not a foreign key (store.py checks it
    # is still the patient's), which keeps deleting a check-in one statement.
    db.execute(
        """
        CREATE TABLE checkin_requests (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            request_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            checkin_id INTEGER,
            created_at TEXT NOT NULL,
            PRIMARY KEY (user_id, request_key)
        )"""
    )


@migrations(name="m035_measures")
def m035_measures(db):
    # Measures beyond pain (journal/measures). The daily ones ride on the
    # check-in they were answered in, so they are edited, deleted, exported
    # and imported with it; NULL is "not answered", never "no".
    for column in ("medicine TEXT", "opioid_doses INTEGER", "night_waking TEXT",
                   "walking_without_limp INTEGER", "sitting_minutes INTEGER"):
        db.execute(f"ALTER TABLE checkins ADD COLUMN {column}")
    # The weekly hip-function rating (SANE, 0-100% of normal): one a day at
    # most, a dated answer of its own rather than part of a check-in, because
    # it is asked on Today once a week, not on the check-in form.
    db.execute(
        """
        CREATE TABLE sane_ratings (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            local_date TEXT NOT NULL,
            score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
            uid TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            UNIQUE (user_id, local_date)
        )"""
    )


@migrations(name="m040_clinicians")
def m040_clinicians(db):
    # A PT's account is a row in `users` like a patient's (the same sign-in,
    # rate limits and sessions) with role 'clinician' and no journal; the
    # clinic and the connect code live beside it. The code is stored as
    # typed-without-dashes: the PT reads it back on every visit, so a hash
    # would not do, and it opens nothing on its own (the patient confirms).
    db.execute("ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'patient'")
    db.execute(
        """
        CREATE TABLE clinicians (
            user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            clinic TEXT NOT NULL,
            connect_code TEXT NOT NULL UNIQUE,
            code_created_at TEXT NOT NULL
        )"""
    )
    # A patient's journal opened to one PT, read only, until the patient
    # disconnects (the row is deleted: effective at once). Either account's
    # deletion removes it.
    db.execute(
        """
        CREATE TABLE pt_connections (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            clinician_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            connected_at TEXT NOT NULL,
            last_viewed_at TEXT,
            UNIQUE (patient_id, clinician_id)
        )"""
    )
    db.execute("CREATE INDEX pt_connections_by_clinician ON pt_connections (clinician_id)")
    # Notes a PT leaves for a patient. They stay in the patient's journal
    # after a disconnect (they are the patient's to keep) but go with either
    # account. `local_date` is the patient's day it was written, for History.
    db.execute(
        """
        CREATE TABLE pt_notes (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            clinician_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            body TEXT NOT NULL,
            local_date TEXT NOT NULL,
            created_at TEXT NOT NULL,
            read_at TEXT
        )"""
    )
    db.execute("CREATE INDEX pt_notes_by_patient ON pt_notes (patient_id, local_date)")
    db.execute("CREATE INDEX pt_notes_by_clinician ON pt_notes (clinician_id)")
    # Every time a PT opened a patient's data: kept for the life of the
    # connection (deleted with it), shown to the patient under Share.
    db.execute(
        """
        CREATE TABLE pt_looks (
            id INTEGER PRIMARY KEY,
            connection_id INTEGER NOT NULL REFERENCES pt_connections(id) ON DELETE CASCADE,
            what TEXT NOT NULL,
            looked_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX pt_looks_by_connection ON pt_looks (connection_id, looked_at)")
