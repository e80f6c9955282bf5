"""Who may see the program metrics, and what they are told: a short message with the
headline numbers, plus the charts (a `ReportPost`, which `rtwbot.metrics.post` uploads).

HR and the Corporate Modified Work Committee see the figures; anyone else is told, politely,
that there is nothing to show. Every number passes through `cells.shown` (small cells "<5").
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from rtwbot import dates
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar, add_months
from rtwbot.metrics.cells import row, shown_value
from rtwbot.metrics.charts import Chart, all_charts
from rtwbot.metrics.figures import Period, Report, build_report, month_end, month_of
from rtwbot.metrics.load import load_records
from rtwbot.workflow.outbox import Say

NOTHING_TO_SHOW = ("There's nothing to show you here: program metrics are for HR and the "
                   "Corporate Modified Work Committee.")
HOME_FRESH = timedelta(minutes=5)
PERIOD_HELP = ("I can show `/rtw metrics` (the last 12 months), `/rtw metrics 2026-10` (a "
               "month), `/rtw metrics 2026` (a year), `/rtw metrics last month`, or "
               "`/rtw metrics 2026-01 to 2026-06`.")


@dataclass(frozen=True)
class ReportPost:
    """A message and its chart files, to a person (DM) or a channel (by name or id)."""

    text: str
    files: tuple[Chart, ...]
    to_user: str | None = None
    channel: str | None = None


def last_months(today: date, n: int = 12) -> Period:
    return Period(add_months(today.replace(day=1), 1 - n), month_end(today))


def _month(text: str) -> Period | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m and 1 <= int(m[2]) <= 12:
        return month_of(date(int(m[1]), int(m[2]), 1))
    return None


def parse_period(text: str, today: date) -> Period | None:
    """`""` (the last 12 months), `2026-10`, `2026`, `this month`, `last month`,
    `2026-01 to 2026-06` (or `..`), `2026-01-05 to 2026-03-31`. None: not understood."""
    t = " ".join(text.lower().replace("..", " to ").split())
    if t in ("", "year", "12 months", "last 12 months"):
        return last_months(today)
    if t in ("this month", "month"):
        return month_of(today)
    if t in ("last month", "previous month"):
        return month_of(add_months(today.replace(day=1), -1))
    if re.fullmatch(r"\d{4}", t):
        return Period(date(int(t), 1, 1), date(int(t), 12, 31))
    if m := _month(t):
        return m
    a, sep, b = t.partition(" to ")
    if not sep:
        return None
    try:
        start = _month(a.strip()) or Period(date.fromisoformat(a.strip()), date.min)
        end = _month(b.strip()) or Period(date.min, date.fromisoformat(b.strip()))
    except ValueError:
        return None
    return Period(start.start, end.end) if start.start <= end.end else None


def headline(report: Report, title: str = "Program metrics") -> str:
    t = report.total

    def r(key: str) -> str:
        return row(t, key)

    lines = [
        f"*{title}: {report.period.label}* (figures as of {dates.day(report.as_of)}; "
        "counts under 5 are shown as <5, and rates, averages and medians of fewer than 5 "
        "cases are not shown)",
        f"• Cases reported: {r('reported_total')} (work-related injuries "
        f"{r('reported_work_injury')} · illnesses {r('reported_work_illness')} · not "
        f"work-related {r('reported_non_occupational')})",
        f"• Form 7 received on time: {r('form7_on_time')} of {r('form7_decided')} · "
        f"on-time rate: {r('form7_on_time_rate')} · median business days from learning of "
        f"it to filing: {r('form7_median_business_days')}",
        f"• Median days from filing to functional information: "
        f"{r('median_days_to_functional_info')} · to an agreed plan: {r('median_days_to_plan')}",
        f"• Days of absence per case: {r('lost_days_per_case')}",
        f"• Back at regular duties within 30 days: {r('regular_within_30')} · within 90 days: "
        f"{r('regular_within_90')}",
        f"• Plans ending in the next 30 days: {r('plans_ending_30_days')} · returns by the "
        f"expected date: {r('returned_by_expected_date')} of "
        f"{r('returns_with_expected_date')}",
        f"• Reminders escalated: {r('nudges_escalated')} · overdue: {r('nudges_overdue')} · "
        f"mediation requests: {r('mediation_requests')}",
    ]
    if report.divisions:
        lines.append("• Cases reported by division: " + " · ".join(
            f"{name} {row(figs, 'reported_total')}" for name, figs in report.divisions))
    return "\n".join(lines)


def text_chart(report: Report, key: str = "form7_on_time_rate") -> str:
    """A small bar chart in text, for the Home tab (which cannot show an uploaded file)."""
    out = []
    for month, figs in report.months:
        v = shown_value(figs[key])
        bar = "▇" * round(v * 10) if v is not None else ""
        out.append(f"`{month[:3]}` {bar} {row(figs, key)}")
    return "\n".join(out)


@contextmanager
def bulk_objects() -> Iterator[None]:
    """Pause the cycle collector while tens of thousands of acyclic records are made: its
    full passes over every live object otherwise grow faster than the cases do."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class MetricsWorkflow:
    def __init__(self, db, clock, calendar: WorkCalendar, directory: Directory,
                 resolve: Callable[[str], str | None]):
        self.db, self.clock, self.calendar = db, clock, calendar
        self.directory, self.resolve = directory, resolve
        self._home: tuple[date, object, tuple[str, ...]] | None = None  # HR's Home, cached

    def _ids(self, refs) -> set[str]:
        return {uid for ref in refs if (uid := self.resolve(ref))}

    def is_hr(self, user: str) -> bool:
        d = self.directory
        return user in self._ids((*d.hr, *(r for div in d.divisions for r in div.hr_reps)))

    def may_see(self, user: str) -> bool:
        return self.is_hr(user) or user in self._ids(self.directory.committee)

    def today(self) -> date:
        return self.calendar.local_date(self.clock.now())

    def report(self, period: Period, today: date | None = None) -> Report:
        today = today or self.today()
        with bulk_objects(), self.db.session() as s:
            cases, nudges = load_records(s, period, self.calendar, self.clock.now())
            return build_report(cases, nudges, period, today, self.calendar)

    def answer(self, user: str, text: str) -> list[Say | ReportPost]:
        """`/rtw metrics [period]`."""
        if not self.may_see(user):
            return [Say(text=NOTHING_TO_SHOW, to_user=user)]
        period = parse_period(text, self.today())
        if period is None:
            return [Say(text=f"I didn't understand the period “{text[:40]}”. {PERIOD_HELP}",
                        to_user=user)]
        report = self.report(period)
        return [ReportPost(headline(report), tuple(all_charts(report)), to_user=user)]

    def home_lines(self, user: str) -> tuple[str, ...]:
        """This month's headline figures and a chart, for HR's Home tab; () for others.
        The figures are the same for every HR reader: computed at most every few minutes,
        not on every Home refresh."""
        if not self.is_hr(user):
            return ()
        today, now = self.today(), self.clock.now()
        cached = self._home
        if cached and cached[0] == today and now - cached[1] < HOME_FRESH:
            return cached[2]
        year = self.report(last_months(today), today)
        this_month = Report(month_of(today), today, year.months[-1][1])
        lines = (headline(this_month, "This month"),
                 "*Form 7 on-time rate by month*\n" + text_chart(year),
                 f"Charts and other periods: `/rtw metrics`, `/rtw metrics {today:%Y-%m}`.")
        self._home = (today, now, lines)
        return lines
