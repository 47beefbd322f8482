"""The summary: pain trends, figures and the plan over a range the patient chooses."""

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from journal.recovery.plan import Plan
from journal.summary import (
    brief, charts, daily_life, data as summary_data, date_ranges, measures as summary_measures,
    sparkline,
)
from journal.web import patient
from journal.web.db import get_db
from journal.web.patient import plan_required

bp = Blueprint("summary", __name__)

# The charts are drawn while the page renders; the share page uses them too.
bp.add_app_template_global(charts.location_chart, "location_chart")
bp.add_app_template_global(charts.together_chart, "together_chart")
bp.add_app_template_global(charts.legend_swatch, "legend_swatch")
bp.add_app_template_global(charts.session_swatch, "session_swatch")
bp.add_app_template_global(charts.together_legend, "together_legend")
bp.add_app_template_global(sparkline.sparkline, "sparkline")
bp.add_app_template_global(brief.about_the_patient, "about_the_patient")
bp.add_app_template_global(daily_life.lines, "daily_life_lines")


@bp.route("/summary")
@login_required
@plan_required
def index(plan: Plan) -> ResponseReturnValue:
    account = current_user.account
    today = patient.today()
    day_range, errors = date_ranges.parse_range(request.args, today, plan.surgery_date)
    values = {
        "range": request.args.get("range", date_ranges.DEFAULT_RANGE),
        "start": request.args.get("start", "")[:10],
        "end": request.args.get("end", "")[:10],
    }
    if errors:
        return (
            render_template(
                "summary/index.html", report=None, errors=errors, values=values, today=today,
                choices=date_ranges.RANGE_CHOICES,
            ),
            400,
        )
    report = summary_data.patient_summary(
        get_db(), account.id, day_range, today, plan=plan,
        from_recovery=values["range"] in date_ranges.PRESET_CHOICES,
    )
    return render_template(
        "summary/index.html", report=report, errors={}, values=values, today=today,
        choices=date_ranges.RANGE_CHOICES, patient_name=account.display_name,
        measures=summary_measures.read(get_db(), account.id, plan, report.range),
        brief=brief.for_summary(report, brief.Voice()),
    )
