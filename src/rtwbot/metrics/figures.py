"""Every program metric, as a pure function of case records (definitions: docs/metrics.md).

A figure is a `Cell`: its value and `n`, the number of cases it rests on. Suppression
(`rtwbot.metrics.cells`) hides any cell with n < 5; nothing here hides anything, so the unit
tests see the true numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property, lru_cache
from statistics import median

from rtwbot import dates
from rtwbot.domain.calendar import WorkCalendar, add_months
from rtwbot.metrics.records import KINDS, OPEN_STAGES, CaseRecord, NudgeRecord, stage_at

OTHER = "Other"
SMALL = 5  # fewer cases than this: suppressed / folded (small-cell rule)
PLANS_ENDING_WINDOW = 30
RETURN_WINDOWS = (30, 90)


@dataclass(frozen=True)
class Cell:
    value: float | None
    n: int  # cases (or reminders) the value rests on


def count(k: int) -> Cell:
    return Cell(k, k)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        if self.start.day == 1 and self.end == month_end(self.start):
            return dates.month(self.start)
        if self.start.day == 1 and self.end == month_end(self.end):
            return f"{dates.month(self.start)} to {dates.month(self.end)}"
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def months(self) -> list[Period]:
        out, first = [], self.start.replace(day=1)
        while first <= self.end:
            out.append(Period(max(first, self.start), min(month_end(first), self.end)))
            first = add_months(first, 1)
        return out


def month_end(d: date) -> date:
    return add_months(d.replace(day=1), 1) - timedelta(days=1)


def month_of(d: date) -> Period:
    return Period(d.replace(day=1), month_end(d))


@dataclass(frozen=True)
class Scope:
    """What one column of the report is about: the cases and reminders, the period, the day
    its "now" figures (open cases, plans ending) are taken on (`as_of`, the period's end or
    today), and the report's day (`today`), up to which the cases reported in the period are
    followed (Form 7s, absence, return to regular duties)."""

    cases: Sequence[CaseRecord]
    nudges: Sequence[NudgeRecord]
    period: Period
    as_of: date
    calendar: WorkCalendar
    today: date | None = None
    cohort: Sequence[CaseRecord] | None = None  # the cases reported in the period, if known
    known_stages: dict[int, str | None] | None = None  # stages on the as-of day, if known

    @property
    def follow_to(self) -> date:
        return self.today or self.as_of

    @cached_property
    def reported(self) -> Sequence[CaseRecord]:
        if self.cohort is not None:
            return self.cohort
        return [c for c in self.cases if c.filed_on in self.period]

    @cached_property
    def stages(self) -> dict[int, str | None]:
        """Each case's stage at the end of the as-of day (computed once per column)."""
        known = self.known_stages
        if known is not None:
            return {c.id: known[c.id] for c in self.cases}
        return {c.id: stage_at(c, self.as_of) for c in self.cases}


@lru_cache(maxsize=1 << 16)
def business_days(calendar: WorkCalendar, start: date, end: date) -> int:
    """Business days in (start, end], remembered: a year has few distinct date pairs, so the
    calendar's work is bounded by them, not by the number of cases."""
    return calendar.business_days_between(start, end)


def _median(values: Sequence[float]) -> float | None:
    return float(median(values)) if values else None


# --- the metrics -------------------------------------------------------------------------
def cases_reported(sc: Scope) -> dict[str, Cell]:
    rep = sc.reported
    kinds = Counter(c.kind for c in rep)  # one pass, not one per kind
    out = {f"reported_{k}": count(kinds[k]) for k in KINDS}
    out["reported_total"] = count(len(rep))
    return out


def form7(sc: Scope) -> dict[str, Cell]:
    """Form 7s owed by the cases reported in the period: received on time (by the due day),
    and business days from the employer learning of it to the Form 7's receipt."""
    owed = [(c, due) for c in sc.reported if (due := c.form7_due) is not None]
    follow_to = sc.follow_to
    decided = [(c, due) for c, due in owed if c.form7_filed_on is not None or due < follow_to]
    on_time = [c for c, due in decided if c.form7_filed_on and c.form7_filed_on <= due]
    filed = [c for c, _ in owed if c.form7_filed_on is not None]
    days = [business_days(sc.calendar, c.learned_on, c.form7_filed_on) for c in filed]
    return {
        "form7_decided": count(len(decided)),
        "form7_on_time": count(len(on_time)),
        "form7_on_time_rate": Cell(len(on_time) / len(decided) if decided else None,
                                   len(decided)),
        "form7_median_business_days": Cell(_median(days), len(days)),
    }


