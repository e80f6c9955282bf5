"""Which reminders a case calls for, when, to whom, and whom to tell when nobody acts.

Pure: a `CaseSnapshot` and the employer's `WorkCalendar` in, `NudgeSpec`s out. No clock,
no database — the store keeps the specs as rows (`rtwbot.nudges.service`) and the
dispatcher sends them. Recomputing the specs after any change to a case is always safe:
an unchanged nudge keeps its idempotency key, so it is neither duplicated nor resent.

Messages carry the case reference and the rule they rest on, never a name or anything
medical: they may land in a shared channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from rtwbot import dates
from rtwbot.domain import ohsa
from rtwbot.domain.accommodation import follow_up_dates, training_limit
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reporting import (
    BASIS as FORM7_BASIS,
)
from rtwbot.domain.reporting import (
    Reportability,
    day8,
    filing_window,
    form7_due,
    form7_schedule,
)
from rtwbot.domain.rules import (
    CHECK_IN_INTERVAL_DAYS,
    FOLLOW_UP_INTERVAL_MONTHS,
    FOLLOW_UP_PERIOD_MONTHS,
    FORM7_BUSINESS_DAYS,
    FUNCTIONAL_INFO_REMIND_EMPLOYEE_BUSINESS_DAYS,
    FUNCTIONAL_INFO_REMIND_HR_BUSINESS_DAYS,
    LATE_FILING_PENALTY,
    LATE_FILING_PENALTY_SERIOUS,
    LATE_FILING_SERIOUS_AFTER_DAYS,
    MODIFIED_WORK_REGULAR_PAY_DAYS,
    MODIFIED_WORK_REPORTABLE_DAY,
    ON_THE_JOB_TRAINING_MAX_YEARS,
)
from rtwbot.domain.stages import Stage
from rtwbot.nudges import law
from rtwbot.nudges.law import (  # re-exported: every kind is named here
    CRITICAL_INJURY,
    FIRST_CONTACT,  # noqa: F401
    IMMEDIATE_KINDS,
)
from rtwbot.nudges.modified_work import meeting_reminders, modified_work_nudges

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
# this many business days. Configurable.
DEFAULT_ESCALATE_BUSINESS_DAYS = 1
CHECK_IN_ESCALATE_BUSINESS_DAYS = 2  # WSIA s.40; OPM 19-02-08; configurable
# OHSA s.52: the written notice is due in 4 days; escalate after 1 business day.
OHSA_ESCALATE_BUSINESS_DAYS = 1

# Who a nudge is for. The Slack layer turns a role into a person or channel at send time.
SUPERVISOR = "supervisor"
HR = "hr"
EMPLOYEE = "employee"
UNION = "union"
COMMITTEE = "committee"  # the joint health and safety committee contacts (OHSA s.51-52)
ROLES = (SUPERVISOR, HR, EMPLOYEE, UNION, COMMITTEE)
ROLE_NAMES = {
    SUPERVISOR: "supervisor",
    HR: "HR representative",
    EMPLOYEE: "employee",
    UNION: "union representative",
    COMMITTEE: "health and safety committee",
}

# Kinds of nudge.
FORM7_DUE = "form7_due"
FORM7_LATE = "form7_late"
FORM7_WORKER_COPY = "form7_worker_copy"
DAY8_QUESTION = "modified_work_day8"
OHSA_NOTICE = "ohsa_notice"
FUNCTIONAL_INFO = "functional_info"
CHECK_IN = "check_in"
PLAN_REVIEW = "plan_review"
PLAN_ENDING = "plan_ending"
UNION_REVIEW = "union_review"
PLACEMENT_FOLLOW_UP = "placement_follow_up"
TRAINING_LIMIT = "training_limit"
REEMPLOYMENT_ENDING = "reemployment_ending"
STALLED = "stalled_mediation"
FACTS_CHECK = "facts_check"  # filed with facts "not known yet": are they known now?
# Owed to the WSIB or under the OHSA whatever happens to the case: a closed case keeps them.
STATUTORY_KINDS = frozenset(
    {FORM7_DUE, FORM7_LATE, FORM7_WORKER_COPY, OHSA_NOTICE, CRITICAL_INJURY}
)
# What a day-8 answer can change.
REPORTING_KINDS = frozenset({FORM7_DUE, FORM7_LATE, FORM7_WORKER_COPY, DAY8_QUESTION})

OCCUPATIONAL = ("work_injury", "work_illness")
_OHSA_BASIS = "OHSA s.52"
_COPY_BASIS = "WSIA s.21(4)"
_FUNCTIONAL_BASIS = "MWP Procedures, temporary 2"
_COOPERATION_BASIS = "WSIA s.40; OPM 19-02-08"
_PLAN_BASIS = "MWP Temporary Modified Work; OPM 19-02-10"
_UNION_BASIS = "MWP (union review of every plan)"
_PERMANENT_BASIS = "MWP Permanent Modified Work"
_REEMPLOYMENT_BASIS = "WSIA s.41; OPM 19-02-09"


# --- Inputs ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TemporaryPlan:
    start: date
    end: date
    review_dates: tuple[date, ...] = ()
    submitted_at: datetime | None = None  # sent to the union for review
    union_approved_at: datetime | None = None


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
class BusinessDays:
    n: int


@dataclass(frozen=True)
class Escalation:
    """Tell `role` when the nudge is still not done `after` its due time."""

    after: timedelta | BusinessDays
    role: str

    def to_json(self) -> dict[str, Any]:
        if isinstance(self.after, BusinessDays):
            return {"role": self.role, "business_days": self.after.n}
        return {"role": self.role, "seconds": int(self.after.total_seconds())}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Escalation:
        if "business_days" in data:
            return cls(BusinessDays(int(data["business_days"])), data["role"])
        return cls(timedelta(seconds=int(data["seconds"])), data["role"])


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


def escalation_time(
    due_at: datetime, escalation: Escalation, calendar: WorkCalendar, *, immediate: bool = False
) -> datetime:
    """When an escalation falls due: business days keep the due time of day. An immediate
    kind's escalation counts clock hours and is not moved into working hours."""
    if immediate and not isinstance(escalation.after, BusinessDays):
        return due_at + escalation.after
    if isinstance(escalation.after, BusinessDays):
        local = due_at.astimezone(calendar.tz)
        day = calendar.add_business_days(local.date(), escalation.after.n)
        at = datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=calendar.tz)
        return calendar.next_working_time(at)
    return calendar.next_working_time(due_at + escalation.after)


