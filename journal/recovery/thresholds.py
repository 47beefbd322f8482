"""Every number that decides a milestone window, a safety prompt or a trend prompt.

One place, so a clinician can read and question them together. Each carries
its reasoning and its source (the references in DESIGN.md). Days count from
the surgery day, which is day 0.
"""

# --- Milestone windows ---------------------------------------------------

# "Crutches for about 1-2 weeks" (DESIGN.md; PMC5193534; UW Health 6031 says
# 2-4 weeks). The plan's crutch weeks say when the surgeon expects the patient
# off them. Coming off crutches SOONER than that is a safety matter, never "on
# time": early weight-bearing is the main risk factor for the rare femoral neck
# fracture after femoroplasty (Horner et al., J Hip Preserv Surg 2017; Domb et
# al. 2015, fractures at a mean of about 40 days), and protocols wean only once
# the patient walks without a limp (PMC5193534, protocol table). So the
# off-crutches window is the planned day itself: before it reads "sooner than
# your plan: check that your surgeon agreed"; after it, "later than planned"
# is something to mention to the PT, never an alarm.

# Weaning (two crutches -> one -> none) happens over about the last week of
# the crutch period, once gait is normal (PMC5193534; UW Health 6031: "wean
# off crutches" at the end of the protected period). One crutch before that
# weaning week is the same safety matter as coming off early: it puts more
# weight through the operated hip than the plan allows. On short plans the
# weaning week never starts before halfway through the crutch period.
ONE_CRUTCH_WEANING_DAYS = 7
ONE_CRUTCH_FROM_FRACTION = 0.5

# Off crutches with a limp: protocols wean off crutches only once the
# patient walks without a limp, once gait is normal (PMC5193534, protocol
# table; the weaning note above). So off crutches on (or after) the planned
# day is never "on time" when the latest answer to "walking without a limp?"
# (the daily measure) on or before that day was "not yet": the status says
# so and sends the patient to the PT, who judges the gait. Not an alarm: a
# limp is a reason to ask, not a fall or a fracture. No answer is no
# evidence either way, so it stays on time. Today keeps the note for a week,
# until the next PT visit (as the trend prompts, below).
LIMP_NOTE_SHOWN_DAYS = 7

# Touch-down or partial weight-bearing (the surgeon's instruction on the
# plan) is done on crutches (`plan.RESTRICTED_WEIGHT_BEARING`; UW Health
# 6031: 20% weight bearing on crutches; PMC5193534: about 20 lb foot-flat
# for a median of 3 weeks, 6 after microfracture). One crutch or none while
# it lasts puts more weight through the hip than the surgeon allowed: the
# main risk factor for the rare femoral neck fracture (Horner 2017; Domb
# 2015, above). So a crutch step before the instruction's end date is
# "sooner than your surgeon's weight-bearing instruction", never "on time";
# with no end date it lasts the whole planned crutch period. A step ON the
# end date is as instructed: the plan's own rule (`plan.
# weight_bearing_problem`) lets the instruction end on the planned
# off-crutches day, and off crutches that day is on time.

# PT often starts 1-3 days after surgery (UW Health 6031). With no start date
# in the plan, a first session from day 1 on is on time.
PT_FIRST_SESSION_EARLIEST_DAY = 1

# A scheduled first PT appointment moves by a few days for ordinary reasons
# (bookings, transport); more than a week after the planned date is worth
# asking about, so the window is the planned date plus 7 days.
PT_FIRST_SESSION_SLACK_DAYS = 7

# Discharge from PT is expected in the last planned week of PT ("about 6
# weeks of PT", DESIGN.md). PT running PAST the plan is common and not a
# delay: many programmes after hip arthroscopy run 3-4 months (PMC5193534:
# phases to week 12-16; return to running at a median of about 12 weeks), so
# past the planned weeks the journal says "PT continuing past your plan".
PT_DISCHARGE_WINDOW_DAYS = 7

# --- Safety prompts (warning signs) ---------------------------------------
# Hospital post-operative instructions for hip arthroscopy (UW Health, UK
# HealthCare, Northern Light Health; DESIGN.md): what to contact the surgeon
# about the same day, and what is an emergency. `journal.recovery.warning_signs` holds
# each sign's words and who to contact.

# Fever: a low-grade temperature (under 38.1 °C / 100.5 °F) is common in the
# first 24 hours after surgery and anaesthesia; 38.3 °C / 101 °F or more is the
# line the instructions draw. On the surgery day itself (day 0) a ticked fever
# of 38.3 °C or more is not brushed aside: the patient is told to call if it
# stays up or comes with chills. From day 1 it is a same-day call.
LOW_GRADE_FEVER_BELOW_C = 38.1
FEVER_C = 38.3
FEVER_COUNTS_FROM_DAY = 1

# Wound: clear or pink seepage in the first 2 days is arthroscopy fluid and
# normal; drainage from about day 3 on is worth a same-day call (UW Health;
# UK HealthCare). Pus, a smell, spreading redness or bleeding that won't stop
# are a same-day call on any day.
WOUND_SEEPAGE_NORMAL_UNTIL_DAY = 2

