"""The FHIR export: a Bundle of pain Observations a clinic system can read.

Validated with `fhir.resources` 6.4 (test-only), whose models are FHIR R4
itself (4.0.1); later releases model R5 and R4B only.
"""

import json
from datetime import datetime, timezone

import pytest
from fhir.resources.bundle import Bundle
from fhir.resources.observation import Observation

from journal import fhir, locations
from tests.test_exports import TRICKY_NOTE, seed_journal

SNOMED = "http://snomed.info/sct"

# Every SNOMED CT code DESIGN.md's References list: the export may use no other.
DESIGN_SNOMED_CODES = {
    "37822005", "1017210004", "1017211000",  # lumbar region, left, right
    "29836001", "287679003", "287579007",  # hip region, left, right
    "24136001",  # hip joint
    "26893007",  # inguinal region (groin)
    "46862004",  # buttock
    "61396006", "11207009",  # thigh left, right
    "72696002", "82169009", "6757004",  # knee region, left, right
    "45048000",  # neck
    "16982005", "91775009", "91774008",  # shoulder region, left, right
    "7771000", "24028007", "51440002",  # laterality: left, right, both
}


def _validated(bundle_dict):
    bundle = Bundle.parse_obj(bundle_dict)  # pydantic 1 API: validates every element
    assert bundle.type == "collection"
    return bundle


def test_bundle_of_a_seeded_journal_validates_and_matches_the_readings(auth, client, db):
    user_id = seed_journal(auth, db)
    response = client.get("/account/export.fhir.json")
    assert response.status_code == 200
    bundle = _validated(json.loads(response.data))

    expected = [
        dict(row)
        for row in db.query(
            """
            SELECT r.location, r.other_text, r.intensity, c.local_date, c.local_time, c.note
            FROM readings r JOIN checkins c ON c.id = r.checkin_id
            WHERE c.user_id = ? ORDER BY c.local_date, c.recorded_at, c.id, r.id
            """,
            [user_id],
        )
    ]
    assert len(expected) == 6
    assert len(bundle.entry) == len(expected)
    for entry, reading in zip(bundle.entry, expected):
        observation = entry.resource
        assert isinstance(observation, Observation)
        assert entry.fullUrl == f"urn:uuid:{observation.id}"
        assert observation.status == "final"
        (category,) = observation.category
        assert [(c.system, c.code) for c in category.coding] == [
            ("http://terminology.hl7.org/CodeSystem/observation-category", "survey")
        ]
        assert [(c.system, c.code) for c in observation.code.coding] == [
            ("http://loinc.org", "72514-3")
        ]
        assert observation.valueInteger == reading["intensity"]
        assert 0 <= observation.valueInteger <= 10
        # London in March before the clocks change: UTC+00:00, wall time kept.
        assert observation.effectiveDateTime.isoformat() == (
            f"{reading['local_date']}T{reading['local_time']}:00+00:00"
        )
        assert observation.bodySite.text == locations.label(
            reading["location"], reading["other_text"]
        )
        codes = [c.code for c in observation.bodySite.coding or []]
        if fhir.BODY_SITES.get(reading["location"]):
            assert codes == [fhir.BODY_SITES[reading["location"]]]
        else:
            assert codes == []
        if reading["note"]:
            assert [n.text for n in observation.note] == [reading["note"]]
        else:
            assert observation.note is None
    notes = [e.resource.note[0].text for e in bundle.entry if e.resource.note]
    assert TRICKY_NOTE in notes  # kept as typed: FHIR is not a spreadsheet


