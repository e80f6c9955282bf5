"""Issue 10, the pure rules: working hours end at 17:00, the placement hierarchy's order,
payroll rounding, OHSA s.51-52, re-employment for a case, and the catalogue's immediate
and co-operation nudges."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from rtwbot.domain import ohsa
from rtwbot.domain.accommodation import (
    PLACEMENT_STEP_LABELS,
    HierarchyError,
    PlacementChecklist,
    PlacementStep,
)
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reemployment import EmploymentFacts, case_reemployment
from rtwbot.domain.reporting import ReportFacts, ohsa_notice_due
from rtwbot.domain.stages import Stage
from rtwbot.domain.wages import hourly_rate, parse_rate, pay_statement
from rtwbot.intake.past_dates import calendar_date, check_past_date
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.catalogue import CaseSnapshot, escalation_time, nudges_for

TORONTO = ZoneInfo("America/Toronto")
CAL = WorkCalendar()
MONDAY = date(2026, 11, 30)


def at(d: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm, ss), tzinfo=TORONTO)


# --- Working hours: 09:00 inclusive to 17:00 exclusive ---------------------------------------
@pytest.mark.parametrize(("moment", "working"), [
    (at(MONDAY, 8, 59, 59), False),
    (at(MONDAY, 9), True),
    (at(MONDAY, 16, 59, 59), True),
    (at(MONDAY, 17), False),  # 17:00 is after hours
    (at(MONDAY, 17, 0, 1), False),
])
def test_working_time_ends_before_17_00(moment: datetime, working: bool) -> None:
    assert CAL.is_working_time(moment) is working


def test_a_nudge_due_at_17_00_waits_for_the_next_morning() -> None:
    spec = next(s for s in nudges_for(snapshot(learned=at(MONDAY, 17)), CAL)
                if s.kind == c.FORM7_DUE)
    assert CAL.is_working_time(spec.delivery_time)
    assert spec.delivery_time >= at(MONDAY + timedelta(days=1), 9)


# --- The permanent placement hierarchy (MWP Permanent 2) --------------------------------------
def test_placement_steps_3_and_4_are_in_the_programs_order() -> None:
    assert PlacementStep(3) is PlacementStep.COMPARABLE_OUTSIDE_DIVISION_IN_UNIT
    assert PlacementStep(4) is PlacementStep.SUITABLE_IN_DIVISION_IN_UNIT
    assert PLACEMENT_STEP_LABELS[PlacementStep(3)].startswith("a comparable job outside the "
                                                              "division")
    assert PLACEMENT_STEP_LABELS[PlacementStep(4)].startswith("a suitable job in the pre-injury "
                                                              "division")


def test_step_4_needs_step_3_ruled_out_but_step_3_does_not_need_step_4() -> None:
    checklist = (PlacementChecklist()
                 .record_considered(1, False, "Cannot lift at all")
                 .record_considered(2, False, "No comparable job in Parks"))
    assert checklist.choose(3).chosen is PlacementStep.COMPARABLE_OUTSIDE_DIVISION_IN_UNIT
    with pytest.raises(HierarchyError):
        checklist.choose(4)
    after_3 = checklist.record_considered(3, False, "None in the unit elsewhere")
    assert after_3.choose(4).chosen is PlacementStep.SUITABLE_IN_DIVISION_IN_UNIT


# --- Payroll rounding: half up, to the cent ---------------------------------------------------
@pytest.mark.parametrize(("regular", "paid"), [
    ("30.005", "30.01"),  # half even would give 30.00; half down 30.00
    ("30.025", "30.03"),  # half even would give 30.02
    ("30.004", "30.00"),  # rounding up (ceiling) would give 30.01
    ("30.006", "30.01"),  # truncating would give 30.00
    ("30.00", "30.00"),
])
def test_rates_round_half_up_to_the_cent(regular: str, paid: str) -> None:
    rate = hourly_rate("work_injury", "temporary", regular_rate=D(regular),
                       position_rate=D("1.00"))
    assert rate == D(paid) and str(rate) == paid


@pytest.mark.parametrize(("regular", "position", "paid"), [
    ("30.00", "25.00", "$30.00"),
    ("30.00", "35.00", "$35.00"),
    ("30.005", "30.00", "$30.01"),
])
def test_the_temporary_pay_statement_names_the_rate_and_why(regular, position, paid) -> None:
    text = pay_statement("work_injury", "temporary", regular_rate=D(regular),
                         position_rate=D(position))
    assert text.startswith(f"{paid} an hour for hours worked: the greater of 100% of regular")
    assert "MWP Conditions 2" in text


def test_permanent_pay_statements() -> None:
    kept = pay_statement("work_injury", "permanent", regular_rate=D("30"),
                         position_rate=D("25"))
    assert kept.startswith("$30.00 an hour: the pre-injury rate")
    new = pay_statement("non_occupational", "permanent", regular_rate=D("30"),
                        position_rate=D("25"))
    assert new.startswith("$25.00 an hour: the new position's rate")


def test_typed_rates() -> None:
    assert parse_rate("$30.005") == D("30.005")
    assert parse_rate("1,030.50") == D("1030.50")
    assert parse_rate("30 an hour") == D("30")
    for bad in ("thirty", "nan", "-1", "inf", "", "1e9"):
        assert parse_rate(bad) is None, bad


# --- OHSA s.51-52 ---------------------------------------------------------------------------
def test_the_written_report_is_due_48_clock_hours_later() -> None:
    saturday = at(date(2026, 11, 28), 2, 5)
    assert ohsa.written_report_due(saturday) == at(MONDAY, 2, 5)
    # Across the spring change (8 March 2026), 48 elapsed hours end at 03:05 local.
    before_dst = at(date(2026, 3, 7), 2, 5)
    due = ohsa.written_report_due(before_dst)
    assert due.astimezone(TORONTO).replace(tzinfo=None) == datetime(2026, 3, 9, 3, 5)


def test_escalation_every_3_hours_until_the_deadline() -> None:
    assert ohsa.escalation_hours() == tuple(range(3, 48, 3))


def test_the_definition_is_one_sentence_a_person_can_read() -> None:
    text = ohsa.CRITICAL_INJURY_DEFINITION
    assert len(text) <= 300 and text.endswith(".") and "Regulation 834" in text
    for part in ("unconsciousness", "loss of blood", "broken leg or arm", "burns",
                 "loss of sight in an eye", "someone died"):
        assert part in text


def facts(kind: str = "work_injury", **kw) -> ReportFacts:
    accident = at(date(2026, 3, 6), 10)
    return ReportFacts(kind, accident, accident + timedelta(hours=1), **kw)  # type: ignore[arg-type]


def test_an_occupational_illness_notice_names_the_director() -> None:
    notice = ohsa_notice_due(facts("work_illness", absent="yes"))
    assert ohsa.DIRECTOR in notice.notify
    assert "a Director" in notice.reasons[0]
    injury = ohsa_notice_due(facts(absent="yes"))
    assert ohsa.DIRECTOR not in injury.notify and "Director" not in injury.reasons[0]


# --- Re-employment for a case (WSIA s.41) ----------------------------------------------------
INJURY = date(2026, 11, 24)
HIRED = EmploymentFacts(hired_on=date(2015, 6, 1), born_on=date(1980, 7, 14))


def test_reemployment_applies_from_when_the_worker_is_able() -> None:
    result = case_reemployment(INJURY, 2400, HIRED)
    assert result.status == "applies" and result.starts_on is None
    assert result.ends_on == date(2028, 11, 24)
    able = case_reemployment(INJURY, 2400, HIRED, medically_able_on=date(2026, 12, 10))
    assert able.starts_on == date(2026, 12, 10) and able.ends_on == date(2027, 12, 10)


def test_reemployment_does_not_apply_to_19_workers_or_11_months() -> None:
    assert case_reemployment(INJURY, 19, HIRED).status == "does_not_apply"
    assert case_reemployment(INJURY, 20, HIRED).status == "applies"
    eleven_months = EmploymentFacts(hired_on=date(2025, 12, 24))
    assert case_reemployment(INJURY, 2400, eleven_months).status == "does_not_apply"
    a_year = EmploymentFacts(hired_on=date(2025, 11, 24))
    assert case_reemployment(INJURY, 2400, a_year).status == "applies"


def test_reemployment_after_a_leap_day_injury() -> None:
    result = case_reemployment(date(2024, 2, 29), 2400, HIRED)
    assert result.ends_on == date(2026, 2, 28)


def test_reemployment_unknown_facts_are_said() -> None:
    unknown = case_reemployment(INJURY, 2400, EmploymentFacts())
    assert unknown.status == "unknown" and "hire date" in unknown.reasons[0]
    assert case_reemployment(INJURY, 0, HIRED).status == "unknown"  # size not configured
    assert case_reemployment(INJURY, 5, EmploymentFacts()).status == "does_not_apply"


def test_past_dates_typed_as_text() -> None:
    assert calendar_date("2019-03-04") == date(2019, 3, 4)
    assert calendar_date("March 4, 2019") == date(2019, 3, 4)
    assert calendar_date("4th March 2019") == date(2019, 3, 4)
    assert calendar_date("March 2019") is None
    assert check_past_date("2030-01-01", INJURY) == "That's in the future — please check the date."
    assert check_past_date("1899-12-31", INJURY) is not None
    assert check_past_date("soon", INJURY) is not None


# --- The catalogue: immediate and co-operation nudges ----------------------------------------
def snapshot(learned: datetime | None = None, **kw) -> CaseSnapshot:
    learned = learned or at(date(2026, 11, 28), 2, 5)
    base = CaseSnapshot("RTW-2026-0001", "work_injury", Stage.REPORTED, learned, learned,
                        reportability="reportable", obligation_date=learned.date())
    return replace(base, **kw)


def test_a_critical_injury_is_told_at_once_to_hr_the_committee_and_the_union() -> None:
    specs = [s for s in nudges_for(snapshot(critical_injury=True), CAL)
             if s.kind == c.CRITICAL_INJURY]
    assert sorted(s.recipient_role for s in specs) == sorted([c.HR, c.COMMITTEE, c.UNION])
    saturday = at(date(2026, 11, 28), 2, 5)
    for spec in specs:
        assert spec.delivery_time == saturday  # not moved to Monday 09:00
        assert "Monday, November 30, 2026 at 2:05 AM" in spec.message
        assert len(spec.escalate) == 15 and {e.role for e in spec.escalate} == {c.HR}
        first = escalation_time(spec.due_at, spec.escalate[0], CAL, immediate=True)
        assert first == at(date(2026, 11, 28), 5, 5)  # Saturday 05:05, not Monday
    assert c.CRITICAL_INJURY in c.STATUTORY_KINDS


def test_once_acknowledged_the_critical_injury_nudges_are_no_longer_wanted() -> None:
    done = snapshot(critical_injury=True, critical_injury_acknowledged=True)
    assert not [s for s in nudges_for(done, CAL) if s.kind == c.CRITICAL_INJURY]
    assert not [s for s in nudges_for(snapshot(kind="non_occupational", critical_injury=True),
                                      CAL) if s.kind == c.CRITICAL_INJURY]


def test_first_contact_then_the_cadence_and_its_basis() -> None:
    monday = snapshot(learned=at(MONDAY, 10), off_work=True)
    [first] = [s for s in nudges_for(monday, CAL) if s.kind == c.FIRST_CONTACT]
    assert first.delivery_time == at(MONDAY, 10)  # the same business day
    assert first.basis == "WSIA s.40; OPM 19-02-08"
    weekend = snapshot(learned=at(date(2026, 11, 28), 14), off_work=True)
    [first] = [s for s in nudges_for(weekend, CAL) if s.kind == c.FIRST_CONTACT]
    assert first.delivery_time == at(MONDAY, 9)  # the first business day
    made = replace(monday, first_contact_made=True)
    assert not [s for s in nudges_for(made, CAL) if s.kind == c.FIRST_CONTACT]
    personal = replace(monday, kind="non_occupational", reportability="not_applicable")
    for spec in nudges_for(personal, CAL):
        if spec.kind in (c.FIRST_CONTACT, c.CHECK_IN):
            assert "WSIA" not in spec.basis and "WSIA" not in spec.message
            assert "RTW program" in spec.basis


def test_an_illness_notice_nudge_names_the_director() -> None:
    illness = snapshot(kind="work_illness", ohsa_notice_due=date(2026, 12, 2))
    [notice] = [s for s in nudges_for(illness, CAL) if s.kind == c.OHSA_NOTICE]
    assert "a Director" in notice.message and "occupational illness" in notice.message


# --- The intake's critical-injury question ----------------------------------------------------
def test_the_critical_injury_question_takes_plain_answers_and_explains_itself() -> None:
    from rtwbot.intake.answers import parse_answer
    from rtwbot.intake.context import IntakeContext, Invalid, Ok
    from rtwbot.intake.question import question_by_key
    from rtwbot.intake.questions import INJURY_REPORT

    ctx = IntakeContext(now=at(date(2026, 11, 25), 10), tz=TORONTO)
    question = question_by_key(INJURY_REPORT, "critical_injury")
    keys = [q.key for q in INJURY_REPORT]
    assert keys.index("critical_injury") == keys.index("case_kind") + 1  # asked early
    assert ("unknown", "What counts?") in question.options(ctx, {})
    work = {"case_kind": "work_injury"}
    for typed, value in (("no", "no"), ("No, just a sprain", "no"), ("yes", "yes"),
                         ("yes - broken arm", "yes")):
        result = parse_answer(question, typed, ctx, work)
        assert isinstance(result, Ok) and result.value == value, typed
    for asked in ("not sure", "?"):
        result = parse_answer(question, asked, ctx, work)
        assert isinstance(result, Invalid) and "Regulation 834" in result.message
    clicked = parse_answer(question, "unknown", ctx, work, from_action=True)
    assert isinstance(clicked, Invalid) and "Regulation 834" in clicked.message
    # asked for every case: OHSA s.51 applies to a critical injury "from any cause"
    assert question.applies({"case_kind": "non_occupational"})


# --- Slack side: the committee role and no snoozing an immediate duty ------------------------
def test_the_committee_role_names_every_contact_and_an_urgent_notice_has_no_snooze() -> None:
    from rtwbot.directory import Directory, Division
    from rtwbot.nudges.dispatcher import Delivery, PermanentSendError
    from rtwbot.slack.nudge_send import ACTION_SNOOZE, NudgeRecipients, Target, nudge_say

    directory = Directory(safety_committee=("U_C1", "U_C2"),
                          divisions=(Division(name="Parks"),
                                     Division(name="Roads", safety_committee=("U_C3",))))
    recipients = NudgeRecipients(client=None, directory=directory)  # type: ignore[arg-type]
    now = at(MONDAY, 2)

    def delivery(division: str, kind: str = c.CRITICAL_INJURY) -> Delivery:
        return Delivery(nudge_id=7, idempotency_key="k", case_id=1, case_reference="RTW-1",
                        kind=kind, recipient_role=c.COMMITTEE, recipient=None, message="m",
                        basis=ohsa.BASIS_CRITICAL, due_at=now, deliver_after=now,
                        escalation_level=0, supervisor_id="U_S", employee_user_id=None,
                        division=division, reclaimed=False)

    assert recipients.resolve_all(delivery("Parks")) == [Target(user="U_C1"), Target(user="U_C2")]
    assert recipients.resolve_all(delivery("Roads")) == [Target(user="U_C3")]
    with pytest.raises(PermanentSendError):
        NudgeRecipients(None, Directory()).resolve_all(delivery("Parks"))  # type: ignore[arg-type]
    urgent = nudge_say(delivery("Parks"), Target(user="U_C1"))
    assert urgent.text.startswith("*Urgent*")
    assert ACTION_SNOOZE not in [b.action_id for b in urgent.buttons]
    ordinary = nudge_say(delivery("Parks", kind=c.OHSA_NOTICE), Target(user="U_C1"))
    assert ACTION_SNOOZE in [b.action_id for b in ordinary.buttons]
