"""Issue 19: the employee's own words in their DM — the union ("no union", "ok to involve the
union", "talk to me first"), privacy ("what is my diagnosis?", "who can see my case?"),
contacts that respect their answer, and "when do I go back?" as the plan stands."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rtwbot.store.imwt_models import UNION_NO, UNION_TALK, UNION_YES, ImwtThread
from tests.e2e.conftest import click, dm_texts, say
from tests.e2e.test_imwt import (
    DIAGNOSIS,
    RESTRICTIONS,
    functional_info_arrives,
    parent,
    plan_values,
    press,
    seed_case,
    submit,
)

pytestmark = pytest.mark.e2e


def consent(pg, case_id: int) -> str:
    with pg.bot.db.session() as s:
        return s.scalar(select(ImwtThread.union_authorized).where(ImwtThread.case_id == case_id))


def test_the_employee_answers_the_union_in_their_own_words_and_contacts_follow(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent=None)
    uma = f"<@{pg.users['uma']}>"
    assert uma in say(pg, "erin", "who is my contact?")  # not answered: offered, with how

    told = say(pg, "erin", "I don't want the union involved")
    assert consent(pg, case_id) == UNION_NO and "will not take part" in told
    assert any("declined union representation" in t for t in dm_texts(pg, "hana"))
    for question in ("who is my contact?", "status"):
        assert uma not in say(pg, "erin", question)  # a no: never offered as a contact
    assert uma not in say(pg, "hana", "status")

    assert "union representative will take part" in say(pg, "erin",
                                                         "ok, it's fine to involve the union")
    assert consent(pg, case_id) == UNION_YES
    assert uma in say(pg, "erin", "who's my union rep")

    say(pg, "erin", "talk to me first")  # the question waits no longer: asked again
    assert consent(pg, case_id) == UNION_YES
    say(pg, "erin", "actually I'd like to talk to HR about the union before deciding")
    assert consent(pg, case_id) == UNION_TALK
    asked = say(pg, "erin", "should I have the union?")  # a question: the question again
    assert "Do you authorize the union" in asked and consent(pg, case_id) == UNION_TALK


def test_privacy_questions_are_answered_from_the_policy_and_never_with_a_diagnosis(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent=None)

    told = say(pg, "erin", "what is my diagnosis?")
    assert "don't keep a diagnosis" in told and RESTRICTIONS[0] in told
    assert "lumbar" not in told and DIAGNOSIS not in told

    seen = say(pg, "erin", "who can see my case?")
    for who in ("sam", "hana", "uma"):
        assert f"<@{pg.users[who]}>" in seen
    assert "your work limits" in seen and "until you say the union may represent you" in seen
    assert "Nobody" in seen and "a diagnosis" in seen

    click(pg, "erin", "imwt_union_no")
    seen = say(pg, "erin", "Who has access to my information?")
    assert "sees nothing: you declined union representation" in seen

    helped = say(pg, "erin", "help")
    assert "/rtw union" in helped and "who can see my case?" in helped


def test_when_do_i_go_back_reads_the_plan_as_it_stands(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent="yes")
    before = say(pg, "erin", "when do I go back?")
    assert "Not decided yet" in before and "soon" not in before.lower()

    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    assert submit(pg, "sam", plan_values()) == {}
    proposed = say(pg, "erin", "when do I go back?")
    assert "proposed" in proposed and "not agreed yet" in proposed
    assert "Monday, November 30" in proposed and "soon" not in proposed.lower()
    assert "not agreed yet" in say(pg, "erin", "status")

    press(pg, "uma", "imwt_approve")
    press(pg, "erin", "imwt_plan_agree")
    agreed = say(pg, "erin", "when can I go back to work")
    assert "You start modified work on *Monday, November 30" in agreed
    assert "not agreed" not in say(pg, "erin", "status")
