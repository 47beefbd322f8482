"""Every number that decides a milestone window, a safety prompt or a trend prompt.

One place, so a clinician can read and question them together. Each carries
its reasoning and its source (the references in DESIGN.md). Days count from
the surgery day, which is day 0.
"""

# --- Milestone windows ---------------------------------------------------

# "Crutches for about 1-2 weeks" (DESIGN.md; PMC5193534; UW Health 6031 says
# 2-4 weeks). The plan's crutch weeks say when the patient should be off them;
# the window opens a week earlier, because "1-2 weeks" is the usual spread of
# a normal course. For short plans the window opens no earlier than halfway.
OFF_CRUTCHES_WINDOW_DAYS = 7

# One crutch is a step some patients skip. Its window is the second half of
# the planned crutch period: stepping down before halfway is unusual, and
# after the crutch period the off-crutches milestone speaks instead.
ONE_CRUTCH_FROM_FRACTION = 0.5

# PT often starts 1-3 days after surgery (UW Health 6031). With no start date
# in the plan, a first session from day 1 on is on time.
PT_FIRST_SESSION_EARLIEST_DAY = 1

# A scheduled first PT appointment moves by a few days for ordinary reasons
# (bookings, transport); more than a week after the planned date is worth
# asking about, so the window is the planned date plus 7 days.
PT_FIRST_SESSION_SLACK_DAYS = 7

# Discharge from PT is expected in the last planned week of PT ("about 6
# weeks of PT", DESIGN.md); later than that is worth asking the PT about.
PT_DISCHARGE_WINDOW_DAYS = 7

# --- Safety prompts (warning signs) ---------------------------------------
# Hospital post-operative instructions for hip arthroscopy (UW Health, UK
# HealthCare, Northern Light Health): call the surgeon for fever, wound
# redness or drainage, calf pain or swelling, numbness or pale/cold toes;
# emergency services for chest pain or shortness of breath.

# "Fever of 38.3 °C / 101 °F or more after the first day": a raised
# temperature on the day of surgery itself is a common reaction to surgery and
# anaesthesia and is explained, not flagged; from day 1 (the first day after
# surgery) a ticked fever of 38.3 °C or more always prompts a call to the
# surgeon: at that height, explaining it away would downplay what the patient
# measured.
FEVER_COUNTS_FROM_DAY = 1

# Calf / lower-leg pain after hip surgery can be a sign of a blood clot (deep
# vein thrombosis); the risk is highest in the first weeks while mobility is
# reduced, so pain logged at a calf in days 0-41 (the first 6 weeks) prompts a
# same-day call to the surgeon. Ticking "calf pain or swelling" always does.
CALF_PAIN_WEEKS = 6
# Any pain at all (1 or more on the 0-10 scale); 0 is "no pain".
CALF_PAIN_MIN_INTENSITY = 1

# --- Trend prompts --------------------------------------------------------
# Pain is the 0-10 Numeric Rating Scale: 7-10 is "severe" (physiotherapy.ca,
# NRS-11). About 2 points is the minimal clinically important difference
# (Farrar et al., Pain 2001, PubMed 11690728): a smaller change is treated as
# noise, a change of 2 or more as real.

# Pain of 8 or more (well inside the severe band, not its edge) at any place
# on 3 days in a row: one bad day happens; three in a row is a pattern worth
# a conversation with the PT or doctor.
SEVERE_PAIN = 8
SEVERE_PAIN_DAYS_IN_A_ROW = 3

# The weekly average at one place rising by the MCID (2 points) or more from
# one week after surgery to the next.
WEEKLY_RISE_POINTS = 2
# A week's average needs at least 2 days logged at that place, so a single
# bad (or good) day doesn't decide it.
WEEKLY_MIN_DAYS = 2

# "Give a treatment a little time to work before moving on" (DESIGN.md): less
# than the MCID (2 points) of improvement between the first and the last
# planned week of PT is "no meaningful improvement".
PT_IMPROVEMENT_POINTS = 2
# ...but only where pain is still there to improve: a last-week average under
# 2 (mild, close to pain-free) is a good outcome, not a reason to talk.
PT_REVIEW_MIN_LAST_WEEK_PAIN = 2

# --- How long prompts stay on Today ---------------------------------------
# Safety prompts ask for a call today, so Today shows them for the day they
# were logged and the next (a sign ticked late at night is seen next morning).
SAFETY_PROMPT_SHOWN_DAYS = 2
# Trend prompts are for the next PT visit, which is usually within a week.
TREND_PROMPT_SHOWN_DAYS = 7
# How far back Today reads check-ins to recognise a run of severe days that
# started earlier (its start date names the prompt, so a dismissed run stays
# dismissed); runs longer than this are very unusual.
SEVERE_RUN_LOOKBACK_DAYS = 120
