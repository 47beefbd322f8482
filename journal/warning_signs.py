"""Warning signs a patient can tick on a check-in ("Anything else today?").

Taken from hospital post-operative instructions for hip arthroscopy (UW Health,
UK HealthCare, Northern Light Health; see DESIGN.md). The app informs, never
diagnoses: each sign says who to contact and how soon, in plain words.
"""

WARNING_SIGNS = {
    "fever": "Fever of 38.3 °C / 101 °F or more",
    "wound": "Wound redness, warmth or drainage",
    "calf": "Calf pain or swelling",
    "chest": "Chest pain or shortness of breath",
    "foot": "New numbness or tingling in the foot, or pale, cold or blue toes",
}
