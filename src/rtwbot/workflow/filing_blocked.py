"""When filing a confirmed report fails: say which answer stops it, offer a Change button
for that answer, and put the report back exactly as it was before Confirm.

No "something went wrong, try again" loop: the person always has a way forward.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from rtwbot.intake import INJURY_REPORT, IntakeState, Reply, summary_rows
from rtwbot.intake.engine import SUMMARY, SUMMARY_CHOICES
from rtwbot.intake.questions import question_by_key
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


def cannot_file(s: Session, row: IntakeSession, state: IntakeState,
                problem: FilingProblem, now: datetime) -> Say:
    """Put the report back at its summary (active again) and say what stops filing."""
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
