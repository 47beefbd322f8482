"""The account's forms: register, sign in, and the recovery plan."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import Field
from wtforms.validators import DataRequired, Length, ValidationError

from journal.accounts import plan_rules, store as accounts
from journal.recovery import clock, names, plan as recovery_plan
from journal.web.fields import DateText


def _weeks_limits(allowed: tuple[int, int]) -> dict[str, bool | int]:
    low, high = allowed
    return {"required": True, "min": low, "max": high}


def display_name_rule(form: FlaskForm, field: Field) -> None:
    """Shown to the patient's PT: no line breaks, controls or bidi tricks."""
    if names.has_unsafe_character(field.data or ""):
        raise ValidationError(names.UNSAFE_MESSAGE)


def display_name_field() -> StringField:
    """The name a PT sees: one field for registering and for the account page."""
    return StringField(
        "Your first name (shown to your PT)",
        validators=[
            DataRequired("Enter a name your PT will recognise."),
            Length(max=accounts.DISPLAY_NAME_MAX_LENGTH, message="Use 60 characters or fewer."),
            display_name_rule,
        ],
    )


class ProfileForm(FlaskForm):
    display_name = display_name_field()


class RegisterForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            Length(max=accounts.EMAIL_MAX_LENGTH),
        ],
    )
    display_name = display_name_field()
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
    """A number of weeks, kept as typed: `plan_rules` reads it."""

    # The default is a number; what the patient posts stays text.
    data: int | str | None

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = valuelist[0] if valuelist else None


class PlanForm(FlaskForm):
    """The plan's fields as the page shows them. Their rules are
    `plan_rules.parse_plan`, which the JSON import applies too; the browser
    hints (`required`, `min`, `max`) follow the same limits."""

    procedure = StringField(
        "Procedure",
        default=recovery_plan.PROCEDURE_DEFAULT,
        render_kw={"required": True, "maxlength": plan_rules.PROCEDURE_MAX},
    )
    side = RadioField(
        "Which side",
        choices=[SelectChoice(value, label) for value, label in recovery_plan.SIDES.items()],
        validate_choice=False,
        render_kw={"required": True},
    )
    surgery_date = DateText("Surgery date", render_kw={"required": True})
    crutch_weeks = WeeksField(
        "Planned weeks on crutches",
        default=recovery_plan.CRUTCH_WEEKS_DEFAULT,
        render_kw=_weeks_limits(recovery_plan.CRUTCH_WEEKS_RANGE),
    )
    pt_start_date = DateText("PT start date (if you know it)")
    pt_weeks = WeeksField(
        "Planned weeks of physical therapy",
        default=recovery_plan.PT_WEEKS_DEFAULT,
        render_kw=_weeks_limits(recovery_plan.PT_WEEKS_RANGE),
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
        self.parsed_plan: recovery_plan.Plan | None = None

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        fields = {name: self[name].raw_data[0] if self[name].raw_data else ""
                  for name in plan_rules.FIELDS}
        assert self.today is not None  # the views always pass `today`
        self.parsed_plan, problems = plan_rules.parse_plan(fields, self.today)
        for name, message in problems.items():
            self[name].errors.append(message)
        return valid and not problems

    def validate_timezone(self, field: Field) -> None:
        field.data = (field.data or "").strip()
        if not clock.is_valid_timezone(field.data):
            raise ValidationError("Choose a time zone from the list, for example Europe/London.")

    def plan(self) -> recovery_plan.Plan:
        assert self.parsed_plan is not None  # called once `validate()` has passed
        return self.parsed_plan
