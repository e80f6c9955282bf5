"""An employee's questions about their return, answered from their own case: "when do I go
back?", "what do I do next?", "who is my contact?" — in their words, not a menu."""

from __future__ import annotations

import re
from typing import Any

from rtwbot.domain import privacy
from rtwbot.domain.privacy import Field, Relation, View
from rtwbot.domain.stages import Stage, is_open
from rtwbot.store.audit_log import record_view
from rtwbot.workflow.filing import fmt_day
from rtwbot.workflow.outbox import Say
from rtwbot.workflow.status import StatusWorkflow, expected_of_employee
from rtwbot.workflow.status_employee import _contacts, _day, more_button, next_date_label

WHEN_BACK = re.compile(
    r"\b(when (do|can|will|could|should|am) i (be )?(go(ing)?|get(ting)?|come|coming|be) back"
    r"|when (do|can|will|could) i (return|start)|when('?s| is) my (return|start)"
    r"|return(ing)? to work when|back to work|how long (until|till|before) i)", re.I)
NEXT_STEP = re.compile(
    r"\b(what (do|should|must|can) i do( next| now)?|what now|what('?s| is) next"
    r"|next steps?|what do i (need|have) to do|what happens (next|now)|what should happen"
    r"|what am i (supposed|meant|expected) to do|what should i be doing"
    r"|(is there )?anything (else )?i (need|have|should) (to )?do)", re.I)
CONTACT = re.compile(
    r"\b(who('?s| is| are) my (contacts?|hr|union|rep|representative|supervisor|manager)"
    r"|(who|whom) (do|should|can) i (talk|speak|call|ask|contact|email|write|reach)"
    r"|my contacts?|who to (call|contact|talk to|ask)|contact (person|info))", re.I)


def question_of(text: str) -> str | None:
    """Which of the employee's questions the message asks, if any."""
    for kind, pattern in (("when_back", WHEN_BACK), ("contact", CONTACT),
                          ("next", NEXT_STEP)):
        if pattern.search(text or ""):
            return kind
    return None


def own_cases(status: StatusWorkflow, viewer: str) -> list[tuple[str, dict[str, Any]]]:
    """(stage, what the employee may see) for each of their open cases; each look audited."""
    found = []
    with status.db.session() as s:
        for case, relations, members in status.views.connected(s, viewer, open_only=True,
                                                               only="employee"):
            if Relation.EMPLOYEE not in relations or not is_open(case.stage):
                continue
            full = status.views.full_view(s, case, members, "employee", viewer)
            fields = privacy.redact(full, relations, View.STATUS_DM)
            found.append((case.stage, fields))
            record_view(s, at=status.clock.now(), viewer=viewer, case_id=case.id,
                        view=View.STATUS_DM)
    return found


def when_back(stage: str, f: dict[str, Any]) -> str:
    start, end = _day(f.get(Field.PLAN_START)), _day(f.get(Field.PLAN_END))
    if stage in (Stage.REPORTED, Stage.AWAITING_FUNCTIONAL_INFO):
        return ("Not decided yet. First your health professional fills in the functional "
                "abilities form; once I have it, your team plans safe work with you and "
                "you'll get a start date.")
    if stage == Stage.FUNCTIONAL_INFO_RECEIVED:
        return ("Soon: your team is preparing a modified work plan with you now, and HR will "
                "confirm your start date.")
    if stage == Stage.TEMPORARY_MODIFIED_WORK and start and end:
        labelled = next_date_label(f)
        review = (f" *{labelled[0]}:* {fmt_day(labelled[1])}." if labelled
                  and labelled[1] != end else "")
        return (f"You are on modified work from *{fmt_day(start)}* to *{fmt_day(end)}*."
                f"{review} Going back to your regular duties is decided with your health "
                "professional and your team at a review.")
    if stage == Stage.PERMANENT_ACCOMMODATION:
        return ("Your team is looking for a permanent position that suits your abilities; HR "
                "will tell you when one is found.")
    return "Your supervisor and HR will agree the date with you."


def answer(status: StatusWorkflow, viewer: str, kind: str) -> list[Say] | None:
    """The answer from the employee's case, or None when they have no open case."""
    cases = own_cases(status, viewer)
    if not cases:
        return None
    parts = []
    for stage, f in cases[:3]:
        ref = f.get(Field.REFERENCE, "your case")
        if kind == "when_back":
            parts.append(f"*{ref}*: {when_back(stage, f)}")
        elif kind == "next":
            parts.append(f"*{ref}* — *your next step:* {expected_of_employee(stage, f)}")
        else:
            who = _contacts(f)
            parts.append(f"*{ref}* — ask {who}." if who else
                         f"*{ref}* — your supervisor and HR are your contacts; I don't have "
                         "their names yet.")
    buttons = tuple(more_button(f[Field.REFERENCE]) for _, f in cases[:3]
                    if f.get(Field.REFERENCE))
    return [Say(text="\n\n".join(parts), to_user=viewer, buttons=buttons)]
