"""What the catalogue reads and writes: a case as plain values (`CaseSnapshot`), the
employer's cadences (`NudgeConfig`), and the `NudgeSpec`s that the `Builder` collects for the
rule modules (`reporting`, `program`, `law`, `modified_work`). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reporting import Reportability
from rtwbot.domain.rules import (
    CHECK_IN_INTERVAL_DAYS,
    FOLLOW_UP_INTERVAL_MONTHS,
    FOLLOW_UP_PERIOD_MONTHS,
    FUNCTIONAL_INFO_REMIND_EMPLOYEE_BUSINESS_DAYS,
    FUNCTIONAL_INFO_REMIND_HR_BUSINESS_DAYS,
)
from rtwbot.domain.stages import Stage
from rtwbot.nudges.escalation import Escalation
from rtwbot.nudges.kinds import IMMEDIATE_KINDS

CaseKind = Literal["work_injury", "work_illness", "non_occupational"]

# --- Constants the domain rules do not have yet (each tagged with its source) ----------
# MWP Temporary Modified Work: the plan has a defined end date; the IMWT decides whether to
# extend, return to regular duties or look for permanent work before it. Configurable.
PLAN_ENDING_NOTICE_BUSINESS_DAYS = 5
# MWP: the union reviews every modified work plan; chase a review pending this long.
# Configurable.
UNION_REVIEW_PENDING_BUSINESS_DAYS = 2
# MWP Stalled: the employer or the union may ask for the WSIB's mediation service where
# the employee has not returned to work. Configurable trigger.
STALLED_AFTER_DAYS = 90
# MWP Conditions 6 (training for at most 1 year): tell HR this long before it runs out.
# Configurable.
TRAINING_LIMIT_NOTICE_DAYS = 30
# WSIA s.41(7); OPM 19-02-09: warn this long before the re-employment obligation ends.
# Configurable.
REEMPLOYMENT_END_NOTICE_DAYS = 30
# OPM 15-01-02: escalate an unanswered day-8 question, a check-in or a review to HR after

# --- Inputs ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TemporaryPlan:
    start: date
    end: date
    review_dates: tuple[date, ...] = ()
    submitted_at: datetime | None = None  # sent to the union for review
    union_approved_at: datetime | None = None
    union_review_waived: bool = False  # HR recorded why it goes on without the union


@dataclass(frozen=True)
class PermanentPlacement:
    start: date
    training_start: date | None = None


@dataclass(frozen=True)
class CaseSnapshot:
    """What the catalogue needs to know about a case, as plain values.

    `reportability` is the domain's status (reportable / not_reportable / watch /
    not_applicable) with its dates. `days_without_return` counts to `as_of` (the moment the
    snapshot was taken); without `as_of` the absence is counted from `learned_at`.
    """

    reference: str
    kind: CaseKind
    stage: Stage | str
    occurred_at: datetime
    learned_at: datetime
    reportability: str = "not_applicable"
    obligation_date: date | None = None
    form7_due: date | None = None
    recheck_on: date | None = None
    form7_filed: bool = False
    form7_filed_at: datetime | None = None
    worker_given_form7_copy: bool = False
    functional_info_requested_at: datetime | None = None  # defaults to learned_at
    functional_info_received_at: datetime | None = None
    off_work: bool = False
    last_check_in_at: datetime | None = None
    last_employee_check_in_at: datetime | None = None  # on modified work
    last_progress_at: datetime | None = None  # the supervisor's check-in on modified work
    union_authorized: bool = True  # has the employee authorized union representation?
    # Not answered yet (never asked, or "talk to me first"), with a union to answer for:
    # never taken as a no.
    union_unanswered: bool = False
    employee_in_slack: bool = True
    meetings: tuple[tuple[date, str], ...] = ()  # IMWT meetings: (day, "when and where")
    plan: TemporaryPlan | None = None
    placement: PermanentPlacement | None = None
    reemployment_ends_on: date | None = None
    days_without_return: int = 0
    as_of: datetime | None = None
    closed: bool = False
    ohsa_notice_due: date | None = None
    ohsa_notice_given: bool = False
    critical_injury: bool = False  # OHSA s.51: a critical injury or death
    critical_injury_acknowledged: bool = False  # someone pressed Done on its notice
    first_contact_made: bool = False  # WSIA s.40: the first contact with an absent worker
    missing_facts: bool = False  # filed with reporting facts "not known yet"
    facts_updated: bool = False  # someone updated the facts since filing

    @property
    def is_closed(self) -> bool:
        return self.closed or str(self.stage) == Stage.CLOSED

    def with_reportability(self, r: Reportability) -> CaseSnapshot:
        return replace(
            self,
            reportability=r.status,
            obligation_date=r.obligation_date,
            form7_due=r.form7_due,
            recheck_on=r.recheck_on,
        )


@dataclass(frozen=True)
class NudgeConfig:
    """The employer's configurable cadences (defaults from the program's rules)."""

    functional_info_employee_business_days: int = FUNCTIONAL_INFO_REMIND_EMPLOYEE_BUSINESS_DAYS
    functional_info_hr_business_days: int = FUNCTIONAL_INFO_REMIND_HR_BUSINESS_DAYS
    check_in_interval_days: int = CHECK_IN_INTERVAL_DAYS
    plan_ending_notice_business_days: int = PLAN_ENDING_NOTICE_BUSINESS_DAYS
    union_review_pending_business_days: int = UNION_REVIEW_PENDING_BUSINESS_DAYS
    follow_up_interval_months: int = FOLLOW_UP_INTERVAL_MONTHS
    follow_up_period_months: int = FOLLOW_UP_PERIOD_MONTHS
    training_limit_notice_days: int = TRAINING_LIMIT_NOTICE_DAYS
    reemployment_end_notice_days: int = REEMPLOYMENT_END_NOTICE_DAYS
    stalled_after_days: int = STALLED_AFTER_DAYS


# --- Outputs -----------------------------------------------------------------------------
@dataclass(frozen=True)
class NudgeSpec:
    kind: str
    recipient_role: str
    due_at: datetime  # aware
    basis: str  # e.g. "OPM 15-01-02"
    message: str  # one or two plain sentences naming the basis
    idempotency_key: str  # stable while the nudge means the same thing
    escalate: tuple[Escalation, ...] = ()
    deliver_after: datetime | None = None  # the due time moved into working hours
    expires_at: datetime | None = None  # pointless after this: a later nudge replaces it

    @property
    def delivery_time(self) -> datetime:
        return self.deliver_after or self.due_at


@dataclass
class Builder:
    """Collects a case's specs; each rule module adds its own."""

    case: CaseSnapshot
    cal: WorkCalendar
    specs: list[NudgeSpec] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return self.case.reference

    def at_start(self, d: date) -> datetime:
        return self.cal.start_of_work(d)

    def add(
        self,
        kind: str,
        role: str,
        due_at: datetime,
        basis: str,
        message: str,
        key: str,
        escalate: tuple[Escalation, ...] = (),
        expires_at: datetime | None = None,
    ) -> None:
        self.specs.append(
            NudgeSpec(
                kind=kind,
                recipient_role=role,
                due_at=due_at,
                basis=basis,
                message=message,
                idempotency_key=f"{self.ref}:{key}",
                escalate=escalate,
                deliver_after=(
                    due_at if kind in IMMEDIATE_KINDS else self.cal.next_working_time(due_at)
                ),
                expires_at=expires_at,
            )
        )

