"""The measures in the FHIR R4 export: a QuestionnaireResponse per weekly
SANE rating, an Observation for a check-in's pain medicine and one for
whether pain woke the patient.

No code is invented. LOINC has no code we could verify for the SANE
question, or for "pain medicine taken today" and "pain woke me last night"
as asked here, so the QuestionnaireResponse names its question by linkId and
text, and the Observations carry their question and answer as text (with
the `survey` category), as the pain check-in's own Observation does. A
clinic system reads them as patient-reported answers in words.

Pure: rows in, JSON-ready dicts out. `journal.data.fhir` puts them in the bundle.
"""

import uuid
from typing import Any

from journal.measures import daily
from journal.measures.thresholds import SANE_QUESTION

OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
SANE_LINK_ID = "sane-hip"
# Stable ids: the same answer gets the same resource id in every export.
_ID_NAMESPACE = uuid.UUID("0b7e3c6e-94a1-4d8e-8d8c-5a1f2e7d9c31")


def _survey() -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]


def _id(kind: str, subject: dict[str, str], checkin: dict[str, Any]) -> str:
    # The patient's reference and the check-in's instants move with the
    # journal (JSON export and import), unlike its row id.
    key = f"{kind}/{subject['reference']}/{checkin['recorded_at']}/{checkin['created_at']}"
    return str(uuid.uuid5(_ID_NAMESPACE, key))


def checkin_entries(checkin: dict[str, Any], subject: dict[str, str],
                    effective: str) -> list[dict[str, Any]]:
    """A check-in's medicine and sleep answers as Observations (none unanswered)."""
    resources = []
    if checkin.get("medicine"):
        medicine: dict[str, Any] = {
            "resourceType": "Observation",
            "id": _id("medicine", subject, checkin),
            "status": "final",
            "category": _survey(),
            "code": {"text": "Pain medicine taken today"},
            "subject": subject,
            "effectiveDateTime": effective,
            "valueCodeableConcept": {"text": daily.MEDICINES[checkin["medicine"]]},
        }
        if checkin["medicine"] == "opioid" and checkin.get("opioid_doses"):
            medicine["component"] = [{"code": {"text": "Opioid doses today"},
                                      "valueInteger": checkin["opioid_doses"]}]
        resources.append(medicine)
    if checkin.get("night_waking"):
        resources.append({
            "resourceType": "Observation",
            "id": _id("sleep", subject, checkin),
            "status": "final",
            "category": _survey(),
            "code": {"text": "Did pain wake you last night?"},
            "subject": subject,
            "effectiveDateTime": effective,
            "valueCodeableConcept": {"text": daily.NIGHT_WAKING[checkin["night_waking"]]},
        })
    return [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]


def rating_entry(rating: dict[str, Any], subject: dict[str, str]) -> dict[str, Any]:
    """A weekly SANE rating as a completed QuestionnaireResponse."""
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": str(uuid.UUID(hex=rating["uid"])),
        "status": "completed",
        "subject": subject,
        "authored": rating["created_at"],
        "item": [{
            "linkId": SANE_LINK_ID,
            "text": f"{SANE_QUESTION} (0-100%, 100% is normal)",
            "answer": [{"valueInteger": rating["score"]}],
        }],
    }
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


# Upper bounds in bytes apart from the patient's name (measured: a medicine
# Observation with doses is ~560 bytes, a sleep one ~480, a rating ~520).
OBSERVATION_MAX = 700
RATING_MAX = 700
