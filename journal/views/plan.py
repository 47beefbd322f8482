"""Set up and change the recovery plan (and the patient's time zone)."""

from datetime import date, timedelta
from functools import wraps

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from journal import accounts, milestones
from journal.recovery import clock, plan as recovery_plan
from journal.web.db import get_db

bp = Blueprint("plan", __name__)

# Far enough back for a long or re-started recovery, far enough ahead to set
# the journal up before surgery; anything beyond is almost surely a typo.
SURGERY_YEARS_BACK = 5
SURGERY_DAYS_AHEAD = 366


class DateText(StringField):
    """A date typed into `<input type=date>`: ISO text, parsed in validation."""

    def __init__(self, label, **kwargs):
        kwargs.setdefault("render_kw", {})["type"] = "date"
        super().__init__(label, **kwargs)


class WeeksField(IntegerField):
    """A whole number of weeks, with a message a patient understands."""

    def process_formdata(self, valuelist):
        raw = valuelist[0].strip() if valuelist else ""
        # isdigit() alone lets through "²" and numbers too big to compare.
        if raw and not (raw.isascii() and raw.isdigit() and len(raw) <= 3):
            self.data = None
            raise ValueError("Enter a number of weeks as a whole number, for example 2.")
        super().process_formdata(valuelist)


def parse_date(text):
    text = (text or "").strip()
    if len(text) != 10:
        raise ValueError
    return date.fromisoformat(text)


