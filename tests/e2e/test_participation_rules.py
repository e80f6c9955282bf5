"""Four rules of the employee's part in their plan, each held at every way in (buttons,
modals, commands, a stale button still on someone's screen, a crafted call), through the
sandbox: a refusal of union representation holds when the union is asked to join; no second
plan over an agreed one; HR never agrees in the employee's place; no plan straight from
"reported" without functional information."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rtwbot.domain.participation import PLAN_ALREADY_AGREED
from rtwbot.slack.listeners.imwt import flow_for
from rtwbot.store.imwt_models import TemporaryPlan
from rtwbot.store.models import Case
from tests.e2e.conftest import dm_texts, text_of
from tests.e2e.test_imwt import (
    TODAY,
    _members,
    ephemerals_text,
    functional_info_arrives,
    parent,
    plan_values,
    plans,
    press,
    seed_case,
    submit,
)

pytestmark = pytest.mark.e2e


def reference(pg, case_id: int) -> str:
    with pg.bot.db.session() as s:
        return s.get(Case, case_id).reference


def command(pg, who: str, text: str) -> str:
    """`who` runs `/rtw text`; what the bot then said to them by DM."""
    before = len(dm_texts(pg, who))
    assert pg.sandbox.command(pg.users[who], "/rtw", text).status == 200
    pg.settle()
    return "\n".join(dm_texts(pg, who)[before:])


def test_a_refusal_of_union_representation_holds_when_the_union_is_asked_to_join(pg):
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent=None)  # not answered yet
    ref = reference(pg, case_id)
    asked = pg.sandbox.click(pg.users["sam"], "imwt_ask_union", message=parent(pg, case_id))
    pg.settle()
    assert "change your answer" in dm_texts(pg, "erin")[-1]  # not answered: she is asked
    press(pg, "erin", "imwt_union_no", value=ref)
    assert "Ask the union to join" not in text_of(parent(pg, case_id))
    # Sam's screen still shows the button he pressed before her answer: he presses it again.
    questions = len(dm_texts(pg, "erin"))
    assert pg.sandbox.click_again(asked).status == 200
    pg.settle()
    assert "declined union representation; the union cannot join" in ephemerals_text(pg, "sam")
    assert len(dm_texts(pg, "erin")) == questions  # the no is not asked over
    # HR refreshing the team (`/rtw team`) brings nobody from the union in either.
    command(pg, "hana", f"team {ref}")
    assert pg.users["uma"] not in _members(pg) and pg.users["sid"] not in _members(pg)
    for who in ("uma", "sid"):  # nor can the union act on it
        assert flow_for(pg.bot).ask_union_to_join(ref, pg.users[who]).refusal


def test_no_second_plan_is_proposed_over_an_agreed_one(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    # Sam opens the plan modal; before he submits, Hana's plan is proposed and agreed.
    opened = pg.sandbox.click(pg.users["sam"], "imwt_propose", message=parent(pg, case_id))
    pg.settle()
    [sams] = pg.sandbox.views(pg.users["sam"])
    press(pg, "hana", "imwt_propose", message=parent(pg, case_id))
    assert submit(pg, "hana", plan_values()) == {}
    press(pg, "uma", "imwt_approve")
    press(pg, "erin", "imwt_plan_agree")
    assert [p.state for p in plans(pg, case_id)] == ["agreed"]
    assert "Propose temporary plan" not in text_of(parent(pg, case_id))
    # His modal, submitted now: refused on the modal.
    filled = {f"{block}.value": value for block, value in plan_values().items()}
    assert pg.sandbox.submit_view(pg.users["sam"], sams, filled).status == 200
    pg.settle()
    [still] = pg.sandbox.views(pg.users["sam"])
    assert PLAN_ALREADY_AGREED in " ".join(still["errors"].values())
    pg.sandbox.close_view(pg.users["sam"])
    # The button still on his screen: no modal, he is told why.
    assert pg.sandbox.click_again(opened).status == 200
    pg.settle()
    assert pg.sandbox.views(pg.users["sam"]) == []
    assert PLAN_ALREADY_AGREED in ephemerals_text(pg, "sam")
    # A crafted call is refused the same.
    result = flow_for(pg.bot).propose_plan(reference(pg, case_id), pg.users["hana"],
                                           plan_values())
    assert result.refusal == PLAN_ALREADY_AGREED
    assert [p.state for p in plans(pg, case_id)] == ["agreed"]


def test_hr_never_agrees_to_a_plan_in_the_employees_place(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent="no")
    ref = reference(pg, case_id)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    assert submit(pg, "sam", plan_values()) == {}
    # HR reviews in the union's place (Erin said no): that is not Erin's agreement.
    press(pg, "hana", "imwt_approve")
    [plan] = plans(pg, case_id)
    assert plan.union_review_basis == "declined" and plan.state == "proposed"
    # HR's ways to record an answer are for an employee who is not in Slack.
    for text in (f"agreed {ref}", f"union {ref}"):
        assert "HR cannot answer in their place" in command(pg, "hana", text)
        assert pg.sandbox.views(pg.users["hana"]) == []
    flow = flow_for(pg.bot)  # crafted calls, as a forged button press would make them
    hana = pg.users["hana"]
    assert "Only the employee" in flow.employee_plan(ref, plan.id, hana, "agreed").refusal
    assert "HR cannot agree in their place" in flow.record_agreement(
        ref, plan.id, hana, {"via": "paper", "on": TODAY}).refusal
    assert "HR cannot answer in their place" in flow.record_union_answer(
        ref, hana, "yes", "phone", TODAY).refusal
    [plan] = plans(pg, case_id)
    assert plan.state == "proposed" and plan.employee_agreed_at is None
    # Erin agrees herself: now it is agreed.
    press(pg, "erin", "imwt_plan_agree")
    [plan] = plans(pg, case_id)
    assert plan.state == "agreed" and plan.employee_agreed_by == pg.users["erin"]
    assert plan.employee_agreed_via == "slack"


def test_no_plan_straight_from_reported_without_functional_information(pg) -> None:
    case_id = seed_case(pg)  # reported: no form sent back, nothing on file
    ref = reference(pg, case_id)
    command(pg, "hana", f"team {ref}")  # HR opens the team early
    assert "Propose temporary plan" not in text_of(parent(pg, case_id))
    stage_rule = 'A case at "Reported" cannot take a temporary plan now.'
    flow = flow_for(pg.bot)
    for who in ("sam", "hana"):
        assert flow.prepare(ref, pg.users[who], "propose") == stage_rule  # the button
        assert flow.propose_plan(ref, pg.users[who], plan_values()).refusal == stage_rule
    with pg.bot.db.session() as s:
        assert s.scalar(select(TemporaryPlan.id)) is None
        assert s.get(Case, case_id).stage == "reported"
