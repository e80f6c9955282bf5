"""Nudges for reporting duties: Form 7 to the WSIB (remind, escalate, late, the worker's
copy), the day-8 question that can start its clock, the question about facts not known at
filing, and the OHSA s.52 written notice. Pure: they add to the catalogue's `Builder`."""

from __future__ import annotations

from datetime import date

from rtwbot import dates
from rtwbot.domain import ohsa
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reporting import BASIS as FORM7_BASIS
from rtwbot.domain.reporting import (
    Reportability,
    day8,
    filing_window,
    form7_due,
    form7_schedule,
)
from rtwbot.domain.rules import (
    FORM7_BUSINESS_DAYS,
    LATE_FILING_PENALTY,
    LATE_FILING_PENALTY_SERIOUS,
    LATE_FILING_SERIOUS_AFTER_DAYS,
    MODIFIED_WORK_REGULAR_PAY_DAYS,
    MODIFIED_WORK_REPORTABLE_DAY,
)
from rtwbot.nudges.escalation import (
    DEFAULT_ESCALATE_BUSINESS_DAYS,
    OHSA_ESCALATE_BUSINESS_DAYS,
    BusinessDays,
    Escalation,
)
from rtwbot.nudges.kinds import (
    DAY8_QUESTION,
    FACTS_CHECK,
    FORM7_DUE,
    FORM7_LATE,
    FORM7_WORKER_COPY,
    HR,
    OCCUPATIONAL,
    OHSA_NOTICE,
    SUPERVISOR,
)
from rtwbot.nudges.specs import Builder, CaseSnapshot

_OHSA_BASIS = "OHSA s.52"
_COPY_BASIS = "WSIA s.21(4)"


def add_reporting(b: Builder) -> None:
    """The duties owed whatever happens to the case (a closed case keeps them)."""
    _reporting(b)
    _ohsa(b)


def add_reporting_questions(b: Builder) -> None:
    """The questions that matter only while the case is open."""
    _day8_question(b)
    _facts_question(b)


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


def _day(d: date) -> str:
    return dates.day(d)


def _reporting(b: Builder) -> None:
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


def _day8_question(b: Builder) -> None:
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


def _facts_question(b: Builder) -> None:
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


def _ohsa(b: Builder) -> None:
    case = b.case
    if case.kind not in OCCUPATIONAL or case.ohsa_notice_due is None or case.ohsa_notice_given:
        return
    b.add(
        OHSA_NOTICE,
        SUPERVISOR,
        case.ohsa_since or case.learned_at,
        _OHSA_BASIS,
        f"{b.ref}: give written notice of the "
        f"{'occupational illness' if case.kind == 'work_illness' else 'accident'} to "
        f"{ohsa.recipients_text(case.kind)} by {_day(case.ohsa_notice_due)} "
        f"({_OHSA_BASIS}). This is separate from Form 7.",
        f"ohsa:{case.ohsa_notice_due}",
        escalate=(Escalation(BusinessDays(OHSA_ESCALATE_BUSINESS_DAYS), HR),),
    )
