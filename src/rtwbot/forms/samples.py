"""Made-up sample data for tests, the benchmark and demos: a full case, its form context, and
a functional abilities form as a health professional would return it. Every person here is
fictional."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .context import build_form_context
from .fill import fill
from .pdf import OFF, fill_pdf
from .registry import FormTemplate

SAMPLE_REFERENCE = "RTW-2026-0007"


def sample_case(reference: str = SAMPLE_REFERENCE) -> dict[str, Any]:
    return {
        "reference": reference,
        "kind": "work_injury",
        "filed_at": "2026-11-18T16:10:00-05:00",
        "answers": {
            "employee": {"user_id": "U0EMPLOYEE"},
            "division": "Parks & Forestry",
            "job_title": "Arborist",
            "case_kind": "work_injury",
            "occurred_at": "2026-11-18T14:30:00-05:00",
            "learned_at": "2026-11-18T15:05:00-05:00",
            "location": "Riverside Park, north stairs",
            "description": "Slipped on wet stairs while carrying a chainsaw <Stihl> & fell.\n"
            "Landed on the left hand.",
            "critical_injury": "no",
            "accident_type": [{"part": "slip_trip", "side": None, "detail": None},
                              {"part": "fall", "side": None, "detail": None}],
            "body_parts": [{"part": "wrist", "side": "left", "detail": None},
                           {"part": "lower_back", "side": None, "detail": None}],
            "health_care": "yes",
            "absent": "yes",
            "lower_pay": "no",
            "modified_work": "regular_pay",
            "witnesses": "Sam Okafor",
            "hours_per_week": 37.5,
        },
        "form7_due": "2026-11-23",
    }


SAMPLE_EMPLOYER = {
    "name": "City of Example",
    "address": "100 Queen Street West\nExample, ON  M5H 2N2",
    "wsib_firm_number": "1234567",
    "twenty_or_more_workers": True,
    "legal_name": "The Corporation of the City of Example",
    "trade_name": "City of Example",
    "classification": "913910",
    "rate_group": "845",
    "business_activity": "Municipal government services",
    "phone": "416-555-0100",
    "fax": "416-555-0101",
    "pay_period": "bi-weekly",
    "vacation_pay": "taken as time off",
}
# The employee's row of HR's roster (rtwbot.roster's columns).
SAMPLE_WORKER = {
    "employee_number": "E-10442", "name": "Jane Doe-Tremblay", "work_email": "jane@example.org",
    "slack_id": None, "division": "Parks & Forestry", "job_title": "Arborist",
    "bargaining_unit": "CUPE Local 79", "date_of_hire": "2016-03-14",
    "position_start": "2019-06-03", "date_of_birth": "1984-02-29",
    "address": "42 Maple Crescent, Unit 3", "city": "Example", "province": "ON",
    "postal_code": "M4C 1B5", "phone": "416-555-0177", "language": "French",
    "hours_per_week": 37.5, "schedule": "Mon-Fri 07:00-15:00", "hourly_rate": 34.1,
    "full_part_time": "full_time", "permanent_casual": "permanent",
}
SAMPLE_PEOPLE = {
    "employee": {"name": "Jane Doe-Tremblay", "employee_number": "E-10442"},
    "supervisor": {"name": "Priya Raman"},
    "hr": {"name": "Marc Lefebvre"},
    "union": {"name": "Olivia Chen"},
}
SAMPLE_PLAN = {
    "option": "Temporary modified work in the injury position",
    "participants": [
        {"role": "employee", "name": "Jane Doe-Tremblay"},
        {"role": "supervisor", "name": "Priya Raman"},
        {"role": "union", "name": "Olivia Chen"},
        {"role": "hr", "name": "Marc Lefebvre"},
    ],
    "restrictions": ["Lifting floor to waist: up to 5 kg", "Use of left hand: limited gripping"],
    "duties": ["Tree inventory data entry", "Work-order scheduling", "Training new seasonal staff"],
    "hours": "4 hours a day in week 1, 6 hours a day in week 2, full days from week 3",
    "start": date(2026, 11, 23),
    "end": date(2026, 12, 18),
    "review_dates": [date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 14)],
    "pay_rule": "Regular pay for the regular hours of the injury position",
    "end_basis": "set by the team; the health professional gave an expected duration of 8-14 days",
    "pay_numbers": "Regular rate $34.10 an hour for 37.5 hours a week: regular earnings $1,278.75 a week.",
    "signoffs": [
        {"role_label": "Supervisor", "name": "Priya Raman", "how": "proposed the plan",
         "on": date(2026, 11, 20)},
        {"role_label": "Union representative", "name": "Olivia Chen",
         "how": "approved for the union", "on": date(2026, 11, 20)},
        {"role_label": "Human Resources", "name": "Marc Lefebvre", "how": "", "on": None},
    ],
}


def sample_context(reference: str = SAMPLE_REFERENCE, *, today: date = date(2026, 11, 20)) -> dict[str, Any]:
    """A full form context: every key every template uses has a value."""
    return build_form_context(
        sample_case(reference), employer=SAMPLE_EMPLOYER, people=SAMPLE_PEOPLE, plan=SAMPLE_PLAN, today=today,
        worker=SAMPLE_WORKER,
    )


# What a health professional might tick and write: field name -> True (tick) or text.
SAMPLE_ABILITIES: dict[str, Any] = {
    "walking_up_to_100m": True,
    "standing_15_30min": True,
    "sitting_full": True,
    "lift_floor_waist_up_to_5kg": True,
    "lift_waist_shoulder_other": True,
    "lift_waist_shoulder_details": "no lifting above waist with the left hand",
    "above_shoulder_full": True,
    "carrying_up_to_5kg": True,
    "push_pull_limited": True,
    "push_pull_details": "light carts only",
    "stairs_full": True,
    "ladder_other": True,
    "ladder_details": "no ladders",
    "bending_full": True,
    "repetitive_full": True,
    "hand_left_gripping": True,
    "hand_left_details": "no power tools",
    "hand_right_full": True,
    "environment_none": True,
    "medication_may_affect": True,
    "medication_details": "may cause drowsiness",
    "motorized_not_able": True,
    "travel_no_limits": True,
    "rtw_with_restrictions": True,
    "duration_8_14_days": True,
    "next_assessment_date": "2026-12-02",
    "comments": "Reassess grip strength at the next visit.",
    "hp_name": "Dr. Ada Nguyen",
    "hp_profession": "Family physician",
    "hp_contact": "416-555-0199, Riverside Clinic",
    "hp_date": "2026-11-25",
    "assessment_date": "2026-11-25",
    "worker_authorized": True,
    "worker_signature": "Jane Doe-Tremblay",
    "worker_authorized_on": "2026-11-25",
    "rtw_discussed_yes": True,
    "chemical_none": True,
    "other_limits_none": True,
    "hours_graduated": True,
    "recommended_start": "2026-11-26",
    "estimated_end_date": "2026-12-09",
    "cognitive_none": True,
}


def complete_functional_abilities(
    template: FormTemplate,
    context: Mapping[str, Any],
    answers: Mapping[str, Any] = SAMPLE_ABILITIES,
) -> bytes:
    """The pre-filled functional abilities form with the health professional's ``answers``
    (field name -> ``True`` to tick, or text) filled in, as the PDF would come back."""
    prefilled = fill(template, context).content
    values: dict[str, str] = {}
    for name, answer in answers.items():
        spec = template.fields[name]
        if spec.type == "checkbox":
            values[name] = spec.on_state if answer else OFF  # type: ignore[assignment]
        else:
            values[name] = str(answer)
    return fill_pdf(prefilled, values)
