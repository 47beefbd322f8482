"""The clinical facts the measures rely on, each with its source, in one
place a clinician can read and question (as journal/recovery/thresholds.py
does for pain and milestones)."""

# --- Weekly hip function: SANE ---------------------------------------------
# The Single Assessment Numeric Evaluation asks one question, "How would you
# rate your <joint> today as a percentage of normal?", 0-100% where 100% is
# normal (Williams et al., Am J Sports Med 1999;27(2):214-221, first for the
# shoulder). For the hip it correlates strongly with the hip-specific
# questionnaires (mHHS, iHOT-33, HOS-ADL, HOS-Sport) in patients having hip
# arthroscopy for FAI syndrome (Dumont et al., Arthrosc Sports Med Rehabil
# 2021;3(2):e435-e440), and before and after arthroscopic hip surgery (Lau et
# al., Am J Sports Med 2019;47(11)). It is free to use: one question, no
# licence. The wording below is the published one with "hip".
SANE_QUESTION = "How would you rate your hip today as a percentage of normal?"
SANE_MIN = 0
SANE_MAX = 100
# Asked once a week: the studies above collect it at visits weeks to months
# apart, and a weekly answer lines up with the plan's weeks on the timeline
# without asking more often than the number can move.
SANE_EVERY_DAYS = 7
# No minimal important change for the hip SANE is taken from these studies,
# so the journal shows the change in points and never calls it "better" or
# "worse" on its own.

# --- Pain medicine -----------------------------------------------------------
# Coming off opioids is a recovery step the surgeon follows (the hospital
# instructions in DESIGN.md: call the surgeon when pain is not controlled by
# the prescribed medicine). No threshold for "too long" is set here without a
# source: the journal records use and shows the last opioid day and the
# weekly count for the surgeon and PT to read, and judges neither.
OPIOID_DOSES_MAX = 20  # a typo guard, not a clinical limit

# --- Sitting tolerance ---------------------------------------------------------
# Pain on prolonged sitting is one of the commonest complaints in FAI
# (Clohisy et al., Clin Orthop Relat Res 2009;467(3):638-644, "Clinical
# presentation of patients with symptomatic anterior hip impingement"), and
# post-operative protocols limit sitting in deep flexion early on and add
# sitting time as the hip allows (PMC5193534, protocol table). The choices are
# bands, not a stopwatch: what a patient can say without timing themselves.
SITTING_BANDS = (0, 15, 30, 60)
