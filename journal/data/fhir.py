"""Pain readings as a FHIR R4 Bundle, the format a PT's clinic system reads.

Pure: takes check-in rows with their readings and returns a JSON-ready dict,
or the same bundle as a stream of JSON chunks for a download.

The bundle holds one Patient (the display name only: never the email), and
for each check-in with places an Observation for the check-in (its time, its
note once, its readings as `hasMember`) plus one Observation per reading: a
0-10 score, LOINC 72514-3, at a SNOMED CT body site. Every Observation names
the Patient by reference.

Each place is coded so that its side survives in core R4: a side-specific
SNOMED CT concept where one exists (DESIGN.md's References, and left/right
lower leg), otherwise a post-coordinated expression "region : laterality =
side", which is valid SNOMED CT compositional grammar in a Coding's code. A
place with no verified code goes as text only: a wrong code in a clinical
record is worse than none.
"""

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from journal.measures import fhir as measure_fhir
from journal.recovery import locations

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

PAIN_SEVERITY = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}

# SNOMED CT 272741003 |Laterality (attribute)|, with the qualifier values
# 7771000 |Left| and 24028007 |Right|.
LATERALITY_ATTRIBUTE = "272741003"
LATERALITY = {"left": "7771000", "right": "24028007"}


def _with_side(region: str, side: str) -> str:
    # Post-coordination: "inguinal region, with laterality left".
    return f"{region}:{LATERALITY_ATTRIBUTE}={LATERALITY[side]}"


# The code for each place. Hip, thigh, knee, shoulder and lower leg have a
# concept per side; groin (inguinal region 26893007) and buttock (46862004)
# have one for the region, qualified with the side. Upper back and "other"
# have no verified code: text only.
BODY_SITES = {
    "hip_left": "287679003",
    "hip_right": "287579007",
    "groin_left": _with_side("26893007", "left"),
    "groin_right": _with_side("26893007", "right"),
    "buttock_left": _with_side("46862004", "left"),
    "buttock_right": _with_side("46862004", "right"),
    "lower_back": "37822005",
    "thigh_left": "61396006",
    "thigh_right": "11207009",
    "knee_left": "82169009",
    "knee_right": "6757004",
    "calf_left": "48979004",  # left lower leg structure
    "calf_right": "32696007",  # right lower leg structure
    "neck": "45048000",
    "shoulder_left": "91775009",
    "shoulder_right": "91774008",
}

# Stable ids: the same reading gets the same Observation id in every export,
# so a clinic system that imports twice can tell it is the same record.
_ID_NAMESPACE = uuid.UUID("6f0c2a52-3d0e-4f55-9a53-2b1d8f1e7c40")

# A streamed bundle's chunks are about this many characters (as CSV's).
CHUNK_CHARS = 64 * 1024


def body_site(code: str, other_text: str = "") -> dict[str, Any]:
    """A CodeableConcept for a place: its SNOMED CT code (if one is verified),
    side included, and the patient's words as text."""
    concept: dict[str, Any] = {"text": locations.label(code, other_text)}
    snomed = BODY_SITES.get(code)
    if snomed is not None:
        concept["coding"] = [{"system": SNOMED, "code": snomed}]
    return concept


def effective_date_time(checkin: dict[str, Any]) -> str:
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


def patient_id(journal_uid: str) -> str:
    """The Patient's id: stable for a journal (from its calendar uid, which
    moves with it), and not the account number."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"patient/{journal_uid}"))


def patient_entry(display_name: str, journal_uid: str) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Patient", "id": patient_id(journal_uid)}
    if display_name:
        resource["name"] = [{"text": display_name}]
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _subject(patient: dict[str, Any]) -> dict[str, str]:
    resource = patient["resource"]
    subject = {"reference": patient["fullUrl"]}
    if resource.get("name"):
        subject["display"] = resource["name"][0]["text"]
    return subject


def _survey() -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]


def observation(
    checkin: dict[str, Any], reading: dict[str, Any], subject: dict[str, str]
) -> dict[str, Any]:
    """One pain reading: the score at a place, at the check-in's time."""
    return {
        "resourceType": "Observation",
        "id": observation_id(reading),
        "status": "final",
        "category": _survey(),
        "code": {"coding": [dict(PAIN_SEVERITY)], "text": "Pain severity (0-10)"},
        "subject": subject,
        "effectiveDateTime": effective_date_time(checkin),
        "valueInteger": reading["intensity"],
        "bodySite": body_site(reading["location"], reading["other_text"]),
    }


def checkin_observation(
    checkin: dict[str, Any], member_ids: Iterable[str], subject: dict[str, str]
) -> dict[str, Any]:
    """The check-in as a whole: its readings as members and its note, once.

    No LOINC code fits "a pain check-in", so the code is text only; the
    members carry the coded scores.
    """
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": checkin_id(checkin),
        "status": "final",
        "category": _survey(),
        "code": {"text": "Pain check-in"},
        "subject": subject,
        "effectiveDateTime": effective_date_time(checkin),
        "hasMember": [{"reference": f"urn:uuid:{member}"} for member in member_ids],
    }
    if checkin["note"]:
        resource["note"] = [{"text": checkin["note"]}]
    return resource


def observation_id(reading: dict[str, Any]) -> str:
    """The reading's own stable uid, as a UUID: the same Observation id on
    every export, after edits and after moving servers."""
    if reading.get("uid"):
        return str(uuid.UUID(hex=reading["uid"]))
    return str(uuid.uuid5(_ID_NAMESPACE, f"reading/{reading['id']}"))


