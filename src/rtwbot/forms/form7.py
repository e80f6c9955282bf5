"""What the Form 7 needs beyond the report: the worker from HR's roster, the employer's
WSIB details, the "not known yet and why" statement, and the eForm 7 worksheet (pure).

The worker section is personal data: ``rtwbot.workflow.documents`` blanks it in every copy
but HR's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from rtwbot.forms.values import as_date as _as_date
from rtwbot.forms.values import format_hours
from rtwbot.forms.values import text as _text
from rtwbot.forms.wsib_form7 import FORM7, SECTIONS
from rtwbot.intake.past_dates import calendar_date

if TYPE_CHECKING:
    from rtwbot.forms.registry import FormTemplate

WORKER_KEYS = (
    "on_roster", "date_of_birth", "address", "city", "province", "postal_code", "phone",
    "language", "date_of_hire", "time_in_position", "hourly_rate", "regular_rate",
    "full_part_time", "permanent_casual", "schedule", "schedule_kind", "hours_per_week",
    "from_report",
)
EMPLOYER_KEYS = ("legal_name", "trade_name", "trade_legal_name", "classification",
                 "rate_group", "business_activity", "phone", "fax", "pay_period",
                 "vacation_pay")
_FULL_PART = {"full_time": "Full time", "part_time": "Part time"}
# The roster's own words, trimmed (in WORKER_KEYS' order).
_AS_GIVEN = ("date_of_birth", "address", "city", "province", "postal_code", "phone",
             "language", "date_of_hire")
# What the supervisor's report itself says of the worker (question key -> worker key): the
# report's own answers win over the roster (HR's `/rtw employment` writes them too).
FROM_REPORT = (("born_on", "date_of_birth"), ("hired_on", "date_of_hire"))


def time_between(start: date | None, end: date | None) -> str | None:
    """ "7 years 2 months", "3 months", "12 days"."""
    if start is None or end is None or end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    years, months = divmod(months, 12)
    if years == 0 and months == 0:
        days = (end - start).days
        return f"{days} day{'s' if days != 1 else ''}"
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " ".join(parts)


def _schedule_kind(schedule: str | None) -> str | None:
    if not schedule:
        return None
    low = schedule.lower()
    if "rotat" in low or "shift" in low:
        return "rotating"
    if any(w in low for w in ("varied", "varies", "irregular", "as needed", "on call")):
        return "varied"
    return "regular"


def worker_context(row: Mapping[str, Any] | None, occurred_on: Any,
                   answers: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The Form 7's personal and pay facts of the worker (every key present; None when
    unknown): HR's roster, and the dates the report itself gives. ``from_report`` names the
    keys the reporting supervisor gave (they may read those back; the roster's are HR's)."""
    answers = answers or {}
    reported = {key: _iso(answers.get(question)) for question, key in FROM_REPORT}
    reported = {k: v for k, v in reported.items() if v}
    if not row:
        return ({key: None for key in WORKER_KEYS} | {"on_roster": False}
                | reported | {"from_report": sorted(reported)})
    since = _as_date(row.get("position_start")) or _as_date(row.get("date_of_hire"))
    rate = row.get("hourly_rate")
    schedule = _text(row.get("schedule"))
    tenure = _text(row.get("permanent_casual"))
    return {
        "on_roster": True,
        **{key: _text(row.get(key)) for key in _AS_GIVEN},
        **reported,
        "time_in_position": time_between(since, _as_date(occurred_on)),
        "hourly_rate": None if rate is None else f"{float(rate):.2f}",
        "regular_rate": None if rate is None else f"${float(rate):,.2f} per hour",
        "full_part_time": _FULL_PART.get(str(row.get("full_part_time"))),
        "permanent_casual": tenure.capitalize() if tenure else None,
        "schedule": schedule,
        "schedule_kind": _schedule_kind(schedule),
        "hours_per_week": format_hours(row.get("hours_per_week")),
        "from_report": sorted(reported),
    }


def _iso(value: Any) -> str | None:
    day = calendar_date(value)  # kept as typed ("March 4, 2019"), read as a date
    return day.isoformat() if day else None


def employer_context(employer: Mapping[str, Any]) -> dict[str, Any]:
    """The employer's WSIB details beyond name, address and firm number."""
    legal, trade = _text(employer.get("legal_name")), _text(employer.get("trade_name"))
    name = _text(employer.get("name"))
    both = [n for n in dict.fromkeys((trade or name, legal or name)) if n]
    return {
        "legal_name": legal or name,
        "trade_name": trade or name,
        "trade_legal_name": " / ".join(both) or None,
        **{key: _text(employer.get(key)) for key in EMPLOYER_KEYS[3:]},
    }


