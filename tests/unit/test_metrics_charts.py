"""The charts plot only what a report may show (issue 21): a month, a stage or a rate that
rests on fewer than 5 cases has no bar and no point — its true value is drawn nowhere — and
the chart says "<5" (a count) or "not shown" (a rate, a median) in its place."""

from __future__ import annotations

import math
from datetime import date

import pytest

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.metrics import charts
from rtwbot.metrics.figures import Period, build_report
from rtwbot.metrics.records import CaseRecord, PlanRecord

TODAY = date(2027, 3, 1)
PERIOD = Period(date(2026, 10, 1), date(2026, 11, 30))


def _case(i: int, month: int, *, on_time: bool) -> CaseRecord:
    """A case reported on the 5th: Form 7 on time or late, a plan agreed 9 days later,
    back at regular duties 20 days after it was learned of, open in temporary work when
    the month ends."""
    filed = date(2026, month, 5)
    return CaseRecord(i, "work_injury", "Parks", "temporary_modified_work", filed, filed,
                      form7_due=date(2026, month, 8),
                      form7_filed_on=date(2026, month, 7 if on_time else 20),
                      functional_info_on=date(2026, month, 6),
                      plans=(PlanRecord(date(2026, month, 14), date(2026, month, 14),
                                        date(2027, 6, 30)),),
                      returned_on=date(2026, month, 25) if i % 2 else None)


@pytest.fixture(scope="module")
def report():
    """October: 3 cases, all on time (100%, suppressed). November: 6 cases, 3 on time, and
    2 not work-related cases still at "reported" (a stage of 2: suppressed)."""
    october = [_case(i, 10, on_time=True) for i in range(3)]
    november = [_case(10 + i, 11, on_time=i < 3) for i in range(6)]
    reported = [CaseRecord(20 + i, "non_occupational", "Parks", "reported", date(2026, 11, 9),
                           date(2026, 11, 9)) for i in range(2)]
    return build_report(october + november + reported, [], PERIOD, TODAY, WorkCalendar())


@pytest.fixture
def drawn(monkeypatch):
    """Each chart's figure, as drawn, instead of its PNG."""
    figures = []

    def keep(plt, fig):
        fig.canvas.draw()
        figures.append(fig)
        return b""

    monkeypatch.setattr(charts, "_png", keep)
    return figures


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_a_suppressed_month_has_no_bar_and_says_not_shown(report, drawn) -> None:
    (oct_name, october), (_, november) = report.months
    assert october["form7_on_time_rate"].n == 3 and october["form7_on_time_rate"].value == 1
    charts.form7_on_time(report)
    [ax] = drawn[0].axes
    heights = [p.get_height() for p in ax.patches]
    assert heights == [0, 50]  # October's 100% of 3 cases is not drawn; November's 50% is
    assert "not shown" in _texts(ax) and "<5" not in _texts(ax)


def test_regular_duties_bars_for_suppressed_months_are_empty(report, drawn) -> None:
    charts.regular_duties(report)
    [ax] = drawn[0].axes
    _, october = report.months[0]
    assert october["regular_within_30"].n < 5 and october["regular_within_30"].value > 0
    october_bars = [p.get_height() for p in ax.patches][::2]  # each series' first month
    assert october_bars == [0, 0]
    assert _texts(ax).count("not shown") >= 2


def test_a_suppressed_median_is_not_a_point_on_the_line(report, drawn) -> None:
    charts.days_to_plan(report)
    [ax] = drawn[0].axes
    [line] = ax.lines
    ys = list(line.get_ydata())
    assert math.isnan(ys[0]) and ys[1] == 9.0  # October rests on 3 plans
    assert "not shown" in _texts(ax)


def test_open_cases_by_stage_draw_no_bar_for_fewer_than_five(report, drawn) -> None:
    charts.open_by_stage(report)
    [ax] = drawn[0].axes
    widths = [p.get_width() for p in ax.patches]
    counts = [report.total[f"open_{s}"] for s in charts.OPEN_STAGES]
    for width, cell in zip(widths, counts, strict=True):
        assert width == (cell.value if cell.n >= 5 else 0)
    assert any(c.n >= 5 for c in counts) and "<5" in _texts(ax)
    assert any(0 < c.value < 5 for c in counts)  # a stage of 2 cases: no bar
    assert not any(t == str(int(c.value)) for t in _texts(ax) for c in counts
                   if c.n < 5 and c.value)
