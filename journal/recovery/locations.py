"""The coded list of pain locations (DESIGN.md), in the order a hip patient reaches for them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    code: str
    label: str
    region: str
    side: str  # "left", "right" or "" for midline


def _pair(region: str, label: str) -> list[Location]:
    return [
        Location(f"{region}_left", f"Left {label}", region, "left"),
        Location(f"{region}_right", f"Right {label}", region, "right"),
    ]


LOCATIONS = [
    *_pair("hip", "hip"),
    *_pair("groin", "groin"),
    *_pair("buttock", "buttock"),
    Location("lower_back", "Lower back", "lower_back", ""),
    *_pair("thigh", "thigh"),
    *_pair("knee", "knee"),
    *_pair("calf", "calf / lower leg"),
    Location("upper_back", "Upper back", "upper_back", ""),
    Location("neck", "Neck", "neck", ""),
    *_pair("shoulder", "shoulder"),
    Location("other", "Other", "other", ""),
]

BY_CODE = {location.code: location for location in LOCATIONS}
ORDER = {location.code: index for index, location in enumerate(LOCATIONS)}

OTHER_TEXT_MAX = 40


# In figures, each "other" place the patient named is a place of its own
# ("other:jaw"), so a sore jaw and a sore wrist are never averaged together.
OTHER_PLACE_PREFIX = "other:"


def place(code: str, other_text: str = "") -> str:
    """The place a reading counts for in figures (`checkin_range.PLACE` in SQL)."""
    return OTHER_PLACE_PREFIX + other_text if code == "other" and other_text else code


def label(code: str, other_text: str = "") -> str:
    if code.startswith(OTHER_PLACE_PREFIX):
        code, other_text = "other", code[len(OTHER_PLACE_PREFIX):]
    if code == "other" and other_text:
        return f"Other: {other_text}"
    location = BY_CODE.get(code)
    return location.label if location else code


def is_hip(code: str) -> bool:
    return code in {"hip_left", "hip_right"}
