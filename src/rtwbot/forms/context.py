"""The form context: one plain nested dict that every template's field map points into.

``build_form_context(case, employer=..., people=..., plan=..., today=...)`` returns::

    {
      "today": "2026-11-20",                      # the day the forms are prepared
      "case": {
        "reference": "RTW-2026-0007",
        "kind": "work_injury" | "work_illness" | "non_occupational",
        "kind_label": "Work injury" | "Work illness" | "Non-occupational injury or illness",
        "is_work_related": bool,
        "filed_on": "2026-11-19" | None,
        "form7_due": "2026-11-23" | None,
        "late_reason": str | None,  # Form 7 already late: when the employer learned what
        "occurred_on": "2026-11-18" | None,  "occurred_time": "14:30" | None,
        "learned_on": "2026-11-18" | None,   "learned_time": "15:05" | None,
        "location": str | None,
        "description": str | None,
        "body_parts": "left wrist, lower back" | None,   # joined for display
        "body_parts_list": [str],
        "witnesses": str | None,
        "health_care": "yes" | "no" | "unknown",
        "absent": "yes" | "no" | "unknown",       # absent after the day/shift of injury
        "lower_pay": "yes" | "no" | "unknown",
        "lost_time": "yes" | "no" | "unknown",    # absent, lower pay or reduced-pay modified work
        "modified_work": "none" | "regular_pay" | "reduced_pay" | None,
        "modified_work_offered": "yes" | "no" | "unknown",
      },
      "employee": {
        "name": str | None, "employee_number": str | None,
        "job_title": str | None, "division": str | None,
        "hours_per_week": "37.5" | None,          # shown without a trailing ".0"
      },
      "supervisor": {"name": str | None},
      "hr": {"name": str | None},
      "union": {"name": str | None},
      "employer": {
        "name": str | None, "address": str | None (one line),
        "wsib_firm_number": str | None,
        "twenty_or_more_workers": bool | None,
      },
      "plan": None | {
        "option": str | None,
        "participants": [{"role": str, "role_label": str, "name": str}],
        "agreements": [{"role": str, "name": str, "at": str}],
        "restrictions": [str], "duties": [str],
        "hours": str | None,                       # hours per day and how they increase
        "start": "2026-11-23" | None, "end": "2026-12-18" | None,
        "review_dates": ["2026-11-30", ...],
        "review_dates_text": "2026-11-30, 2026-12-07",
        "pay_rule": str | None,
      },
    }

Dates are shown as ``YYYY-MM-DD`` and times as ``HH:MM`` (24 h), in the time zone the case
recorded them in. Values the case does not have are ``None`` (a blank on the form); the keys
are always present so a field map with a typo fails loudly instead of leaving a blank.

Privacy: the context carries what the employer may know. There is no diagnosis key, and a
template must not invent one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from rtwbot.domain import wsib_terms
from rtwbot.domain.moment import Moment
from rtwbot.forms.form7 import employer_context, not_known_lines, worker_context
from rtwbot.forms.form7_facts import (
    checklist,
    fatality,
    hours_that_day,
    late_reason,
    lost_time,
    name_parts,
    offer_facts,
    others,
    reduced_hours,
    union_facts,
    unsided,
)
from rtwbot.forms.plan_doc import long_date, schedule_by_week, signoffs
from rtwbot.forms.values import as_date, format_hours
from rtwbot.forms.values import text as _text
from rtwbot.intake.multi_choice_answer import item_display
from rtwbot.intake.options import BODY_PARTS

KIND_LABELS = {
    "work_injury": "Work injury",
    "work_illness": "Work illness",
    "non_occupational": "Non-occupational injury or illness",
}
ROLE_LABELS = {
    "employee": "Employee",
    "supervisor": "Supervisor",
    "manager": "Manager",
    "union": "Union representative",
    "hr": "Human Resources",
    "health_and_safety": "Health and safety",
    "rtw_coordinator": "Return-to-work coordinator",
}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", "none"}


def _parse_dt(value: Any) -> date | datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, Mapping):  # the intake's {date, time_known, datetime} record
        found = Moment.of(value)
        return None if found is None else (found.at or found.day)
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text) if ("T" in text or " " in text) else date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None


def _body_part(item: Any) -> Any:
    """The intake stores {part, side, detail}; forms show it as the summary does."""
    if isinstance(item, Mapping):
        return item_display(item, dict(BODY_PARTS))
    return item


def format_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a date, a datetime or an ISO string; other text is kept as given."""
    parsed = _parse_dt(value)
    if parsed is None:
        return _text(value)
    if isinstance(parsed, datetime):
        parsed = parsed.date()
    return parsed.isoformat()