def checkin_id(checkin: dict[str, Any]) -> str:
    """A check-in's Observation id, from its readings' uids (unique on the
    server, and moved with the journal): the same in every export, changing
    only if the check-in's places change."""
    first = min(observation_id(r) for r in checkin["readings"])
    return str(uuid.uuid5(_ID_NAMESPACE, f"checkin/{first}"))


def checkin_entries(checkin: dict[str, Any], subject: dict[str, str]) -> list[dict[str, Any]]:
    """The bundle entries of one check-in: the check-in's Observation then
    one per reading (none without places), then its medicine and sleep
    answers (journal/measures/fhir.py)."""
    measures = measure_fhir.checkin_entries(checkin, subject, effective_date_time(checkin))
    if not checkin["readings"]:
        return measures
    readings = [observation(checkin, reading, subject) for reading in checkin["readings"]]
    group = checkin_observation(checkin, [r["id"] for r in readings], subject)
    pain = [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in [group, *readings]]
    return pain + measures


def _timestamp(generated_at: datetime) -> str:
    return generated_at.astimezone(timezone.utc).isoformat(timespec="seconds")


def pain_bundle(checkins: Iterable[dict[str, Any]], generated_at: datetime, display_name: str,
                journal_uid: str, ratings: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """A Bundle of type collection: the Patient, then each check-in's
    Observations, oldest first, then the weekly hip-function ratings."""
    patient = patient_entry(display_name, journal_uid)
    subject = _subject(patient)
    entries = [patient]
    for checkin in checkins:
        entries.extend(checkin_entries(checkin, subject))
    entries.extend(measure_fhir.rating_entry(rating, subject) for rating in ratings)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _timestamp(generated_at),
        "entry": entries,
    }


def note_communication(note: dict[str, Any], subject: dict[str, str]) -> dict[str, Any]:
    """A PT's note to the patient as a FHIR R4 Communication: sent by the PT
    (named, not referenced: the PT has no resource in this bundle), to the
    patient, its text the payload; `received` once the patient marked it read."""
    sent = datetime.fromisoformat(note["created_at"])
    resource: dict[str, Any] = {
        "resourceType": "Communication",
        "id": str(uuid.uuid5(_ID_NAMESPACE, f"pt-note/{subject['reference']}/{note['created_at']}"
                                            f"/{note['body']}")),
        "status": "completed",
        "subject": subject,
        "recipient": [subject],
        "sender": {"display": f"{note['pt_name']} (PT, {note['clinic']})" if note["clinic"]
                   else f"{note['pt_name']} (PT)"},
        "sent": _timestamp(sent),
        "payload": [{"contentString": note["body"]}],
    }
    if note.get("read_at"):
        resource["received"] = _timestamp(datetime.fromisoformat(note["read_at"]))
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def pain_bundle_chunks(checkins: Iterable[dict[str, Any]], generated_at: datetime, display_name: str,
                       journal_uid: str, ratings: Iterable[dict[str, Any]] = (),
                       notes: Iterable[dict[str, Any]] = ()) -> Iterator[bytes]:
    """`pain_bundle` as UTF-8 JSON chunks, one entry a line, for a streamed
    download: `checkins` may be a stream, read once, never held whole.
    `notes`, the PTs' notes (the patient's own export only), follow the
    Patient as Communications."""
    patient = patient_entry(display_name, journal_uid)
    subject = _subject(patient)
    head = {"resourceType": "Bundle", "type": "collection", "timestamp": _timestamp(generated_at)}
    # The head's closing brace gives way to the entry list.
    parts = [_dumps(head)[:-1], ',"entry":[\n', _dumps(patient)]
    for note in notes:
        parts.append(",\n")
        parts.append(_dumps(note_communication(note, subject)))
    size = 0
    for checkin in checkins:
        for entry in checkin_entries(checkin, subject):
            text = _dumps(entry)
            parts.append(",\n")
            parts.append(text)
            size += len(text) + 2
        if size >= CHUNK_CHARS:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    for rating in ratings:  # about one a week: few, read whole
        parts.append(",\n")
        parts.append(_dumps(measure_fhir.rating_entry(rating, subject)))
    parts.append("\n]}\n")
    yield "".join(parts).encode("utf-8")


# Upper bounds, in bytes, of the parts of a bundle apart from the patient's
# own text (measured: a reading's Observation is ~560 bytes, a check-in's
# ~390 plus ~50 per member). `bundle_size_bound` adds the text as JSON.
PATIENT_MAX = 400
CHECKIN_MAX = 700
READING_MAX = 800


def bundle_size_bound(measure: dict[str, int], display_name: str) -> int:

    """No fewer bytes than the bundle of the check-ins
    `journal_data.download_measure` measured."""
    name = len(_dumps(display_name).encode("utf-8"))
    return (
        PATIENT_MAX
        + 3 * name
        + measure["checkins"] * (CHECKIN_MAX + name)
        + measure["note_json_bytes"]
        + measure["readings"] * (READING_MAX + name)
        + measure["other_text_json_bytes"]
        + measure.get("measure_answers", 0) * (measure_fhir.OBSERVATION_MAX + name)
        + measure.get("ratings", 0) * (measure_fhir.RATING_MAX + name)
    )
