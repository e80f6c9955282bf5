"""Issue 10: reportability re-run when facts change after filing; Form 7 received."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.form7 import form7_outcome
from rtwbot.domain.moment import Moment
from rtwbot.domain.reassessment import reassess
from rtwbot.domain.reporting import ReportFacts, assess_reportability

TZ = ZoneInfo("America/Toronto")
CAL = WorkCalendar()
ACCIDENT = datetime(2026, 11, 24, 15, 0, tzinfo=TZ)  # a Tuesday


def facts(**kw) -> ReportFacts:
    base = dict(health_care="no", absent="no", lower_pay="no", modified_work="none")
    return ReportFacts("work_injury", ACCIDENT, Moment(date(2026, 11, 24)), **{**base, **kw})


def test_first_aid_only_is_not_reportable_then_a_doctor_on_day_3_is() -> None:
    filed = assess_reportability(facts(), CAL)
    assert filed.status == "not_reportable"
    r = reassess(facts(health_care="yes"), CAL, told_on=date(2026, 11, 27), previous=filed)
    assert r.status == "reportable"
    assert r.obligation_date == date(2026, 11, 27)
    assert r.form7_due == date(2026, 12, 2)
    assert "learned of the obligation on Friday, November 27, 2026" in r.reasons[-1]


def test_a_running_clock_is_not_restarted_by_news_that_confirms_it() -> None:
    filed = assess_reportability(facts(health_care="unknown"), CAL)
    assert filed.status == "reportable" and filed.obligation_date == date(2026, 11, 24)
    r = reassess(facts(health_care="yes"), CAL, told_on=date(2026, 11, 27), previous=filed)
    assert r.obligation_date == date(2026, 11, 24) and r.form7_due == date(2026, 11, 27)


@pytest.mark.parametrize(("told_on", "start", "status", "obligation", "recheck"), [
    (date(2026, 11, 27), None, "watch", None, date(2026, 12, 2)),  # before day 8: watch
    (date(2026, 12, 1), None, "watch", None, date(2026, 12, 2)),  # day 7: still watch
    (date(2026, 12, 2), None, "reportable", date(2026, 12, 2), None),  # day 8
    (date(2026, 12, 4), None, "reportable", date(2026, 12, 4), None),  # day 10
    (date(2026, 11, 27), date(2026, 12, 7), "reportable", date(2026, 12, 7), None),
])
def test_modified_work_at_regular_pay(told_on, start, status, obligation, recheck) -> None:
    filed = assess_reportability(facts(), CAL)
    r = reassess(facts(modified_work="regular_pay"), CAL, told_on=told_on, previous=filed,
                 modified_work_start=start)
    assert (r.status, r.obligation_date, r.recheck_on) == (status, obligation, recheck)
    assert r.recheck_on is None or r.recheck_on >= told_on  # never a re-check in the past


@pytest.mark.parametrize(("received", "late", "penalty"), [
    (date(2026, 11, 27), 0, Decimal(0)),  # the due day
    (date(2026, 11, 28), 1, Decimal(250)),  # Saturday after: late all the same
    (date(2026, 11, 30), 1, Decimal(250)),
    (date(2026, 12, 1), 2, Decimal(250)),
    (date(2026, 12, 24), 19, Decimal(250)),  # 30 days after learning on the 24th
    (date(2026, 12, 25), 19, Decimal(1000)),  # 31 days: the serious tier (a holiday)
])
def test_form7_outcome_and_the_30_day_boundary(received, late, penalty) -> None:
    outcome = form7_outcome(date(2026, 11, 24), date(2026, 11, 27), received, CAL)
    assert outcome.business_days_late == late
    assert outcome.penalty == penalty
    assert ("on time" in outcome.sentence()) == (late == 0)


def test_a_report_filed_after_day_7_with_modified_work_is_reportable_not_watched() -> None:
    late = reassess(facts(modified_work="regular_pay"), CAL, told_on=date(2026, 11, 24),
                    as_of=date(2026, 12, 4))
    assert late.status == "reportable" and late.recheck_on is None
    assert late.obligation_date == date(2026, 12, 2)  # day 8: the employer knew by then
    early = reassess(facts(modified_work="regular_pay"), CAL, told_on=date(2026, 11, 24),
                     as_of=date(2026, 11, 25))
    assert early.status == "watch" and early.recheck_on == date(2026, 12, 2)
