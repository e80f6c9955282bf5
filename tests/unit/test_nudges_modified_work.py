"""Issue 12's nudges: the weekly check-ins on modified work, the IMWT meeting reminder, and
the union's review chase only after the employee's consent."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.stages import Stage
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.catalogue import CaseSnapshot, TemporaryPlan, nudges_for
from rtwbot.nudges.modified_work import MEETING_REMINDER, MW_CHECK_IN, MW_PROGRESS

CAL = WorkCalendar()
TZ = ZoneInfo("America/Toronto")


def at(d: date, hh: int = 9) -> datetime:
    return datetime.combine(d, time(hh), TZ)


def on_plan(**kw) -> CaseSnapshot:
    plan = TemporaryPlan(start=date(2026, 11, 30), end=date(2026, 12, 31),
                         submitted_at=at(date(2026, 11, 25)),
                         union_approved_at=at(date(2026, 11, 26)))
    base = dict(reference="RTW-2026-0001", kind="work_injury",
                stage=Stage.TEMPORARY_MODIFIED_WORK, occurred_at=at(date(2026, 11, 20)),
                learned_at=at(date(2026, 11, 20)), plan=plan)
    return CaseSnapshot(**{**base, **kw})


def kinds(specs, kind):
    return [(s.recipient_role, CAL.local_date(s.due_at)) for s in specs if s.kind == kind]


def test_weekly_check_ins_on_modified_work_from_the_plan_start_or_the_last_answer() -> None:
    specs = nudges_for(on_plan(), CAL)
    assert kinds(specs, MW_CHECK_IN) == [(c.EMPLOYEE, date(2026, 12, 7))]
    assert kinds(specs, MW_PROGRESS) == [(c.SUPERVISOR, date(2026, 12, 7))]
    later = nudges_for(on_plan(last_employee_check_in_at=at(date(2026, 12, 8))), CAL)
    assert kinds(later, MW_CHECK_IN) == [(c.EMPLOYEE, date(2026, 12, 15))]
    # Not on modified work: no check-ins.
    assert kinds(nudges_for(on_plan(stage=Stage.FUNCTIONAL_INFO_RECEIVED), CAL),
                 MW_CHECK_IN) == []


def test_a_meeting_is_reminded_the_working_day_before_to_the_team() -> None:
    monday = date(2026, 11, 30)
    specs = nudges_for(on_plan(meetings=((monday, "10:00, room 2"),)), CAL)
    assert sorted(kinds(specs, MEETING_REMINDER)) == sorted(
        [(c.EMPLOYEE, date(2026, 11, 27)), (c.SUPERVISOR, date(2026, 11, 27)),
         (c.HR, date(2026, 11, 27))])  # Friday: the working day before


def test_the_union_review_is_chased_with_the_union_only_after_consent() -> None:
    waiting = on_plan(stage=Stage.FUNCTIONAL_INFO_RECEIVED,
                      plan=TemporaryPlan(start=date(2026, 11, 30), end=date(2026, 12, 31),
                                         submitted_at=at(date(2026, 11, 25))))
    assert {r for r, _ in kinds(nudges_for(waiting, CAL), c.UNION_REVIEW)} == {c.UNION}
    pending = CaseSnapshot(**{**waiting.__dict__, "union_authorized": False})
    assert {r for r, _ in kinds(nudges_for(pending, CAL), c.UNION_REVIEW)} == {c.HR}
