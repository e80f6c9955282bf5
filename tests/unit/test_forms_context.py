"""The form context: keys, formats and normalized answers."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from rtwbot.forms import build_form_context
from rtwbot.forms.context import format_date, format_time
from rtwbot.forms.form7 import WORKER_KEYS
from rtwbot.forms.samples import SAMPLE_EMPLOYER, SAMPLE_PEOPLE, sample_case, sample_context


def _context(answers: dict | None = None, **kwargs):
    case = sample_case()
    case["answers"].update(answers or {})
    return build_form_context(
        case,
        employer=kwargs.get("employer", SAMPLE_EMPLOYER),
        people=kwargs.get("people", SAMPLE_PEOPLE),
        plan=kwargs.get("plan"),
        today=date(2026, 11, 20),
    )


def test_top_level_and_nested_keys() -> None:
    ctx = sample_context()
    assert set(ctx) == {"today", "case", "employee", "supervisor", "hr", "union", "employer", "plan",
                        "worker", "worksheet"}
    assert set(ctx["case"]) == {
        "reference", "kind", "kind_label", "is_work_related", "filed_on", "form7_due",
        "claim_number", "occurred_on", "occurred_time", "learned_on", "learned_time",
        "late_reason", "location", "description", "body_parts", "body_parts_list",
        "accident_type", "accident_type_other", "fatality", "critical_injury", "body_part",
        "body_parts_other", "body_parts_unsided", "witnesses", "health_care", "absent",
        "lower_pay", "lost_time", "modified_work", "modified_work_offered", "offer_response",
        "not_known", "not_known_lines",
    }
    assert set(ctx["employee"]) == {"name", "first_name", "last_name", "name_source",
                                    "employee_number", "job_title", "division",
                                    "hours_per_week", "hours_that_day", "union_covered",
                                    "bargaining_unit", "union_source"}
    assert set(ctx["employer"]) == {"name", "address", "wsib_firm_number", "twenty_or_more_workers",
                                    "branch_address",
                                    "legal_name", "trade_name", "trade_legal_name",
                                    "classification", "rate_group", "business_activity",
                                    "phone", "fax", "pay_period", "vacation_pay"}
    assert set(ctx["worker"]) == set(WORKER_KEYS) and ctx["worker"]["on_roster"] is True
    assert set(ctx["plan"]) == {
        "option", "participants", "restrictions", "duties", "hours", "start", "end",
        "review_dates", "review_dates_text", "pay_rule", "agreements", "start_long", "end_long",
        "review_dates_long", "schedule", "end_basis", "pay_numbers", "signoffs",
    }
    assert "diagnosis" not in str(ctx).lower()


def test_dates_and_times_are_shown_plainly() -> None:
    ctx = sample_context()
    assert ctx["today"] == "2026-11-20"
    assert ctx["case"]["occurred_on"] == "2026-11-18"
    assert ctx["case"]["occurred_time"] == "14:30"
    assert ctx["case"]["learned_time"] == "15:05"
    assert ctx["case"]["filed_on"] == "2026-11-18"
    assert ctx["case"]["form7_due"] == "2026-11-23"
    assert ctx["plan"]["start"] == "2026-11-23"
    assert ctx["plan"]["review_dates"] == ["2026-11-30", "2026-12-07", "2026-12-14"]
    assert ctx["plan"]["review_dates_text"] == "2026-11-30, 2026-12-07, 2026-12-14"


def test_datetime_objects_are_accepted() -> None:
    ctx = _context({"occurred_at": datetime(2026, 11, 18, 9, 5)})
    assert (ctx["case"]["occurred_on"], ctx["case"]["occurred_time"]) == ("2026-11-18", "09:05")


def test_people_names_and_employee_fallback() -> None:
    ctx = sample_context()
    assert ctx["employee"]["name"] == "Jane Doe-Tremblay"
    assert ctx["employee"]["employee_number"] == "E-10442"
    assert ctx["supervisor"]["name"] == "Priya Raman"
    ctx = _context({"employee": {"name": "Sam Roe", "employee_number": "777"}}, people={})
    assert ctx["employee"] == {
        "name": "Sam Roe", "employee_number": "777", "job_title": "Arborist",
        "division": "Parks & Forestry", "hours_per_week": "37.5",
        # Not on the roster, no Slack profile: the name as reported is never split.
        "first_name": None, "last_name": None, "name_source": None,
        "hours_that_day": "7.5 hours (37.5 hours a week over 5 days; HR confirms the day's hours)",
        "union_covered": "unknown", "bargaining_unit": None, "union_source": None,
    }
    assert ctx["union"]["name"] is None and ctx["hr"]["name"] is None


@pytest.mark.parametrize(
    ("absent", "lower_pay", "modified", "lost_time"),
    [
        ("yes", "no", "none", "yes"),
        ("no", "yes", "none", "yes"),
        ("no", "no", "regular_pay", "no"),
        ("no", "no", "reduced_pay", "yes"),
        (False, False, "none", "no"),
        (None, "no", "none", "unknown"),
        ("unknown", "no", None, "unknown"),
    ],
)
def test_lost_time(absent, lower_pay, modified, lost_time) -> None:
    ctx = _context({"absent": absent, "lower_pay": lower_pay, "modified_work": modified})
    assert ctx["case"]["lost_time"] == lost_time


def test_modified_work_and_employer() -> None:
    # Not doing modified work says nothing of an offer: HR completes it.
    assert _context({"modified_work": "none"})["case"]["modified_work_offered"] == "unknown"
    assert _context({"modified_work": "reduced_pay"})["case"]["modified_work_offered"] == "yes"
    ctx = sample_context()
    assert ctx["employer"]["address"] == "100 Queen Street West, Example, ON  M5H 2N2"
    assert ctx["employer"]["twenty_or_more_workers"] is True
    assert ctx["case"]["body_parts"] == "Wrist (left), Lower back"
    assert ctx["employee"]["hours_per_week"] == "37.5"
    assert _context({"hours_per_week": 40.0})["employee"]["hours_per_week"] == "40"


def test_plan_participants_get_role_labels_and_no_plan_is_none() -> None:
    ctx = sample_context()
    assert ctx["plan"]["participants"][2] == {"role": "union", "role_label": "Union representative", "name": "Olivia Chen"}
    assert _context()["plan"] is None


def test_a_case_without_a_reference_is_refused() -> None:
    case = sample_case()
    case["reference"] = ""
    with pytest.raises(ValueError):
        build_form_context(case, employer={}, people={}, today=date(2026, 1, 1))


def test_intake_moments_are_shown_as_dates_and_times_not_records() -> None:
    stored = {"date": "2026-11-22", "time_known": True,
              "datetime": "2026-11-22T15:00:00-05:00"}
    assert format_date(stored) == "2026-11-22"
    assert format_time(stored) == "15:00"
    no_time = {"date": "2026-11-22", "time_known": False, "datetime": None}
    assert (format_date(no_time), format_time(no_time)) == ("2026-11-22", None)


def test_body_parts_from_the_intake_read_as_words() -> None:
    case = sample_case()
    case["answers"]["body_parts"] = [
        {"part": "wrist", "side": "left", "detail": None},
        {"part": "lower_back", "side": None, "detail": None},
    ]
    ctx = build_form_context(case, employer={}, people={}, today=date(2026, 11, 25))
    assert ctx["case"]["body_parts"] == "Wrist (left), Lower back"
