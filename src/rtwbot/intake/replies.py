"""What the engine says: the fixed texts, and the reply that shows a question, the summary or
the "cancel this report?" question again — after an optional sentence of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from rtwbot.intake.choice_answer import YES_NO_CHOICES
from rtwbot.intake.context import IntakeContext
from rtwbot.intake.question import Question, applicable, question_by_key
from rtwbot.intake.state import CONFIRM_CANCEL, IntakeState, Reply
from rtwbot.intake.typed_text import escape

__all__ = [
    "CANCEL_CHOICES",
    "CANCEL_TEXT",
    "HELP_TEXT",
    "SUMMARY_CHOICES",
    "SUMMARY_TEXT",
    "cancel_reply",
    "current_question",
    "echo",
    "progress",
    "question_reply",
    "reshow",
    "summary_reply",
    "summary_rows",
]

_ECHO_LIMIT = 200  # how much of an earlier answer to quote back

HELP_TEXT = (
    'Answer in your own words or use the buttons; you can also say "back" to redo your last '
    'answer, "skip" to leave out an optional question, "change" and the answer\'s name (like '
    '"change date") to fix an earlier answer, "where was I" to see how far along you are, or '
    '"cancel" to stop.'
)
SUMMARY_TEXT = "Here's the report. Please check it, then confirm — or change any answer."
SUMMARY_CHOICES = [("confirm", "Confirm and file"), ("cancel", "Cancel report")]
CANCEL_TEXT = (
    "Do you want to cancel this report? Your answers so far will be thrown away and nothing "
    "will be filed."
)
CANCEL_CHOICES = [("cancel_confirm", "Yes, cancel it"), ("cancel_abort", "No, keep going")]


def current_question(flow: tuple[Question, ...], state: IntakeState) -> Question | None:
    return question_by_key(flow, state.current)


def progress(
    flow: tuple[Question, ...], state: IntakeState, question: Question
) -> tuple[int, int]:
    questions = applicable(flow, state.answers)
    keys = [q.key for q in questions]
    index = keys.index(question.key) + 1 if question.key in keys else len(keys)
    return index, len(keys)


def echo(display: str | None) -> str:
    """An earlier answer quoted back as the end of a sentence (escaped, shortened)."""
    text = (display or "").strip()
    if len(text) > _ECHO_LIMIT:
        text = text[: _ECHO_LIMIT - 1].rstrip() + "…"
    if not text.endswith((".", "!", "?", "…")):
        text += "."
    return escape(text)


def question_reply(
    flow: tuple[Question, ...],
    state: IntakeState,
    question: Question,
    ctx: IntakeContext,
    *,
    kind: str = "question",
    prefix: str | None = None,
    error: str | None = None,
) -> Reply:
    parts = [p for p in (error, prefix, question.prompt, question.hint) if p]
    choices = list(question.options(ctx, state.answers))
    if question.kind == "yes_no_unknown" and not choices:
        choices = list(YES_NO_CHOICES)
    return Reply(
        kind=kind,
        text="\n".join(parts),
        question=question,
        choices=choices,
        input_hint=question.input_hint,
        progress=progress(flow, state, question),
        error=error,
    )


def summary_rows(flow: Iterable[Question], state: IntakeState) -> list[tuple[str, str, str]]:
    """The (key, label, escaped display) rows of the answers so far."""
    rows = []
    for question in applicable(tuple(flow), state.answers):
        if question.key in state.answers:
            display = state.displays.get(question.key)
            if display is None:
                value = state.answers[question.key]
                display = "Not given" if value is None else str(value)
            rows.append((question.key, question.title, escape(display)))
    return rows


def summary_reply(
    flow: tuple[Question, ...],
    state: IntakeState,
    *,
    kind: str = "summary",
    prefix: str | None = None,
    error: str | None = None,
) -> Reply:
    parts = [p for p in (error, prefix, SUMMARY_TEXT) if p]
    total = len(applicable(flow, state.answers))
    return Reply(
        kind=kind,
        text="\n".join(parts),
        choices=list(SUMMARY_CHOICES),
        summary=summary_rows(flow, state),
        progress=(total, total),
        error=error,
    )


def cancel_reply(*, kind: str = "confirm_cancel", error: str | None = None) -> Reply:
    parts = [p for p in (error, CANCEL_TEXT) if p]
    return Reply(
        kind=kind,
        text="\n".join(parts),
        choices=list(CANCEL_CHOICES),
        input_hint="yes_no",
        error=error,
    )


def reshow(
    flow: tuple[Question, ...],
    state: IntakeState,
    ctx: IntakeContext,
    *,
    kind: str = "info",
    prefix: str | None = None,
    error: str | None = None,
) -> Reply:
    """Say something, then show again whatever the person is looking at."""
    if state.current == CONFIRM_CANCEL:
        return cancel_reply(kind="invalid" if error else "confirm_cancel", error=error or prefix)
    question = current_question(flow, state)
    if question is not None:
        return question_reply(flow, state, question, ctx, kind=kind, prefix=prefix, error=error)
    return summary_reply(flow, state, kind=kind, prefix=prefix, error=error)