SNOOZE_FOR = timedelta(days=1)  # the "Snooze 1 day" button


def snooze_until(until: datetime, calendar: WorkCalendar) -> datetime:
    """When a snoozed nudge comes back: the chosen time, moved into working hours."""
    return calendar.next_working_time(until)


# --- The day-8 question (OPM 15-01-02) ---------------------------------------------------
def day8_answer(
    snapshot: CaseSnapshot,
    continues: bool,
    calendar: WorkCalendar,
    first_shift_after_day7: date | None = None,
) -> Reportability:
    """The supervisor's answer on day 8: does modified work at regular pay continue?

    "Yes" makes the case reportable that day (or on the first shift after day 8, for a
    shift worker not scheduled on day 8) and starts the Form 7 clock; "no" leaves it not
    reportable (OPM 15-01-02).
    """
    accident_day = calendar.local_date(snapshot.occurred_at)
    learned_day = calendar.local_date(snapshot.learned_at)
    line = day8(accident_day)
    if not continues:
        return Reportability(
            status="not_reportable",
            reasons=(
                "First aid and modified work at regular pay for "
                f"{MODIFIED_WORK_REGULAR_PAY_DAYS} calendar days or less are not reportable "
                "(OPM 15-01-02).",
            ),
        )
    obligation = max(learned_day, first_shift_after_day7 or line, line)
    window = filing_window(accident_day)
    due = form7_due(obligation, calendar, window)
    return Reportability(
        status="reportable",
        reasons=(
            f"Modified work at regular pay continued past {MODIFIED_WORK_REGULAR_PAY_DAYS} "
            f"calendar days after the accident, so the case became reportable on "
            f"{_day(obligation)} (OPM 15-01-02).",
            f"The WSIB must receive Form 7 by the end of {_day(due)} (OPM 15-01-02; WSIA s.21(1)).",
        ),
        obligation_date=obligation,
        form7_due=due,
        window_business_days=window,
    )


