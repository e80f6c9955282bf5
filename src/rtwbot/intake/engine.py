"""The intake engine: a pure ``step(flow, state, input, ctx) -> (state, Reply)``.

No Slack and no SQL in here.  The adapter renders :class:`Reply` (Block Kit, the sandbox, a
CLI) and stores ``state.to_dict()`` after every step; ``IntakeState.from_dict`` brings it back,
so a restart resumes exactly where the person was.

Input is either the text a person typed — as Slack delivers it in ``message.text``, i.e. with
``&``, ``<`` and ``>`` escaped; the engine unescapes it — or an :class:`Action` from a button,
select or date picker (its value is taken literally).

Reply conventions for the adapter:

- ``text`` is safe mrkdwn: anything the user typed is passed through :func:`escape`.
- When ``question`` is set, render its input: ``input_hint`` says which ("date", "yes_no",
  "choice", "multi", "person", "text", "number") and ``choices`` are the buttons; a click
  becomes ``Action("answer", value, question=question.key)``.  ``choices`` labels are plain
  text, meant for ``plain_text`` button objects.
- When ``summary`` is set, render the rows ``(key, label, display)`` (display is escaped), an
  Edit button per row -> ``Action("edit", key)``, and the ``choices`` ("confirm" ->
  ``Action("confirm", version=reply.version)``, "cancel" -> ``Action("cancel")``).
- ``kind == "confirm_cancel"``: the choices are ``cancel_confirm`` / ``cancel_abort``, sent
  back as ``Action("cancel_confirm")`` / ``Action("cancel_abort")``.
- ``kind == "confirmed"``: file the case from ``state.answers`` (once; ``already_done``
  answers any later confirm).

Here: what one message or click does.  The state and the reply are in ``state``, the texts and
the replies that show things in ``replies``, moving through the flow in ``navigation``, the
summary's edit/confirm/cancel in ``summary_menu``, the steering words in ``steering``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rtwbot.domain.clinical_terms import description_note
from rtwbot.intake.answers import parse_answer
from rtwbot.intake.change_to import split_change
from rtwbot.intake.context import IntakeContext, Invalid
from rtwbot.intake.navigation import (
    advance,
    drop_answer,
    first_unanswered,
    go_back,
    prune,
    push_history,
    repair,
    resume,
    where_we_are,
)
from rtwbot.intake.question import Question, question_by_key
from rtwbot.intake.replies import (
    HELP_TEXT,
    cancel_reply,
    current_question,
    question_reply,
    reshow,
    summary_reply,
)
from rtwbot.intake.roster_fill import apply_roster
from rtwbot.intake.state import CANCELLED, CONFIRM_CANCEL, DONE, SUMMARY, Action, IntakeState, Reply
from rtwbot.intake.steering import (
    CONFIRM_WORDS,
    fuzzy_steering_command,
    match_field,
    steer_norm,
    steering_command,
)
from rtwbot.intake.summary_menu import ask_cancel, cancel_now, confirm, on_cancel_answer, open_edit
from rtwbot.intake.time_words import said_back
from rtwbot.intake.typed_text import clean_text, escape, unescape
from rtwbot.understanding.answer_words import affirmative, confirms, dont_know, negative

__all__ = ["start", "step"]


# --------------------------------------------------------------------------- public API


def start(flow: Sequence[Question], ctx: IntakeContext) -> tuple[IntakeState, Reply]:
    """A fresh report and its first question."""
    flow = tuple(flow)
    now = ctx.local_now.isoformat()
    state = IntakeState(current=SUMMARY, version=1, started_at=now, updated_at=now)
    first = first_unanswered(flow, state.answers)
    if first is None:
        return state, summary_reply(flow, state)
    state.current = first.key
    reply = question_reply(
        flow,
        state,
        first,
        ctx,
        prefix='Let\'s report an injury or illness. Say "help" at any time to see what you can do.',
    )
    reply.version = state.version
    return state, reply


def step(
    flow: Sequence[Question],
    state: IntakeState,
    user_input: str | Action | None,
    ctx: IntakeContext,
) -> tuple[IntakeState, Reply]:
    """Apply one message or click.  ``state`` is not modified; the new state is returned."""
    flow = tuple(flow)
    new = state.copy()
    repair(flow, new)
    reply = _dispatch(flow, new, user_input, ctx)
    if _material(new) != _material(state):
        new.version = state.version + 1
        new.updated_at = ctx.local_now.isoformat()
    reply.version = new.version
    return new, reply


def _material(state: IntakeState) -> str:
    data = state.to_dict()
    data.pop("version")
    data.pop("updated_at")
    return json.dumps(data, sort_keys=True, default=str)


# --------------------------------------------------------------------------- dispatch


def _dispatch(
    flow: tuple[Question, ...], state: IntakeState, user_input: Any, ctx: IntakeContext
) -> Reply:
    if state.current == DONE:
        return Reply(
            "already_done", "This report has already been filed — there's nothing more to do here."
        )
    if state.current == CANCELLED:
        return Reply(
            "info",
            "This report was cancelled, so nothing was filed — start a new one whenever you're ready.",
        )
    if isinstance(user_input, Action):
        return _on_action(flow, state, user_input, ctx)
    text = unescape(clean_text("" if user_input is None else str(user_input), keep_newlines=True))
    if state.current == CONFIRM_CANCEL:
        return on_cancel_answer(flow, state, text, ctx)
    question = current_question(flow, state)
    pending, state.pending = state.pending, None
    if question is not None and pending and pending.get("question") == question.key:
        reply = _on_pending(flow, state, question, pending, text, ctx)
        if reply is not None:
            return reply
    command = steering_command(text, question)
    if command is not None:
        return _run(flow, state, command, ctx, text)
    if question is not None and question.kind != "yes_no_unknown" and dont_know(text):
        return _skip(flow, state, ctx)  # "not sure", "idk", "n/a": a skip, said any way
    if question is None:  # at the summary
        if steer_norm(text) in CONFIRM_WORDS or confirms(text):
            return confirm(flow, state, ctx, version=None)
        return summary_reply(
            flow,
            state,
            kind="invalid",
            error='Please say "confirm" to file the report, or "change" and the answer\'s name '
            '(like "change date") to fix something.',
        )
    return _answer(flow, state, question, text, ctx, from_action=False)


def _run(
    flow: tuple[Question, ...],
    state: IntakeState,
    command: tuple[str, str],
    ctx: IntakeContext,
    text: str,
) -> Reply:
    name, arg = command
    if name == "back":
        return go_back(flow, state, ctx)
    if name == "skip":
        return _skip(flow, state, ctx)
    if name == "cancel":
        return ask_cancel(state)
    if name == "help":
        return reshow(flow, state, ctx, prefix=HELP_TEXT)
    if name == "where":
        return where_we_are(flow, state, ctx)
    return _change(flow, state, arg, ctx, text)


def _on_action(
    flow: tuple[Question, ...], state: IntakeState, action: Action, ctx: IntakeContext
) -> Reply:
    kind = str(action.kind or "").strip().lower()
    if state.current == CONFIRM_CANCEL:
        if kind == "cancel_confirm":
            return cancel_now(state)
        if kind == "cancel_abort":
            return resume(flow, state, ctx)
        if kind == "answer":
            return on_cancel_answer(flow, state, str(action.value or ""), ctx)
        return cancel_reply(
            kind="invalid", error="Please choose first whether to cancel the report."
        )
    if kind in ("cancel_confirm", "cancel_abort"):
        return _stale(flow, state, ctx)
    if kind == "answer":
        question = current_question(flow, state)
        if question is None or (action.question and action.question != question.key):
            return _stale(flow, state, ctx)
        value = action.value
        if isinstance(value, (list, tuple)):
            value = (
                [str(v) for v in value]
                if question.kind == "multi_choice"
                else ", ".join(map(str, value))
            )
        elif value is None:
            value = ""
        else:
            value = str(value)
        return _answer(flow, state, question, value, ctx, from_action=True)
    if kind == "edit":
        target = question_by_key(flow, str(action.value or ""))
        if target is None:
            return _stale(flow, state, ctx)
        return open_edit(flow, state, target, ctx)
    if kind == "confirm":
        return confirm(flow, state, ctx, version=action.version)
    if kind == "cancel":
        return ask_cancel(state)
    if kind in ("back", "skip", "help", "where"):
        return _run(flow, state, (kind, ""), ctx, "")
    return _stale(flow, state, ctx)


STALE_BUTTON = "That button is from an earlier message — here's where we are now."


def _on_pending(
    flow: tuple[Question, ...],
    state: IntakeState,
    question: Question,
    pending: dict[str, Any],
    text: str,
    ctx: IntakeContext,
) -> Reply | None:
    """A "yes" to "Did you mean …?" takes what was meant; "don't know" (or "skip") to "What
    is their employee number?" takes what is known; "no" asks again. Anything else is an
    answer of its own (None)."""
    on_yes, on_unknown = pending.get("on_yes"), pending.get("on_unknown")
    if on_yes and affirmative(text):
        return _store(flow, state, question, on_yes[0], on_yes[1], ctx)
    if on_unknown and (dont_know(text) or steering_command(text, question) == ("skip", "")):
        return _store(flow, state, question, on_unknown[0], on_unknown[1], ctx)
    if on_yes and negative(text):
        return question_reply(flow, state, question, ctx,
                              prefix="OK — please type it in full, or pick one below.")
    return None


def _stale(flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext) -> Reply:
    """A click on an earlier message: say so, and show where we are (marked, so that the
    workflow can say it once per message, not once per click)."""
    reply = reshow(flow, state, ctx, prefix=STALE_BUTTON)
    reply.stale = True
    return reply


# --------------------------------------------------------------------------- answering


def _answer(
    flow: tuple[Question, ...],
    state: IntakeState,
    question: Question,
    raw: Any,
    ctx: IntakeContext,
    *,
    from_action: bool,
) -> Reply:
    result = parse_answer(question, raw, ctx, state.answers, from_action=from_action)
    if isinstance(result, Invalid):
        if not from_action and isinstance(raw, str):
            command = fuzzy_steering_command(raw, question)
            if command is not None:
                return _run(flow, state, command, ctx, raw)
        if result.on_yes or result.on_unknown:
            state.pending = {"question": question.key, **{
                name: [offer.value, offer.display] if offer else None
                for name, offer in (("on_yes", result.on_yes),
                                    ("on_unknown", result.on_unknown))}}
        return question_reply(flow, state, question, ctx, kind="invalid", error=result.message)
    return _store(flow, state, question, result.value, result.display, ctx, note=result.note)


def _store(
    flow: tuple[Question, ...],
    state: IntakeState,
    question: Question,
    value: Any,
    display: str,
    ctx: IntakeContext,
    note: str | None = None,
) -> Reply:
    missing = object()
    old = state.answers.get(question.key, missing)
    if old is missing and question.key in state.undone:  # answered again after "back"
        old = state.undone[question.key]
    state.undone.pop(question.key, None)
    state.answers[question.key] = value
    state.displays[question.key] = display
    roster_note = apply_roster(state, value, ctx) if question.kind == "person" else None
    push_history(state, question.key)
    if old is not missing and old != value:
        _reask_dependents(flow, state, question.key, old, ctx)
    prune(flow, state)
    was_editing, return_to = state.editing, state.return_to
    state.editing, state.return_to = False, None
    prefix = None
    nxt = first_unanswered(flow, state.answers)
    if was_editing and nxt is not None:
        if nxt.key == return_to:
            prefix = "Got it — back to where we were."
        else:
            prefix = "Got it. Since that changed, I need a bit more information."
    elif was_editing:
        prefix = "Got it — I've updated the report."
    if question.kind == "date_time" and value is not None:
        # The date as understood, so a misreading is caught now, not in the summary.
        echo = said_back(value, ctx.local_now.date()) or display
        prefix = " ".join(p for p in (f"{escape(echo)} — got it.", prefix) if p)
    clinical = description_note(question.key, value)
    if clinical:
        prefix = f"{clinical}\n{prefix}" if prefix else clinical
    for extra in (roster_note, note):
        if extra:
            prefix = f"{prefix}\n{extra}" if prefix else extra
    return advance(flow, state, ctx, prefix=prefix)


def _reask_dependents(
    flow: tuple[Question, ...], state: IntakeState, key: str, old: Any, ctx: IntakeContext
) -> None:
    """When an answer changes, drop later answers that relied on it so they are asked again."""
    for dependent in flow:
        if key not in dependent.depends_on or dependent.key not in state.answers:
            continue
        value = state.answers[dependent.key]
        stale = value == old  # e.g. "same time" copied the old value
        if not stale and dependent.validate is not None:
            stale = bool(dependent.validate(value, state.answers, ctx))
        if stale:
            drop_answer(state, dependent.key)


def _skip(flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext) -> Reply:
    question = current_question(flow, state)
    if question is None:
        return reshow(
            flow,
            state,
            ctx,
            prefix="There's nothing to skip here — please confirm or change an answer.",
        )
    if question.required:
        why = f" — {question.why}" if question.why else ""
        return question_reply(
            flow,
            state,
            question,
            ctx,
            kind="invalid",
            error=f"I need this one to file the report{why}.",
            prefix=question.unknown or None,
        )
    return _store(flow, state, question, None, "Not given", ctx)


def _change(
    flow: tuple[Question, ...], state: IntakeState, phrase: str, ctx: IntakeContext, text: str
) -> Reply:
    current = current_question(flow, state)
    given = split_change(text, lambda field: match_field(flow, field))
    if given is not None and given[0].key in state.answers:  # "change job title to labourer"
        opened = open_edit(flow, state, given[0], ctx)
        if state.current == given[0].key:
            reply = _answer(flow, state, given[0], given[1], ctx, from_action=False)
            if reply.kind == "invalid":  # the edit is open now: say why, and ask that question
                reply.kind = "question"
            return reply
        return opened
    target = match_field(flow, phrase) if phrase else None
    if target is None:
        if current is not None and current.kind == "text" and phrase:
            return _answer(flow, state, current, text, ctx, from_action=False)  # just an answer
        return reshow(
            flow,
            state,
            ctx,
            kind="invalid",
            error='Which answer do you want to change — try something like "change date" or "change body parts"?',
        )
    return open_edit(flow, state, target, ctx)
