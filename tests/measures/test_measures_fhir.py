"""The measures in the FHIR export: a QuestionnaireResponse per SANE rating,
Observations for medicine and sleep, all valid FHIR R4 (fhir.resources 6.4)."""

import json
import re

from fhir.resources.bundle import Bundle

from journal.measures.thresholds import SANE_QUESTION


def seed(auth):
    auth.patient()
    auth.checkin(date="2026-03-14", time="08:00", medicine="opioid", opioid_doses="2",
                 night_waking="more", walking_without_limp="not_yet")
    auth.checkin(date="2026-03-15", time="08:00", medicine="none")
    auth.checkin(date="2026-03-16", time="08:00")
    auth.post("/measures/hip-function", {"score": "45"}, token_from="/")


def resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_holds_the_measures_and_validates(auth, client):
    seed(auth)
    document = json.loads(client.get("/account/export.fhir.json").data)
    Bundle.parse_obj(document)  # validates every element against R4
    patient_ref = resources(document, "Patient")[0]["id"]

    [response] = resources(document, "QuestionnaireResponse")
    assert response["status"] == "completed"
    assert response["subject"]["reference"] == f"urn:uuid:{patient_ref}"
    [item] = response["item"]
    assert SANE_QUESTION in item["text"] and item["answer"] == [{"valueInteger": 45}]
    # No LOINC code is claimed for SANE: none could be verified.
    assert "code" not in item and "loinc" not in json.dumps(response).lower()

    answers = [(o["code"]["text"], o["valueCodeableConcept"]["text"], o["effectiveDateTime"],
                o.get("component"))
               for o in resources(document, "Observation") if "valueCodeableConcept" in o]
    assert answers == [
        ("Pain medicine taken today", "Opioid", "2026-03-14T08:00:00+00:00",
         [{"code": {"text": "Opioid doses today"}, "valueInteger": 2}]),
        ("Did pain wake you last night?", "More than once", "2026-03-14T08:00:00+00:00", None),
        ("Pain medicine taken today", "None", "2026-03-15T08:00:00+00:00", None),
    ]


def test_measure_ids_are_the_same_in_every_export(auth, client):
    seed(auth)
    ids = [[e["fullUrl"] for e in json.loads(client.get("/account/export.fhir.json").data)["entry"]]
           for _ in range(2)]
    assert ids[0] == ids[1] and len(set(ids[0])) == len(ids[0])


def test_a_share_links_bundle_has_only_its_ranges_ratings(app, auth, client, clock):
    seed(auth)
    clock.advance(days=7)
    auth.post("/measures/hip-function", {"score": "60"}, token_from="/")
    created = auth.post("/share", {"label": "PT", "range_kind": "fixed", "range_start": "2026-03-20",
                                   "range_end": "2026-03-23", "last_days": "", "expires_days": "30"},
                        token_from="/share")
    token = re.search(r'/s/([A-Za-z0-9_\-]+)', created.get_data(as_text=True)).group(1)
    document = json.loads(app.test_client().get(f"/s/{token}/fhir.json").data)
    Bundle.parse_obj(document)
    assert [r["item"][0]["answer"][0]["valueInteger"]
            for r in resources(document, "QuestionnaireResponse")] == [60]
    assert not [o for o in resources(document, "Observation") if "valueCodeableConcept" in o]


def test_the_download_size_bounds_cover_the_measures(auth, client, db):
    from journal.data import exports, fhir, store as journal_data

    seed(auth)
    user_id = db.execute("SELECT id FROM users").fetchone()[0]
    measure = journal_data.download_measure(db, user_id)
    assert (measure["measure_answers"], measure["ratings"]) == (3, 1)
    assert fhir.bundle_size_bound(measure, "Ana") >= len(client.get("/account/export.fhir.json").data)
    assert exports.csv_size_bound(measure) >= len(client.get("/account/export.csv").data)
