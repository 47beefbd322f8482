"""Share links: the patient creates, lists and revokes them; a PT opens one
with no account and sees the read-only summary."""

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import Field
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from journal.data import calendar_ids, exports, fhir, store as journal_data
from journal.measures import store as measures
from journal.recovery import clock, names
from journal.recovery.numbers import whole_number
from journal.sharing import links as share_links
from journal.summary import brief, data as summary_data, date_ranges, measures as summary_measures
from journal.web import errors, patient, rate_limits
from journal.web.db import get_db
from journal.web.fields import DateText
from journal.web.patient import download, legacy_calendar_uid

bp = Blueprint("share", __name__)

REFUSALS = {
    share_links.UNKNOWN: (
        404,
        "This link doesn’t work",
        "Check that the whole link was copied. If it still doesn’t open, ask the patient "
        "for a new link.",
    ),
    share_links.REVOKED: (
        410,
        "This link has been turned off",
        "The patient stopped sharing with this link. Ask them for a new link if you still "
        "need to see their summary.",
    ),
    share_links.EXPIRED: (
        410,
        "This link has expired",
        "Share links stop working after the time the patient chose. Ask them for a new link.",
    ),
}


@bp.after_request
def keep_links_private(response: Response) -> Response:
    # A share URL is the key to a patient's summary: never send it on as a
    # Referer, never let a search engine keep it, never cache the page.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


class DaysField(IntegerField):
    """A whole number of days; anything else is None, for the field's own rule
    to explain (and ignored when the field doesn't apply)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0].strip() if valuelist else ""
        self.data = whole_number(raw, 6)


def _clean_label(text: str | None) -> str:
    return " ".join((text or "").split())


class ShareLinkForm(FlaskForm):
    label = StringField(
        "Who is it for?",
        filters=[_clean_label],
        validators=[
            DataRequired("Give the link a name, for example “Hip PT — Ana”."),
            Length(
                max=share_links.LABEL_MAX,
                message=f"Use {share_links.LABEL_MAX} characters or fewer.",
            ),
        ],
    )
    range_kind = RadioField(
        "What it shows",
        choices=[
            SelectChoice("last_days", "Always the last N days"),
            SelectChoice("fixed", "Fixed dates"),
        ],
        default="last_days",
        validators=[InputRequired("Choose what the link shows.")],
    )
    last_days = DaysField("Number of days (N)", default=share_links.LAST_DAYS_DEFAULT)
    range_start = DateText("First day")
    range_end = DateText("Last day")
    expires_days = DaysField(
        "Link works for (days)",
        default=share_links.EXPIRY_DAYS_DEFAULT,
        validators=[
            NumberRange(
                *share_links.EXPIRY_DAYS_RANGE,
                message="Enter how many days the link works, from 1 to 90.",
            ),
        ],
    )

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fixed_range: date_ranges.DateRange | None = None

    def validate_label(self, field: Field) -> None:
        if names.has_unsafe_character(field.data or ""):
            raise ValidationError(names.UNSAFE_MESSAGE)

    def validate_last_days(self, field: Field) -> None:
        if self.range_kind.data != "last_days":
            return
        low, high = share_links.LAST_DAYS_RANGE
        if field.data is None or not low <= field.data <= high:
            raise ValidationError(f"Enter a number of days from {low} to {high}.")

    def validate_range_start(self, field: Field) -> None:
        if self.range_kind.data != "fixed":
            return
        try:
            self._start = date_ranges.parse_date(field.data)
        except ValueError:
            raise ValidationError("Enter the first day as year-month-day, for example 2026-03-01.")

    def validate_range_end(self, field: Field) -> None:
        if self.range_kind.data != "fixed":
            return
        try:
            end = date_ranges.parse_date(field.data)
        except ValueError:
            raise ValidationError("Enter the last day as year-month-day, for example 2026-03-14.")
        start = getattr(self, "_start", None)
        if start is None:
            return
        assert self.today is not None  # the views always pass `today`
        self.fixed_range, errors = date_ranges.check_range(start, end, self.today, "end")
        if errors:
            raise ValidationError(errors["end"])

    def link_input(self) -> share_links.LinkInput:
        """The new link; only for a form that validated, which set these."""
        fixed = self.range_kind.data == "fixed"
        fixed_range = self.fixed_range
        assert self.expires_days.data is not None and (not fixed or fixed_range is not None)
        return share_links.LinkInput(
            label=self.label.data,
            range_kind=self.range_kind.data,
            expires_days=self.expires_days.data,
            last_days=None if fixed else self.last_days.data,
            range_start=fixed_range.start if fixed_range and fixed else None,
            range_end=fixed_range.end if fixed_range and fixed else None,
        )


def _render_index(form: FlaskForm, status: int = 200) -> ResponseReturnValue:
    account = current_user.account
    links = share_links.list_links(get_db(), account.id)
    now = clock.utc_now()
    return (
        render_template(
            "sharing/index.html",
            form=form,
            links=[(link, share_links.status(link, now)) for link in links],
            can_undo_revoke=lambda link: share_links.can_undo_revoke(link, now),
            describe_range=share_links.describe_range,
            local=lambda instant: clock.local_now(clock.parse_iso(instant), account.timezone),
        ),
        status,
    )


@bp.route("/share")
@login_required
def index() -> ResponseReturnValue:
    return _render_index(ShareLinkForm(today=patient.today()))


@bp.route("/share", methods=["POST"])
@login_required
def create() -> ResponseReturnValue:
    form = ShareLinkForm(today=patient.today())
    if not form.validate_on_submit():
        return _render_index(form, status=422)
    link_id, token = share_links.create_link(
        get_db(), current_user.account.id, form.link_input(), clock.utc_now()
    )
    account = current_user.account
    link = share_links.get_link(get_db(), account.id, link_id)
    assert link is not None  # created just now, by this patient
    url = url_for("share.view", token=token, _external=True)
    # Shown in this response only: the token is not stored, so there is no
    # page to come back to, and nothing to leak from a redirect or a log.
    return (
        render_template(
            "sharing/created.html",
            url=url,
            qr_code=qr_svg(url),
            link=link,
            describe_range=share_links.describe_range,
            expires=clock.local_now(clock.parse_iso(link["expires_at"]), account.timezone),
        ),
        201,
    )


def qr_svg(url: str) -> Markup:
    """The link as an SVG QR code to scan in the clinic, with its text alternative.
    The white quiet zone is drawn in the SVG itself (`light`), not left to the
    page: a browser's automatic dark mode darkens a CSS background to near
    black, and a scanner then finds no edge around the black modules."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, svgclass="qr", lineclass=None, omitsize=True, title=None, light="#fff"
    )
    return Markup(
        svg.replace(
            "<svg ",
            '<svg role="img" aria-label="QR code of the share link" focusable="false" ',
            1,
        )
    )


