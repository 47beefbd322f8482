"""The PT's forms (registering, a note) and the patient's connect form."""

import unicodedata

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.fields.core import Field
from wtforms.validators import DataRequired, Length, ValidationError

from journal.accounts.forms import RegisterForm, display_name_rule
from journal.clinicians import codes, store as clinicians
from journal.recovery import names

CODE_MESSAGE = (
    "That code doesn’t match a PT. Check it with your PT: it is 12 letters and numbers, "
    "like ABCD-EFGH-JKLM."
)


def _strip(text: str | None) -> str:
    return (text or "").strip()


class ClinicianRegisterForm(RegisterForm):
    """A PT's account: the patient's registration, with the clinic's name."""

    clinic = StringField(
        "Clinic name (shown to your patients)",
        filters=[_strip],
        validators=[
            DataRequired("Enter the name of your clinic or practice."),
            Length(max=clinicians.CLINIC_MAX_LENGTH,
                   message=f"Use {clinicians.CLINIC_MAX_LENGTH} characters or fewer."),
            display_name_rule,
        ],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.display_name.label.text = "Your name (shown to your patients)"


class ConnectForm(FlaskForm):
    code = StringField(
        "Your PT’s connect code",
        validators=[DataRequired("Enter the code your PT gave you.")],
        render_kw={"autocapitalize": "characters", "spellcheck": "false", "maxlength": 20},
    )

    def validate_code(self, field: Field) -> None:
        code = codes.normalise(field.data)
        if code is None:
            raise ValidationError(CODE_MESSAGE)
        field.data = code


class ConfirmForm(FlaskForm):
    code = HiddenField()


def _plain_text(form: FlaskForm, field: Field) -> None:
    """Line breaks are fine in a note; other controls and bidi tricks are not."""
    text = (field.data or "").replace("\r", "").replace("\n", "").replace("\t", "")
    if names.has_unsafe_character(text) or any(unicodedata.category(c) == "Cs" for c in text):
        raise ValidationError("The note has an invisible control character. Type it again without "
                              "copying and pasting.")


class NoteForm(FlaskForm):
    body = TextAreaField(
        "Note to the patient",
        filters=[lambda text: (text or "").strip().replace("\r\n", "\n")],
        validators=[
            DataRequired("Write the note first."),
            Length(max=clinicians.NOTE_MAX_LENGTH,
                   message=f"Keep the note to {clinicians.NOTE_MAX_LENGTH:,} characters or fewer."),
            _plain_text,
        ],
        render_kw={"rows": 4, "maxlength": clinicians.NOTE_MAX_LENGTH},
    )
