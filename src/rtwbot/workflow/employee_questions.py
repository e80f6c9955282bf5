"""An employee's questions about their return, answered from their own case, in their own
words, not a menu: "when do I go back?", "what do I do next?", "who is my contact?", "what is
my diagnosis?", "who can see my case?", and what they say about the union ("no union", "ok to
involve the union", "talk to me first")."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rtwbot.domain import privacy
from rtwbot.domain.privacy import Field, Relation, View
from rtwbot.domain.stages import Stage, is_open
from rtwbot.store.audit_log import record_view
from rtwbot.store.imwt_models import AGREED, CHANGES_REQUESTED, EXTENDED, PROPOSED
from rtwbot.workflow import employee_consent, employee_privacy
from rtwbot.workflow.filing import fmt_day
from rtwbot.workflow.outbox import Say
from rtwbot.workflow.status import StatusWorkflow, expected_of_employee, open_plan_state
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
DIAGNOSIS = re.compile(
    r"\b(diagnos[ie]s|what'?s wrong with me|what is wrong with me"
    r"|what did (the|my) (doctor|doc|physio|health professional) (say|write|find)"
    r"|medical (info|information|details|records?|file|notes?)"
    r"|(what|which) (injury|condition|illness) (do|did) i have)", re.I)
PRIVACY = re.compile(
    r"\b(who (can|could|will|would|gets to|is able to|has access to|knows|sees|reads)\b.{0,30}"
    r"\b(see|access|know|read|view|case|info|information|file|details|records?|claim|injury)"
    r"|(is|are|will|stay) my (info|information|case|details|records?|file|claim)\b.{0,15}"
    r"\b(private|confidential|safe|shared|secret)"
    r"|privacy|confidential"
    r"|(does|do|will|can|could) (my |the )?(supervisor|boss|manager|team|co-?workers?|union|"
    r"hr|everyone|anyone|people)\b.{0,20}\b(see|know|read|access|find out|be told))", re.I)


def question_of(text: str) -> str | None:
    """Which of the employee's questions the message asks, if any: "when_back", "contact",
    "next", "diagnosis", "privacy", or what they say of the union ("union_yes", "union_no",
    "union_talk", "union_ask", and "talk_first" for a bare "talk to me first")."""
    text = text or ""
    for kind, pattern in (("privacy", PRIVACY), ("diagnosis", DIAGNOSIS), ("when_back", WHEN_BACK),
                          ("contact", CONTACT)):
        if pattern.search(text):
            return kind
    consent = employee_consent.consent_of(text)
    if consent is not None:
        return consent
    return "next" if NEXT_STEP.search(text) else None


def own_cases(status: StatusWorkflow, viewer: str) -> list[tuple[str, dict[str, Any]]]:
    """(stage, what the employee may see) for each of their open cases; each look audited.
    The fields carry "_plan_state" (the open plan's state) and "_people" (who is on the
    case, for the privacy answer); neither is shown as such."""
    found = []
    with status.db.session() as s:
        for case, relations, members in status.views.connected(s, viewer, open_only=True,
                                                               only="employee"):
            if Relation.EMPLOYEE not in relations or not is_open(case.stage):
                continue
            full = status.views.full_view(s, case, members, "employee", viewer)
            fields = privacy.redact(full, relations, View.STATUS_DM)
            fields["_plan_state"] = open_plan_state(s, case.id)
            fields["_people"] = status.views.people(s, case, members)
            found.append((case.stage, fields))
            record_view(s, at=status.clock.now(), viewer=viewer, case_id=case.id,
                        view=View.STATUS_DM)
    return found


def when_back(stage: str, f: dict[str, Any], today: date | None = None) -> str:
    """The return as the plan stands: none yet, proposed (not agreed), or agreed."""
    start, end = _day(f.get(Field.PLAN_START)), _day(f.get(Field.PLAN_END))
    state = f.get("_plan_state")
    if stage in (Stage.REPORTED, Stage.AWAITING_FUNCTIONAL_INFO):
        return ("Not decided yet. First your health professional fills in the functional "
                "abilities form; once I have it, your team plans safe work with you and "
                "you'll get a start date.")
    if state == PROPOSED and start and end:
        return (f"A plan has been *proposed*: modified work from *{fmt_day(start)}* to "
                f"*{fmt_day(end)}*. It is *not agreed yet* — it needs your answer (the plan "
                "message I sent you) and the union's or HR's review. Once it is agreed, you "
                f"start on {fmt_day(start)}.")
    if state == CHANGES_REQUESTED:
        return ("Not decided yet: changes were asked to the proposed plan, and your team "
                "will propose it again. I'll tell you when it does.")
    if state in (AGREED, EXTENDED) and start and end:
        labelled = next_date_label(f)
        review = (f" *{labelled[0]}:* {fmt_day(labelled[1])}." if labelled
                  and labelled[1] != end else "")
        if today is not None and start > today:
            return (f"You start modified work on *{fmt_day(start)}*, as agreed, until "
                    f"*{fmt_day(end)}*.{review}")
        return (f"You are on modified work from *{fmt_day(start)}* to *{fmt_day(end)}*."
                f"{review} Going back to your regular duties is decided with your health "
                "professional and your team at a review.")
    if stage == Stage.FUNCTIONAL_INFO_RECEIVED:
        return ("Not decided yet: your team is preparing a modified work plan with you. I'll "
                "tell you when one is proposed; HR will confirm your start date.")
    if stage == Stage.PERMANENT_ACCOMMODATION:
        return ("Your team is looking for a permanent position that suits your abilities; HR "
                "will tell you when one is found.")
    return "Your supervisor and HR will agree the date with you."


def answer(status: StatusWorkflow, viewer: str, kind: str, union: Any = None
           ) -> list[Say] | None:
    """The answer from the employee's case, or None when they have no open case. `union`:
    the team's workflow (`ImwtWorkflow`), which records an answer about the union."""
    if kind.startswith("union_") or kind == "talk_first":
        return employee_consent.answer(status, union, viewer, kind)
    cases = own_cases(status, viewer)
    if not cases:
        return None
    if kind == "diagnosis":
        return [employee_privacy.diagnosis_answer(viewer, cases)]
    if kind == "privacy":
        return [employee_privacy.privacy_answer(viewer, cases)]
    today = status.views.calendar.local_date(status.clock.now())
    parts = []
    for stage, f in cases[:3]:
        ref = f.get(Field.REFERENCE, "your case")
        if kind == "when_back":
            parts.append(f"*{ref}*: {when_back(stage, f, today)}")
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
