"""Which reminders a case calls for, when, to whom, and whom to tell when nobody acts.

Pure: a `CaseSnapshot` and the employer's `WorkCalendar` in, `NudgeSpec`s out. No clock,
no database — the store keeps the specs as rows (`rtwbot.nudges.service`) and the
dispatcher sends them. Recomputing the specs after any change to a case is always safe:
an unchanged nudge keeps its idempotency key, so it is neither duplicated nor resent.

Messages carry the case reference and the rule they rest on, never a name or anything
medical: they may land in a shared channel.

The rules live by job: `reporting` (Form 7, day 8, OHSA notice), `law` (duties at once),
`program` (the return-to-work program), `modified_work` (check-ins and IMWT meetings), and
`escalation` (whom to tell when nobody acts). This module puts them together and names
everything the rest of rtwbot asks the catalogue for.
"""

from __future__ import annotations

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.nudges import law
from rtwbot.nudges.escalation import (
    CHECK_IN_ESCALATE_BUSINESS_DAYS,
    DEFAULT_ESCALATE_BUSINESS_DAYS,
    OHSA_ESCALATE_BUSINESS_DAYS,
    SNOOZE_FOR,
    BusinessDays,
    Escalation,
    escalation_time,
    snooze_until,
)
from rtwbot.nudges.kinds import (
    CHECK_IN,
    COMMITTEE,
    CRITICAL_INJURY,
    DAY8_QUESTION,
    EMPLOYEE,
    FACTS_CHECK,
    FIRST_CONTACT,
    FORM7_DUE,
    FORM7_LATE,
    FORM7_WORKER_COPY,
    FUNCTIONAL_INFO,
    HR,
    IMMEDIATE_KINDS,
    OCCUPATIONAL,
    OHSA_NOTICE,
    PLACEMENT_FOLLOW_UP,
    PLAN_ENDING,
    PLAN_REVIEW,
    REEMPLOYMENT_ENDING,
    REPORTING_KINDS,
    ROLE_NAMES,
    ROLES,
    STALLED,
    STATUTORY_KINDS,
    SUPERVISOR,
    TRAINING_LIMIT,
    UNION,
    UNION_QUESTION,
    UNION_REVIEW,
)
from rtwbot.nudges.modified_work import meeting_reminders, modified_work_nudges
from rtwbot.nudges.program import add_long_term, add_program
from rtwbot.nudges.reporting import add_reporting, add_reporting_questions, day8_answer
from rtwbot.nudges.specs import (
    PLAN_ENDING_NOTICE_BUSINESS_DAYS,
    REEMPLOYMENT_END_NOTICE_DAYS,
    STALLED_AFTER_DAYS,
    TRAINING_LIMIT_NOTICE_DAYS,
    UNION_REVIEW_PENDING_BUSINESS_DAYS,
    Builder,
    CaseKind,
    CaseSnapshot,
    NudgeConfig,
    NudgeSpec,
    PermanentPlacement,
    TemporaryPlan,
)

__all__ = [
    "CHECK_IN", "CHECK_IN_ESCALATE_BUSINESS_DAYS", "COMMITTEE", "CRITICAL_INJURY",
    "DAY8_QUESTION", "DEFAULT_ESCALATE_BUSINESS_DAYS", "EMPLOYEE", "FACTS_CHECK",
    "FIRST_CONTACT", "FORM7_DUE", "FORM7_LATE", "FORM7_WORKER_COPY", "FUNCTIONAL_INFO", "HR",
    "IMMEDIATE_KINDS", "OCCUPATIONAL", "OHSA_ESCALATE_BUSINESS_DAYS", "OHSA_NOTICE",
    "PLACEMENT_FOLLOW_UP", "PLAN_ENDING", "PLAN_ENDING_NOTICE_BUSINESS_DAYS", "PLAN_REVIEW",
    "REEMPLOYMENT_ENDING", "REEMPLOYMENT_END_NOTICE_DAYS", "REPORTING_KINDS", "ROLES",
    "ROLE_NAMES", "SNOOZE_FOR", "STALLED", "STALLED_AFTER_DAYS", "STATUTORY_KINDS",
    "SUPERVISOR", "TRAINING_LIMIT", "TRAINING_LIMIT_NOTICE_DAYS", "UNION", "UNION_QUESTION", "UNION_REVIEW",
    "UNION_REVIEW_PENDING_BUSINESS_DAYS", "BusinessDays", "CaseKind", "CaseSnapshot",
    "Escalation", "NudgeConfig", "NudgeSpec", "PermanentPlacement", "TemporaryPlan",
    "day8_answer", "escalation_time", "nudges_for", "snooze_until",
]


def nudges_for(
    case: CaseSnapshot, calendar: WorkCalendar, config: NudgeConfig | None = None
) -> list[NudgeSpec]:
    """Every nudge the case calls for now, past and future (the store skips expired ones)."""
    cfg = config or NudgeConfig()
    b = Builder(case, calendar)
    add_reporting(b)
    law.add_statutory(b)
    if not case.is_closed:
        add_reporting_questions(b)
        add_program(b, cfg)
        meeting_reminders(b, (EMPLOYEE, SUPERVISOR, HR))
        modified_work_nudges(b, cfg, EMPLOYEE, SUPERVISOR, (
            Escalation(BusinessDays(CHECK_IN_ESCALATE_BUSINESS_DAYS), HR),))
        add_long_term(b, cfg)
    return b.specs
