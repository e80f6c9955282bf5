"""What an employee says about the union in their own words — "no union", "I don't want the
union involved", "ok to involve the union", "talk to me first" — recorded as their answer
to the consent question (the same recording as its buttons, `ImwtWorkflow.union_authorization`),
or, when it is a question or unclear, the question again with its buttons."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from rtwbot.store.imwt_models import UNION_NOT_ASKED, UNION_TALK, ImwtThread
from rtwbot.store.models import Case
from rtwbot.workflow.outbox import Say

UNION = re.compile(r"\bunions?\b|\bstewards?\b", re.I)
QUESTION = re.compile(r"\?\s*$|^\s*(what|who|why|how|should|can|could|do|does|is|will|would)"
                      r"\b", re.I)
UNSURE = re.compile(r"\b(not sure|unsure|don'?t know|do not know|undecided|haven'?t decided"
                    r"|need (time )?to think|think about it|thinking about)\b", re.I)
# "I don't mind the union", "no problem with the union": a yes despite the "no".
YES_DESPITE = re.compile(r"\b((don'?t|do not) mind|no (problem|objection|issue)s?)\b", re.I)
NO = (re.compile(r"\bno\b[\s,.!-]{0,3}((to|thanks?|thank you),?\s+){0,2}(the |my |a )?unions?\b",
                 re.I),
      re.compile(r"\b(don'?t|do not|doesn'?t|does not|won'?t|will not|never|rather not|prefer not"
                 r"|not)\b.{0,30}\bunions?\b", re.I),
      re.compile(r"\bunions?\b.{0,30}\b(not|no|can'?t|cannot|shouldn'?t|won'?t|out|away"
                 r"|unnecessary|unneeded)\b", re.I),
      re.compile(r"\b(without|decline|declined|refuse|reject|withdraw|revoke|remove|stop)\b"
                 r".{0,30}\bunions?\b", re.I))
YES = (re.compile(r"\b(ok(ay)?|fine|happy|good|alright|all right|agree|consent|yes|yeah|yep"
                  r"|sure|please)\b.{0,30}\bunions?\b", re.I),
       re.compile(r"\bunions?\b.{0,40}\b(can|may|could|should|is welcome to|is fine|is ok(ay)?"
                  r"|yes|please)\b", re.I),
       re.compile(r"\b(want|would like|'d like|need)\b.{0,15}\b(my|the|a) unions?\b", re.I),
       re.compile(r"\b(involve|include|bring in|bring|add|get|call|contact|loop in|authori[sz]e)"
                  r"\b.{0,15}\bunions?\b", re.I))
TALK = re.compile(r"\b(talk|speak|discuss|chat|call me)\b.{0,40}\b(first|before)\b"
                  r"|\btalk (to|with) me\b", re.I)
BARE_TALK = re.compile(r"^\W*(please\W+)?(can you |could you |let'?s )?(talk|speak) (to|with) me"
                       r" (first|before)\W*$", re.I)
KINDS = {"union_yes": "yes", "union_no": "no", "union_talk": "talk"}


def consent_of(text: str) -> str | None:
    """What the words say of union representation: "union_yes", "union_no", "union_talk",
    "union_ask" (a question about it, or unclear), "talk_first" (a bare "talk to me first",
    which is about the union only while its question waits), or None."""
    text = (text or "").replace("’", "'")
    if BARE_TALK.search(text):
        return "talk_first"
    if not UNION.search(text):
        return None
    if QUESTION.search(text):
        return "union_ask"
    if UNSURE.search(text) or TALK.search(text):
        return "union_talk"
    if YES_DESPITE.search(text):
        return "union_yes"
    if any(p.search(text) for p in NO):
        return "union_no"
    if any(p.search(text) for p in YES):
        return "union_yes"
    return "union_ask"


def _open_cases_with_union(union: Any, user: str) -> list[tuple[str, str]] | None:
    """(reference, stored answer) of the employee's open cases that have a union; None when
    they have no open case at all (the words were not about a case of theirs)."""
    from rtwbot.domain.stages import Stage
    from rtwbot.workflow.imwt.union import _has_union

    deps = union.deps
    with deps.db.session() as s:
        cases = s.scalars(select(Case).where(Case.employee_user_id == user,
                                             Case.stage != Stage.CLOSED.value)
                          .order_by(Case.id)).all()
        if not cases:
            return None
        found = []
        for case in cases:
            if _has_union(deps, case):
                stored = s.scalar(select(ImwtThread.union_authorized)
                                  .where(ImwtThread.case_id == case.id))
                found.append((case.reference, stored or UNION_NOT_ASKED))
        return found


def answer(status: Any, union: Any, user: str, kind: str) -> list[Say] | None:
    """Record the employee's answer on each of their open cases with a union, as the
    question's buttons do; a question, or a bare "talk to me first" once the union was
    answered, gets the question again. None: the person has no open case of their own."""
    if union is None:  # a caller without the team's workflow: point to the command
        return [Say(text="To tell me whether the union may represent you, use `/rtw union`.",
                    to_user=user)]
    cases = _open_cases_with_union(union, user)
    if cases is None:
        return None
    if not cases:
        return [Say(text="You have no open return-to-work case with a union to answer for.",
                    to_user=user)]
    waiting = [ref for ref, stored in cases if stored in (UNION_NOT_ASKED, UNION_TALK)]
    if kind == "talk_first" and waiting:
        kind = "union_talk"
    if kind not in KINDS:
        lead = Say(text=("If you meant union representation: here is the question again. "
                         if kind == "talk_first" else "")
                   + "You decide whether the union takes part.", to_user=user)
        return [lead, *union.ask_union_again(user)]
    says: list[Say] = []
    for reference, _ in cases:
        result = union.union_authorization(reference, user, KINDS[kind])
        if result.refusal:
            says.append(Say(text=f"*{reference}*: {result.refusal}", to_user=user))
            continue
        says += [*result.says, *union.after(result)]
    return says