# Belly pain or swelling in days 0-2: fluid can rarely leak from the joint
# into the abdomen during arthroscopy (intra-abdominal fluid extravasation);
# it shows in the first hours to days, so the form offers the sign for check-ins
# on days 0-2. Once ticked it is a same-day call on any day: the safer side.
BELLY_SIGN_LAST_DAY = 2

# Calf / lower-leg pain after hip surgery can be a sign of a blood clot (deep
# vein thrombosis). VTE after hip arthroscopy is about 0.7-1.2% (Gao 2025;
# Bolia et al. 2018), and the risk lasts while mobility is reduced: the window
# is the later of 6 weeks after surgery and 2 weeks after the planned end of
# crutches. Any pain at all (1 or more) at a calf in that window raises ONE
# same-day prompt per episode; later days of the same episode ask about new
# swelling, warmth or redness instead of repeating the alarm every day.
CALF_PAIN_WEEKS = 6
CALF_PAIN_AFTER_CRUTCHES_DAYS = 14
CALF_PAIN_MIN_INTENSITY = 1
# An episode ends when no calf pain is logged for more than this many days.
CALF_EPISODE_GAP_DAYS = 2

# --- Trend prompts and "better / worse" ---------------------------------------
# Pain is the 0-10 Numeric Rating Scale: 7-10 is "severe" (physiotherapy.ca,
# NRS-11). A change of 2 points OR 30% is what most patients rate as "much
# better" (Farrar et al., Pain 2001;94:149-158, PubMed 11690728: both matched
# "much improved"), so 3.0 -> 1.5 is better. The smallest change patients
# notice at all is about 1 point / 15% (Salaffi et al., Eur J Pain 2004), so
# the 30% rule only counts a change of at least 1 point: 0.6 -> 0.3 is not
# "better", it is noise at the bottom of the scale.
MEANINGFUL_CHANGE_POINTS = 2.0
MEANINGFUL_CHANGE_FRACTION = 0.30
SMALLEST_NOTICED_CHANGE_POINTS = 1.0


def change_verdict(before: float, after: float) -> str:
    """ "better", "worse" or "about the same": 2 points or 30% (Farrar 2001),
    the 30% only for a change of at least 1 point (Salaffi 2004)."""
    change = round(after - before, 1)
    if change == 0:
        return "about the same"
    size = abs(change)
    meaningful = size >= MEANINGFUL_CHANGE_POINTS or (
        size >= SMALLEST_NOTICED_CHANGE_POINTS
        and before > 0
        and size / before >= MEANINGFUL_CHANGE_FRACTION
    )
    if not meaningful:
        return "about the same"
    return "better" if change < 0 else "worse"


# Pain of 8 or more (well inside the severe band, not its edge) at any place
# on 3 days in a row: one bad day happens; three in a row is a pattern worth
# a conversation with the PT or doctor.
SEVERE_PAIN = 8
SEVERE_PAIN_DAYS_IN_A_ROW = 3

# The weekly average at one place rising by 2 points or more from one week
# after surgery to the next. Deliberately the 2-point rule alone, not "or
# 30%": this prompt interrupts the patient on Today, and at low levels 30% is
# a 1-point move that day-to-day variation produces often.
WEEKLY_RISE_POINTS = 2
# A week's average needs at least 2 days logged at that place, so a single
# bad (or good) day doesn't decide it.
WEEKLY_MIN_DAYS = 2

# "Give a treatment a little time to work before moving on" (DESIGN.md): no
# meaningful improvement (by `change_verdict`) between the first and the last
# planned week of PT is worth discussing with the PT. Not "another approach":
# after hip arthroscopy recovery goes on for 12-18 months, so this is a
# conversation, not a verdict.
# ...but only where pain is still there to improve: a last-week average under
# 2 (mild, close to pain-free) is a good outcome, not a reason to talk.
PT_REVIEW_MIN_LAST_WEEK_PAIN = 2

# The NRS-11 bands (DESIGN.md; physiotherapy.ca): 0 no pain, 1-3 mild, 4-6
# moderate, 7-10 severe. Where each band ends, for the words beside a number.
MILD_PAIN_MAX = 3
MODERATE_PAIN_MAX = 6

# Both places at 4 or more: where the NRS-11 "moderate" band starts (1-3
# mild, 4-6 moderate, 7-10 severe), pain that limits the day, not a twinge.
MODERATE_PAIN = 4

# A place's level at the start or end of a range is the mean of its first or
# last 3 logged days: one day is too noisy to call a direction. Not a
# clinical threshold: the product's rule (the PT's brief asks for "the mean of
# the last 3 logged days"), in line with the finding that a mean of several
# pain ratings is more reliable than a single one (Jensen & McFarland,
# "Increasing the reliability and validity of pain intensity measurement in
# chronic pain patients", Pain 1993;55:195-203).
LEVEL_DAYS = 3

# --- The summary -------------------------------------------------------------
# A PT sees the patient "once or twice a week" between sessions (DESIGN.md),
# so a week of planned PT expects 1 to 2 sessions; fewer than one a week is
# worth a check that every session was logged, not a verdict on the patient.
PT_SESSIONS_PER_WEEK = (1, 2)

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
