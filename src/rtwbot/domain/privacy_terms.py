"""The privacy policy's vocabulary: who a viewer is to a case (`Relation`), where they
look (`View`), the keys a case view may carry (`Field`) and the sensitivity class each
belongs to (`FIELD_CLASS`), with the fields shown nowhere (`NEVER_SHOWN`). Pure. The
policy itself, and the one decision point, are `rtwbot.domain.privacy`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType


class Relation(StrEnum):
    EMPLOYEE = "employee"  # the case's own employee
    REPORTER = "reporter"  # the supervisor who reported it
    DIVISION_REP = "division_rep"
    HR = "hr"
    UNION = "union"  # only once the employee has authorized union representation
    SAFETY_REP = "safety_rep"  # the union's workplace safety and rehabilitation rep (idem)
    INSURER = "insurer"  # the WSIB or LTD contact
    # A union member on the team before the employee has authorized representation: knows
    # that a case exists in their unit and its stage, nothing more.
    UNION_PENDING = "union_pending"
    NONE = "none"


# The Individual Modified Work Team: everyone with a relation except the employee.
IMWT_RELATIONS = frozenset(
    {
        Relation.REPORTER,
        Relation.DIVISION_REP,
        Relation.HR,
        Relation.UNION,
        Relation.SAFETY_REP,
        Relation.INSURER,
    }
)


class View(StrEnum):
    STATUS_DM = "status_dm"
    HOME = "home"
    IMWT_THREAD = "imwt_thread"
    NUDGE = "nudge"
    CASE_DETAIL = "case_detail"  # a supervisor's "status RTW-..."
    FORM_EMPLOYER_REPORT = "form_employer_report"  # Form 7 content, for whoever files it
    FORM_PLAN = "form_plan"  # the modified work plan document


class Sensitivity(StrEnum):
    IDENTITY = "identity"
    ADMINISTRATIVE = "administrative"
    DEADLINES = "deadlines"
    FUNCTIONAL = "functional"
    PLAN = "plan"
    DOCUMENTS = "documents"
    CONTACTS = "contacts"
    ACCIDENT = "accident"  # the Form 7 facts other than clinical ones
    # How modified work is going: check-in dates, who, and the outcome (never free text).
    MONITORING = "monitoring"
    # What an employee or supervisor typed at a check-in: its author and HR, nobody else.
    PRIVATE_NOTES = "private_notes"
    CLINICAL = "clinical"


class Field(StrEnum):
    """The keys a renderer may put in a case view. A key not listed here is never shown:
    add a new field here, with its class, before a renderer can use it."""

    # identity
    REFERENCE = "reference"
    EMPLOYEE_NAME = "employee_name"
    EMPLOYEE_NUMBER = "employee_number"
    JOB_TITLE = "job_title"
    DIVISION = "division"
    # administrative
    KIND = "kind"
    STAGE = "stage"
    REPORTED_AT = "reported_at"
    LEARNED_AT = "learned_at"
    NEXT_DATE = "next_date"
    WHO_MUST_ACT = "who_must_act"
    CLOSED_AT = "closed_at"
    CLOSE_REASON = "close_reason"
    # deadlines
    REPORTABLE = "reportable"
    FORM7_DUE = "form7_due"
    FORM7_RECEIVED = "form7_received"  # received by the WSIB: on time, or late and the tier
    RECHECK_ON = "recheck_on"
    OHSA_NOTICE_DUE = "ohsa_notice_due"
    FUNCTIONAL_INFO_DUE = "functional_info_due"
    DUTIES_DONE = "duties_done"  # who closed which legal or program duty, and when
    # functional
    RESTRICTIONS = "restrictions"
    EXPECTED_DURATION = "expected_duration"
    NEXT_ASSESSMENT = "next_assessment"
    RTW_STATUS = "rtw_status"
    MODIFIED_WORK_SUITABLE = "modified_work_suitable"
    # plan
    PLAN_OPTION = "plan_option"
    DUTIES = "duties"
    HOURS = "hours"
    SCHEDULE = "schedule"
    PLAN_START = "plan_start"
    PLAN_END = "plan_end"
    REVIEW_DATES = "review_dates"
    PAY_RULE = "pay_rule"
    PLACEMENT_STEP = "placement_step"
    # monitoring modified work: [{"on", "by", "kind", "outcome", "id"}], oldest first
    CHECK_INS = "check_ins"
    CHECK_IN_NOTES = "check_in_notes"  # {check-in id: the words typed}; HR alone
    # documents
    DOCUMENTS = "documents"
    # contacts
    HR_CONTACT = "hr_contact"
    UNION_CONTACT = "union_contact"
    SUPERVISOR_CONTACT = "supervisor_contact"
    UNION_AUTHORIZED = "union_authorized"
    # accident (Form 7 facts; keys as in the intake answers)
    OCCURRED_AT = "occurred_at"
    LOCATION = "location"
    WITNESSES = "witnesses"
    HEALTH_CARE = "health_care"  # yes/no/unknown beyond first aid, not what care
    ABSENT = "absent"
    LOWER_PAY = "lower_pay"
    MODIFIED_WORK = "modified_work"
    HOURS_PER_WEEK = "hours_per_week"
    # clinical
    DESCRIPTION = "description"
    BODY_PARTS = "body_parts"
    DIAGNOSIS = "diagnosis"
    SYMPTOMS = "symptoms"
    TREATMENT = "treatment"
    HP_COMMENTS = "hp_comments"  # the health professional's free-text comments


_S, _F = Sensitivity, Field

_CLASS_MEMBERS: dict[Sensitivity, tuple[Field, ...]] = {
    _S.IDENTITY: (_F.REFERENCE, _F.EMPLOYEE_NAME, _F.EMPLOYEE_NUMBER, _F.JOB_TITLE,
                  _F.DIVISION),
    _S.ADMINISTRATIVE: (_F.KIND, _F.STAGE, _F.REPORTED_AT, _F.LEARNED_AT, _F.NEXT_DATE,
                        _F.WHO_MUST_ACT, _F.CLOSED_AT, _F.CLOSE_REASON),
    _S.DEADLINES: (_F.REPORTABLE, _F.FORM7_DUE, _F.FORM7_RECEIVED, _F.RECHECK_ON, _F.OHSA_NOTICE_DUE,
                   _F.FUNCTIONAL_INFO_DUE, _F.DUTIES_DONE),
    _S.FUNCTIONAL: (_F.RESTRICTIONS, _F.EXPECTED_DURATION, _F.NEXT_ASSESSMENT, _F.RTW_STATUS,
                    _F.MODIFIED_WORK_SUITABLE),
    _S.PLAN: (_F.PLAN_OPTION, _F.DUTIES, _F.HOURS, _F.SCHEDULE, _F.PLAN_START, _F.PLAN_END,
              _F.REVIEW_DATES, _F.PAY_RULE, _F.PLACEMENT_STEP),
    _S.DOCUMENTS: (_F.DOCUMENTS,),
    # Whether the employee authorized union representation is about who represents them.
    _S.CONTACTS: (_F.HR_CONTACT, _F.UNION_CONTACT, _F.SUPERVISOR_CONTACT, _F.UNION_AUTHORIZED),
    _S.ACCIDENT: (_F.OCCURRED_AT, _F.LOCATION, _F.WITNESSES, _F.HEALTH_CARE, _F.ABSENT,
                  _F.LOWER_PAY, _F.MODIFIED_WORK, _F.HOURS_PER_WEEK),
    _S.MONITORING: (_F.CHECK_INS,),
    _S.PRIVATE_NOTES: (_F.CHECK_IN_NOTES,),
    _S.CLINICAL: (_F.DESCRIPTION, _F.BODY_PARTS, _F.DIAGNOSIS, _F.SYMPTOMS, _F.TREATMENT,
                  _F.HP_COMMENTS),
}

FIELD_CLASS: Mapping[Field, Sensitivity] = MappingProxyType(
    {field: cls for cls, members in _CLASS_MEMBERS.items() for field in members}
)

# Human Rights Code: the employer may not know the diagnosis, symptoms or treatment; the
# health professional's comments may carry any of them. No view, no relation, ever.
NEVER_SHOWN: frozenset[Field] = frozenset(
    {_F.DIAGNOSIS, _F.SYMPTOMS, _F.TREATMENT, _F.HP_COMMENTS}
)


def fields_of(classes: Iterable[Sensitivity]) -> frozenset[Field]:
    wanted = frozenset(classes)
    return frozenset(f for f, cls in FIELD_CLASS.items() if cls in wanted)