def test_right_hip_and_left_groin_are_coded_with_their_side(auth, client, db):
    seed_journal(auth, db)
    bundle = json.loads(client.get("/account/export.fhir.json").data)
    by_site = {e["resource"]["bodySite"]["text"]: e["resource"]["bodySite"] for e in bundle["entry"]}
    hip, groin = by_site["Right hip"], by_site["Left groin"]
    assert hip["coding"] == [{"system": SNOMED, "code": "287579007"}]
    assert groin["coding"] == [{"system": SNOMED, "code": "26893007"}]
    assert hip["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "24028007"
    assert groin["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "7771000"
    assert "coding" not in by_site["Other: left jaw"]
    assert by_site["Lower back"]["coding"] == [{"system": SNOMED, "code": "37822005"}]
    assert "extension" not in by_site["Lower back"]


@pytest.mark.parametrize("location", locations.LOCATIONS, ids=lambda l: l.code)
def test_every_place_uses_only_codes_listed_in_the_design(location):
    concept = fhir.body_site(location.code, "jaw" if location.code == "other" else "")
    codes = {c["code"] for c in concept.get("coding", [])}
    for extension in concept.get("extension", []):
        assert extension["url"] == fhir.LATERALITY_EXTENSION
        codes |= {c["code"] for c in extension["valueCodeableConcept"]["coding"]}
    assert codes <= DESIGN_SNOMED_CODES
    assert concept["text"] == locations.label(location.code, "jaw" if location.code == "other" else "")
    if location.region in {"calf", "upper_back", "other"}:
        # No code listed for these places: text only, never an invented code.
        assert concept == {"text": concept["text"]}
    elif location.side:
        (extension,) = concept["extension"]
        side_code = extension["valueCodeableConcept"]["coding"][0]["code"]
        assert side_code == {"left": "7771000", "right": "24028007"}[location.side]


def _checkin(local_date, local_time, recorded_at, intensity=5, note=""):
    return {
        "local_date": local_date,
        "local_time": local_time,
        "recorded_at": recorded_at,
        "note": note,
        "readings": [{"id": 7, "location": "hip_left", "other_text": "", "intensity": intensity}],
    }


@pytest.mark.parametrize(
    "local_date, local_time, recorded_at, expected",
    [
        # London, before and after the clocks went forward on 29 March 2026.
        ("2026-03-28", "08:30", "2026-03-28T08:30:00+00:00", "2026-03-28T08:30:00+00:00"),
        ("2026-03-30", "08:30", "2026-03-30T07:30:00+00:00", "2026-03-30T08:30:00+01:00"),
        # New York evening: the previous UTC day's wall clock keeps its own date.
        ("2026-03-10", "21:00", "2026-03-11T01:00:00+00:00", "2026-03-10T21:00:00-04:00"),
        # Half-hour zones (India).
        ("2026-03-10", "09:00", "2026-03-10T03:30:00+00:00", "2026-03-10T09:00:00+05:30"),
    ],
)
def test_effective_date_time_is_the_wall_clock_with_its_offset(
    local_date, local_time, recorded_at, expected
):
    assert fhir.effective_date_time(_checkin(local_date, local_time, recorded_at)) == expected


def test_bundle_from_plain_data_validates_and_keeps_ids_stable():
    checkins = [_checkin("2026-03-30", "08:30", "2026-03-30T07:30:00+00:00", 0, "better")]
    now = datetime(2026, 3, 31, 12, tzinfo=timezone.utc)
    first = fhir.pain_bundle(checkins, now, "Ana")
    again = fhir.pain_bundle(checkins, now.replace(hour=13), "Ana")
    bundle = _validated(first)
    observation = bundle.entry[0].resource
    assert observation.valueInteger == 0
    assert observation.subject.display == "Ana"
    assert observation.effectiveDateTime.utcoffset().total_seconds() == 3600
    assert first["entry"][0]["fullUrl"] == again["entry"][0]["fullUrl"]


def test_empty_journal_gives_an_empty_valid_bundle():
    bundle = fhir.pain_bundle([], datetime(2026, 3, 31, tzinfo=timezone.utc))
    assert _validated(bundle).entry is None
    assert "entry" not in bundle  # FHIR JSON has no empty lists


def test_observation_ids_stay_the_same_through_an_edit_and_a_move(auth, client, db):
    """A clinic system that imports the bundle twice updates readings, never duplicates them."""
    from io import BytesIO

    from tests.conftest import AuthActions

    auth.patient()
    auth.checkin(location=["hip_right", "lower_back"], **{"intensity-hip_right": "5", "intensity-lower_back": "3"})
    ids = {e["resource"]["bodySite"]["text"] if "text" in e["resource"]["bodySite"] else i: e["resource"]["id"]
           for i, e in enumerate(json.loads(client.get("/account/export.fhir.json").data)["entry"])}
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    auth.post(f"/checkins/{checkin_id}/edit", {"location": ["hip_right", "lower_back"], "intensity-hip_right": "6",
                                               "intensity-lower_back": "3", "note": "edited"})
    after_edit = {e["resource"]["id"] for e in json.loads(client.get("/account/export.fhir.json").data)["entry"]}
    assert after_edit == set(ids.values())

    exported = client.get("/account/export.json").data
    moved = AuthActions(client.application.test_client())
    moved.patient("moved@example.com")
    token = moved.csrf_token("/account/import")
    response = moved.client.post("/account/import", data={"csrf_token": token, "journal_file": (BytesIO(exported), "j.json")},
                                 content_type="multipart/form-data")
    assert response.status_code in (302, 303)
    after_move = {e["resource"]["id"] for e in json.loads(moved.client.get("/account/export.fhir.json").data)["entry"]}
    assert after_move == set(ids.values())
