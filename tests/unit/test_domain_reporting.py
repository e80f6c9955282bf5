from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reporting import (
    ReportFacts,
    assess_reportability,
    form7_schedule,
    late_filing_penalty,
    ohsa_notice_due,
)

TORONTO = ZoneInfo("America/Toronto")
CAL = WorkCalendar()


def at(d: date, hh: int = 10) -> datetime:
    return datetime.combine(d, time(hh), tzinfo=TORONTO)


def facts(
    occurred: date,
    learned: date | None = None,
    *,
    kind: str = "work_injury",
    health_care: str = "no",
    absent: str = "no",
    lower_pay: str = "no",
    modified_work: str = "none",
    **more: object,
) -> ReportFacts:
    return ReportFacts(
        case_kind=kind,  # type: ignore[arg-type]
        occurred_at=at(occurred),
        learned_at=at(learned or occurred, 11),
        health_care=health_care,  # type: ignore[arg-type]
        absent=absent,  # type: ignore[arg-type]
        lower_pay=lower_pay,  # type: ignore[arg-type]
        modified_work=modified_work,  # type: ignore[arg-type]
        **more,  # type: ignore[arg-type]
    )


# --- due dates ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("learned", "due"),
    [
        (date(2026, 3, 6), date(2026, 3, 11)),  # Friday -> Wednesday
        (date(2026, 2, 13), date(2026, 2, 19)),  # Friday before Family Day -> Thursday
        (date(2026, 9, 4), date(2026, 9, 10)),  # Friday before Labour Day -> Thursday
        (date(2026, 12, 24), date(2026, 12, 31)),  # Christmas Eve -> Thursday 31st
        (date(2026, 3, 9), date(2026, 3, 12)),  # Monday -> Thursday
        (date(2026, 3, 7), date(2026, 3, 11)),  # learned Saturday: Mon 1, Tue 2, Wed 3
    ],
)
def test_form7_due_three_business_days_after_learning(learned: date, due: date) -> None:
    result = assess_reportability(facts(learned, health_care="yes"))
    assert result.status == "reportable"
    assert result.obligation_date == learned
    assert result.form7_due == due
    assert result.window_business_days == 3
    assert result.basis == "OPM 15-01-02"


def test_due_date_counts_from_when_the_employer_learned_not_the_accident() -> None:
    result = assess_reportability(facts(date(2026, 3, 2), date(2026, 3, 6), absent="yes"))
    assert result.obligation_date == date(2026, 3, 6)
    assert result.form7_due == date(2026, 3, 11)


def test_learned_date_is_taken_in_the_employers_zone() -> None:
    # 02:00 UTC on Saturday 7 March is 21:00 Friday 6 March in Toronto.
    late_friday = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)
    f = ReportFacts("work_injury", late_friday - timedelta(hours=1), late_friday, health_care="yes")
    assert assess_reportability(f).obligation_date == date(2026, 3, 6)


def test_employer_extra_holidays_do_not_push_the_legal_deadline() -> None:
    # Civic Holiday (3 Aug 2026) is not statutory: Form 7 is still due Wednesday 5 August.
    employer = WorkCalendar(extra_holidays={date(2026, 8, 3)})
    result = assess_reportability(facts(date(2026, 7, 31), health_care="yes"), employer)
    assert result.form7_due == date(2026, 8, 5)


def test_accidents_before_the_2023_revision_have_seven_business_days() -> None:
    result = assess_reportability(facts(date(2023, 9, 28), health_care="yes"))
    assert result.window_business_days == 7
    assert result.form7_due == date(2023, 10, 10)  # Thanksgiving 9 Oct skipped
    assert any("7-business-day" in r for r in result.reasons)
    on_the_day = assess_reportability(facts(date(2023, 9, 29), health_care="yes"))
    assert on_the_day.window_business_days == 3


# --- what is reportable -----------------------------------------------------------------
@pytest.mark.parametrize(
    "trigger",
    [
        {"health_care": "yes"},
        {"absent": "yes"},
        {"lower_pay": "yes"},
        {"modified_work": "reduced_pay"},
    ],
)
def test_each_trigger_makes_it_reportable(trigger: dict[str, str]) -> None:
    result = assess_reportability(facts(date(2026, 3, 9), **trigger))
    assert result.status == "reportable"
    assert any("OPM 15-01-02" in r for r in result.reasons)


def test_first_aid_only_is_not_reportable() -> None:
    result = assess_reportability(facts(date(2026, 3, 9)))
    assert result.status == "not_reportable"
    assert result.form7_due is None
    assert "First aid only" in result.reasons[0]


def test_first_aid_and_modified_work_at_regular_pay_is_watched_until_day_8() -> None:
    result = assess_reportability(facts(date(2026, 3, 2), modified_work="regular_pay"))
    assert result.status == "watch"
    assert result.recheck_on == date(2026, 3, 10)
    assert result.form7_due is None


def test_modified_work_past_day_7_becomes_reportable_on_day_8() -> None:
    result = assess_reportability(
        facts(date(2026, 3, 2), modified_work="regular_pay", modified_work_continues_past_day7=True)
    )
    assert result.status == "reportable"
    assert result.obligation_date == date(2026, 3, 10)  # Tuesday, day 8
    assert result.form7_due == date(2026, 3, 13)  # Friday


def test_modified_work_ending_within_7_days_is_not_reportable() -> None:
    result = assess_reportability(
        facts(
            date(2026, 3, 2), modified_work="regular_pay", modified_work_continues_past_day7=False
        )
    )
    assert result.status == "not_reportable"
    assert "7 calendar days or less" in result.reasons[0]