# --- The catalogue -----------------------------------------------------------------------
def nudges_for(
    case: CaseSnapshot, calendar: WorkCalendar, config: NudgeConfig | None = None
) -> list[NudgeSpec]:
    """Every nudge the case calls for now, past and future (the store skips expired ones)."""
    cfg = config or NudgeConfig()
    b = _Builder(case, calendar)
    _reporting(b)
    _ohsa(b)
    law.add_statutory(b)
    if not case.is_closed:
        _day8_question(b)
        _facts_question(b)
        _functional_info(b, cfg)
        _check_in(b, cfg)
        _temporary_plan(b, cfg)
        meeting_reminders(b, (EMPLOYEE, SUPERVISOR, HR))
        modified_work_nudges(b, cfg, EMPLOYEE, SUPERVISOR, (
            Escalation(BusinessDays(CHECK_IN_ESCALATE_BUSINESS_DAYS), HR),))
        _permanent_placement(b, cfg)
        _reemployment(b, cfg)
        _stalled(b, cfg)
    return b.specs


@dataclass
class _Builder:
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


def _day(d: date) -> str:
    return dates.day(d)


def _reporting(b: _Builder) -> None:
    """Form 7: remind on business day 1, escalate to HR on day 2, late after day 3."""
    case = b.case
    if case.kind not in OCCUPATIONAL or case.reportability != "reportable":
        return
    legal = b.cal.legal()
    obligation = case.obligation_date or b.cal.local_date(case.learned_at)
    window = filing_window(b.cal.local_date(case.occurred_at))
    plan = form7_schedule(obligation, b.cal, window)
    due = case.form7_due or plan.due_on
    if case.form7_filed:
        if not case.worker_given_form7_copy:
            filed = case.form7_filed_at or b.at_start(plan.remind_on)
            b.add(
                FORM7_WORKER_COPY,
                HR,
                filed,
                _COPY_BASIS,
                f"{b.ref}: Form 7 has been filed. Give the worker a copy of it and keep one "
                f"({_COPY_BASIS}).",
                f"form7_copy:{obligation}",
            )
        return
    late_after = b.cal.end_of_day(due)
    escalate_days = max(legal.business_days_between(plan.remind_on, plan.escalate_on), 1)
    remind = (
        f"{b.ref}: the WSIB must receive Form 7 by the end of {_day(due)} — "
        f"{window} business days after the employer learned of the obligation on "
        f"{_day(obligation)}. File on time even if something is missing, and say what "
        f"(OPM 15-01-02; WSIA s.21(1))."
    )
    for role, escalate in (
        (SUPERVISOR, (Escalation(BusinessDays(escalate_days), HR),)),
        (HR, ()),
    ):
        b.add(
            FORM7_DUE,
            role,
            b.at_start(plan.remind_on),
            FORM7_BASIS,
            remind,
            f"form7:{due}:{role}",
            escalate=escalate,
            expires_at=late_after,
        )
    b.add(
        FORM7_LATE,
        HR,
        late_after,
        FORM7_BASIS,
        f"{b.ref}: Form 7 is late — the WSIB had to receive it by the end of {_day(due)}. "
        f"File it now, explaining anything missing. Late filing brings a ${LATE_FILING_PENALTY:,} "
        f"penalty (${LATE_FILING_PENALTY_SERIOUS:,} when received more than "
        f"{LATE_FILING_SERIOUS_AFTER_DAYS} days after {_day(obligation)}) and is an offence "
        "(OPM 15-01-02; "
        "WSIA s.21(1)).",
        f"form7_late:{due}",
    )


def _day8_question(b: _Builder) -> None:
    case = b.case
    if case.kind not in OCCUPATIONAL or case.reportability != "watch":
        return
    line = case.recheck_on or day8(b.cal.local_date(case.occurred_at))
    accident = b.cal.local_date(case.occurred_at)
    b.add(
        DAY8_QUESTION,
        SUPERVISOR,
        b.at_start(line),
        FORM7_BASIS,
        f"{b.ref}: the worker has been on modified work at regular pay since the accident on "
        f"{_day(accident)}. Is the modified work still needed on day "
        f"{MODIFIED_WORK_REPORTABLE_DAY} ({_day(line)})? If yes, the case becomes reportable "
        f"that day and the WSIB must receive Form 7 within {FORM7_BUSINESS_DAYS} business "
        "days (OPM 15-01-02).",
        f"day8:{line}",
        escalate=(Escalation(BusinessDays(DEFAULT_ESCALATE_BUSINESS_DAYS), HR),),
    )


