"""The nudge catalogue: which reminders a case calls for, when, to whom, on what basis."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reporting import ReportFacts, assess_reportability
from rtwbot.domain.stages import Stage
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.catalogue import (
    BusinessDays,
    CaseSnapshot,
    Escalation,
    NudgeConfig,
    PermanentPlacement,
    TemporaryPlan,
    day8_answer,
    escalation_time,
    nudges_for,
)

TORONTO = ZoneInfo("America/Toronto")
CAL = WorkCalendar()


def at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm), tzinfo=TORONTO)


def reported(learned: datetime, occurred: datetime | None = None, **kw) -> CaseSnapshot:
    """A reportable work injury, dated the way the intake would date it."""
    occurred = occurred or learned - timedelta(hours=2)
    facts = ReportFacts(
        "work_injury",
        occurred,
        learned,
        health_care="yes",
        absent="no",
        lower_pay="no",
        modified_work="none",
    )
    r = assess_reportability(facts, CAL)
    base = CaseSnapshot("RTW-2026-0001", "work_injury", Stage.REPORTED, occurred, learned)
    return replace(base.with_reportability(r), **kw)


def by_kind(specs, kind, role=None):
    return [s for s in specs if s.kind == kind and (role is None or s.recipient_role == role)]


def one(specs, kind, role=None):
    found = by_kind(specs, kind, role)
    assert len(found) == 1, [s.idempotency_key for s in specs]
    return found[0]


# --- Form 7 ---------------------------------------------------------------------------
def test_friday_evening_report_is_due_wednesday():
    friday = date(2026, 1, 9)
    specs = nudges_for(reported(at(friday, 19, 30)), CAL)

    supervisor = one(specs, c.FORM7_DUE, c.SUPERVISOR)
    hr = one(specs, c.FORM7_DUE, c.HR)
    # Reminded on business day 1 (Monday), both the supervisor and HR.
    assert supervisor.deliver_after == at(date(2026, 1, 12), 9)
    assert hr.deliver_after == at(date(2026, 1, 12), 9)
    assert "Wednesday, January 14, 2026" in supervisor.message
    assert "OPM 15-01-02" in supervisor.message and supervisor.basis == "OPM 15-01-02"
    # Escalated to HR on business day 2 (Tuesday) if the supervisor has not acted.
    assert supervisor.escalate == (Escalation(BusinessDays(1), c.HR),)
    assert escalation_time(supervisor.due_at, supervisor.escalate[0], CAL) == at(
        date(2026, 1, 13), 9
    )
    # Late after the end of business day 3: flagged Thursday morning.
    late = one(specs, c.FORM7_LATE)
    assert late.due_at == CAL.end_of_day(date(2026, 1, 14))
    assert late.deliver_after == at(date(2026, 1, 15), 9)
    assert "$250" in late.message and "$1,000" in late.message
    # The reminders stop mattering once it is late: the late nudge takes over.
    assert supervisor.expires_at == late.due_at
    assert supervisor.idempotency_key == "RTW-2026-0001:form7:2026-01-14:supervisor"


def test_monday_statutory_holiday_moves_the_due_date_to_thursday():
    # Family Day: Monday 16 February 2026.
    specs = nudges_for(reported(at(date(2026, 2, 13), 18)), CAL)
    supervisor = one(specs, c.FORM7_DUE, c.SUPERVISOR)
    assert supervisor.deliver_after == at(date(2026, 2, 17), 9)  # Tuesday: business day 1
    assert "Thursday, February 19, 2026" in supervisor.message
    assert escalation_time(supervisor.due_at, supervisor.escalate[0], CAL) == at(
        date(2026, 2, 18), 9
    )
    assert one(specs, c.FORM7_LATE).deliver_after == at(date(2026, 2, 20), 9)


def test_filed_form7_stops_the_reminders_and_asks_for_the_worker_copy():
    filed_at = at(date(2026, 1, 12), 2)  # filed at 02:00
    case = reported(at(date(2026, 1, 9), 19), form7_filed=True, form7_filed_at=filed_at)
    specs = nudges_for(case, CAL)
    assert not by_kind(specs, c.FORM7_DUE) and not by_kind(specs, c.FORM7_LATE)
    copy = one(specs, c.FORM7_WORKER_COPY)
    assert copy.basis == "WSIA s.21(4)" and "WSIA s.21(4)" in copy.message
    # Due at 02:00, delivered at the start of the working day.
    assert copy.due_at == filed_at
    assert copy.deliver_after == at(date(2026, 1, 12), 9)
    given = replace(case, worker_given_form7_copy=True)
    assert not by_kind(nudges_for(given, CAL), c.FORM7_WORKER_COPY)


def test_non_occupational_cases_have_no_wsib_nudges():
    case = replace(reported(at(date(2026, 1, 9), 10)), kind="non_occupational", off_work=True)
    specs = nudges_for(case, CAL)
    kinds = {s.kind for s in specs}
    assert not kinds & {c.FORM7_DUE, c.FORM7_LATE, c.STALLED, c.REEMPLOYMENT_ENDING}
    assert c.CHECK_IN in kinds  # keeping in touch is for everyone


# --- Day 8 ------------------------------------------------------------------------------
def watched(accident: datetime) -> CaseSnapshot:
    facts = ReportFacts(
        "work_injury",
        accident,
        accident + timedelta(hours=1),
        health_care="no",
        absent="no",
        lower_pay="no",
        modified_work="regular_pay",
    )
    r = assess_reportability(facts, CAL)
    assert r.status == "watch"
    base = CaseSnapshot(
        "RTW-2026-0002", "work_injury", Stage.REPORTED, accident, accident + timedelta(hours=1)
    )
    return base.with_reportability(r)


def test_day8_question_goes_to_the_supervisor_on_day_8():
    case = watched(at(date(2026, 3, 2), 10))  # Monday
    specs = nudges_for(case, CAL)
    question = one(specs, c.DAY8_QUESTION)
    assert question.recipient_role == c.SUPERVISOR
    assert question.deliver_after == at(date(2026, 3, 10), 9)  # day 8: Tuesday
    assert "OPM 15-01-02" in question.message
    assert not by_kind(specs, c.FORM7_DUE)


def test_yes_on_day8_makes_the_case_reportable_and_starts_the_form7_clock():
    case = watched(at(date(2026, 3, 2), 10))
    r = day8_answer(case, True, CAL)
    assert r.status == "reportable"
    assert r.obligation_date == date(2026, 3, 10)
    assert r.form7_due == date(2026, 3, 13)  # 3 business days after day 8
    specs = nudges_for(case.with_reportability(r), CAL)
    assert not by_kind(specs, c.DAY8_QUESTION)
    assert one(specs, c.FORM7_DUE, c.SUPERVISOR).deliver_after == at(date(2026, 3, 11), 9)


def test_no_on_day8_leaves_it_not_reportable():
    case = watched(at(date(2026, 3, 2), 10))
    r = day8_answer(case, False, CAL)
    assert r.status == "not_reportable"
    specs = nudges_for(case.with_reportability(r), CAL)
    assert not by_kind(specs, c.DAY8_QUESTION) and not by_kind(specs, c.FORM7_DUE)


def test_day8_on_a_saturday_is_asked_monday_and_counts_from_saturday():
    case = watched(at(date(2026, 3, 6), 10))  # Friday; day 8 is Saturday 14 March
    question = one(nudges_for(case, CAL), c.DAY8_QUESTION)
    assert question.due_at.date() == date(2026, 3, 14)
    assert question.deliver_after == at(date(2026, 3, 16), 9)
    r = day8_answer(case, True, CAL)
    assert r.obligation_date == date(2026, 3, 14)
    assert r.form7_due == date(2026, 3, 18)  # Mon, Tue, Wed


def test_shift_worker_first_shift_after_day8():
    case = watched(at(date(2026, 3, 2), 10))
    r = day8_answer(case, True, CAL, first_shift_after_day7=date(2026, 3, 12))
    assert r.obligation_date == date(2026, 3, 12)


# --- Working hours ----------------------------------------------------------------------
def test_a_nudge_due_at_2am_is_delivered_at_9am():
    learned = at(date(2026, 1, 13), 2)  # Tuesday, 02:00
    case = reported(learned, ohsa_notice_due=date(2026, 1, 17))
    ohsa = one(nudges_for(case, CAL), c.OHSA_NOTICE)
    assert ohsa.due_at == learned
    assert ohsa.deliver_after == at(date(2026, 1, 13), 9)
    assert "OHSA s.52" in ohsa.message


def test_working_hours_are_configurable():
    cal = WorkCalendar(work_start=time(7, 30), work_end=time(15, 30))
    case = reported(at(date(2026, 1, 13), 2), ohsa_notice_due=date(2026, 1, 17))
    assert one(nudges_for(case, cal), c.OHSA_NOTICE).deliver_after == at(date(2026, 1, 13), 7, 30)


# --- Functional information, check-ins ----------------------------------------------------
def test_functional_information_chase_employee_then_hr():
    case = reported(at(date(2026, 1, 9), 19), stage=Stage.AWAITING_FUNCTIONAL_INFO)
    specs = nudges_for(case, CAL)
    employee = one(specs, c.FUNCTIONAL_INFO, c.EMPLOYEE)
    hr = one(specs, c.FUNCTIONAL_INFO, c.HR)
    assert employee.deliver_after == at(date(2026, 1, 13), 9)  # 2 business days
    assert hr.deliver_after == at(date(2026, 1, 15), 9)  # 4 business days
    received = replace(case, functional_info_received_at=at(date(2026, 1, 12), 11))
    assert not by_kind(nudges_for(received, CAL), c.FUNCTIONAL_INFO)


def test_weekly_check_in_while_off_work_from_the_last_contact():
    case = reported(at(date(2026, 1, 9), 10), off_work=True)
    first = one(nudges_for(case, CAL), c.CHECK_IN)
    assert first.deliver_after == at(date(2026, 1, 16), 9)
    assert "WSIA s.40" in first.message and "OPM 19-02-08" in first.message
    later = replace(case, last_check_in_at=at(date(2026, 1, 20), 15))
    assert one(nudges_for(later, CAL), c.CHECK_IN).deliver_after == at(date(2026, 1, 27), 9)
    fortnightly = NudgeConfig(check_in_interval_days=14)
    assert one(nudges_for(case, CAL, fortnightly), c.CHECK_IN).deliver_after == at(
        date(2026, 1, 23), 9
    )
    assert not by_kind(nudges_for(replace(case, off_work=False), CAL), c.CHECK_IN)


# --- Plans and placements -----------------------------------------------------------------
def test_temporary_plan_reviews_ending_and_union_review():
    plan = TemporaryPlan(
        start=date(2026, 2, 2),
        end=date(2026, 3, 27),
        review_dates=(date(2026, 2, 16), date(2026, 3, 2)),
        submitted_at=at(date(2026, 1, 29), 14),  # Thursday
    )
    case = reported(at(date(2026, 1, 9), 10), stage=Stage.TEMPORARY_MODIFIED_WORK, plan=plan)
    specs = nudges_for(case, CAL)
    reviews = by_kind(specs, c.PLAN_REVIEW)
    # 16 February is Family Day: that review is raised the next business day.
    assert [r.deliver_after for r in reviews] == [at(date(2026, 2, 17), 9), at(date(2026, 3, 2), 9)]
    assert reviews[0].expires_at == at(date(2026, 3, 2), 9)
    ending = one(specs, c.PLAN_ENDING)
    assert ending.deliver_after == at(date(2026, 3, 20), 9)  # 5 business days before
    assert "extend" in ending.message and "permanent" in ending.message
    union = one(specs, c.UNION_REVIEW)
    assert union.recipient_role == c.UNION
    assert union.deliver_after == at(date(2026, 2, 2), 9)  # 2 business days after Thursday
    approved = replace(case, plan=replace(plan, union_approved_at=at(date(2026, 1, 30), 9)))
    assert not by_kind(nudges_for(approved, CAL), c.UNION_REVIEW)


def test_permanent_placement_follow_ups_and_training_limit():
    placement = PermanentPlacement(start=date(2026, 1, 31), training_start=date(2026, 2, 2))
    case = reported(
        at(date(2025, 6, 2), 10), stage=Stage.PERMANENT_ACCOMMODATION, placement=placement
    )
    specs = nudges_for(case, CAL)
    follow_ups = by_kind(specs, c.PLACEMENT_FOLLOW_UP)
    assert len(follow_ups) == 6  # monthly through the first 6 months
    assert follow_ups[0].due_at.date() == date(2026, 3, 2)  # 28 Feb is a Saturday
    assert "follow-up 1 of 6" in follow_ups[0].message
    training = one(specs, c.TRAINING_LIMIT)
    assert "Tuesday, February 2, 2027" in training.message
    assert training.due_at.date() == date(2027, 1, 3)  # 30 days' notice


def test_reemployment_end_and_stalled_case():
    case = reported(
        at(date(2026, 1, 9), 10),
        reemployment_ends_on=date(2028, 1, 9),
        off_work=True,
        days_without_return=10,
        as_of=at(date(2026, 1, 19), 12),
    )
    specs = nudges_for(case, CAL)
    reemployment = one(specs, c.REEMPLOYMENT_ENDING)
    assert reemployment.due_at.date() == date(2027, 12, 10)
    assert "WSIA s.41" in reemployment.message
    stalled = one(specs, c.STALLED)
    assert stalled.due_at.date() == date(2026, 4, 9)  # 90 days after 9 January
    assert "mediation" in stalled.message
    sooner = NudgeConfig(stalled_after_days=60)
    assert one(nudges_for(case, CAL, sooner), c.STALLED).due_at.date() == date(2026, 3, 10)


def test_a_closed_case_keeps_only_what_is_owed_to_the_wsib():
    case = reported(
        at(date(2026, 1, 9), 19),
        off_work=True,
        stage=Stage.CLOSED,
        ohsa_notice_due=date(2026, 1, 13),
    )
    kinds = {s.kind for s in nudges_for(case, CAL)}
    assert kinds == {c.FORM7_DUE, c.FORM7_LATE, c.OHSA_NOTICE}


# --- Escalation arithmetic ----------------------------------------------------------------
def test_escalation_time_business_days_and_durations():
    friday_4pm = at(date(2026, 1, 9), 16)
    assert escalation_time(friday_4pm, Escalation(BusinessDays(1), c.HR), CAL) == at(
        date(2026, 1, 12), 16
    )
    # Two hours after 16:00 is outside working hours: the next morning instead.
    assert escalation_time(friday_4pm, Escalation(timedelta(hours=2), c.HR), CAL) == at(
        date(2026, 1, 12), 9
    )


@pytest.mark.parametrize(
    "escalation",
    [Escalation(BusinessDays(2), c.HR), Escalation(timedelta(hours=36), c.SUPERVISOR)],
)
def test_escalation_json_round_trip(escalation):
    assert Escalation.from_json(escalation.to_json()) == escalation


# --- Properties ---------------------------------------------------------------------------
learned_times = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(learned=learned_times)
def test_every_nudge_is_delivered_in_working_hours_and_keys_are_stable(learned):
    case = reported(
        learned,
        off_work=True,
        stage=Stage.AWAITING_FUNCTIONAL_INFO,
        ohsa_notice_due=learned.date() + timedelta(days=4),
    )
    specs = nudges_for(case, CAL)
    assert specs
    for spec in specs:
        assert CAL.is_working_time(spec.deliver_after)
        assert spec.deliver_after >= spec.due_at
        assert spec.basis in spec.message
        assert spec.idempotency_key.startswith("RTW-2026-0001:")
    keys = [s.idempotency_key for s in specs]
    assert len(keys) == len(set(keys))
    assert keys == [s.idempotency_key for s in nudges_for(case, CAL)]
    # Form 7: reminded before the deadline, flagged late only after it.
    reminder = one(specs, c.FORM7_DUE, c.SUPERVISOR)
    late = one(specs, c.FORM7_LATE)
    assert CAL.local_date(reminder.deliver_after) <= case.form7_due
    assert CAL.local_date(late.deliver_after) > case.form7_due


# --- Snooze ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pressed", "back"),
    [
        (at(date(2026, 1, 15), 10), at(date(2026, 1, 16), 10)),  # Thursday -> Friday, same time
        (at(date(2026, 1, 16), 16, 30), at(date(2026, 1, 19), 9)),  # Friday -> Monday 09:00
        (at(date(2026, 2, 13), 11), at(date(2026, 2, 17), 9)),  # Friday before Family Day
        (at(date(2026, 1, 13), 8), at(date(2026, 1, 14), 9)),  # before hours -> 09:00
    ],
)
def test_snooze_one_day_comes_back_in_working_hours(pressed, back):
    assert c.snooze_until(pressed + c.SNOOZE_FOR, CAL) == back
