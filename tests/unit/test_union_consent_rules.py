"""The pure parts of the employee's part in their plan: union consent has three states (not
answered is never "no"), one rule for proposing a plan at every way in, HR's record of how
and when an employee who is not in Slack answered, and the reminders that follow."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import product
from zoneinfo import ZoneInfo

import pytest

from rtwbot.domain import participation as p
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.stages import Stage
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.catalogue import CaseSnapshot, TemporaryPlan, nudges_for
from rtwbot.nudges.delivery import Delivery
from rtwbot.slack.nudge_send import Target, nudge_say

CAL = WorkCalendar()
TZ = ZoneInfo("America/Toronto")
TODAY = date(2026, 11, 25)


# --- who reviews a plan for the union -----------------------------------------------------
@pytest.mark.parametrize(("answer", "has_union", "hr_reason"),
                         list(product((p.YES, p.NO, None), (True, False), (True, False))))
def test_hr_takes_the_unions_place_only_after_a_no_without_a_union_or_with_a_reason(
        answer, has_union, hr_reason) -> None:
    basis = p.union_review_basis(answer, has_union=has_union, hr_reason=hr_reason)
    if not has_union:
        assert basis == p.NO_UNION
    elif answer == p.YES:
        assert basis == p.BY_UNION  # a yes brings the union in, whatever HR recorded before
    elif answer == p.NO:
        assert basis == p.DECLINED
    else:  # not answered is never "no"
        assert basis == (p.HR_REASON if hr_reason else p.WAITING)
    assert (basis in p.HR_IN_PLACE) == (basis not in (p.BY_UNION, p.WAITING))
    assert basis in p.BASIS_WORDS


def test_talk_first_and_never_asked_are_not_answered() -> None:
    from rtwbot.store.imwt_models import UNION_NOT_ASKED, UNION_TALK
    from rtwbot.workflow.imwt.case_team import CaseTeam
    from rtwbot.workflow.team import Member

    class Thread:
        union_authorized = UNION_TALK

    union = Member("union", "uma@x", "U1", "uma@x", "email")
    for stored in (UNION_TALK, UNION_NOT_ASKED):
        Thread.union_authorized = stored
        team = CaseTeam(case=None, thread=Thread(), members=[union], people=None)  # type: ignore[arg-type]
        assert team.union_answer is None and team.review_basis() == p.WAITING


# --- one rule for proposing a plan ------------------------------------------------------------
@pytest.mark.parametrize(("stage", "status", "agreed"), list(product(
    list(Stage), (None, "unable", "with_restrictions", "no_restrictions", "bogus"),
    (False, True))))
def test_a_plan_only_at_a_plan_stage_on_suitable_information_and_never_over_an_agreed_one(
        stage, status, agreed) -> None:
    why = p.check_plan_allowed(stage, status, agreed)
    allowed = (not agreed and stage in p.PLAN_STAGES and status in p.SUITABLE)
    assert (why is None) == allowed
    if agreed:
        assert why == p.PLAN_ALREADY_AGREED
    elif stage not in p.PLAN_STAGES:
        assert "cannot take a temporary plan now" in why
    assert Stage.REPORTED not in p.PLAN_STAGES and Stage.AWAITING_FUNCTIONAL_INFO \
        not in p.PLAN_STAGES


# --- how and when, for an employee who is not in Slack ------------------------------------
def test_hr_says_how_and_when_an_answer_was_given() -> None:
    assert p.check_given("phone", TODAY, TODAY) == {}
    assert p.check_given("slack", TODAY, TODAY)["via"] == p.NO_WAY  # HR never "in Slack"
    assert p.check_given(None, None, TODAY).keys() == {"via", "on"}
    assert "still to come" in p.check_given("paper", date(2026, 11, 26), TODAY)["on"]
    assert "before Monday, November 23, 2026" in p.check_given(
        "in_person", date(2026, 11, 20), TODAY, earliest=date(2026, 11, 23))["on"]


# --- the reminders --------------------------------------------------------------------------
def at(d: date, hh: int = 9, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm), TZ)


def waiting(**kw) -> CaseSnapshot:
    """A plan proposed Wednesday 18:40 (after hours), waiting for the union's review."""
    plan = kw.pop("plan", TemporaryPlan(start=date(2026, 11, 30), end=date(2026, 12, 31),
                                        submitted_at=at(TODAY, 18, 40)))
    base = dict(reference="RTW-2026-0001", kind="work_injury",
                stage=Stage.FUNCTIONAL_INFO_RECEIVED, occurred_at=at(date(2026, 11, 20)),
                learned_at=at(date(2026, 11, 20)), plan=plan, union_authorized=False,
                union_unanswered=True)
    return CaseSnapshot(**{**base, **kw})


def specs_of(snapshot: CaseSnapshot, kind: str):
    return [s for s in nudges_for(snapshot, CAL) if s.kind == kind]


def test_not_answered_reminds_the_employee_once_in_working_hours_and_tells_hr() -> None:
    [ask] = specs_of(waiting(), c.UNION_QUESTION)
    assert ask.recipient_role == c.EMPLOYEE and not ask.escalate  # once
    assert ask.delivery_time == CAL.start_of_work(date(2026, 11, 26))  # Thursday morning
    [chase] = specs_of(waiting(), c.UNION_REVIEW)
    assert chase.recipient_role == c.HR and "waits on the employee's answer" in chase.message
    # Nobody to remind by DM: HR is told to ask and record the answer.
    assert specs_of(waiting(employee_in_slack=False), c.UNION_QUESTION) == []
    [chase] = specs_of(waiting(employee_in_slack=False), c.UNION_REVIEW)
    assert "not in Slack: ask them and record the answer" in chase.message


@pytest.mark.parametrize("change", [
    {"union_unanswered": False, "union_authorized": True},  # a yes: the union is chased
    {"union_unanswered": False},  # a no: HR reviews in its place
    {"plan": TemporaryPlan(start=date(2026, 11, 30), end=date(2026, 12, 31),
                           submitted_at=at(TODAY, 18, 40), union_review_waived=True)},
    {"plan": TemporaryPlan(start=date(2026, 11, 30), end=date(2026, 12, 31),
                           submitted_at=at(TODAY, 18, 40), union_approved_at=at(TODAY, 19))},
])
def test_no_reminder_once_the_review_no_longer_waits_on_the_answer(change) -> None:
    snapshot = waiting(**change)
    assert specs_of(snapshot, c.UNION_QUESTION) == []
    for chase in specs_of(snapshot, c.UNION_REVIEW):
        assert "waits on the employee's answer" not in chase.message
        assert chase.recipient_role == (c.UNION if snapshot.union_authorized else c.HR)


def test_the_reminder_carries_the_questions_own_answers() -> None:
    delivery = Delivery(nudge_id=9, idempotency_key="k", case_id=1,
                        case_reference="RTW-2026-0001", kind=c.UNION_QUESTION,
                        recipient_role=c.EMPLOYEE, recipient=None, message="m", basis="MWP",
                        due_at=at(TODAY), deliver_after=at(TODAY), escalation_level=0,
                        supervisor_id="U_S", employee_user_id="U_E", division="Parks",
                        reclaimed=False)
    say = nudge_say(delivery, Target(user="U_E"))
    assert [(b.action_id, b.value) for b in say.buttons] == [
        ("imwt_union_yes", "RTW-2026-0001"), ("imwt_union_no", "RTW-2026-0001"),
        ("imwt_union_talk", "RTW-2026-0001")]