def format_long_date(value: Any) -> str | None:
    """The date in words ("Friday, November 20, 2026"), as every message writes it; other
    text is kept as given."""
    parsed = _parse_dt(value)
    if parsed is None:
        return _text(value)
    return long_date(parsed.date() if isinstance(parsed, datetime) else parsed)


def format_time(value: Any) -> str | None:
    """``HH:MM`` from a datetime or an ISO date-time string; ``None`` for a bare date."""
    parsed = _parse_dt(value)
    if isinstance(parsed, datetime):
        return parsed.strftime("%H:%M")
    return None


def yes_no_unknown(value: Any) -> str:
    """Normalize an answer to ``"yes"``, ``"no"`` or ``"unknown"``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _YES:
            return "yes"
        if low in _NO:
            return "no"
    return "unknown"


def _one_line(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    return ", ".join(part.strip().rstrip(",") for part in text.splitlines() if part.strip())


def _strings(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values.strip()] if values.strip() else []
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def _name_of(people: Mapping[str, Any], role: str) -> str | None:
    person = people.get(role) or {}
    return _text(person.get("name")) if isinstance(person, Mapping) else _text(person)


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("_", " ").strip().capitalize())


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _plan_context(plan: Mapping[str, Any]) -> dict[str, Any]:
    participants = []
    for person in plan.get("participants") or []:
        role = str(person.get("role") or "").strip()
        participants.append(
            {"role": role, "role_label": role_label(role) if role else "", "name": _text(person.get("name")) or ""}
        )
    review_dates = [d for d in (format_date(v) for v in (plan.get("review_dates") or [])) if d]
    start, end = _parse_dt(plan.get("start")), _parse_dt(plan.get("end"))
    return {
        "start_long": long_date(_day(start)) or None,
        "end_long": long_date(_day(end)) or None,
        "review_dates_long": [long_date(_day(_parse_dt(d))) for d in review_dates],
        # The caller's schedule is on the employer's calendar (holidays, closure days).
        "schedule": _strings(plan.get("schedule"))
        or schedule_by_week(_text(plan.get("hours")), _day(start), _day(end)),
        "end_basis": _text(plan.get("end_basis")),
        "pay_numbers": _text(plan.get("pay_numbers")),
        "signoffs": signoffs(plan.get("signoffs") or []),
        "option": _text(plan.get("option")),
        "participants": participants,
        "restrictions": _strings(plan.get("restrictions")),
        "duties": _strings(plan.get("duties")),
        "hours": _text(plan.get("hours")),
        "start": format_date(plan.get("start")),
        "end": format_date(plan.get("end")),
        "review_dates": review_dates,
        "review_dates_text": ", ".join(review_dates) or None,
        "pay_rule": _text(plan.get("pay_rule")),
        # Who agreed to the plan and when (the employee; the union, or HR in its place).
        "agreements": [{"role": _text(a.get("role")) or "", "name": _text(a.get("name")) or "",
                        "at": _text(a.get("at")) or ""} for a in plan.get("agreements") or []],
    }


def _moment(case: Mapping[str, Any], answers: Mapping[str, Any], key: str) -> Any:
    """A moment of the case: the case's own record (facts change after filing) over the
    report's answer."""
    return case.get(key) if case.get(key) is not None else answers.get(key)