def days_to_functional_info(sc: Scope) -> dict[str, Cell]:
    rep = sc.reported
    days = [(c.functional_info_on - c.filed_on).days for c in rep if c.functional_info_on]
    waiting = [c for c in rep if c.functional_info_on is None and sc.stages[c.id] in OPEN_STAGES]
    return {"median_days_to_functional_info": Cell(_median(days), len(days)),
            "waiting_for_functional_info": count(len(waiting))}


def days_to_plan(sc: Scope) -> dict[str, Cell]:
    days = [(c.plan_agreed_on - c.filed_on).days for c in sc.reported if c.plan_agreed_on]
    return {"median_days_to_plan": Cell(_median(days), len(days))}


def absence_days(case: CaseRecord, as_of: date) -> int:
    """Whole days away from work after the day the employer learned of it."""
    if not case.absent:
        return 0
    back = case.back_at_work_on
    if back is not None and back <= as_of:
        return max(0, (back - case.learned_on).days - 1)
    return max(0, (as_of - case.learned_on).days)


def lost_time(sc: Scope) -> dict[str, Cell]:
    rep, follow_to = sc.reported, sc.follow_to
    total = sum(absence_days(c, follow_to) for c in rep)
    return {"lost_time_cases": count(sum(1 for c in rep if c.absent)),
            "lost_days_per_case": Cell(total / len(rep) if rep else None, len(rep))}


def regular_duties(sc: Scope) -> dict[str, Cell]:
    out = {}
    for window in RETURN_WINDOWS:
        last = sc.follow_to - timedelta(days=window)  # learned by then: followed `window` days
        cohort = [c for c in sc.reported if c.learned_on <= last]
        back = [c for c in cohort
                if c.returned_on and (c.returned_on - c.learned_on).days <= window]
        out[f"regular_within_{window}"] = Cell(len(back) / len(cohort) if cohort else None,
                                               len(cohort))
    return out


def open_by_stage(sc: Scope) -> dict[str, Cell]:
    stages = list(sc.stages.values())
    return {f"open_{s}": count(stages.count(s)) for s in OPEN_STAGES}


def plans_ending(sc: Scope) -> dict[str, Cell]:
    day, horizon = sc.as_of, sc.as_of + timedelta(days=PLANS_ENDING_WINDOW)
    stages = sc.stages
    ending = [c for c in sc.cases if c.plans and stages[c.id] in OPEN_STAGES and any(
        p.agreed_on <= day and (p.ended_on is None or p.ended_on > day) and day < p.end <= horizon
        for p in c.plans)]
    return {"plans_ending_30_days": count(len(ending))}


def expected_vs_actual(sc: Scope) -> dict[str, Cell]:
    """Returns to regular duties in the period, against the expected date (the plan's end)."""
    start, end = sc.period.start, sc.period.end
    pairs = [(c.returned_on, c.expected_return_on) for c in sc.cases
             if c.returned_on is not None and start <= c.returned_on <= end
             and c.expected_return_on]
    diffs = [(actual - expected).days for actual, expected in pairs]
    return {
        "returns_with_expected_date": count(len(pairs)),
        "returned_by_expected_date": count(sum(1 for d in diffs if d <= 0)),
        "median_days_actual_minus_expected": Cell(_median(diffs), len(diffs)),
    }


def nudges(sc: Scope) -> dict[str, Cell]:
    mine = [n for n in sc.nudges if n.created_on in sc.period]
    return {"nudges_escalated": count(sum(1 for n in mine if n.escalation)),
            "nudges_overdue": count(sum(1 for n in mine if n.overdue))}


