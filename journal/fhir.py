"""Pain readings as a FHIR R4 Bundle, the format a PT's clinic system reads.

Pure: takes check-in rows with their readings and returns a JSON-ready dict.
One Observation per reading, coded as DESIGN.md's References list: LOINC
72514-3 for the 0-10 pain score, SNOMED CT for the place. A place with no code
listed there goes as text only: a wrong code in a clinical record is worse
than none.
"""

import uuid
from datetime import datetime, timedelta, timezone

from journal import locations

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# mCODE's Laterality Qualifier extension (HL7, FHIR R4), allowed on
# Observation.bodySite: R4 has no core element for the side of the body.
LATERALITY_EXTENSION = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"

PAIN_SEVERITY = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}

LATERALITY = {"left": "7771000", "right": "24028007"}

# The most specific code DESIGN.md lists for each place. Left and right hip,
# thigh, knee and shoulder have codes of their own; groin and buttock have one
# code for the region and take their side from the laterality qualifier.
# Calf / lower leg, upper back and "other" have no listed code: text only.
BODY_SITES = {
    "hip_left": "287679003",
    "hip_right": "287579007",
    "groin_left": "26893007",
    "groin_right": "26893007",
    "buttock_left": "46862004",
    "buttock_right": "46862004",
    "lower_back": "37822005",
    "thigh_left": "61396006",
    "thigh_right": "11207009",
    "knee_left": "82169009",
    "knee_right": "6757004",
    "neck": "45048000",
    "shoulder_left": "91775009",
    "shoulder_right": "91774008",
}

# Stable ids: the same reading gets the same Observation id in every export,
# so a clinic system that imports twice can tell it is the same record.
_ID_NAMESPACE = uuid.UUID("6f0c2a52-3d0e-4f55-9a53-2b1d8f1e7c40")


def body_site(code, other_text=""):
    """A CodeableConcept for a place: its SNOMED CT code (if listed), its side
    as a qualifier, and the patient's words as text."""
    concept = {"text": locations.label(code, other_text)}
    snomed = BODY_SITES.get(code)
    if snomed is None:
        return concept
    concept["coding"] = [{"system": SNOMED, "code": snomed}]
    side = locations.BY_CODE[code].side
    if side:
        concept["extension"] = [
            {
                "url": LATERALITY_EXTENSION,
                "valueCodeableConcept": {
                    "coding": [{"system": SNOMED, "code": LATERALITY[side]}],
                    "text": side.capitalize(),
                },
            }
        ]
    return concept


def effective_date_time(checkin):
    """The check-in's wall-clock time with the UTC offset it had then.

    The offset is the difference between what the patient's clock showed and
    the instant recorded, so it stays right across DST changes and after the
    patient changes time zone.
    """
    wall = datetime.fromisoformat(f"{checkin['local_date']}T{checkin['local_time']}")
    instant = datetime.fromisoformat(checkin["recorded_at"]).astimezone(timezone.utc)
    offset = wall - instant.replace(tzinfo=None)
    # Offsets are whole minutes; seconds come only from rounding.
    offset = timedelta(minutes=round(offset.total_seconds() / 60))
    return wall.replace(tzinfo=timezone(offset)).isoformat(timespec="seconds")


def observation(checkin, reading, subject_display=None):
    resource = {
        "resourceType": "Observation",
        "id": observation_id(reading),
        "status": "final",
        "category": [
            {
                "coding": [
                    {"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}
                ]
            }
        ],
        "code": {"coding": [dict(PAIN_SEVERITY)], "text": "Pain severity (0-10)"},
        "effectiveDateTime": effective_date_time(checkin),
        "valueInteger": reading["intensity"],
        "bodySite": body_site(reading["location"], reading["other_text"]),
    }
    if subject_display:
        resource["subject"] = {"display": subject_display}
    if checkin["note"]:
        resource["note"] = [{"text": checkin["note"]}]
    return resource


def observation_id(reading):
    """The reading's own stable uid, as a UUID: the same Observation id on
    every export, after edits and after moving servers."""
    if reading.get("uid"):
        return str(uuid.UUID(hex=reading["uid"]))
    return str(uuid.uuid5(_ID_NAMESPACE, f"reading/{reading['id']}"))


def pain_bundle(checkins, generated_at, subject_display=None):
    """A Bundle of type collection: one Observation per reading, oldest first."""
    entries = []
    for checkin in checkins:
        for reading in checkin["readings"]:
            resource = observation(checkin, reading, subject_display)
            entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": generated_at.astimezone(timezone.utc).isoformat(timespec="seconds"),
    }
    # FHIR JSON never has an empty list: no readings, no `entry` at all.
    if entries:
        bundle["entry"] = entries
    return bundle
