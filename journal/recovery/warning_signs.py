"""Warning signs a patient can tick on a check-in ("Anything else today?").

Taken from hospital post-operative instructions for hip arthroscopy (UW Health,
UK HealthCare, Northern Light Health; see DESIGN.md) and the complications the
hip-arthroscopy literature names. The app informs, never diagnoses: each sign
says who to contact and how soon, in plain words. The numbers that decide a
sign's advice (fever, wound days, calf window) live in `journal.recovery.thresholds`.
"""

from collections.abc import Collection
from dataclasses import dataclass

from journal.recovery import thresholds

# Who to contact, and how soon.
EMERGENCY = "emergency"  # call emergency services now
SURGEON_TODAY = "surgeon_today"  # contact the surgeon's office the same day
MENTION = "mention"  # mention it; call the same day only if it changes as the advice says


@dataclass(frozen=True)
class WarningSign:
    code: str
    label: str  # on the check-in form
    title: str  # on a prompt
    action: str
    why: str  # one or two plain sentences: why it matters, what to watch for


SIGNS = (
    WarningSign(
        "chest",
        "Chest pain, shortness of breath, coughing up blood or fainting",
        "Chest pain, breathlessness, coughing blood or fainting",
        EMERGENCY,
        # A clot that has travelled to the lungs (pulmonary embolism) shows
        # this way; VTE after hip arthroscopy is rare (about 0.7-1.2%).
        "After surgery these need checking straight away. Don't drive yourself.",
    ),
    WarningSign(
        "foot_circulation",
        "Pale, cold or blue foot, with pain or loss of movement",
        "Pale, cold or blue foot",
        EMERGENCY,
        # A foot that has lost its blood supply (hospital instructions:
        # "pale, cold or blue foot" is an emergency, DESIGN.md).
        "A foot that is pale, cold or blue with pain or loss of movement may not be getting "
        "enough blood and needs checking straight away.",
    ),
    WarningSign(
        "saddle",
        "Numbness in the groin, genitals or between the legs, can't pass urine, or new loss of "
        "bladder or bowel control",
        "Saddle numbness or a bladder or bowel change",
        EMERGENCY,
        # DESIGN.md and the hospital instructions list saddle numbness or a
        # bladder/bowel change as an emergency: these patients often have back
        # pain too, and nerve compression must be ruled out the same hour.
        # Traction can also numb the pudendal nerve for some weeks (EOJ 2024,
        # article 437116: 18% transient perineal numbness), which is why the
        # advice says "needs checking", never what it is.
        "Numbness in this area, or a new problem passing urine or controlling your bladder or "
        "bowels, needs checking straight away.",
    ),
    WarningSign(
        "calf",
        "Calf pain or swelling",
        "Calf pain or swelling",
        SURGEON_TODAY,
        "After hip surgery, pain or swelling in the calf should be checked the same day, "
        "because it can sometimes be a sign of a blood clot.",
    ),
    WarningSign(
        "fever",
        "Fever of 38.3 °C / 101 °F or more",
        "Fever of 38.3 °C / 101 °F or more",
        SURGEON_TODAY,
        "A temperature this high after the first day should be checked, because it can be a "
        "sign of infection.",
    ),
    WarningSign(
        "wound",
        "Wound: pus, a bad smell, spreading redness or warmth, or bleeding that won't stop",
        "Wound problem",
        SURGEON_TODAY,
        "Your surgeon's team should look at a wound with pus, a smell, spreading redness or "
        "bleeding that won't stop, because it can be a sign of infection.",
    ),
    WarningSign(
        "drainage",
        "Fluid still leaking from a wound",
        "Fluid leaking from a wound",
        SURGEON_TODAY,
        "Clear or pink seepage is normal for the first 2 days after arthroscopy; a wound still "
        "draining after that should be checked.",
    ),
    WarningSign(
        "new_pain",
        "Sudden new hip or groin pain, or can't put weight on the leg (for example after a fall)",
        "Sudden new hip or groin pain",
        SURGEON_TODAY,
        # New pain after a period of satisfactory recovery, or being unable
        # to bear weight, is how the rare femoral neck fracture after
        # femoroplasty shows (Zingg et al., KSSTA; Horner, JHPS 2017).
        "New pain after a spell of getting better, or not being able to put weight on the leg, "
        "should be checked the same day, especially after a fall.",
    ),
    WarningSign(
        "weakness",
        "New weakness: your foot drops or your knee gives way",
        "New weakness in the leg",
        SURGEON_TODAY,
        # Traction and nerve blocks can injure a nerve (sciatic, femoral);
        # new weakness is checked the same day (hospital instructions).
        "New weakness after surgery can come from a nerve that was stretched or numbed during "
        "the operation, and should be checked the same day.",
    ),
    WarningSign(
        "uncontrolled_pain",
        "Pain not controlled by the medicine you were prescribed",
        "Pain not controlled by your medicine",
        SURGEON_TODAY,
        "Your surgeon's team can change your pain relief, and pain this strong should be "
        "checked the same day.",
    ),
    WarningSign(
        "belly",
        "Belly pain or swelling (first 2 days after surgery)",
        "Belly pain or swelling",
        SURGEON_TODAY,
        # Rare intra-abdominal fluid extravasation shows in the first days
        # (thresholds.BELLY_SIGN_LAST_DAY).
        "In the first days after hip arthroscopy, belly pain or swelling can rarely come from "
        "fluid used during the operation and should be checked the same day.",
    ),
    WarningSign(
        "tingling",
        "New numbness or tingling in the foot",
        "Numbness or tingling in the foot",
        MENTION,
        "Mention it to your surgeon's team or PT at your next contact. Contact your surgeon's "
        "office the same day if it spreads, gets worse or comes with weakness; call emergency "
        "services if the foot turns pale, cold or blue.",
    ),
)

BY_CODE = {sign.code: sign for sign in SIGNS}

# Signs older check-ins may carry but the form no longer offers. "foot" once
# meant numbness, tingling or a colour change in the foot: it is now split
# into "tingling" (mention it) and "foot_circulation" (emergency). An old
# record keeps its old words and its old same-day advice, never a guess at
# which of the two it was.
LEGACY_SIGNS = {
    "foot": WarningSign(
        "foot",
        "New numbness or tingling in the foot, or pale, cold or blue toes",
        "Numbness, tingling or colour change in the foot",
        SURGEON_TODAY,
        "New numbness or tingling in the foot, or pale, cold or blue toes, should be checked "
        "the same day.",
    ),
}

ALL_SIGNS = {**BY_CODE, **LEGACY_SIGNS}

# Code -> label of the signs the form offers, in the order it offers them.
WARNING_SIGNS = {sign.code: sign.label for sign in SIGNS}


def label(code: str) -> str:
    sign = ALL_SIGNS.get(code)
    return sign.label if sign else code


def offered(day_number: int | None, ticked: Collection[str] = ()) -> dict[str, str]:

    """The signs the check-in form shows on a day after surgery: the belly sign
    only in days 0-2 (or when already ticked), older signs only when ticked."""
    shown = {
        code: text
        for code, text in WARNING_SIGNS.items()
        if code != "belly"
        or code in ticked
        or (day_number is not None and 0 <= day_number <= thresholds.BELLY_SIGN_LAST_DAY)
    }
    shown.update({code: LEGACY_SIGNS[code].label for code in ticked if code in LEGACY_SIGNS})
    return shown
