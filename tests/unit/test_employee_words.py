"""The employee's own words, pure: what they say of the union, their privacy questions, and
who sees what of their case as the privacy policy grants it."""

from __future__ import annotations

import pytest

from rtwbot.domain import privacy
from rtwbot.domain.privacy import CasePeople, Relation
from rtwbot.domain.privacy_explain import never_shown, what_they_see, who_can_see
from rtwbot.workflow.employee_consent import consent_of
from rtwbot.workflow.employee_questions import question_of, when_back


@pytest.mark.parametrize(("text", "kind"), [
    ("no union", "union_no"), ("No union please", "union_no"), ("nope, no union", "union_no"),
    ("I don't want the union involved", "union_no"), ("dont involve the union", "union_no"),
    ("keep the union out of this", "union_no"), ("I decline union representation", "union_no"),
    ("I'd rather not have the union there", "union_no"), ("without the union", "union_no"),
    ("the union can’t represent me", "union_no"), ("No thanks to the union", "union_no"),
    ("ok to involve the union", "union_yes"), ("Yes, the union may represent me", "union_yes"),
    ("I want my union", "union_yes"), ("please involve the union", "union_yes"),
    ("I don't mind the union being there", "union_yes"), ("fine with the union", "union_yes"),
    ("no problem with the union", "union_yes"), ("the union is welcome to help", "union_yes"),
    ("talk to me first", "talk_first"), ("Please talk to me first.", "talk_first"),
    ("I'm not sure about the union", "union_talk"),
    ("I'd like to talk to HR before deciding about the union", "union_talk"),
    ("should I get the union involved?", "union_ask"), ("what does the union do", "union_ask"),
    ("the union", "union_ask"),
    ("the weather is nice", None), ("talk to me first about the plan", None), ("", None),
    ("union " * 200, "union_ask"),
])
def test_what_the_employee_says_of_the_union(text: str, kind: str | None) -> None:
    assert consent_of(text) == kind


@pytest.mark.parametrize(("text", "kind"), [
    ("what is my diagnosis?", "diagnosis"), ("what's my diagnosis", "diagnosis"),
    ("what did the doctor say", "diagnosis"), ("do you have my medical records", "diagnosis"),
    ("who can see my case?", "privacy"), ("Who has access to my information", "privacy"),
    ("is my info confidential", "privacy"), ("does my boss know?", "privacy"),
    ("will my coworkers find out", "privacy"), ("who is my contact?", "contact"),
    ("when do I go back?", "when_back"), ("no union", "union_no"), ("thanks", None),
])
def test_the_employees_questions(text: str, kind: str | None) -> None:
    assert question_of(text) == kind


def test_who_sees_what_comes_from_the_policy() -> None:
    people = CasePeople(employee="E", reporter="S", hr=("H",), union=("U",),
                        insurers=("I",), union_authorized=None)
    seen = {v.label: v for v in who_can_see(people)}
    assert set(seen) == {"Your supervisor, who reported it", "HR", "Your union representative",
                         "The WSIB or LTD case manager"}
    # The union before an answer: what the policy grants a pending union member, no more.
    assert seen["Your union representative"].sees == what_they_see(Relation.UNION_PENDING)
    assert "your work limits" not in " ".join(seen["Your union representative"].sees)
    assert "what was written at your check-ins" in seen["HR"].sees  # HR alone reads notes
    assert "what was written at your check-ins" not in seen[
        "Your supervisor, who reported it"].sees
    declined = {v.label: v for v in who_can_see(CasePeople(employee="E", union=("U",),
                                                            union_authorized=False))}
    assert declined["Your union representative"].sees == ()
    assert "a diagnosis" in never_shown()


def test_a_change_of_policy_changes_the_answer(monkeypatch) -> None:
    """Drawn from the policy: grant the insurer the deadlines and the answer says so."""
    before = what_they_see(Relation.INSURER)
    grants = dict(privacy._POLICY[privacy.View.STATUS_DM])
    grants[Relation.INSURER] = grants[Relation.INSURER] | {privacy.Sensitivity.DEADLINES}
    policy = dict(privacy._POLICY)
    policy[privacy.View.STATUS_DM] = grants
    monkeypatch.setattr(privacy, "_POLICY", policy)
    assert "the legal deadlines" not in before
    assert "the legal deadlines" in what_they_see(Relation.INSURER)


def test_a_proposed_plan_is_said_as_proposed_not_soon() -> None:
    from datetime import date

    f = {"plan_start": date(2026, 11, 30), "plan_end": date(2026, 12, 18)}
    proposed = when_back("functional_info_received", {**f, "_plan_state": "proposed"},
                         date(2026, 11, 25))
    assert "not agreed yet" in proposed and "Soon" not in proposed
    agreed = when_back("temporary_modified_work", {**f, "_plan_state": "agreed"},
                       date(2026, 11, 25))
    assert agreed.startswith("You start modified work on")
    assert "Not decided yet" in when_back("functional_info_received", {}, date(2026, 11, 25))


def test_a_declined_union_is_nobodys_contact_and_an_unanswered_one_says_how() -> None:
    from rtwbot.workflow.status_employee import _contacts

    f = {"hr_contact": ["H"], "union_contact": ["U"]}
    assert "<@U>" not in _contacts({**f, "union_authorized": False})
    assert "<@U>" in _contacts({**f, "union_authorized": True})
    assert "`/rtw union`" in _contacts({**f, "union_authorized": None})