def test_shift_worker_obligation_starts_on_first_shift_after_day_8() -> None:
    result = assess_reportability(
        facts(
            date(2026, 3, 2),
            modified_work="regular_pay",
            modified_work_continues_past_day7=True,
            first_shift_after_day7=date(2026, 3, 12),
        )
    )
    assert result.obligation_date == date(2026, 3, 12)
    assert result.form7_due == date(2026, 3, 17)


def test_day_8_obligation_never_precedes_learning_of_it() -> None:
    result = assess_reportability(
        facts(
            date(2026, 3, 2),
            date(2026, 3, 16),
            modified_work="regular_pay",
            modified_work_continues_past_day7=True,
        )
    )
    assert result.obligation_date == date(2026, 3, 16)


def test_unknown_facts_are_reportable_and_say_what_is_missing() -> None:
    result = assess_reportability(facts(date(2026, 3, 6), health_care="unknown"))
    assert result.status == "reportable"
    assert result.missing == ("health_care",)
    assert result.form7_due == date(2026, 3, 11)
    assert any("Not known yet" in r and "file on time" in r for r in result.reasons)


def test_a_definite_trigger_still_lists_unknowns() -> None:
    result = assess_reportability(facts(date(2026, 3, 6), absent="yes", lower_pay="unknown"))
    assert result.status == "reportable"
    assert result.missing == ("lower_pay",)


def test_unknown_facts_on_regular_pay_modified_work_mention_day_8() -> None:
    result = assess_reportability(
        facts(date(2026, 3, 2), health_care="unknown", modified_work="regular_pay")
    )
    assert result.status == "reportable"
    assert any("Tuesday, March 10, 2026" in r for r in result.reasons)


def test_non_occupational_cases_are_not_applicable() -> None:
    result = assess_reportability(facts(date(2026, 3, 6), kind="non_occupational", absent="yes"))
    assert result.status == "not_applicable"
    assert result.form7_due is None


def test_facts_are_validated() -> None:
    with pytest.raises(ValueError, match="health_care"):
        facts(date(2026, 3, 6), health_care="maybe")
    with pytest.raises(ValueError, match="before it happened"):
        facts(date(2026, 3, 6), date(2026, 3, 5))
    with pytest.raises(ValueError, match="time zone"):
        ReportFacts("work_injury", datetime(2026, 3, 6, 10), datetime(2026, 3, 6, 11))


@given(
    st.dates(min_value=date(2023, 10, 1), max_value=date(2030, 12, 31)),
    st.sampled_from(["health_care", "absent", "lower_pay"]),
)
def test_form7_due_is_a_business_day_three_business_days_on(learned: date, trigger: str) -> None:
    result = assess_reportability(facts(learned, **{trigger: "yes"}))
    assert result.form7_due is not None
    assert CAL.is_business_day(result.form7_due)
    assert CAL.business_days_between(learned, result.form7_due) == 3


# --- nudge schedule and penalty ---------------------------------------------------------
def test_form7_schedule_reminds_escalates_then_late() -> None:
    schedule = form7_schedule(date(2026, 12, 24), CAL)
    assert schedule.remind_on == date(2026, 12, 29)
    assert schedule.escalate_on == date(2026, 12, 30)
    assert schedule.due_on == date(2026, 12, 31)
    assert schedule.late_after == CAL.end_of_day(date(2026, 12, 31))


@pytest.mark.parametrize(
    ("received", "penalty"),
    [
        (date(2026, 3, 11), Decimal(0)),  # learned Fri 6 March, due Wed 11 March
        (date(2026, 3, 12), Decimal(250)),
        (date(2026, 4, 5), Decimal(250)),  # 30 days after the obligation arose
        (date(2026, 4, 6), Decimal(1000)),  # 31 days after it (26 days after the due day)
    ],
)
def test_late_filing_penalty_counts_30_days_from_the_obligation(received, penalty) -> None:
    assert late_filing_penalty(date(2026, 3, 11), received, date(2026, 3, 6)) == penalty


# --- OHSA -------------------------------------------------------------------------------
def test_ohsa_notice_within_4_days_when_disabled_or_needing_medical_attention() -> None:
    notice = ohsa_notice_due(facts(date(2026, 3, 6), health_care="yes"))
    assert notice.required and not notice.immediate
    assert notice.notice_due == date(2026, 3, 10)
    assert any("union" in n for n in notice.notify)
    assert any("committee" in n for n in notice.notify)


def test_ohsa_notice_for_modified_work_counts_as_disabled_from_usual_work() -> None:
    notice = ohsa_notice_due(facts(date(2026, 3, 6), modified_work="regular_pay"))
    assert notice.required


def test_ohsa_illness_counts_from_when_the_employer_was_advised() -> None:
    notice = ohsa_notice_due(
        facts(date(2026, 1, 5), date(2026, 3, 6), kind="work_illness", absent="yes")
    )
    assert notice.notice_due == date(2026, 3, 10)


def test_ohsa_critical_injury_is_immediate_with_48_hour_report() -> None:
    f = facts(date(2026, 3, 6), health_care="yes", critical_injury=True)
    notice = ohsa_notice_due(f)
    assert notice.immediate
    assert "the Ministry of Labour, Immigration, Training and Skills Development" in notice.notify
    # 48 elapsed hours: this one crosses the spring change (8 March 2026), so the local
    # time moves an hour (11:00 EDT after 10:00 EST).
    assert notice.written_report_due.astimezone(UTC) == (
        f.occurred_at.astimezone(UTC) + timedelta(hours=48))


def test_ohsa_no_notice_for_first_aid_only() -> None:
    assert not ohsa_notice_due(facts(date(2026, 3, 6))).required
    assert not ohsa_notice_due(facts(date(2026, 3, 6), kind="non_occupational")).required
