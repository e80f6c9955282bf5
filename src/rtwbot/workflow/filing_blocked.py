"""When filing a confirmed report fails: say which answer stops it, offer a Change button
for that answer, and put the report back exactly as it was before Confirm.

No "something went wrong, try again" loop: the person always has a way forward.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from rtwbot.domain.moment import Moment
from rtwbot.intake import INJURY_REPORT, IntakeState, Question, Reply, summary_rows
from rtwbot.intake.choice_answer import YES_NO_CHOICES
from rtwbot.intake.multi_choice_answer import item_display
from rtwbot.intake.question import question_by_key
from rtwbot.intake.replies import SUMMARY_CHOICES
from rtwbot.intake.state import SUMMARY
from rtwbot.store import cases as store
from rtwbot.store.models import IntakeSession
from rtwbot.workflow.filing_check import FilingProblem
from rtwbot.workflow.outbox import Say, escape

FIX_PREFIX = "fix:"  # a summary choice "fix:<key>" renders as a Change button for that answer


def blocked_reply(state: IntakeState, problem: FilingProblem) -> Reply:
    """The summary again, with the answer that stops filing and its Change button."""
    question = question_by_key(INJURY_REPORT, problem.key)
    choices = list(SUMMARY_CHOICES)
    if question is not None:
        label = question.title
        reason = f" {escape(problem.reason)}" if problem.reason else ""
        error = (f"I can't file this report yet because of one answer: *{escape(label)}*."
                 f"{reason} Your answers are kept as they were — press *Change "
                 f"{escape(label.lower())}*, then confirm again.")
        choices.insert(0, (f"{FIX_PREFIX}{question.key}", f"Change {label.lower()}"))
    else:
        error = ("I couldn't file this report because of a problem on my side, not because "
                 "of your answers. They are kept exactly as they were: press *Confirm and "
                 "file* again in a moment, and if it still fails, tell HR so they can file it.")
    return Reply(kind="invalid", text=error, choices=choices,
                 summary=summary_rows(INJURY_REPORT, state), error=error,
                 version=state.version)


def _display(question: Question, value: Any) -> str:
    """How the summary shows an answer given all at once (the modal keeps no displays)."""
    if value is None:
        return "Not given"
    if question.kind == "date_time":
        found = Moment.of(value)
        return found.display() if found else str(value)
    if question.kind == "person" and isinstance(value, dict):
        return str(value.get("name") or value.get("slack_user_id") or "")
    if question.kind == "multi_choice" and isinstance(value, list):
        labels = dict(question.choices)
        return ", ".join(item_display(i, labels) for i in value if isinstance(i, dict))
    labels = dict(question.choices or YES_NO_CHOICES)
    return str(labels.get(value, value))


def with_displays(state: IntakeState) -> IntakeState:
    for question in INJURY_REPORT:
        if question.key in state.answers and question.key not in state.displays:
            state.displays[question.key] = _display(question, state.answers[question.key])
    return state


def cannot_file(s: Session, row: IntakeSession, state: IntakeState,
                problem: FilingProblem, now: datetime) -> Say:
    """Put the report back at its summary (active again) and say what stops filing."""
    state = with_displays(state)
    if state.current != SUMMARY:
        state.current = SUMMARY
    s.execute(update(IntakeSession).where(IntakeSession.id == row.id)
              .values(state=state.to_dict(), status="active", updated_at=now,
                      version=IntakeSession.version + 1)
              .execution_options(synchronize_session=False))
    store.audit(s, at=now, actor="rtwbot", action="intake.filing_blocked",
                intake_id=row.id, answer=problem.key)
    reply = blocked_reply(state, problem)
    return Say(text=reply.text, to_user=row.supervisor_id,
               extra={"intake": reply, "intake_id": row.id})
