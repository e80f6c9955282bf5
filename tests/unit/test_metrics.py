"""Every program metric on a hand-built set of cases with known answers (issue 15).

October 2026, reported on Monday November 2 (Thanksgiving, Monday October 12, is not a
business day). The cases:
- A: injury, Form 7 on time (1 business day), functional info after 4 days, plan agreed after
  7, back at regular duties on Oct 20: the plan (to end Oct 30) ended early;
- B: injury, Form 7 late (6 business days, due Oct 15), no functional information yet, still
  away from work;
- C: illness, Form 7 on the due day (3 business days), plan agreed after 12 days, ending Nov 20;
- D: not work-related, no Form 7 owed, never away;
- E: reported in September, back on Oct 12, two days after its plan's expected end;
  mediation requested Oct 3;
- F: a division of one case (folded into "Other").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.metrics.cells import METRICS, NOT_SHOWN, SUPPRESSED, row, shown
from rtwbot.metrics.figures import OTHER, Cell, Period, build_report, month_of
from rtwbot.metrics.records import CaseRecord, NudgeRecord, PlanRecord, stage_at

CAL = WorkCalendar()
OCT = month_of(date(2026, 10, 1))
TODAY = date(2026, 11, 2)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


A = CaseRecord(1, "work_injury", "Parks", "closed", d(10, 1), d(10, 1), absent=True,
               form7_due=d(10, 6), form7_filed_on=d(10, 2), package_sent_on=d(10, 1),
               functional_info_on=d(10, 5),
               plans=(PlanRecord(d(10, 8), d(10, 8), d(10, 30), ended_on=d(10, 20)),),
               returned_on=d(10, 20), closed_on=d(10, 20))
B = CaseRecord(2, "work_injury", "Parks", "reported", d(10, 9), d(10, 9), absent=True,
               form7_due=d(10, 15), form7_filed_on=d(10, 20))
C = CaseRecord(3, "work_illness", "Parks", "temporary_modified_work", d(10, 14), d(10, 15),
               absent=True, form7_due=d(10, 19), form7_filed_on=d(10, 19),
               package_sent_on=d(10, 15), functional_info_on=d(10, 20),
               plans=(PlanRecord(d(10, 27), d(10, 28), d(11, 20)),))
D = CaseRecord(4, "non_occupational", "Parks", "reported", d(10, 20), d(10, 20))
E = CaseRecord(5, "work_injury", "Parks", "closed", d(9, 1), d(9, 1), form7_due=d(9, 4),
               form7_filed_on=d(9, 3), functional_info_on=d(9, 10),
               plans=(PlanRecord(d(9, 15), d(9, 15), d(10, 10), ended_on=d(10, 12)),),
               returned_on=d(10, 12), closed_on=d(10, 12), mediation_on=(d(10, 3),))
F = CaseRecord(6, "work_injury", "Tiny", "reported", d(10, 5), d(10, 5), form7_due=d(10, 8),
               form7_filed_on=d(10, 7))
NUDGES = [NudgeRecord("Parks", d(10, 6), True, False), NudgeRecord("Parks", d(10, 7), True, True),
          NudgeRecord("Parks", d(10, 7), False, False), NudgeRecord("Parks", d(9, 30), True, False)]


@pytest.fixture(scope="module")
def report():
    return build_report([A, B, C, D, E, F], NUDGES, OCT, TODAY, CAL)


def value(report, key):
    return report.total[key].value


def test_cases_reported_by_kind(report) -> None:
    assert value(report, "reported_total") == 5  # E was reported in September
    assert value(report, "reported_work_injury") == 3
    assert value(report, "reported_work_illness") == 1
    assert value(report, "reported_non_occupational") == 1


def test_form7_on_time_counts_the_late_one(report) -> None:
    assert value(report, "form7_decided") == 4
    assert value(report, "form7_on_time") == 3  # B was received after its due day
    assert value(report, "form7_on_time_rate") == 0.75
    # business days learning -> filing: A 1, B 6 (over Thanksgiving), C 3, F 2
    assert value(report, "form7_median_business_days") == 2.5


def test_a_form7_not_yet_due_is_not_counted_late() -> None:
    fresh = CaseRecord(9, "work_injury", "Parks", "reported", d(10, 29), d(10, 29),
                       form7_due=d(11, 3))
    r = build_report([fresh], [], OCT, TODAY, CAL)
    assert r.total["form7_decided"].value == 0
    overdue = build_report([fresh], [], OCT, d(11, 4), CAL)
    assert overdue.total["form7_decided"].value == 1
    assert overdue.total["form7_on_time"].value == 0


def test_days_to_functional_information_skips_the_case_still_waiting(report) -> None:
    assert value(report, "median_days_to_functional_info") == 4.5  # A 4, C 5
    assert report.total["median_days_to_functional_info"].n == 2
    assert value(report, "waiting_for_functional_info") == 3  # B, D, F


def test_days_to_an_agreed_plan(report) -> None:
    assert value(report, "median_days_to_plan") == 9.5  # A 7, C 12


def test_days_of_absence_per_case(report) -> None:
    # A: Oct 1 -> back on modified work Oct 8: 6 days; B: still away on Nov 2: 24;
    # C: Oct 14 -> Oct 28: 13; D and F never away.
    assert value(report, "lost_time_cases") == 3
    assert value(report, "lost_days_per_case") == pytest.approx(43 / 5)


def test_back_at_regular_duties_within_30_and_90_days(report) -> None:
    # Only A has had 30 days since it was learned of; it was back after 19.
    assert report.total["regular_within_30"] == Cell(1.0, 1)
    assert report.total["regular_within_90"] == Cell(None, 0)


def test_the_return_cohort_takes_cases_followed_exactly_the_window() -> None:
    # Reported on Oct 3 and Oct 4; the report's day is Nov 2: exactly 30 days after Oct 3.
    day30 = CaseRecord(10, "work_injury", "Parks", "reported", d(10, 3), d(10, 3),
                       returned_on=d(11, 2))
    day29 = CaseRecord(11, "work_injury", "Parks", "reported", d(10, 4), d(10, 4))
    r = build_report([day30, day29], [], OCT, TODAY, CAL)
    assert r.total["regular_within_30"] == Cell(1.0, 1)


def test_open_cases_by_stage_at_the_end_of_the_period(report) -> None:
    assert value(report, "open_reported") == 3  # B, D, F
    assert value(report, "open_temporary_modified_work") == 1  # C
    assert value(report, "open_functional_info_received") == 0
    assert stage_at(A, d(10, 19)) == "temporary_modified_work"
    assert stage_at(A, d(10, 20)) == "closed"
    assert stage_at(C, d(10, 14)) is None  # not filed yet


def test_plans_ending_in_the_next_30_days(report) -> None:
    assert value(report, "plans_ending_30_days") == 1  # C's, on Nov 20; A's ended early


def test_returns_on_the_period_s_first_and_last_days_count() -> None:
    plan = (PlanRecord(d(9, 1), d(9, 1), d(10, 15)),)
    first = CaseRecord(12, "work_injury", "Parks", "closed", d(9, 1), d(9, 1), plans=plan,
                       returned_on=d(10, 1), closed_on=d(10, 1))
    last = replace(first, id=13, returned_on=d(10, 31), closed_on=d(10, 31))
    after = replace(first, id=14, returned_on=d(11, 1), closed_on=d(11, 1))
    r = build_report([first, last, after], [], OCT, TODAY, CAL)
    assert r.total["returns_with_expected_date"].value == 2


def test_expected_against_actual_return_dates(report) -> None:
    # A returned 10 days before its plan's end (it ended early); E 2 days after.
    assert value(report, "returns_with_expected_date") == 2
    assert value(report, "returned_by_expected_date") == 1
    assert value(report, "median_days_actual_minus_expected") == -4


def test_reminders_and_mediation(report) -> None:
    assert value(report, "nudges_escalated") == 2  # the September one is outside
    assert value(report, "nudges_overdue") == 1
    assert value(report, "mediation_requests") == 1


def test_months_and_divisions(report) -> None:
    assert [m for m, _ in report.months] == ["Oct 2026"]
    assert report.months[0][1] == report.total
    assert [name for name, _ in report.divisions] == ["Parks", OTHER]
    parks = dict(report.divisions)["Parks"]
    assert parks["reported_total"].value == 4


def test_a_period_of_months() -> None:
    p = Period(d(1, 15), d(3, 10))
    assert [(m.start, m.end) for m in p.months()] == [
        (d(1, 15), d(1, 31)), (d(2, 1), d(2, 28)), (d(3, 1), d(3, 10))]
    r = build_report([E], [], Period(d(9, 1), d(10, 31)), TODAY, CAL)
    assert [f["reported_total"].value for _, f in r.months] == [1, 0]


# --- small-cell suppression --------------------------------------------------------------
def test_counts_under_five_cases_are_shown_as_under_five() -> None:
    assert shown(Cell(4, 4), "cases") == SUPPRESSED
    assert shown(Cell(0, 0), "cases") == SUPPRESSED
    assert shown(Cell(3, 3), "reminders") == shown(Cell(1, 1), "requests") == SUPPRESSED
    assert shown(Cell(5, 5), "cases") == "5"


@pytest.mark.parametrize("unit", ["rate", "days", "business days"])
def test_a_rate_average_or_median_of_fewer_than_five_cases_is_not_shown(unit) -> None:
    # "<5" on a rate or an average reads as its value ("Days of absence per case: <5").
    for n in (0, 1, 4):
        assert shown(Cell(0.75, n), unit) == NOT_SHOWN == "not shown (fewer than 5 cases)"
    assert shown(Cell(0.8, 5), "rate") == "80%"
    assert shown(Cell(2.5, 6), "days") == "2.5"
    assert shown(Cell(3.0, 5), "business days") == "3"


def test_every_derived_metric_says_not_shown_and_every_count_says_under_five() -> None:
    small = {m.key: Cell(1.5, 4) for m in METRICS}
    for m in METRICS:
        assert row(small, m.key) == (SUPPRESSED if m.unit in ("cases", "reminders",
                                                              "requests") else NOT_SHOWN)
    derived = {m.key for m in METRICS if not m.is_count}
    assert {"lost_days_per_case", "form7_on_time_rate", "median_days_to_plan",
            "regular_within_30", "form7_median_business_days"} <= derived


def test_the_hand_built_report_shows_only_suppressed_cells(report) -> None:
    assert row(report.total, "reported_total") == "5"
    assert row(report.total, "form7_on_time") == SUPPRESSED
    assert row(report.total, "form7_on_time_rate") == NOT_SHOWN
    assert row(report.total, "lost_days_per_case") == "8.6"  # 5 cases: shown
    small = build_report([A, B, C], [], OCT, TODAY, CAL)
    assert row(small.total, "lost_days_per_case") == NOT_SHOWN


@pytest.mark.parametrize(("size", "folded"), [(1, True), (4, True), (5, False), (6, False)])
def test_a_division_of_fewer_than_five_cases_is_folded_into_other(size, folded) -> None:
    small = [CaseRecord(100 + i, "work_injury", "Library Services", "reported", d(10, 5),
                        d(10, 5)) for i in range(size)]
    big = [CaseRecord(200 + i, "work_injury", "Parks", "reported", d(10, 5), d(10, 5))
           for i in range(7)]
    r = build_report(small + big, [NudgeRecord("Library Services", d(10, 6), True, False)],
                     OCT, TODAY, CAL)
    names = [name for name, _ in r.divisions]
    assert names == (["Parks", OTHER] if folded else ["Library Services", "Parks"])
    assert dict(r.divisions)[OTHER if folded else "Library Services"][
        "reported_total"].value == size


def test_a_division_with_three_cases_is_folded_into_other() -> None:
    small = [CaseRecord(100 + i, "work_injury", "Library Services", "reported", d(10, 5),
                        d(10, 5)) for i in range(3)]
    big = [CaseRecord(200 + i, "work_injury", "Parks", "reported", d(10, 5), d(10, 5))
           for i in range(5)]
    r = build_report(small + big, [NudgeRecord("Library Services", d(10, 6), True, False)],
                     OCT, TODAY, CAL)
    assert [name for name, _ in r.divisions] == ["Parks", OTHER]
    other = dict(r.divisions)[OTHER]
    assert other["reported_total"].value == 3
    assert other["nudges_escalated"].value == 1