@bp.route("/share/<int:link_id>/revoke", methods=["POST"])
@login_required
def revoke(link_id: int) -> ResponseReturnValue:
    link = _own_link(link_id)
    share_links.revoke_link(get_db(), current_user.account.id, link_id, clock.utc_now())
    flash(
        f"“{link['label']}” is turned off. Anyone opening it now is told to ask you "
        "for a new link. Tapped it by mistake? Undo it below within 10 minutes.",
        "success",
    )
    return redirect(url_for("share.index"), 303)


@bp.route("/share/<int:link_id>/undo-revoke", methods=["POST"])
@login_required
def undo_revoke(link_id: int) -> ResponseReturnValue:
    link = _own_link(link_id)
    if not share_links.undo_revoke(get_db(), current_user.account.id, link_id, clock.utc_now()):
        flash(f"“{link['label']}” stays off: a link can be turned back on only in the "
              "10 minutes after revoking it. Create a new link instead.", "error")
        return redirect(url_for("share.index"), 303)
    flash(f"“{link['label']}” works again, until the date it had before.", "success")
    return redirect(url_for("share.index"), 303)


def _own_link(link_id: int) -> dict[str, Any]:
    """The signed-in patient's share link, or 404 (another patient's looks like none)."""
    link = share_links.get_link(get_db(), current_user.account.id, link_id)
    if link is None:
        abort(404)
    return link


def open_link(token: str) -> tuple[dict[str, Any], datetime]:
    """The share link for `token` and the moment it is opened, or abort with
    the friendly refusal page.

    A valid link always opens: a clinic's patients and staff share one
    address, and other people's mistyped links must never lock out a PT with
    a good one. Only unknown tokens count against the address's guess limit
    (revoked and expired links say so and don't count); once it is reached,
    unknown tokens get a 429 instead of a 404 until the window passes."""
    db = get_db()
    now = clock.utc_now()
    link, reason = share_links.resolve(db, token, now)
    if link is not None:
        return link, now
    if reason == share_links.UNKNOWN:
        limits = [rate_limits.Limit(
            f"share-ip:{request.remote_addr}", _guess_limit(), share_links.GUESS_WINDOW_SECONDS
        )]
        errors.reserve_or_refuse(db, limits, now, lambda wait: render_template(
            "sharing/unavailable.html",
            title="Too many tries",
            message="Too many links that don't work were opened from this network. "
            f"{errors.try_again_in(wait)} Or ask the patient for a new link.",
        ))
    assert reason is not None  # `resolve` gives a reason whenever there is no link
    abort(_refused(*REFUSALS[reason]))