def mediation(sc: Scope) -> dict[str, Cell]:
    return {"mediation_requests": count(sum(1 for c in sc.cases for d in c.mediation_on
                                            if d in sc.period))}


METRICS: tuple[Callable[[Scope], dict[str, Cell]], ...] = (
    cases_reported, form7, days_to_functional_info, days_to_plan, lost_time, regular_duties,
    open_by_stage, plans_ending, expected_vs_actual, nudges, mediation,
)


def figures(sc: Scope) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    for metric in METRICS:
        out |= metric(sc)
    return out


# --- the report --------------------------------------------------------------------------
@dataclass(frozen=True)
class Report:
    period: Period
    as_of: date
    total: dict[str, Cell]
    months: list[tuple[str, dict[str, Cell]]] = field(default_factory=list)
    divisions: list[tuple[str, dict[str, Cell]]] = field(default_factory=list)


def active_in(case: CaseRecord, period: Period) -> bool:
    return case.filed_on <= period.end and (case.closed_on is None
                                            or case.closed_on >= period.start)


def fold_divisions(cases: Iterable[CaseRecord], nudges: Iterable[NudgeRecord],
                   period: Period) -> tuple[list[CaseRecord], list[NudgeRecord]]:
    """Divisions with fewer than 5 cases active in the period become "Other"."""
    cases, nudges = list(cases), list(nudges)
    sizes: dict[str, int] = {}
    for c in cases:
        if active_in(c, period):
            sizes[c.division] = sizes.get(c.division, 0) + 1
    keep = {d for d, k in sizes.items() if k >= SMALL and d != OTHER}
    return ([c if c.division in keep else replace(c, division=OTHER) for c in cases],
            [n if n.division in keep else replace(n, division=OTHER) for n in nudges])


def by_month(cases: Sequence[CaseRecord], period: Period) -> list[tuple[Period, list]]:
    """Each month of the period with the cases active in it (filed by its end, not closed
    before its start, or returned to work in it), in one sweep over the cases by filing
    date: a case is looked at only in the months it is active, not in every month."""
    pending = sorted(cases, key=lambda c: c.filed_on)
    i, live, out = 0, [], []
    for m in period.months():
        while i < len(pending) and pending[i].filed_on <= m.end:
            live.append(pending[i])
            i += 1
        active = [c for c in live if active_in(c, m) or c.returned_on in m]
        out.append((m, active))
        live = [c for c in active if c.closed_on is None or c.closed_on > m.end
                or (c.returned_on is not None and c.returned_on > m.end)]
    return out


def build_report(cases: Iterable[CaseRecord], nudges: Iterable[NudgeRecord], period: Period,
                 today: date, calendar: WorkCalendar) -> Report:
    cases, nudges = fold_divisions(cases, nudges, period)
    as_of = min(period.end, today)

    def column(p: Period, cs: Sequence[CaseRecord], ns: Sequence[NudgeRecord], cohort=None,
               stages=None):
        return figures(Scope(cs, ns, p, min(p.end, today), calendar, today, cohort, stages))

    nudges_by_month: dict[date, list[NudgeRecord]] = {}
    for n in nudges:
        nudges_by_month.setdefault(n.created_on.replace(day=1), []).append(n)
    filed_by_month: dict[date, list[CaseRecord]] = {}
    for c in cases:
        if c.filed_on in period:
            filed_by_month.setdefault(c.filed_on.replace(day=1), []).append(c)
    months = [(dates.short_month(m.start), column(
        m, active, nudges_by_month.get(m.start.replace(day=1), []),
        filed_by_month.get(m.start.replace(day=1), []))) for m, active in by_month(cases, period)]
    by_division: dict[str, list[CaseRecord]] = {}
    for c in cases:
        by_division.setdefault(c.division, []).append(c)
    names = sorted({c.division for c in cases if active_in(c, period)},
                   key=lambda d: (d == OTHER, d))
    stages = {c.id: stage_at(c, as_of) for c in cases}  # the same for the whole and divisions
    divisions = [(d, column(period, by_division[d], [n for n in nudges if n.division == d],
                            stages=stages)) for d in names]
    return Report(period, as_of, column(period, cases, nudges, stages=stages), months,
                  divisions)