def _facts_question(b: _Builder) -> None:
    """One question to the supervisor on the next business day after filing, when the
    report left facts "not known yet" (OPM 15-01-02: what the employer learns later may
    start the Form 7 clock)."""
    case = b.case
    if case.kind not in OCCUPATIONAL or not case.missing_facts or case.facts_updated:
        return
    filed = b.cal.local_date(case.functional_info_requested_at or case.learned_at)
    ask_on = b.cal.add_business_days(filed, 1)
    b.add(
        FACTS_CHECK,
        SUPERVISOR,
        b.at_start(ask_on),
        FORM7_BASIS,
        f"{b.ref}: has the employee seen a health professional, missed work or had lower pay "
        "since? Some facts were not known yet when you reported — press *Update the facts* "
        "so I can tell whether and by when the WSIB must be told (OPM 15-01-02).",
        f"facts:{filed}",
    )


def _ohsa(b: _Builder) -> None:
    case = b.case
    if case.kind not in OCCUPATIONAL or case.ohsa_notice_due is None or case.ohsa_notice_given:
        return
    b.add(
        OHSA_NOTICE,
        SUPERVISOR,
        case.learned_at,
        _OHSA_BASIS,
        f"{b.ref}: give written notice of the "
        f"{'occupational illness' if case.kind == 'work_illness' else 'accident'} to "
        f"{ohsa.recipients_text(case.kind)} by {_day(case.ohsa_notice_due)} "
        f"({_OHSA_BASIS}). This is separate from Form 7.",
        f"ohsa:{case.ohsa_notice_due}",
        escalate=(Escalation(BusinessDays(OHSA_ESCALATE_BUSINESS_DAYS), HR),),
    )


def _functional_info(b: _Builder, cfg: NudgeConfig) -> None:
    case = b.case
    if str(case.stage) not in (Stage.REPORTED, Stage.AWAITING_FUNCTIONAL_INFO):
        return
    asked = case.functional_info_requested_at or case.learned_at
    received = case.functional_info_received_at
    if received is not None and received >= asked:
        return
    asked_day = b.cal.local_date(asked)
    employee_day = b.cal.add_business_days(asked_day, cfg.functional_info_employee_business_days)
    hr_day = b.cal.add_business_days(asked_day, cfg.functional_info_hr_business_days)
    b.add(
        FUNCTIONAL_INFO,
        EMPLOYEE,
        b.at_start(employee_day),
        _FUNCTIONAL_BASIS,
        f"{b.ref}: your health professional's functional abilities form has not come back "
        "yet. Please have it completed and returned as soon as you can — the employer pays "
        f"for it ({_FUNCTIONAL_BASIS}).",
        f"functional:{asked_day}:{EMPLOYEE}",
    )
    b.add(
        FUNCTIONAL_INFO,
        HR,
        b.at_start(hr_day),
        _FUNCTIONAL_BASIS,
        f"{b.ref}: the functional abilities form asked for on {_day(asked_day)} is still "
        f"outstanding after {cfg.functional_info_hr_business_days} business days; please "
        f"follow up with the employee ({_FUNCTIONAL_BASIS}).",
        f"functional:{asked_day}:{HR}",
    )


def _check_in(b: _Builder, cfg: NudgeConfig) -> None:
    """One check-in at a time: the next is computed from the last recorded contact."""
    case = b.case
    if not case.off_work:
        return
    last = case.last_check_in_at or case.learned_at
    day = b.cal.local_date(last) + timedelta(days=cfg.check_in_interval_days)
    basis = law.cooperation_basis(case.kind)
    b.add(
        CHECK_IN,
        SUPERVISOR,
        b.at_start(day),
        basis,
        f"{b.ref}: time for a keep-in-touch check-in with the employee, who is off work. "
        f"Contact them and record the contact ({basis}).",
        f"check_in:{day}",
        escalate=(Escalation(BusinessDays(CHECK_IN_ESCALATE_BUSINESS_DAYS), HR),),
    )