@bp.route("/s/<token>")
def view(token: str) -> ResponseReturnValue:
    """The PT's read-only summary: no account, no links into the patient's journal."""
    link, now = open_link(token)
    db = get_db()
    last_look = share_links.previous_look(link)
    if request.method == "GET":
        last_look = share_links.record_view(db, link["id"], now)
    today = clock.local_today(now, link["timezone"])
    day_range = share_links.link_range(link, today)
    # A share shows nothing dated outside its range (SECURITY.md); "the last
    # N days" start no earlier than surgery, like the patient's own presets.
    report = summary_data.patient_summary(
        db, link["user_id"], day_range, today,
        from_recovery=link["range_kind"] == "last_days", within_range=True,
    )
    since = None
    if last_look is not None:
        since = brief.since_last_look(
            last_look, clock.local_today(last_look, link["timezone"]), report.recorded,
            report.series, report.range.start, report.prompts,
        )
    return render_template(
        "sharing/view.html",
        token=token,
        report=report,
        brief=brief.for_summary(report, brief.Voice(link["display_name"]), since),
        last_look=clock.local_now(last_look, link["timezone"]) if last_look else None,
        patient_name=link["display_name"],
        range_label=share_links.describe_range(link),
        measures=summary_measures.read(db, link["user_id"], report.plan, report.range),
        expires=clock.local_now(clock.parse_iso(link["expires_at"]), link["timezone"]),
    )


def _guess_limit() -> int:
    return current_app.config.get("SHARE_GUESS_LIMIT_PER_IP", share_links.GUESS_LIMIT_PER_IP)


def _refused(status: int, title: str, message: str) -> Response:
    return make_response(
        render_template("sharing/unavailable.html", title=title, message=message), status
    )


def _shared_download(
    token: str, size_bound: Callable[[dict[str, int], dict[str, Any]], int]
) -> tuple[dict[str, Any], Iterator[dict[str, Any]], date_ranges.DateRange]:
    """The link, its range and its check-ins (a stream) for a PT download,
    or abort with the refusal page: too many downloads from this link or
    this network, or more than the configured cap.

    A download doesn't count as a view of the summary. Each one counts
    against the link and the IP, so a leaked link can't be used to pull the
    same journal over and over; the cap is checked before a byte is sent, so
    a PT never gets a file cut off half-way.
    """
    link, now = open_link(token)
    db = get_db()
    config = current_app.config
    window = share_links.GUESS_WINDOW_SECONDS
    limits = [
        rate_limits.Limit(f"share-download-link:{link['id']}",
                          config["SHARE_DOWNLOADS_PER_LINK"], window),
        rate_limits.Limit(f"share-download-ip:{request.remote_addr}",
                          config["SHARE_DOWNLOADS_PER_IP"], window),
    ]
    errors.reserve_or_refuse(db, limits, now, lambda wait: render_template(
        "sharing/unavailable.html",
        title="Too many downloads",
        message="This link's files were downloaded many times in a few minutes. "
        f"{errors.try_again_in(wait)}",
    ))
    day_range = share_links.link_range(link, clock.local_today(now, link["timezone"]))
    measure = journal_data.download_measure(db, link["user_id"], day_range.start, day_range.end)
    cap = config["SHARE_DOWNLOAD_MAX_BYTES"]
    if size_bound(measure, link) > cap:
        abort(_refused(
            422,
            "This download is too large",
            f"The readings for these dates would make a file of more than "
            f"{cap / (1024 * 1024):g} MB, the most a share link sends. Ask the patient for a "
            "link with a shorter date range.",
        ))
    found = journal_data.stream_checkins(get_db, link["user_id"], day_range.start, day_range.end)
    return link, found, day_range


@bp.route("/s/<token>/export.csv")
def download_csv(token: str) -> ResponseReturnValue:
    """The shared range's pain readings as CSV, for the PT."""
    _, found, day_range = _shared_download(
        token, lambda measure, link: exports.csv_size_bound(measure)
    )
    return download(
        exports.readings_csv_chunks(found),
        exports.CSV_MIMETYPE,
        f"recovery-journal-pain-{day_range.start}-to-{day_range.end}.csv",
    )


@bp.route("/s/<token>/fhir.json")
def download_fhir(token: str) -> ResponseReturnValue:
    """The shared range as a FHIR R4 bundle, for the PT's clinic system."""
    link, found, day_range = _shared_download(
        token, lambda measure, link: fhir.bundle_size_bound(measure, link["display_name"])
    )
    journal_uid = calendar_ids.ensure(
        get_db(), link["user_id"], legacy_calendar_uid(link["user_id"])
    )["uid"]
    return download(
        fhir.pain_bundle_chunks(found, clock.utc_now(), link["display_name"], journal_uid,
                                measures.ratings(get_db(), link["user_id"], day_range.start,
                                                 day_range.end)),
        "application/fhir+json",
        f"recovery-journal-fhir-{day_range.start}-to-{day_range.end}.json",
    )
