"""What each copy of a form may carry: the form context's keys and the privacy fields they
show (deny by default), the fields a template may carry for a reader, and the context with
everything else blanked. Pure; used by `documents` (the forms at filing) and the plan
document (`imwt.documents`)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from rtwbot.domain.privacy import (
    FIELD_CLASS,
    Field,
    Relation,
    Sensitivity,
    View,
    visible_fields,
)

EMPLOYER_REPORT = "employer-report"
EFORM7_WORKSHEET = "eform7-worksheet"  # HR's: the Form 7 values in the eForm 7's order

# The form context's case keys and the privacy fields they show; a derived key shows only
# when every field it comes from may be shown. A case key not listed is never filled.
CONTEXT_FIELDS: Mapping[str, tuple[Field, ...]] = {
    "case.reference": (Field.REFERENCE,),
    "case.kind": (Field.KIND,),
    "case.kind_label": (Field.KIND,),
    "case.is_work_related": (Field.KIND,),
    "case.filed_on": (Field.REPORTED_AT,),
    "case.form7_due": (Field.FORM7_DUE,),
    "case.claim_number": (Field.FORM7_RECEIVED,),
    "case.occurred_on": (Field.OCCURRED_AT,),
    "case.occurred_time": (Field.OCCURRED_AT,),
    "case.learned_on": (Field.LEARNED_AT,),
    "case.learned_time": (Field.LEARNED_AT,),
    "case.late_reason": (Field.LEARNED_AT, Field.FORM7_DUE),
    "case.location": (Field.LOCATION,),
    "case.description": (Field.DESCRIPTION,),
    # The type of accident is the Form 7's account of what happened: where the description
    # goes, and nowhere else.
    "case.accident_type": (Field.DESCRIPTION,),
    "case.accident_type_other": (Field.DESCRIPTION,),
    "case.fatality": (Field.DESCRIPTION,),
    "case.critical_injury": (Field.DESCRIPTION,),
    "case.body_parts": (Field.BODY_PARTS,),
    "case.body_parts_list": (Field.BODY_PARTS,),
    "case.body_part": (Field.BODY_PARTS,),
    "case.body_parts_other": (Field.BODY_PARTS,),
    "case.body_parts_unsided": (Field.BODY_PARTS,),
    "case.witnesses": (Field.WITNESSES,),
    "case.health_care": (Field.HEALTH_CARE,),
    "case.absent": (Field.ABSENT,),
    "case.lower_pay": (Field.LOWER_PAY,),
    "case.lost_time": (Field.ABSENT, Field.LOWER_PAY, Field.MODIFIED_WORK),
    "case.modified_work": (Field.MODIFIED_WORK,),
    "case.modified_work_offered": (Field.MODIFIED_WORK,),
    "case.offer_response": (Field.MODIFIED_WORK,),
    "employee.name": (Field.EMPLOYEE_NAME,),
    "employee.first_name": (Field.EMPLOYEE_NAME,),
    "employee.last_name": (Field.EMPLOYEE_NAME,),
    "employee.name_source": (Field.EMPLOYEE_NAME,),
    # The unit covering the division is a work fact, as the division is (the supervisor is
    # shown it from the roster at the report).
    "employee.union_covered": (Field.DIVISION,),
    "employee.bargaining_unit": (Field.DIVISION,),
    "employee.union_source": (Field.DIVISION,),
    "employee.hours_that_day": (Field.HOURS_PER_WEEK,),
    "employee.employee_number": (Field.EMPLOYEE_NUMBER,),
    "employee.job_title": (Field.JOB_TITLE,),
    "employee.division": (Field.DIVISION,),
    "employee.hours_per_week": (Field.HOURS_PER_WEEK,),
    "case.not_known": (Field.HEALTH_CARE, Field.ABSENT, Field.LOWER_PAY, Field.BODY_PARTS),
    "case.not_known_lines": (Field.HEALTH_CARE, Field.ABSENT, Field.LOWER_PAY,
                             Field.BODY_PARTS),
    "supervisor.name": (Field.SUPERVISOR_CONTACT,),
    "supervisor.position": (Field.SUPERVISOR_CONTACT,),
    "hr.name": (Field.HR_CONTACT,),
    "hr.position": (Field.HR_CONTACT,),
    "union.name": (Field.UNION_CONTACT,),
}
# Sections of the context that describe the case (the rest, `employer` and `today`, are the
# employer's own details and the date the forms are prepared).
CASE_SECTIONS = ("case", "employee", "supervisor", "hr", "union")
# The worker's personal data (HR's roster, the dates the report gives): in HR's copies and
# the worker's own; the reporting supervisor's copy keeps only what they reported themselves.
PERSONAL_SECTIONS = ("worker", "worksheet")



# --- what each copy may carry ------------------------------------------------------------
def allowed_fields(template: str, viewer: Iterable[Relation | str]) -> frozenset[Field]:
    """The case fields `template` may carry for a reader with these relations.

    The employer's report is the `form_employer_report` view (Form 7: with what happened and
    the body parts). The package for the health professional is the reader's own case view
    plus the Form 7 facts it asks for (date of injury, hours), and never a clinical field.
    """
    viewer = frozenset(viewer)
    if template in (EMPLOYER_REPORT, EFORM7_WORKSHEET):
        return visible_fields(viewer, View.FORM_EMPLOYER_REPORT)
    seen = visible_fields(viewer, View.CASE_DETAIL) | visible_fields(
        viewer, View.FORM_EMPLOYER_REPORT
    )
    return frozenset(f for f in seen if FIELD_CLASS[f] is not Sensitivity.CLINICAL)


def redact_context(context: Mapping[str, Any], allowed: frozenset[Field],
                   personal: bool = False) -> dict[str, Any]:
    """The form context with every case value the reader may not see blanked (deny by
    default: a case key missing from CONTEXT_FIELDS is blanked too). No plan at filing.
    The roster's personal data stays only when ``personal`` (HR's copy)."""
    out = copy.deepcopy(dict(context))
    out["plan"] = None
    if not personal:
        for section in PERSONAL_SECTIONS:
            values = out.get(section) or {}
            own = set(values.get("from_report") or ()) if Field.EMPLOYEE_NAME in allowed else set()
            for key, value in values.items():
                if key not in own:
                    values[key] = [] if isinstance(value, list) else None
    for section in CASE_SECTIONS:
        values = out.get(section) or {}
        for key, value in values.items():
            fields = CONTEXT_FIELDS.get(f"{section}.{key}")
            if fields is None or not set(fields) <= allowed:
                values[key] = [] if isinstance(value, list) else None
    return out


def plan_copy(view: Mapping[str, Any], allowed: frozenset[Field]) -> dict[str, Any]:
    """The plan document's context for one reader: the case's view with what they may not
    see blanked, and the plan (already kept to their fields by the caller). It never needs a
    clinical answer, and the roster's personal data stays out (the pay in numbers is the
    plan's own, in the employee's copy only)."""
    seen = redact_context(view, allowed)
    seen["plan"] = copy.deepcopy(view.get("plan"))
    return seen
