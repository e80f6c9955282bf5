"""A case is its facts. Each fact has when it happened (when known), when the employer
learned it, where it came from (the supervisor's report, a health professional's form, HR,
the employee, the WSIB) and who recorded it. `case_duties` is the one function from all of
a case's facts to its reportability and the duties that start from them: the Form 7 clock
(OPM 15-01-02, through `reassessment.reassess`), the OHSA notices (s.51 at once, s.52 within
4 days), the first contact and check-ins while the worker is off work (WSIA s.40), and what
re-employment needs (WSIA s.41). It is run again whenever any fact arrives, from any source.

The law's clocks run from when the employer learned a fact, never from when someone typed
it. What the employer knows at an instant t is every fact learned at or before t; of facts
with one name, the one learned last wins (then the one recorded last). A duty starts at the
first instant of the current run of knowledge that calls for it: news that only confirms a
running clock does not restart it, and a fact learned earlier (told late) starts it earlier.
Pure: no clock, no store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from typing import Any, get_args

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.moment import Moment
from rtwbot.domain.reassessment import reassess
from rtwbot.domain.reporting import (
    Answer,
    CaseKind,
    ModifiedWork,
    OhsaNotice,
    Reportability,
    ReportFacts,
    ohsa_notice_due,
)

# --- Where a fact comes from ----------------------------------------------------------
SUPERVISOR_REPORT = "supervisor_report"  # the report, as the supervisor gives it
SUPERVISOR = "supervisor"  # the supervisor, after the report
HEALTH_PROFESSIONAL = "health_professional"  # a health professional's form
HR = "hr"
EMPLOYEE = "employee"
WSIB = "wsib"  # the WSIB's decision
SOURCES: Mapping[str, str] = {
    SUPERVISOR_REPORT: "the supervisor's report",
    SUPERVISOR: "the supervisor",
    HEALTH_PROFESSIONAL: "a health professional's form",
    HR: "HR",
    EMPLOYEE: "the employee",
    WSIB: "the WSIB's decision",
}

# --- What a fact is about (the report's keys where the report asks it) ------------------
KIND = "case_kind"
CRITICAL = "critical_injury"  # OHSA s.51: someone critically injured or killed
HEALTH_CARE = "health_care"
ABSENT = "absent"
LOWER_PAY = "lower_pay"
MODIFIED_WORK = "modified_work"
MODIFIED_WORK_START = "modified_work_start"  # an ISO date
CONTINUES = "modified_work_continues"  # the day-8 answer: still needed on day 8?
FORM = "functional_abilities"  # a health professional's form: its return-to-work status
ESSENTIAL_DUTIES = "essential_duties"  # able to perform the pre-injury job's essential duties
CONTACT_RELEASED = "worker_contact_released"  # HR: the worker may now be contacted
REPORTING = (HEALTH_CARE, ABSENT, LOWER_PAY, MODIFIED_WORK)
# The report's answers that are facts of the timeline.
REPORT_KEYS = (KIND, CRITICAL, *REPORTING)

YES_NO_UNKNOWN = ("yes", "no", "unknown")
RETURN_STATUSES = ("no_restrictions", "with_restrictions", "unable")
ALLOWED: Mapping[str, tuple[Any, ...]] = {
    KIND: get_args(CaseKind),
    CRITICAL: YES_NO_UNKNOWN,
    HEALTH_CARE: get_args(Answer),
    ABSENT: get_args(Answer),
    LOWER_PAY: get_args(Answer),
    MODIFIED_WORK: get_args(ModifiedWork),
    CONTINUES: ("yes", "no"),
    FORM: (*RETURN_STATUSES, None),
    ESSENTIAL_DUTIES: YES_NO_UNKNOWN,
    CONTACT_RELEASED: ("yes",),
}
NAMES = frozenset({*ALLOWED, MODIFIED_WORK_START})
# A kind not said yet is taken as work-related: "if you're not sure, the WSIB decides".
DEFAULT_KIND = "work_injury"
ABLE_TO_WORK = ("no_restrictions", "with_restrictions")


@dataclass(frozen=True)
class Fact:
    """One thing the employer knows about a case, and since when."""

    name: str
    value: Any
    learned_at: datetime  # when the employer learned it (aware)
    source: str
    occurred_at: Moment | None = None  # when it happened, when that is known
    recorded_at: datetime | None = None  # when someone typed it (never a clock's start)
    recorded_by: str | None = None

    def __post_init__(self) -> None:
        if self.name not in NAMES:
            raise ValueError(f"Unknown fact {self.name!r}.")
        if self.source not in SOURCES:
            raise ValueError(f"Unknown source {self.source!r}: one of {', '.join(SOURCES)}.")
        if self.learned_at.tzinfo is None or self.learned_at.utcoffset() is None:
            raise ValueError("learned_at has no time zone; pass an aware datetime.")
        allowed = ALLOWED.get(self.name)
        if allowed is not None and self.value not in allowed:
            raise ValueError(f"{self.name} cannot be {self.value!r}.")
        if self.name == MODIFIED_WORK_START and self.value is not None:
            date.fromisoformat(str(self.value))  # raises on anything but a date

    @property
    def recorded(self) -> datetime:
        return self.recorded_at or self.learned_at


def report_facts(answers: Mapping[str, Any], learned_at: datetime, *,
                 recorded_at: datetime | None = None,
                 recorded_by: str | None = None) -> list[Fact]:
    """The facts a report (finished or not) gives: what the supervisor knew when the
    employer learned of the accident. Unanswered questions give no fact."""
    out = []
    for key in REPORT_KEYS:
        value = answers.get(key)
        if value is None or value not in ALLOWED[key]:
            continue
        out.append(Fact(key, value, learned_at, SUPERVISOR_REPORT,
                        recorded_at=recorded_at, recorded_by=recorded_by))
    return out


def _implied(facts: Iterable[Fact]) -> list[Fact]:
    """Each fact with what it says of the report's facts: a health professional's form
    means health care beyond first aid; "unable to return at this time" means time off."""
    out = []
    for f in facts:
        out.append(f)
        if f.name == FORM:
            out.append(Fact(HEALTH_CARE, "yes", f.learned_at, f.source, f.occurred_at,
                            f.recorded_at, f.recorded_by))
            if f.value == "unable":
                out.append(Fact(ABSENT, "yes", f.learned_at, f.source, f.occurred_at,
                                f.recorded_at, f.recorded_by))
    return out


def known_at(facts: Iterable[Fact], at: datetime | None) -> dict[str, Fact]:
    """What the employer knows at `at` (None: everything): the winning fact per name."""
    best: dict[str, tuple[tuple[datetime, datetime, int], Fact]] = {}
    for index, f in enumerate(_implied(facts)):
        if at is not None and f.learned_at > at:
            continue
        key = (f.learned_at, f.recorded, index)
        if f.name not in best or key > best[f.name][0]:
            best[f.name] = (key, f)
    return {name: f for name, (_, f) in best.items()}


@dataclass(frozen=True)
class CaseBase:
    """What a case is about, apart from its facts: when the accident happened and when the
    employer learned of it (the report's answers)."""

    occurred: Moment
    learned: Moment


@dataclass(frozen=True)
class Duties:
    """A case's reportability and what starts its duties, from all of its facts."""

    kind: str
    values: Mapping[str, Any]  # the current value of each fact
    reportability: Reportability
    ohsa: OhsaNotice
    ohsa_since: datetime | None = None  # when the employer learned what calls for it
    critical_since: datetime | None = None  # OHSA s.51: learned of a critical injury
    off_work_since: datetime | None = None  # WSIA s.40: learned the worker is off work
    suitable_work_on: date | None = None  # s.41: a form says the worker can work
    essential_duties_on: date | None = None  # s.41(7): able to do the essential duties
    worker_contact_held: bool = False  # critical: HR decides when the worker is contacted
    points: tuple[datetime, ...] = field(default=(), repr=False)

    @property
    def critical(self) -> bool:
        return self.critical_since is not None

    @property
    def off_work(self) -> bool:
        return self.off_work_since is not None


def _value(known: Mapping[str, Fact], name: str, default: Any) -> Any:
    f = known.get(name)
    return default if f is None or f.value is None else f.value


def _start(known: Mapping[str, Fact]) -> date | None:
    raw = _value(known, MODIFIED_WORK_START, None)
    return date.fromisoformat(str(raw)) if raw else None


def _as_report(base: CaseBase, known: Mapping[str, Fact], at: datetime,
               tz: tzinfo) -> ReportFacts:
    learned = Moment.of(at, tz)
    assert learned is not None
    if learned.before(base.occurred):  # a fact dated before the accident: learned with it
        learned = base.occurred
    continues = _value(known, CONTINUES, None)
    return ReportFacts(
        case_kind=_value(known, KIND, DEFAULT_KIND),
        occurred_at=base.occurred,
        learned_at=learned,
        health_care=_value(known, HEALTH_CARE, "unknown"),
        absent=_value(known, ABSENT, "unknown"),
        lower_pay=_value(known, LOWER_PAY, "unknown"),
        modified_work=_value(known, MODIFIED_WORK, "unknown"),
        modified_work_continues_past_day7=None if continues is None else continues == "yes",
        critical_injury=_value(known, CRITICAL, "no") == "yes",
    )


def _as_of(known: Mapping[str, Fact], at: datetime, cal: WorkCalendar) -> date:
    """The day the facts known at `at` are known to hold: the last day one was said."""
    return max([cal.local_date(at), *(cal.local_date(f.recorded) for f in known.values())])


def _run_start(points: list[tuple[datetime, bool]]) -> datetime | None:
    """The first instant of the current run of True (None when the last is False)."""
    since = None
    for at, on in points:
        if not on:
            since = None
        elif since is None:
            since = at
    return since


def case_duties(base: CaseBase, facts: Iterable[Fact], calendar: WorkCalendar) -> Duties:
    """The case's reportability and duties from all of its facts (see the module doc)."""
    tz = calendar.tz
    start = base.learned.instant(tz)
    # Nothing is known of a case before the employer learned of the accident: a fact
    # dated earlier counts from then (and, typed after the report, says more than it).
    facts = [f if f.learned_at >= start else replace(f, learned_at=start) for f in facts]
    points = sorted({start, *(f.learned_at for f in facts)})
    r: Reportability | None = None
    ohsa_runs, critical_runs, off_runs = [], [], []
    for at in points:
        known = known_at(facts, at)
        report = _as_report(base, known, at, tz)
        r = reassess(report, calendar, told_on=calendar.local_date(at), previous=r,
                     modified_work_start=_start(known), as_of=_as_of(known, at, calendar))
        ohsa_runs.append((at, ohsa_notice_due(report, calendar).required))
        critical_runs.append((at, report.critical_injury))
        off_runs.append((at, report.absent == "yes"))
    assert r is not None
    now = known_at(facts, None)
    final = _as_report(base, now, points[-1], tz)
    critical_since = _run_start(critical_runs)
    released = now.get(CONTACT_RELEASED)
    held = critical_since is not None and (released is None
                                           or released.learned_at < critical_since)
    return Duties(
        kind=final.case_kind,
        values={name: f.value for name, f in now.items()},
        reportability=r,
        ohsa=ohsa_notice_due(final, calendar),
        ohsa_since=_run_start(ohsa_runs),
        critical_since=critical_since,
        off_work_since=_run_start(off_runs),
        suitable_work_on=_first_form_able(facts, calendar),
        essential_duties_on=_essential_duties_on(facts, now, calendar),
        worker_contact_held=held,
        points=tuple(points),
    )


def _first_form_able(facts: list[Fact], cal: WorkCalendar) -> date | None:
    """The day the employer learned from a form that the worker can work (with or without
    restrictions): suitable work may be offered (WSIA s.41(5))."""
    able = [f.learned_at for f in facts if f.name == FORM and f.value in ABLE_TO_WORK]
    return cal.local_date(min(able)) if able else None


def _essential_duties_on(facts: list[Fact], now: Mapping[str, Fact],
                         cal: WorkCalendar) -> date | None:
    """When the worker became able to perform the essential duties of the pre-injury job
    (WSIA s.41(7)(b)), as HR, the team or the WSIB recorded it — never read from a form's
    "with restrictions". The day it happened when given, else the day it was learned."""
    current = now.get(ESSENTIAL_DUTIES)
    if current is None or current.value != "yes":
        return None
    yes = [f for f in facts if f.name == ESSENTIAL_DUTIES and f.value == "yes"]
    first = min(yes, key=lambda f: (f.learned_at, f.recorded))
    if first.occurred_at is not None:
        return first.occurred_at.local_day(cal.tz)
    return cal.local_date(first.learned_at)
