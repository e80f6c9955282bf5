"""What the metrics show and to whom: periods, the message, the CSV and the charts never carry
a name, a reference, a restriction or a small division (issue 15)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.metrics.charts import all_charts
from rtwbot.metrics.export import to_csv
from rtwbot.metrics.figures import OTHER, Period, build_report
from rtwbot.metrics.records import CaseRecord
from rtwbot.metrics.report import NOTHING_TO_SHOW, MetricsWorkflow, headline, parse_period

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("", date(2025, 12, 1), date(2026, 11, 30)),
    ("2026-10", date(2026, 10, 1), date(2026, 10, 31)),
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("last month", date(2026, 10, 1), date(2026, 10, 31)),
    ("this month", date(2026, 11, 1), date(2026, 11, 30)),
    ("2026-01 to 2026-06", date(2026, 1, 1), date(2026, 6, 30)),
    ("2026-01-05..2026-03-31", date(2026, 1, 5), date(2026, 3, 31)),
])
def test_periods(text, start, end) -> None:
    assert parse_period(text, TODAY) == Period(start, end)


@pytest.mark.parametrize("text", ["someday", "2026-13", "2026-06 to 2026-01", "x to y"])
def test_periods_not_understood(text) -> None:
    assert parse_period(text, TODAY) is None


def _world():
    def case(i, division):
        return CaseRecord(i, "work_injury", division, "reported", date(2026, 10, 5),
                          date(2026, 10, 5), form7_due=date(2026, 10, 8),
                          form7_filed_on=date(2026, 10, 6))
    cases = [case(i, "Parks") for i in range(8)] + [case(10 + i, "Library Services")
                                                    for i in range(3)]
    return build_report(cases, [], Period(date(2026, 10, 1), date(2026, 10, 31)),
                        TODAY, WorkCalendar())


def test_a_division_of_three_never_appears_by_name() -> None:
    report = _world()
    text, table = headline(report), to_csv(report)
    assert "Library Services" not in text and "Library Services" not in table
    assert f"{OTHER} <5" in text
    rows = list(csv.reader(io.StringIO(table)))
    assert rows[0] == ["metric", "unit", "October 2026", "Oct 2026", "Division: Parks",
                       f"Division: {OTHER}"]
    reported = next(r for r in rows if r[0] == "Cases reported")
    assert reported[2:] == ["11", "11", "8", "<5"]
    for png in (c.png for c in all_charts(report)):
        assert png.startswith(b"\x89PNG") and b"Library" not in png


class _Db:
    def session(self):  # never reached for someone who may not see the figures
        raise AssertionError("no report for this person")


def test_only_hr_and_the_committee_see_the_figures() -> None:
    directory = Directory(hr=("hana@x.example",), committee=("U_UMA",))
    flow = MetricsWorkflow(_Db(), None, WorkCalendar(), directory,
                           lambda ref: {"hana@x.example": "U_HANA"}.get(ref, ref))
    assert flow.may_see("U_HANA") and flow.may_see("U_UMA")
    assert flow.is_hr("U_HANA") and not flow.is_hr("U_UMA")
    [say] = flow.answer("U_ERIN", "")
    assert say.text == NOTHING_TO_SHOW and say.to_user == "U_ERIN"
    assert flow.home_lines("U_UMA") == ()