# --- not known yet, and why ----------------------------------------------------------------
_UNKNOWN_ANSWERS = (
    ("health_care", "Whether the worker received health care beyond first aid",
     "the supervisor did not know when reporting; HR is confirming it with the worker"),
    ("absent", "Whether the worker was absent after the day of the accident",
     "not known when reported; HR is confirming it with the supervisor"),
    ("lower_pay", "Whether the worker is earning less than regular pay",
     "not known when reported; HR is checking payroll"),
)
_WORKER_FACTS = (("date_of_birth", "date of birth"), ("address", "address"),
                 ("phone", "telephone"), ("language", "preferred language"),
                 ("date_of_hire", "date of hire"), ("regular_rate", "regular rate of pay"),
                 ("schedule", "work schedule"))


def not_known_lines(context: Mapping[str, Any]) -> list[str]:
    """What the report does not have yet, why, and what is being done to get it."""
    case = context.get("case") or {}
    worker = context.get("worker") or {}
    employee = context.get("employee") or {}
    lines = []
    for key, what, why in _UNKNOWN_ANSWERS:
        if case.get(key) == "unknown":
            lines.append(f"{what}: {why}.")
    if case.get("occurred_on") and not case.get("occurred_time"):
        lines.append("The hour of the accident: the supervisor knew only the date.")
    if case.get("fatality") == "unknown" and case.get("critical_injury") == "yes":
        lines.append("Whether the critical injury was a death: not known when reported; HR "
                     "confirms it before ticking Fatality.")
    for part in case.get("body_parts_unsided") or ():
        lines.append(f"Which side ({part}): the report does not say; HR confirms it with the "
                     "worker.")
    if not employee.get("name_source"):
        reported = employee.get("name")
        lines.append("The worker's last and first name: not on HR's roster and not in their "
                     "Slack profile" + (f" (reported as {reported})" if reported else "")
                     + "; HR completes them from the personnel file.")
    if employee.get("union_covered") == "unknown":
        lines.append("Union coverage: not on HR's roster, and the directory names no "
                     "bargaining unit for the division; HR completes it.")
    if not worker.get("on_roster"):
        lines.append("The worker's personal and pay details: the worker is not on HR's roster "
                     "in rtwbot; HR completes them from the personnel file.")
    else:
        missing = [label for key, label in _WORKER_FACTS if not worker.get(key)]
        if missing:
            lines.append(f"The worker's {', '.join(missing)}: not in HR's roster; HR completes "
                         "them from the personnel file.")
    if case.get("late_reason"):
        lines.append("Why the report is late: what rtwbot knows is under \"If reported late, "
                     "why\"; HR adds any other reason.")
    lines.append("Health care date, provider and facility: not reported to the employer yet; "
                 "the worker has been given the Functional Abilities Form for their health "
                 "professional.")
    lines.append("Social insurance number: rtwbot does not store it; HR adds it when filing.")
    return lines


# --- the eForm 7 worksheet ------------------------------------------------------------------
def _checkbox_caption(label: str | None) -> str:
    text = label or ""
    for mark in ("? ", ": "):
        if mark in text:
            text = text.rsplit(mark, 1)[1]
    return text


def worksheet_rows(report: FormTemplate, context: Mapping[str, Any]) -> list[dict[str, str]]:
    """One row per WSIB field, in the order the eForm 7 asks, with the value to key in (or
    who completes it, and why it is blank)."""
    from rtwbot.forms.fill import field_values  # the same values the report PDF shows

    values = field_values(report, context)
    rows = []
    for wsib in FORM7:
        specs = [s for s in report.fields.values() if s.wsib == wsib.id]
        shown = []
        for spec in specs:
            value = values.get(spec.name)
            if spec.type == "checkbox":
                if value not in (None, "", False, "/Off"):
                    shown.append(_checkbox_caption(spec.label))
            elif spec.path and value not in (None, ""):
                shown.append(str(value))
        if wsib.id == "A.sin":
            value = "HR adds it (rtwbot never stores a social insurance number)"
        elif wsib.id == "C.late_reason" and not shown:  # not late when the forms were made
            value = "Only if it reaches the WSIB late: HR says why"
        elif shown:
            value = " · ".join(dict.fromkeys(shown))
        else:
            value = f"HR completes: {wsib.why}" if wsib.why else "HR completes"
        rows.append({"section": f"{wsib.section}. {SECTIONS[wsib.section]}",
                     "label": wsib.label, "value": value})
    return rows
