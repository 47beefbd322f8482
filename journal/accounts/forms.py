"""The account's forms: register, sign in, and the recovery plan."""

from datetime import date, timedelta
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import Field
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from journal.accounts import store as accounts
from journal.recovery import clock, names, plan as recovery_plan
from journal.web.fields import DateText

# Far enough back for a long or re-started recovery, far enough ahead to set
# the journal up before surgery; anything beyond is almost surely a typo.
SURGERY_YEARS_BACK = 5
SURGERY_DAYS_AHEAD = 366


def display_name_rule(form: FlaskForm, field: Field) -> None:
    """Shown to the patient's PT: no line breaks, controls or bidi tricks."""
    if names.has_unsafe_character(field.data or ""):
        raise ValidationError(names.UNSAFE_MESSAGE)


class RegisterForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            Length(max=accounts.EMAIL_MAX_LENGTH),
        ],
    )
    display_name = StringField(
        "Your first name (shown to your PT)",
        validators=[
            DataRequired("Enter a name your PT will recognise."),
            Length(max=accounts.DISPLAY_NAME_MAX_LENGTH, message="Use 60 characters or fewer."),
            display_name_rule,
        ],
    )
    password = PasswordField("Password", validators=[DataRequired("Choose a password.")])
    timezone = HiddenField(default="UTC")

    def validate_email(self, field: Field) -> None:
        if not accounts.looks_like_email(field.data or ""):
            raise ValidationError("Enter an email address like name@example.com.")

    def validate_password(self, field: Field) -> None:
        problem = accounts.password_problem(
            field.data or "", self.email.data or "", self.display_name.data or ""
        )
        if problem:
            raise ValidationError(problem)

    def validate_timezone(self, field: Field) -> None:
        # Filled in by the browser; a missing or odd value falls back to UTC,
        # which the patient can change on the plan page.
        if not clock.is_valid_timezone(field.data):
            field.data = "UTC"


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address."), Length(max=accounts.EMAIL_MAX_LENGTH)],
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=accounts.PASSWORD_MAX_LENGTH)],
    )
    remember = BooleanField("Keep me signed in on this phone", default=True)


class WeeksField(IntegerField):
    """A whole number of weeks, with a message a patient understands."""

    data: int | None

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0].strip() if valuelist else ""
        # isdigit() alone lets through "²" and numbers too big to compare.
        if raw and not (raw.isascii() and raw.isdigit() and len(raw) <= 3):
            self.data = None
            raise ValueError("Enter a number of weeks as a whole number, for example 2.")
        super().process_formdata(valuelist)


def parse_date(text: str | None) -> date:
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

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_surgery_date(self, field: Field) -> None:
        try:
            value = parse_date(field.data)
        except ValueError:
            raise ValidationError("Enter the date as year-month-day, for example 2026-03-14.")
        if value > self.today + timedelta(days=SURGERY_DAYS_AHEAD):
            raise ValidationError("That is more than a year ahead. Check the year.")
        if value < self.today - timedelta(days=round(SURGERY_YEARS_BACK * 365.25)):
            raise ValidationError("That is more than five years ago. Check the year.")
        field.parsed = value

    def _date_after_surgery(self, field: Field, too_early: str) -> date | None:
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

    def validate_pt_start_date(self, field: Field) -> None:
        self._date_after_surgery(field, "PT starts on or after the surgery date.")

    def validate_weight_bearing(self, field: Field) -> None:
        field.data = field.data or ""
        if field.data and field.data not in recovery_plan.WEIGHT_BEARING:
            raise ValidationError("Choose one of the listed instructions.")

    def validate_weight_bearing_until(self, field: Field) -> None:
        until = self._date_after_surgery(field, "The instruction ends on or after the surgery date.")
        code = self.weight_bearing.data if self.weight_bearing.data in recovery_plan.WEIGHT_BEARING else None
        problem = recovery_plan.weight_bearing_problem(
            code, until, getattr(self.surgery_date, "parsed", None), self.crutch_weeks.data
        )
        if problem:
            field.parsed = None
            raise ValidationError(problem)

    def validate_timezone(self, field: Field) -> None:
        field.data = (field.data or "").strip()
        if not clock.is_valid_timezone(field.data):
            raise ValidationError("Choose a time zone from the list, for example Europe/London.")

    def plan(self) -> recovery_plan.Plan:

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
