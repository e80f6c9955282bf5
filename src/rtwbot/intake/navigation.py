"""Moving through the report: the next unanswered question, going back, "where was I", and
carrying on after "cancel" was not meant; also keeping a stored state consistent with the flow.
"""

from __future__ import annotations

from typing import Any

from rtwbot.intake.context import IntakeContext
from rtwbot.intake.question import Question, applicable, question_by_key
from rtwbot.intake.replies import (
    current_question,
    echo,
    progress,
    question_reply,
    reshow,
    summary_reply,
)
from rtwbot.intake.state import CANCELLED, CONFIRM_CANCEL, DONE, SUMMARY, IntakeState, Reply

__all__ = [
    "advance",
    "drop_answer",
    "first_unanswered",
    "go_back",
    "goto",
    "prune",
    "push_history",
    "repair",
    "resume",
    "where_we_are",
]


def first_unanswered(flow: tuple[Question, ...], answers: dict[str, Any]) -> Question | None:
    for question in applicable(flow, answers):
        if question.key not in answers:
            return question
    return None


def drop_answer(state: IntakeState, key: str) -> None:
    state.answers.pop(key, None)
    state.displays.pop(key, None)


def prune(flow: tuple[Question, ...], state: IntakeState) -> None:
    """Drop answers to questions that no longer apply (e.g. WSIB questions on a non-work case)."""
    for _ in range(len(flow) + 1):
        stale = [q.key for q in flow if q.key in state.answers and not q.applies(state.answers)]
        if not stale:
            break
        for key in stale:
            drop_answer(state, key)
    state.history = [k for k in state.history if k in state.answers]


def push_history(state: IntakeState, key: str) -> None:
    state.history = [k for k in state.history if k != key]
    state.history.append(key)


def _valid_position(flow: tuple[Question, ...], state: IntakeState, position: str | None) -> bool:
    if position in (SUMMARY,):
        return True
    question = question_by_key(flow, position)
    return question is not None and question.applies(state.answers)


def repair(flow: tuple[Question, ...], state: IntakeState) -> None:
    """Make a stored state consistent with this flow (it may come from an older release)."""
    if state.current in (DONE, CANCELLED):
        return
    if state.current == CONFIRM_CANCEL:
        if not _valid_position(flow, state, state.paused_at):
            nxt = first_unanswered(flow, state.answers)
            state.paused_at = nxt.key if nxt else SUMMARY
        return
    if not _valid_position(flow, state, state.current):
        nxt = first_unanswered(flow, state.answers)
        state.current = nxt.key if nxt else SUMMARY
        state.editing = False
        state.return_to = None
    missing = first_unanswered(flow, state.answers)
    if state.current == SUMMARY and missing is not None:
        state.current = missing.key
        state.editing = False


def goto(
    flow: tuple[Question, ...],
    state: IntakeState,
    target: str | None,
    ctx: IntakeContext,
    *,
    prefix: str,
) -> Reply:
    question = question_by_key(flow, target)
    if question is not None and question.applies(state.answers):
        state.current = question.key
        return question_reply(flow, state, question, ctx, prefix=prefix)
    return advance(flow, state, ctx, prefix=prefix)


def advance(
    flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext, *, prefix: str | None = None
) -> Reply:
    nxt = first_unanswered(flow, state.answers)
    if nxt is not None:
        state.current = nxt.key
        return question_reply(flow, state, nxt, ctx, prefix=prefix)
    state.current = SUMMARY
    return summary_reply(flow, state, prefix=prefix)


def go_back(flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext) -> Reply:
    if state.editing:
        target = state.return_to
        state.editing, state.return_to = False, None
        return goto(flow, state, target, ctx, prefix="OK, I've left that answer as it was.")
    while state.history:
        key = state.history.pop()
        question = question_by_key(flow, key)
        if question is not None and question.applies(state.answers) and key in state.answers:
            break
    else:
        return reshow(
            flow, state, ctx, prefix="This is the first question, so there's nothing to go back to."
        )
    previous = state.displays.get(key)
    state.undone = {key: state.answers.get(key)}  # answered differently: re-ask what relied on it
    drop_answer(state, key)
    prune(flow, state)
    state.current = key
    prefix = f"Going back. You had answered: {echo(previous)}" if previous else "Going back."
    return question_reply(flow, state, question, ctx, prefix=prefix)


def where_we_are(flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext) -> Reply:
    question = current_question(flow, state)
    if question is None:
        return reshow(
            flow,
            state,
            ctx,
            prefix="You've answered all the questions — please check the summary and confirm.",
        )
    index, total = progress(flow, state, question)
    if state.editing:
        prefix = f"You're changing an earlier answer (question {index} of {total}); after this I'll take you back."
    else:
        prefix = f"Question {index} of {total}."
    return reshow(flow, state, ctx, prefix=prefix)


def resume(flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext) -> Reply:
    target = state.paused_at
    state.paused_at = None
    if target == SUMMARY:
        state.current = SUMMARY
        if first_unanswered(flow, state.answers) is None:
            return summary_reply(flow, state, prefix="OK, let's carry on.")
    return goto(flow, state, target, ctx, prefix="OK, let's carry on.")
