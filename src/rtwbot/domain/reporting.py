"""Whether and when the WSIB must be told (OPM 15-01-02; WSIA s.21), and the separate
notice the Occupational Health and Safety Act requires (OHSA s.51-52).

Unknown answers are treated conservatively: if something that would make the accident
reportable is not known yet, the case is reportable and Form 7 is filed on time saying
what is missing, as OPM 15-01-02 asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal, get_args

from rtwbot import dates
from rtwbot.domain import ohsa
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.moment import Moment, order_problem
from rtwbot.domain.rules import (
    FORM7_BUSINESS_DAYS,
    FORM7_BUSINESS_DAYS_BEFORE_2023,
    FORM7_THREE_DAY_RULE_FROM,
    LATE_FILING_PENALTY,
    LATE_FILING_PENALTY_SERIOUS,
    LATE_FILING_SERIOUS_AFTER_DAYS,
    MODIFIED_WORK_REGULAR_PAY_DAYS,
    MODIFIED_WORK_REPORTABLE_DAY,
    OHSA_CRITICAL_REPORT_HOURS,
    OHSA_NOTICE_DAYS,
)

CaseKind = Literal["work_injury", "work_illness", "non_occupational"]
Answer = Literal["yes", "no", "unknown"]
ModifiedWork = Literal["none", "regular_pay", "reduced_pay", "unknown"]
Status = Literal["reportable", "not_reportable", "watch", "not_applicable"]

BASIS = "OPM 15-01-02"
OHSA_BASIS = "OHSA s.51-52"

# Plain names of the facts, for "not known yet" sentences.
_FACT_NAMES = {
    "health_care": "whether the worker needed health care beyond first aid",
    "absent": "whether the worker was absent from regular work",
    "lower_pay": "whether the worker earns less than regular pay",
    "modified_work": "whether the worker needs modified work, and at what pay",
}


def _fmt(d: date) -> str:
    return dates.day(d)


def _check_choice(name: str, value: object, allowed: object) -> None:
    # `allowed` is a Literal[...] alias: typing has no static type for one.
    options = get_args(allowed)
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(options)}; got {value!r}.")


@dataclass(frozen=True)
class ReportFacts:
    """What is known about an accident or illness when reportability is assessed.

    `modified_work_continues_past_day7` is answered on day 8 (accident date + 8).
    `first_shift_after_day7` is for shift workers not scheduled on day 8: the first shift
    after day 8 on which modified work is still needed. `critical_injury` covers a
    critical injury or a death (OHSA s.51).
    """

    case_kind: CaseKind
    occurred_at: datetime | Moment  # a Moment may have no time of day
    learned_at: datetime | Moment
    health_care: Answer = "unknown"
    absent: Answer = "unknown"
    lower_pay: Answer = "unknown"
    modified_work: ModifiedWork = "unknown"
    modified_work_continues_past_day7: bool | None = None
    first_shift_after_day7: date | None = None
    critical_injury: bool = False

    def __post_init__(self) -> None:
        _check_choice("case_kind", self.case_kind, CaseKind)
        for name in ("health_care", "absent", "lower_pay"):
            _check_choice(name, getattr(self, name), Answer)
        _check_choice("modified_work", self.modified_work, ModifiedWork)
        for name in ("occurred_at", "learned_at"):
            if Moment.of(getattr(self, name)) is None:
                raise ValueError(f"{name} has no time zone; pass an aware datetime.")
        # The intake refuses the same answer with the same sentence (one rule).
        problem = order_problem(self.occurred, self.learned)
        if problem:
            raise ValueError(problem)

    @property
    def occurred(self) -> Moment:
        return Moment.of(self.occurred_at)  # type: ignore[return-value]  # checked above

    @property
    def learned(self) -> Moment:
        return Moment.of(self.learned_at)  # type: ignore[return-value]  # checked above


@dataclass(frozen=True)
class Reportability:
    status: Status
    reasons: tuple[str, ...]
    obligation_date: date | None = None  # when the employer learned of the obligation
    form7_due: date | None = None  # Form 7 must be received by the end of this day
    recheck_on: date | None = None  # day 8, for "watch"
    missing: tuple[str, ...] = ()  # facts still "unknown"
    window_business_days: int | None = None
    basis: str = BASIS


@dataclass(frozen=True)
class Form7Schedule:
    """Nudge dates for one Form 7: remind, escalate, then late after the due day."""

    obligation_date: date
    remind_on: date
    escalate_on: date
    due_on: date
    late_after: datetime  # the last instant of the due day; later is late


def day8(accident_day: date) -> date:
    """The first day modified work at regular pay makes an accident reportable."""
    return accident_day + timedelta(days=MODIFIED_WORK_REPORTABLE_DAY)


def filing_window(accident_day: date) -> int:
    """Business days allowed for Form 7: 3 for accidents from 2023-09-29, 7 before."""
    if accident_day >= FORM7_THREE_DAY_RULE_FROM:
        return FORM7_BUSINESS_DAYS
    return FORM7_BUSINESS_DAYS_BEFORE_2023


def form7_due(obligation_date: date, calendar: WorkCalendar, window: int) -> date:
    """Day 0 is the obligation date; due by the end of the `window`th business day after."""
    return calendar.legal().add_business_days(obligation_date, window)


def form7_schedule(
    obligation_date: date, calendar: WorkCalendar, window: int = FORM7_BUSINESS_DAYS
) -> Form7Schedule:
    """Remind on business day 1, escalate on the day before the due day, late after it."""
    legal = calendar.legal()
    due = legal.add_business_days(obligation_date, window)
    return Form7Schedule(
        obligation_date=obligation_date,
        remind_on=legal.add_business_days(obligation_date, 1),
        escalate_on=legal.add_business_days(obligation_date, max(window - 1, 1)),
        due_on=due,
        late_after=calendar.end_of_day(due),
    )


def late_filing_penalty(due: date, received_on: date, obligation: date) -> Decimal:
    """The WSIB's administrative penalty for a Form 7 received on `received_on`: none when
    on time (by the end of `due`); $1,000 when received more than 30 calendar days after
    the employer learned of the obligation (`obligation`); else $250 (OPM 15-01-02)."""
    if received_on <= due:
        return Decimal(0)
    if (received_on - obligation).days > LATE_FILING_SERIOUS_AFTER_DAYS:
        return LATE_FILING_PENALTY_SERIOUS
    return LATE_FILING_PENALTY


def _definite_triggers(facts: ReportFacts) -> list[str]:
    found = []
    if facts.health_care == "yes":
        found.append("The worker needed health care beyond first aid (OPM 15-01-02).")
    if facts.absent == "yes":
        found.append("The worker was absent from regular work (OPM 15-01-02).")
    if facts.lower_pay == "yes":
        found.append("The worker earns less than regular pay for regular work (OPM 15-01-02).")
    if facts.modified_work == "reduced_pay":
        found.append("The worker needs modified work at less than regular pay (OPM 15-01-02).")
    return found


def _missing(facts: ReportFacts) -> tuple[str, ...]:
    return tuple(name for name in _FACT_NAMES if getattr(facts, name) == "unknown")


def _due_sentence(obligation: date, due: date, window: int) -> str:
    return (
        f"The WSIB must receive Form 7 by the end of {_fmt(due)}: {window} business days "
        f"after the employer learned of the obligation on {_fmt(obligation)} "
        "(OPM 15-01-02; WSIA s.21(1)). Give the worker a copy at the same time "
        "(WSIA s.21(4)) and keep one."
    )


def _reportable(
    reasons: list[str],
    obligation: date,
    accident_day: date,
    cal: WorkCalendar,
    missing: tuple[str, ...],
) -> Reportability:
    window = filing_window(accident_day)
    due = form7_due(obligation, cal, window)
    if window != FORM7_BUSINESS_DAYS:
        reasons.append(
            f"The accident was before {_fmt(FORM7_THREE_DAY_RULE_FROM)}, so the earlier "
            f"{window}-business-day rule applies (OPM 15-01-02)."
        )
    reasons.append(_due_sentence(obligation, due, window))
    return Reportability(
        status="reportable",
        reasons=tuple(reasons),
        obligation_date=obligation,
        form7_due=due,
        missing=missing,
        window_business_days=window,
    )


def assess_reportability(facts: ReportFacts, calendar: WorkCalendar | None = None) -> Reportability:
    """Decide whether the WSIB must be told, and by when (OPM 15-01-02)."""
    cal = calendar or WorkCalendar()
    if facts.case_kind == "non_occupational":
        return Reportability(
            status="not_applicable",
            reasons=(
                "This is not a work-related case, so it runs under sick credits or LTD and "
                "the WSIB is not told. If it may be work-related after all, report it: the "
                "WSIB decides (OPM 15-01-02).",
            ),
        )

    accident_day = facts.occurred.local_day(cal.tz)
    learned_day = facts.learned.local_day(cal.tz)
    line = day8(accident_day)
    missing = _missing(facts)
    reasons = _definite_triggers(facts)
    on_regular_pay = facts.modified_work == "regular_pay"

    if reasons:
        return _reportable(reasons, learned_day, accident_day, cal, missing)

    if on_regular_pay and facts.modified_work_continues_past_day7:
        # The obligation arises on day 8 (or the first shift after it), not before.
        obligation = max(learned_day, facts.first_shift_after_day7 or line, line)
        reasons.append(
            f"Modified work at regular pay continued past {MODIFIED_WORK_REGULAR_PAY_DAYS} "
            f"calendar days after the accident, so the case became reportable on "
            f"{_fmt(obligation)} (OPM 15-01-02)."
        )
        return _reportable(reasons, obligation, accident_day, cal, missing)

    if missing:
        names = "; ".join(_FACT_NAMES[m] for m in missing)
        reasons.append(
            f"Not known yet: {names} — file on time and say what is missing; "
            "the WSIB decides (OPM 15-01-02)."
        )
        if on_regular_pay and facts.modified_work_continues_past_day7 is None:
            reasons.append(_watch_sentence(line))
        return _reportable(reasons, learned_day, accident_day, cal, missing)

    if on_regular_pay and facts.modified_work_continues_past_day7 is None:
        return Reportability(
            status="watch",
            reasons=(
                "First aid and modified work at regular pay are not reportable for the "
                f"first {MODIFIED_WORK_REGULAR_PAY_DAYS} calendar days (OPM 15-01-02).",
                _watch_sentence(line),
            ),
            recheck_on=line,
        )

    if on_regular_pay:
        why = (
            "First aid and modified work at regular pay for "
            f"{MODIFIED_WORK_REGULAR_PAY_DAYS} calendar days or less are not reportable "
            "(OPM 15-01-02)."
        )
    else:
        why = "First aid only is not reportable to the WSIB (OPM 15-01-02)."
    return Reportability(status="not_reportable", reasons=(why,))


def _watch_sentence(line: date) -> str:
    return (
        f"Check again on {_fmt(line)} (day {MODIFIED_WORK_REPORTABLE_DAY}): if the modified "
        "work is still needed then, the case becomes reportable that day and the "
        f"{FORM7_BUSINESS_DAYS}-business-day clock starts (OPM 15-01-02)."
    )


# --- OHSA -----------------------------------------------------------------------------
@dataclass(frozen=True)
class OhsaNotice:
    """The Occupational Health and Safety Act notice an accident calls for."""

    required: bool
    immediate: bool
    reasons: tuple[str, ...]
    notify: tuple[str, ...] = ()
    notice_due: date | None = None  # written notice to the committee and the union
    written_report_due: datetime | None = None  # critical injury: report to a Director
    basis: str = OHSA_BASIS


_COMMITTEE = ohsa.COMMITTEE
_UNION = ohsa.UNION
_MINISTRY = ohsa.MINISTRY


def ohsa_notice_due(facts: ReportFacts, calendar: WorkCalendar | None = None) -> OhsaNotice:
    """OHSA s.51: critical injury or death, from any cause -> immediately, written report in
    48 hours.
    OHSA s.52: disabled from usual work or needing medical attention -> written notice
    within 4 days of the accident (of being advised, for an occupational illness)."""
    cal = calendar or WorkCalendar()
    # s.51 covers a critical injury or death "from any cause at a workplace": checked first.
    if facts.critical_injury:
        report_by = ohsa.written_report_due(facts.occurred.instant(cal.tz).astimezone(cal.tz))
        return OhsaNotice(
            required=True,
            immediate=True,
            reasons=(
                f"A critical injury or death: notify {_MINISTRY}, the committee "
                "and the union immediately, preserve the scene, and send a written report within "
                f"{OHSA_CRITICAL_REPORT_HOURS} hours (OHSA s.51).",
            ),
            notify=(_MINISTRY, _COMMITTEE, _UNION),
            notice_due=facts.occurred.local_day(cal.tz),
            written_report_due=report_by,
        )
    if facts.case_kind == "non_occupational":
        return OhsaNotice(
            required=False,
            immediate=False,
            reasons=("OHSA s.52 notices are for workplace accidents and occupational "
                     "illnesses.",),
        )

    disabled = facts.absent == "yes" or facts.modified_work in ("regular_pay", "reduced_pay")
    medical = facts.health_care == "yes"
    unsure = "unknown" in (facts.absent, facts.health_care, facts.modified_work)
    if not (disabled or medical or unsure):
        return OhsaNotice(
            required=False,
            immediate=False,
            reasons=(
                "No OHSA notice: the worker is not disabled from usual work and needed no "
                "medical attention (OHSA s.52).",
            ),
        )

    illness = facts.case_kind == "work_illness"
    start = (facts.learned if illness else facts.occurred).local_day(cal.tz)
    due = start + timedelta(days=OHSA_NOTICE_DAYS)
    if disabled or medical:
        why = "The worker " + " and ".join(
            part
            for part, present in (
                ("is disabled from usual work", disabled),
                ("needed medical attention", medical),
            )
            if present
        )
    else:
        why = (
            "It is not known yet whether the worker is disabled from usual work or needs "
            "medical attention"
        )
    since = "the employer was advised of the illness" if illness else "the accident"
    return OhsaNotice(
        required=True,
        immediate=False,
        reasons=(
            f"{why}: give written notice to {ohsa.recipients_text(facts.case_kind)} by "
            f"{_fmt(due)}, {OHSA_NOTICE_DAYS} days after {since} (OHSA s.52).",
        ),
        notify=ohsa.notice_recipients(facts.case_kind),
        notice_due=due,
    )
