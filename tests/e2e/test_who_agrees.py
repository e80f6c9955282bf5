"""Issue 18, who may answer for whom in the team, through the sandbox: "not answered" is never
"no" (story 11), an employee who is not in Slack is never assumed to agree (story 12), and the
guards the issue found untested — a refusal of union representation kept when the union is
asked to join, no second plan over an agreed one, HR never agreeing in the employee's place,
no plan straight from "reported" without functional information."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rtwbot.forms.docx import document_text
from rtwbot.slack.listeners.imwt import flow_for
from rtwbot.store.imwt_models import EMPLOYEE_ANSWER, ImwtThread, PlanEvent, TemporaryPlan
from rtwbot.store.models import AuditEvent, Case
from rtwbot.workflow.imwt.plans import PLAN_ALREADY_AGREED
from rtwbot.workflow.imwt.standing_in import IN_SLACK
from tests.e2e.conftest import dm_texts, text_of
from tests.e2e.test_imwt import (
    _members,
    ephemerals_text,
    functional_info_arrives,
    modal_of,
    parent,
    plan_values,
    plans,
    press,
    propose_and_approve,
    seed_case,
    submit,
    thread_text,
)

pytestmark = pytest.mark.e2e

WAITS = "waits on the employee's answer about union representation"


def reference(pg, case_id: int) -> str:
    with pg.bot.db.session() as s:
        return s.get(Case, case_id).reference


def audit_detail(pg, action: str) -> list[dict]:
    with pg.bot.db.session() as s:
        return [e.detail for e in s.scalars(select(AuditEvent).where(
            AuditEvent.action == action).order_by(AuditEvent.id))]


def union_answer(pg, case_id: int) -> str:
    with pg.bot.db.session() as s:
        return s.scalar(select(ImwtThread.union_authorized).where(
            ImwtThread.case_id == case_id))


def hr_dm(pg, *words: str) -> dict:
    return next(m for m in reversed(pg.sandbox.dm_messages(pg.users["hana"]))
                if all(w in text_of(m) for w in words))


# --- Story 11: no answer is not "no" ----------------------------------------------------------
def test_story_11_no_answer_is_not_no(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent=None)  # the employee has not answered
    asked_before = sum("Do you authorize the union" in t for t in dm_texts(pg, "erin"))
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    assert submit(pg, "sam", plan_values()) == {}
    # The employee is reminded of the question; HR is told the union's review waits on it.
    assert sum("Do you authorize the union" in t for t in dm_texts(pg, "erin")) \
        == asked_before + 1
    told = text_of(hr_dm(pg, "waits for the union's review"))
    assert "has not said yet whether the union represents them" in told
    assert WAITS in thread_text(pg, case_id)
    assert "*Who must act:* The employee: whether the union represents them" \
        in text_of(parent(pg, case_id))

    # HR does not silently take the union's place.
    press(pg, "hana", "imwt_approve")
    assert WAITS in ephemerals_text(pg, "hana")
    [plan] = plans(pg, case_id)
    assert plan.union_approved_at is None and not plan.union_waived

    # HR records why the plan must go on without the union's review: then HR reviews.
    press(pg, "hana", "imwt_union_waive", message=hr_dm(pg, "waits for the union's review"))
    assert "Say why" in submit(pg, "hana", {"why": "  "})["why"]
    assert submit(pg, "hana", {"why": "Start date fixed by the WSIB; rep on leave"}) == {}
    assert "must go on without the union's review" in thread_text(pg, case_id)
    assert "rep on leave" not in thread_text(pg, case_id)  # HR's words stay in the record
    press(pg, "hana", "imwt_approve")
    press(pg, "erin", "imwt_plan_agree")
    [plan] = plans(pg, case_id)
    assert plan.state == "agreed" and plan.union_waived
    assert plan.union_approved_by == pg.users["hana"]
    # The record says which: HR recorded why (not the employee's no).
    [approved] = audit_detail(pg, "imwt.plan_union_approved")
    assert approved["union_waived_why"] == "hr_recorded_why"
    assert union_answer(pg, case_id) == "not_asked"  # still the employee's to give
    with pg.bot.db.session() as s:
        [waived] = s.scalars(select(PlanEvent).where(PlanEvent.kind == "union_review_waived"))
    assert waived.by == pg.users["hana"] and waived.plan_id == plan.id


def test_only_the_employees_no_puts_hr_in_the_unions_place_and_the_record_says_so(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent="talk")  # "talk to me first" is not a no
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    assert submit(pg, "sam", plan_values()) == {}
    press(pg, "hana", "imwt_approve")
    assert WAITS in ephemerals_text(pg, "hana")
    press(pg, "erin", "imwt_union_no", value=reference(pg, case_id))
    press(pg, "hana", "imwt_approve")
    [approved] = audit_detail(pg, "imwt.plan_union_approved")
    assert approved["union_waived"] is True
    assert approved["union_waived_why"] == "employee_declined"


def test_a_late_yes_brings_the_union_to_the_plan_waiting_for_it(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent=None)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    assert submit(pg, "sam", plan_values()) == {}
    press(pg, "erin", "imwt_union_yes", value=reference(pg, case_id))
    assert f"<@{pg.users['uma']}>" in thread_text(pg, case_id).split(
        "plan #1 waits for your review")[0].rsplit("\n", 1)[-1]
    press(pg, "uma", "imwt_approve")
    [plan] = plans(pg, case_id)
    assert plan.union_approved_by == pg.users["uma"] and not plan.union_waived


# --- Story 12: not in Slack -------------------------------------------------------------------
def test_story_12_not_in_slack_hr_records_the_answers_and_nothing_is_assumed(pg) -> None:
    case_id = seed_case(pg)
    with pg.bot.db.session() as s:  # Raj has no Slack account
        case = s.get(Case, case_id)
        case.employee_user_id, case.employee_name = None, "Raj Patel"
    functional_info_arrives(pg, case_id, consent=None)
    # HR records his answer on union representation, and how it was given.
    press(pg, "sam", "imwt_record_union", message=parent(pg, case_id))
    assert "Only HR can record the employee's answer" in ephemerals_text(pg, "sam")
    press(pg, "hana", "imwt_record_union", message=parent(pg, case_id))
    assert submit(pg, "hana", {"answer": "yes", "how": "phone"}) == {}
    assert union_answer(pg, case_id) == "yes"
    assert "recorded by" in thread_text(pg, case_id) and "by phone" in thread_text(pg, case_id)
    assert pg.users["uma"] in _members(pg)  # his yes brings the union in

    # A plan is proposed and the union approves: not agreed — his agreement is not assumed.
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    assert submit(pg, "sam", plan_values()) == {}
    press(pg, "uma", "imwt_approve")
    [plan] = plans(pg, case_id)
    assert plan.state == "proposed" and plan.employee_agreed_at is None
    assert "recording the employee's agreement (not in Slack)" in text_of(parent(pg, case_id))
    # Only HR records it, with how he gave it.
    press(pg, "sam", "imwt_record_agreement", message=parent(pg, case_id))
    assert "Only HR can record the employee's answer" in ephemerals_text(pg, "sam")
    press(pg, "hana", "imwt_record_agreement", message=parent(pg, case_id))
    assert "only once they gave it" in str(modal_of(pg, "hana")["blocks"])
    assert submit(pg, "hana", {"how": "paper"}) == {}
    [plan] = plans(pg, case_id)
    assert plan.state == "agreed" and plan.employee_agreed_by == pg.users["hana"]
    with pg.bot.db.session() as s:
        answers = [e.detail for e in s.scalars(select(PlanEvent).where(
            PlanEvent.kind == EMPLOYEE_ANSWER).order_by(PlanEvent.id))]
    assert [(a["about"], a["how"]) for a in answers] == [("union", "phone"), ("plan", "paper")]
    [agreed] = audit_detail(pg, "imwt.plan_agreed")
    assert agreed["employee_recorded_by_hr"] is True
    # The plan document says how he agreed, and who recorded it.
    [doc] = [f for f in pg.sandbox.files() if f["name"].endswith("modified-work-plan.docx")]
    signed = document_text(pg.sandbox.file_content(doc["id"]))
    assert "Raj Patel\nagreed on paper, recorded by" in signed


# --- The guards the issue found untested -----------------------------------------------------
def test_a_refusal_of_union_representation_holds_when_the_union_is_asked_to_join(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent="no")
    asked = len(dm_texts(pg, "erin"))
    # The button is gone; a press anyway (a stale message) is refused and changes nothing.
    assert "Ask the union to join" not in text_of(parent(pg, case_id))
    result = flow_for(pg.bot).ask_union_to_join(reference(pg, case_id), pg.users["sam"])
    assert "declined union representation" in (result.refusal or "")
    assert union_answer(pg, case_id) == "no"
    assert len(dm_texts(pg, "erin")) == asked  # not asked again behind their back
    assert pg.users["uma"] not in _members(pg) and pg.users["sid"] not in _members(pg)


def test_no_second_plan_is_proposed_over_an_agreed_one(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    propose_and_approve(pg, case_id)
    assert [p.state for p in plans(pg, case_id)] == ["agreed"]
    assert "Propose temporary plan" not in text_of(parent(pg, case_id))
    ref, flow = reference(pg, case_id), flow_for(pg.bot)
    # A stale button's modal, and its submission (crafted requests), are both refused.
    assert flow.prepare(ref, pg.users["sam"], "propose") == PLAN_ALREADY_AGREED
    result = flow_for(pg.bot).propose_plan(reference(pg, case_id), pg.users["sam"],
                                           plan_values())
    assert result.refusal == PLAN_ALREADY_AGREED
    assert [p.state for p in plans(pg, case_id)] == ["agreed"]


def test_hr_never_agrees_to_a_plan_in_the_employees_place(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    assert submit(pg, "sam", plan_values()) == {}
    press(pg, "uma", "imwt_approve")
    [plan] = plans(pg, case_id)
    ref, flow = reference(pg, case_id), flow_for(pg.bot)
    # The employee's own button, pressed by HR (a crafted request), and HR's record for an
    # employee who is in Slack: both refused.
    as_employee = flow.employee_plan(ref, plan.id, pg.users["hana"], "agreed")
    assert as_employee.refusal and "Only the employee" in as_employee.refusal
    recorded = flow.record_plan_agreement(ref, plan.id, pg.users["hana"], {"how": "paper"})
    assert recorded.refusal == IN_SLACK
    [plan] = plans(pg, case_id)
    assert plan.state == "proposed" and plan.employee_agreed_at is None
    press(pg, "erin", "imwt_plan_agree")  # the employee's own agreement counts
    [plan] = plans(pg, case_id)
    assert plan.state == "agreed" and plan.employee_agreed_by == pg.users["erin"]


def test_no_plan_straight_from_reported_without_functional_information(pg) -> None:
    case_id = seed_case(pg)  # "reported": no functional information on file
    assert pg.sandbox.command(pg.users["hana"], "/rtw",
                              f"team {reference(pg, case_id)}").status == 200
    pg.settle()
    assert "Propose temporary plan" not in text_of(parent(pg, case_id))
    # A stale button's modal, and its submission (crafted requests), are both refused.
    opened = flow_for(pg.bot).prepare(reference(pg, case_id), pg.users["sam"], "propose")
    assert isinstance(opened, str) and "functional information" in opened
    result = flow_for(pg.bot).propose_plan(reference(pg, case_id), pg.users["sam"],
                                           plan_values())
    assert 'A case at "Reported" cannot take a temporary plan' in (result.refusal or "")
    assert plans(pg, case_id) == []
    with pg.bot.db.session() as s:
        assert s.get(Case, case_id).stage == "reported"
        assert s.scalar(select(TemporaryPlan.id)) is None
