"""The summary's menu: change an earlier answer, confirm and file the report, or cancel it
(asked first; a "yes"/"no" typed to that question is read here too).
"""

from __future__ import annotations

from rtwbot.intake.choice_answer import parse_yes_no_unknown
from rtwbot.intake.context import IntakeContext, Invalid
from rtwbot.intake.navigation import advance, first_unanswered, resume
from rtwbot.intake.question import Question
from rtwbot.intake.replies import cancel_reply, echo, question_reply, reshow, summary_reply
from rtwbot.intake.state import CANCELLED, CONFIRM_CANCEL, DONE, SUMMARY, IntakeState, Reply
from rtwbot.intake.steering import CANCEL_WORDS, RESUME_WORDS, steer_norm

__all__ = ["ask_cancel", "cancel_now", "confirm", "on_cancel_answer", "open_edit"]


def open_edit(
    flow: tuple[Question, ...], state: IntakeState, target: Question, ctx: IntakeContext
) -> Reply:
    if not target.applies(state.answers):
        return reshow(
            flow, state, ctx, kind="invalid", error="That question doesn't apply to this report."
        )
    if target.key == state.current:
        return reshow(flow, state, ctx, prefix="Sure — here it is.")
    if target.key not in state.answers:
        return reshow(
            flow,
            state,
            ctx,
            kind="invalid",
            error="We haven't got to that question yet — I'll ask it soon.",
        )
    if not state.editing:
        state.return_to = state.current
    state.editing = True
    state.current = target.key
    prefix = f"Sure. Your answer was: {echo(state.displays.get(target.key))}"
    return question_reply(flow, state, target, ctx, prefix=prefix)


def ask_cancel(state: IntakeState) -> Reply:
    state.paused_at = state.current
    state.current = CONFIRM_CANCEL
    return cancel_reply()


def on_cancel_answer(
    flow: tuple[Question, ...], state: IntakeState, text: str, ctx: IntakeContext
) -> Reply:
    n = steer_norm(text)
    if n in CANCEL_WORDS:
        return cancel_now(state)
    if n in RESUME_WORDS:
        return resume(flow, state, ctx)
    verdict = parse_yes_no_unknown(text)
    if not isinstance(verdict, Invalid) and verdict.value == "yes":
        return cancel_now(state)
    if not isinstance(verdict, Invalid) and verdict.value == "no":
        return resume(flow, state, ctx)
    return cancel_reply(
        kind="invalid", error='Please reply "yes" to cancel the report or "no" to keep going.'
    )


def cancel_now(state: IntakeState) -> Reply:
    state.current = CANCELLED
    state.paused_at = state.return_to = None
    state.editing = False
    state.answers, state.displays, state.history = {}, {}, []  # nothing medical lingers
    return Reply("cancelled", "OK, I've cancelled this report — nothing was filed.")


def confirm(
    flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext, *, version: int | None
) -> Reply:
    if state.current != SUMMARY:
        return reshow(
            flow, state, ctx, prefix="There's still a question to answer before you can confirm."
        )
    missing = first_unanswered(flow, state.answers)
    if missing is not None:  # defensive: never file an incomplete report
        return advance(
            flow, state, ctx, prefix="There's still a question to answer before you can confirm."
        )
    if version is not None and version != state.version:
        return summary_reply(
            flow,
            state,
            prefix="Your answers changed since that summary — here's the latest; please confirm again.",
        )
    state.current = DONE
    state.editing, state.return_to, state.paused_at = False, None, None
    reply = summary_reply(flow, state, kind="confirmed")
    reply.text = "Thanks — your report is confirmed and is being filed now."
    reply.choices = []
    return reply