class PlanForm(FlaskForm):
    procedure = StringField(
        "Procedure",
        default=recovery_plan.PROCEDURE_DEFAULT,
        validators=[DataRequired("Name the procedure."), Length(max=80, message="Use 80 characters or fewer.")],
    )
    side = RadioField(
        "Which side",
        choices=[SelectChoice(value, label) for value, label in recovery_plan.SIDES.items()],
        validators=[InputRequired("Choose left, right or both.")],
    )
    surgery_date = DateText("Surgery date", validators=[DataRequired("Enter the surgery date.")])
    crutch_weeks = WeeksField(
        "Planned weeks on crutches",
        default=recovery_plan.CRUTCH_WEEKS_DEFAULT,
        validators=[
            InputRequired("Enter a number of weeks (2 is typical)."),
            NumberRange(*recovery_plan.CRUTCH_WEEKS_RANGE, message="Enter 0 to 12 weeks."),
        ],
    )
    pt_start_date = DateText("PT start date (if you know it)")
    pt_weeks = WeeksField(
        "Planned weeks of physical therapy",
        default=recovery_plan.PT_WEEKS_DEFAULT,
        validators=[
            InputRequired("Enter a number of weeks (6 is typical)."),
            NumberRange(*recovery_plan.PT_WEEKS_RANGE, message="Enter 1 to 52 weeks."),
        ],
    )
    weight_bearing = RadioField(
        "Weight on the operated leg, as your surgeon instructed",
        choices=[SelectChoice("", "Not told / not sure")]
        + [SelectChoice(code, text) for code, text in recovery_plan.WEIGHT_BEARING.items()],
        default="",
        validate_choice=False,
    )
    weight_bearing_until = DateText("Until (if your surgeon gave a date)")
    timezone = StringField(
        "Time zone", validators=[DataRequired("Choose your time zone, for example Europe/London.")]
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_surgery_date(self, field):
        try:
            value = parse_date(field.data)
        except ValueError:
            raise ValidationError("Enter the date as year-month-day, for example 2026-03-14.")
        if value > self.today + timedelta(days=SURGERY_DAYS_AHEAD):
            raise ValidationError("That is more than a year ahead. Check the year.")
        if value < self.today - timedelta(days=round(SURGERY_YEARS_BACK * 365.25)):
            raise ValidationError("That is more than five years ago. Check the year.")
        field.parsed = value

    def _date_after_surgery(self, field, too_early):
        """An optional date from the surgery day to a year after it: the parsed
        date on `field.parsed`, None when left empty."""
        field.parsed = None
        if not (field.data or "").strip():
            return None
        try:
            value = parse_date(field.data)
        except ValueError:
            raise ValidationError("Enter the date as year-month-day, or leave it empty.")
        surgery = getattr(self.surgery_date, "parsed", None)
        if surgery and value < surgery:
            raise ValidationError(too_early)
        if surgery and value > surgery + timedelta(days=365):
            raise ValidationError("That is more than a year after surgery. Check the date.")
        field.parsed = value
        return value

    def validate_pt_start_date(self, field):
        self._date_after_surgery(field, "PT starts on or after the surgery date.")

    def validate_weight_bearing(self, field):
        field.data = field.data or ""
        if field.data and field.data not in recovery_plan.WEIGHT_BEARING:
            raise ValidationError("Choose one of the listed instructions.")

    def validate_weight_bearing_until(self, field):
        until = self._date_after_surgery(field, "The instruction ends on or after the surgery date.")
        code = self.weight_bearing.data if self.weight_bearing.data in recovery_plan.WEIGHT_BEARING else None
        problem = recovery_plan.weight_bearing_problem(
            code, until, getattr(self.surgery_date, "parsed", None), self.crutch_weeks.data
        )
        if problem:
            field.parsed = None
            raise ValidationError(problem)

    def validate_timezone(self, field):
        field.data = (field.data or "").strip()
        if not clock.is_valid_timezone(field.data):
            raise ValidationError("Choose a time zone from the list, for example Europe/London.")

    def plan(self):
        return recovery_plan.Plan(
            surgery_date=self.surgery_date.parsed,
            side=self.side.data,
            procedure=" ".join(self.procedure.data.split()),
            crutch_weeks=self.crutch_weeks.data,
            pt_start_date=self.pt_start_date.parsed,
            pt_weeks=self.pt_weeks.data,
            weight_bearing=self.weight_bearing.data or None,
            weight_bearing_until=self.weight_bearing_until.parsed,
        )


def current_plan():
    """The signed-in patient's plan, or None before it is set up."""
    row = accounts.get_plan_row(get_db(), current_user.account.id)
    return recovery_plan.Plan.from_row(row) if row else None


def plan_required(view):
    """Pass the patient's plan to `view` as `plan`; before there is one, set it up first."""

    @wraps(view)
    def with_plan(*args, **kwargs):
        plan = current_plan()
        if plan is None:
            return redirect(url_for("plan.edit"))
        return view(*args, plan=plan, **kwargs)

    return with_plan


@bp.route("/plan", methods=["GET", "POST"])
@login_required
def edit():
    account = current_user.account
    db = get_db()
    existing = current_plan()
    today = clock.local_today(clock.utc_now(), account.timezone)
    form = PlanForm(today=today)
    if not form.is_submitted():
        form.timezone.data = account.timezone
        if existing:
            form.procedure.data = existing.procedure
            form.side.data = existing.side
            form.surgery_date.data = existing.surgery_date.isoformat()
            form.crutch_weeks.data = existing.crutch_weeks
            form.pt_start_date.data = (
                existing.pt_start_date.isoformat() if existing.pt_start_date else ""
            )
            form.pt_weeks.data = existing.pt_weeks
            form.weight_bearing.data = existing.weight_bearing or ""
            form.weight_bearing_until.data = (
                existing.weight_bearing_until.isoformat() if existing.weight_bearing_until else ""
            )
    if form.validate_on_submit():
        new_plan = form.plan()
        problem = plan_change_problem(db, account.id, new_plan)
        if problem:
            form.surgery_date.errors = list(form.surgery_date.errors) + [problem]
        else:
            with db.atomic():
                accounts.save_plan(db, account.id, new_plan, clock.utc_now())
                accounts.update_profile(db, account.id, account.display_name, form.timezone.data)
            flash("Your plan is saved.", "success")
            return redirect(url_for("today.index"))
    status = 422 if form.errors or form.surgery_date.errors else 200
    return (
        render_template(
            "plan/edit.html",
            form=form,
            existing=existing,
            timezones=COMMON_TIMEZONES,
        ),
        status,
    )


def plan_change_problem(db, account_id, new_plan):
    """Why this plan can't be saved given the journal's records, or None.

    Milestones happen on or after surgery: the surgery date can't move past
    the earliest one. Every window and status is derived from the plan, so
    nothing else needs changing when the date moves.
    """
    return milestones.surgery_date_problem(db, account_id, new_plan.surgery_date)


# Offered in a datalist; any valid IANA zone can be typed.
COMMON_TIMEZONES = [
    "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Paris",
    "Europe/Berlin", "Europe/Amsterdam", "Europe/Rome", "Europe/Stockholm", "Europe/Warsaw",
    "Europe/Athens", "Europe/Helsinki", "Europe/Istanbul", "America/New_York",
    "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
    "America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver",
    "America/Halifax", "America/Mexico_City", "America/Sao_Paulo", "America/Buenos_Aires",
    "Africa/Johannesburg", "Africa/Lagos", "Africa/Cairo", "Asia/Dubai", "Asia/Kolkata",
    "Asia/Singapore", "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul",
    "Australia/Perth", "Australia/Adelaide", "Australia/Sydney", "Pacific/Auckland", "UTC",
]
