"""Jinja filters and globals: how codes and dates read on the page."""

from flask import current_app, request, url_for
from markupsafe import Markup

from journal.checkins import days as daily, form as checkin_form
from journal.recovery import locations, warning_signs
from journal.recovery.formatting import long_date, plural, short_date

NAV = [
    ("today.index", "Today"),
    ("history.index", "History"),
    ("timeline.index", "Timeline"),
    ("summary.index", "Summary"),
    ("share.index", "Share"),
    ("account.index", "Account"),
]

ANCHORS = {0: "no pain", 10: "worst pain imaginable"}


def anchor(intensity):
    return ANCHORS.get(intensity, daily.band(intensity))


NOT_LOGGED_CELL = (
    '<td><span class="visually-hidden">not logged</span><span aria-hidden="true">–</span></td>'
)
SURGERY_TAG = ' <span class="tag">surgery</span>'
SESSION_TAG = ' <span aria-hidden="true">▲</span><span class="visually-hidden">PT session</span>'


def daily_rows(daily, markers, session_days, first=0, stop=None):
    """The summary's daily table body: a row per day (`summary.daily_table`),
    the day tagged with surgery and PT sessions, then "worst / average" for
    each place or "not logged". Built here as one string rather than written
    value by value by the page (a month is 150 cells); dates and numbers
    only, nothing to escape. `first` and `stop` pick the places of one table
    when the page splits many places over several; a day with none of them
    logged has no row there."""
    sessions = set(session_days)
    whole = first == 0 and stop is None
    rows = []
    for day, cells in daily:
        if not whole:
            cells = cells[first:stop]
            if not any(cells):
                continue
        tags = (SURGERY_TAG if markers.get(day) == "Surgery" else "") + (
            SESSION_TAG if day in sessions else "")
        rows.append(f'<tr><th scope="row">{short_date(day)}{tags}</th>' + "".join([
            f"<td>{cell[0]:d} / {cell[1]:.1f}</td>" if cell else NOT_LOGGED_CELL for cell in cells
        ]) + "</tr>")
    return Markup("\n".join(rows))


def with_id(url, record_id):
    """`url`, built once for record 0, for the record `record_id`: a list
    builds one URL, not one per row. Only the part after the mount point
    changes, so a prefix like /0/ stays as it is."""
    root = request.script_root
    return root + url[len(root):].replace("/0/", f"/{int(record_id)}/", 1)


# Cached URLs per mount point: few in practice; the cap keeps a stream of odd
# SCRIPT_NAMEs from a misconfigured proxy from growing them without end.
MOUNT_POINTS_KEPT = 16


def init_app(app):
    app.add_template_filter(lambda code, other="": locations.label(code, other), "location_label")
    app.add_template_filter(lambda code: checkin_form.CONTEXTS.get(code, code), "context_label")
    app.add_template_filter(warning_signs.label, "warning_label")
    app.add_template_filter(daily.band, "band")
    app.add_template_filter(anchor, "anchor")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(plural, "plural")
    app.add_template_global(daily_rows, "daily_rows")
    app.add_template_filter(with_id, "with_id")

    build_url = app.jinja_env.globals["url_for"]
    fixed_urls = {}

    def url_for_page(endpoint, **values):
        """Templates' `url_for`: a page without arguments (and not relative to
        the blueprint) has one URL per mount point, built once instead of on
        every page that links to it (ten times on Today). So has a static
        file, whose fingerprint a server works out once (`static_files`);
        with `--debug` its URL is built every time."""
        if endpoint == "static" and values.keys() == {"filename"} and not app.debug:
            key = (request.script_root, endpoint, values["filename"])
        elif values or endpoint.startswith("."):
            return build_url(endpoint, **values)
        else:
            key = (request.script_root, endpoint)
        url = fixed_urls.get(key)
        if url is None:
            if len(fixed_urls) > MOUNT_POINTS_KEPT * len(app.view_functions):
                fixed_urls.clear()
            url = fixed_urls[key] = build_url(endpoint, **values)
        return url

    app.jinja_env.globals["url_for"] = url_for_page

    nav_urls = {}

    @app.context_processor
    def navigation():
        # Only pages that exist in this build; a feature adds itself to NAV.
        # The URLs are built once per mount point, not on every page.
        root = request.script_root
        if root not in nav_urls:
            if len(nav_urls) >= MOUNT_POINTS_KEPT:
                nav_urls.clear()
            views = current_app.view_functions
            nav_urls[root] = [(e, label, url_for(e)) for e, label in NAV if e in views]
        return {"nav_items": nav_urls[root]}