def _temporary_plan(b: _Builder, cfg: NudgeConfig) -> None:
    case, plan = b.case, b.case.plan
    if plan is None or str(case.stage) == Stage.PERMANENT_ACCOMMODATION:
        return
    end_of_plan = b.cal.end_of_day(plan.end)
    reviews = sorted(d for d in plan.review_dates if d <= plan.end)
    for i, review in enumerate(reviews):
        following = reviews[i + 1] if i + 1 < len(reviews) else None
        b.add(
            PLAN_REVIEW,
            SUPERVISOR,
            b.at_start(review),
            _PLAN_BASIS,
            f"{b.ref}: the temporary modified work plan is due for review on {_day(review)}. "
            f"Check progress against the restrictions with the team ({_PLAN_BASIS}).",
            f"plan_review:{review}",
            escalate=(Escalation(BusinessDays(DEFAULT_ESCALATE_BUSINESS_DAYS), HR),),
            expires_at=b.at_start(following) if following else end_of_plan,
        )
    notice_day = b.cal.add_business_days(plan.end, -cfg.plan_ending_notice_business_days)
    b.add(
        PLAN_ENDING,
        HR,
        b.at_start(notice_day),
        _PLAN_BASIS,
        f"{b.ref}: the temporary modified work plan ends on {_day(plan.end)}. Decide with the "
        "team: extend it (a health professional's written recommendation, and the WSIB's or "
        "LTD carrier's concurrence where involved), return to regular duties (with medical "
        f"authorization), or look for permanent work ({_PLAN_BASIS}).",
        f"plan_ending:{plan.end}",
        expires_at=end_of_plan,
    )
    if plan.submitted_at is not None and plan.union_approved_at is None:
        sent_day = b.cal.local_date(plan.submitted_at)
        chase = b.cal.add_business_days(sent_day, cfg.union_review_pending_business_days)
        b.add(
            UNION_REVIEW,
            # Consent first: the union is chased only once the employee authorized it; HR
            # reviews in its place otherwise.
            UNION if b.case.union_authorized else HR,
            b.at_start(chase),
            _UNION_BASIS,
            f"{b.ref}: the modified work plan sent for union review on {_day(sent_day)} is "
            f"still waiting for it ({_UNION_BASIS}).",
            f"union_review:{sent_day}",
            escalate=(Escalation(BusinessDays(DEFAULT_ESCALATE_BUSINESS_DAYS), HR),),
        )


def _permanent_placement(b: _Builder, cfg: NudgeConfig) -> None:
    placement = b.case.placement
    if placement is None:
        return
    dates = follow_up_dates(
        placement.start, cfg.follow_up_interval_months, cfg.follow_up_period_months, b.cal
    )
    for i, day in enumerate(dates, start=1):
        following = dates[i] if i < len(dates) else None
        b.add(
            PLACEMENT_FOLLOW_UP,
            HR,
            b.at_start(day),
            _PERMANENT_BASIS,
            f"{b.ref}: follow-up {i} of {len(dates)} on the permanent placement that started "
            f"on {_day(placement.start)}: check how the work and any training are going "
            f"({_PERMANENT_BASIS}).",
            f"follow_up:{day}",
            expires_at=b.at_start(following) if following else None,
        )
    if placement.training_start is not None:
        limit = training_limit(placement.training_start)
        notice = limit - timedelta(days=cfg.training_limit_notice_days)
        b.add(
            TRAINING_LIMIT,
            HR,
            b.at_start(notice),
            _PERMANENT_BASIS,
            f"{b.ref}: on-the-job training reaches its {ON_THE_JOB_TRAINING_MAX_YEARS}-year "
            f"limit on {_day(limit)}; review progress with the team ({_PERMANENT_BASIS}).",
            f"training_limit:{limit}",
            expires_at=b.cal.end_of_day(limit),
        )


def _reemployment(b: _Builder, cfg: NudgeConfig) -> None:
    case = b.case
    if case.kind not in OCCUPATIONAL or case.reemployment_ends_on is None:
        return
    ends = case.reemployment_ends_on
    notice = ends - timedelta(days=cfg.reemployment_end_notice_days)
    b.add(
        REEMPLOYMENT_ENDING,
        HR,
        b.at_start(notice),
        _REEMPLOYMENT_BASIS,
        f"{b.ref}: the obligation to re-employ the worker ends on {_day(ends)} "
        f"({_REEMPLOYMENT_BASIS}). Make sure suitable work has been offered before then.",
        f"reemployment:{ends}",
        expires_at=b.cal.end_of_day(ends),
    )


def _stalled(b: _Builder, cfg: NudgeConfig) -> None:
    case = b.case
    if case.kind not in OCCUPATIONAL or not (case.off_work or case.days_without_return > 0):
        return
    if case.as_of is not None:
        away_since = b.cal.local_date(case.as_of) - timedelta(days=case.days_without_return)
    else:
        away_since = b.cal.local_date(case.learned_at)
    day = away_since + timedelta(days=cfg.stalled_after_days)
    b.add(
        STALLED,
        HR,
        b.at_start(day),
        _COOPERATION_BASIS,
        f"{b.ref}: no return to work after {cfg.stalled_after_days} days. The employer or the "
        f"union may ask for the WSIB's mediation service ({_COOPERATION_BASIS}).",
        f"stalled:{day}",
    )
