"""Jinja filters and globals: how codes and dates read on the page."""

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from journal.checkins import days as daily, form as checkin_form
from journal.recovery import locations, warning_signs
from journal.recovery.formatting import long_date, month_year, plural, short_date

NAV = [
    ("today.index", "Today"),
    ("history.index", "History"),
    ("timeline.index", "Timeline"),
    ("summary.index", "Summary"),
    ("share.index", "Share"),
    ("account.index", "Account"),
]

# Pages outside the navigation's own blueprints, and the link that is their
# section: the navigation marks it (aria-current="true") while they are open.
SECTIONS = {
    "checkins": "today.index",
    "prompts": "today.index",
    "milestones": "timeline.index",
    "plan": "account.index",
    "data": "account.index",
}

# A PT's account has no journal: its own pages only.
CLINICIAN_NAV = [
    ("pt.caseload", "Caseload"),
    ("pt.code", "Connect code"),
    ("account.index", "Account"),
]

ANCHORS = {0: "no pain", 10: "worst pain imaginable"}


def anchor(intensity: int) -> str:
    return ANCHORS.get(intensity, daily.band(intensity))


def on_operated_side(code: str, operated_side: str) -> bool:
    """Whether a place is on the side the plan says was operated on
    ("left", "right" or "both"; "" without a plan): History marks it, as the
    summary does, so a tap on the other side stands out."""
    location = locations.BY_CODE.get(code)
    if location is None or not location.side or not operated_side:
        return False
    return operated_side == "both" or location.side == operated_side


def with_id(url: str, record_id: int | str) -> str:
    """`url`, built once for record 0, for the record `record_id`: a list
    builds one URL, not one per row. Only the part after the mount point
    changes, so a prefix like /0/ stays as it is."""
    root = request.script_root
    return root + url[len(root):].replace("/0/", f"/{int(record_id)}/", 1)


def init_app(app: Flask) -> None:
    app.add_template_filter(lambda code, other="": locations.label(code, other), "location_label")
    app.add_template_filter(lambda code: checkin_form.CONTEXTS.get(code, code), "context_label")
    app.add_template_filter(warning_signs.label, "warning_label")
    app.add_template_filter(daily.band, "band")
    app.add_template_filter(anchor, "anchor")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(short_date, "short_date")
    app.add_template_filter(month_year, "month_year")
    app.add_template_filter(plural, "plural")
    app.add_template_filter(with_id, "with_id")
    app.add_template_filter(on_operated_side, "on_operated_side")

    @app.context_processor
    def navigation() -> dict[str, list[tuple[str, str, str]] | str]:
        # Only pages that exist in this build; a feature adds itself to NAV.
        views = current_app.view_functions
        account = getattr(current_user, "account", None)
        nav = CLINICIAN_NAV if account is not None and account.is_clinician else NAV
        return {
            "nav_items": [(e, label, url_for(e)) for e, label in nav if e in views],
            "nav_section": nav_section(request.endpoint or ""),
        }


def nav_section(endpoint: str) -> str:
    """The navigation link whose section the page `endpoint` is in."""
    blueprint = endpoint.partition(".")[0]
    return SECTIONS.get(blueprint, f"{blueprint}.index")