def _checklists(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Form 7 C.4 and C.5 as the WSIB's boxes (type of accident; area of injury, by side)."""
    types = checklist(wsib_terms.ACCIDENT_TYPES, answers.get("accident_type"))
    dead = fatality(answers)
    types["fatality"] = dead == "yes"
    parts = answers.get("body_parts")
    return {
        "accident_type": types,
        "accident_type_other": others(wsib_terms.ACCIDENT_TYPES, answers.get("accident_type")),
        "fatality": dead,
        "critical_injury": yes_no_unknown(answers.get("critical_injury")),
        "body_part": checklist(wsib_terms.BODY_PARTS, parts),
        "body_parts_other": others(wsib_terms.BODY_PARTS, parts),
        "body_parts_unsided": unsided(wsib_terms.BODY_PARTS, parts),
    }


def build_form_context(
    case: Mapping[str, Any],
    *,
    employer: Mapping[str, Any],
    people: Mapping[str, Any],
    plan: Mapping[str, Any] | None = None,
    today: date,
    worker: Mapping[str, Any] | None = None,
    profile: Mapping[str, Any] | None = None,
    division: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the form context (see the module docstring for every key): one view of the case
    for every document. ``worker`` is the employee's row of HR's roster, when they are on it
    (personal data: HR's copy only); ``profile`` the employee's Slack profile (its first and
    last name fields); ``division`` what the directory says of their division (its
    bargaining unit and address)."""
    answers: Mapping[str, Any] = case.get("answers") or {}
    reference = _text(case.get("reference"))
    if reference is None:
        raise ValueError("the case has no reference")
    kind = _text(case.get("kind")) or _text(answers.get("case_kind")) or ""
    body_parts_raw = answers.get("body_parts")
    body_parts = _strings([body_parts_raw] if isinstance(body_parts_raw, str) else
                          [_body_part(p) for p in body_parts_raw or ()])
    absent = yes_no_unknown(answers.get("absent"))
    lower_pay = yes_no_unknown(answers.get("lower_pay"))
    modified_work = _text(answers.get("modified_work"))
    answer_raw, people_raw = answers.get("employee"), people.get("employee")
    answer_employee: Mapping[str, Any] = answer_raw if isinstance(answer_raw, Mapping) else {}
    people_employee: Mapping[str, Any] = people_raw if isinstance(people_raw, Mapping) else {}
    twenty = employer.get("twenty_or_more_workers")
    occurred, learned = _moment(case, answers, "occurred_at"), _moment(case, answers, "learned_at")
    occurred_on = format_date(occurred)
    hours_per_week = format_hours(answers.get("hours_per_week")) or format_hours(
        (worker or {}).get("hours_per_week"))
    roster_schedule = _text((worker or {}).get("schedule"))
    filed_on = format_date(case.get("filed_at"))

    context: dict[str, Any] = {
        "today": format_date(today),
        "case": {
            "reference": reference,
            "kind": kind or None,
            "kind_label": KIND_LABELS.get(kind, kind.replace("_", " ").capitalize() or None),
            "is_work_related": kind in ("work_injury", "work_illness"),
            "filed_on": filed_on,
            "form7_due": format_date(case.get("form7_due")),
            "claim_number": _text(case.get("claim_number")),
            "occurred_on": occurred_on,
            "occurred_time": format_time(occurred),
            "learned_on": format_date(learned),
            "learned_time": format_time(learned),
            # What the case's facts say of the delay (the fact timeline, when the case view
            # brings it: None there is "not late"), else what the dates alone say.
            "late_reason": _text(case["late_reason"]) if "late_reason" in case else
            late_reason(form7_due=case.get("form7_due"), prepared_on=today,
                        occurred_on=occurred_on, learned_on=format_date(learned),
                        filed_on=filed_on, obligation_on=case.get("obligation_date")),
            "location": _text(answers.get("location")),
            "description": _text(answers.get("description")),
            "body_parts": ", ".join(body_parts) or None,
            "body_parts_list": body_parts,
            **_checklists(answers),
            "witnesses": _text(answers.get("witnesses")),
            "health_care": yes_no_unknown(answers.get("health_care")),
            "absent": absent,
            "lower_pay": lower_pay,
            "lost_time": lost_time(absent, lower_pay, modified_work,
                                   reduced_hours(plan, hours_per_week)),
            "modified_work": modified_work,
            **offer_facts(modified_work),
        },
        "employee": {
            "name": _text(people_employee.get("name")) or _text(answer_employee.get("name")),
            **name_parts(worker, profile),
            "employee_number": _text(people_employee.get("employee_number"))
            or _text(answer_employee.get("employee_number")),
            "job_title": _text(answers.get("job_title")),
            "division": _text(answers.get("division")),
            "hours_per_week": hours_per_week,
            "hours_that_day": hours_that_day(roster_schedule, as_date(occurred_on),
                                             hours_per_week),
            **union_facts(worker, (division or {}).get("bargaining_unit")),
        },
        "supervisor": {
            "name": _name_of(people, "supervisor"),
            "position": f"Supervisor, {division_name}"
            if (division_name := _text(answers.get("division"))) else "Supervisor",
        },
        "hr": {"name": _name_of(people, "hr"),
               "position": "Human Resources" if _name_of(people, "hr") else None},
        "union": {"name": _name_of(people, "union")},
        "employer": {
            "name": _text(employer.get("name")),
            "address": _one_line(employer.get("address")),
            "wsib_firm_number": _text(employer.get("wsib_firm_number")),
            "twenty_or_more_workers": None if twenty is None else bool(twenty),
            "branch_address": _one_line((division or {}).get("address")),
            **employer_context(employer),
        },
        "worker": worker_context(worker, occurred_on, answers),
        "plan": _plan_context(plan) if plan is not None else None,
        "worksheet": {"rows": []},  # the eForm 7 worksheet's rows, filled for HR's copy
    }
    context["case"]["not_known_lines"] = not_known_lines(context)
    context["case"]["not_known"] = "\n".join(context["case"]["not_known_lines"])
    return context


def iter_leaves(value: Any, prefix: str = "") -> Iterable[tuple[str, Any]]:
    """Yield ``(dotted.path, value)`` for every scalar in a context (lists index by number)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from iter_leaves(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from iter_leaves(item, f"{prefix}.{i}")
    else:
        yield prefix, value
