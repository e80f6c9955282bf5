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
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rtwbot.domain.clinical_terms import description_note
from rtwbot.intake.answers import (
    YES_NO_CHOICES,
    IntakeContext,
    Invalid,
    clean_text,
    escape,
    osa_distance,
    parse_answer,
    parse_yes_no_unknown,
    unescape,
)
from rtwbot.intake.change_to import split_change
from rtwbot.intake.questions import Question, applicable, question_by_key
from rtwbot.intake.roster_fill import apply_roster
from rtwbot.intake.time_words import said_back

__all__ = [
    "CANCELLED",
    "CONFIRM_CANCEL",
    "DONE",
    "SUMMARY",
    "Action",
    "IntakeState",
    "Reply",
    "start",
    "step",
    "summary_rows",
]

SUMMARY = "summary"
CONFIRM_CANCEL = "confirm_cancel"
DONE = "done"
CANCELLED = "cancelled"
_POSITIONS = {SUMMARY, CONFIRM_CANCEL, DONE, CANCELLED}
STATE_SCHEMA = 1
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


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Action:
    """A click: ``Action("answer", "yes")``, ``Action("edit", "occurred_at")``, ``Action("confirm")``.

    ``question`` (the key the button was rendered for) and ``version`` (the state version of
    the message) let the engine spot stale buttons on older messages.
    """

    kind: str
    value: Any = None
    question: str | None = None
    version: int | None = None


@dataclass
class Reply:
    kind: str  # question | invalid | summary | confirm_cancel | cancelled | confirmed | already_done | info
    text: str
    question: Question | None = None
    choices: list[tuple[str, str]] = field(default_factory=list)
    input_hint: str | None = None
    summary: list[tuple[str, str, str]] = field(default_factory=list)
    progress: tuple[int, int] | None = None
    error: str | None = None  # the one-sentence problem, for kind "invalid"
    version: int = 0  # the state version this reply belongs to
    stale: bool = False  # a click on a button of an earlier message (see STALE_BUTTON)


@dataclass
class IntakeState:
    current: str
    answers: dict[str, Any] = field(default_factory=dict)
    displays: dict[str, str] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    editing: bool = False
    return_to: str | None = None  # where to go when an edit is abandoned with "back"
    paused_at: str | None = None  # where we were when "cancel" was asked
    version: int = 1
    started_at: str = ""
    updated_at: str = ""

    @property
    def finished(self) -> bool:
        return self.current in (DONE, CANCELLED)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": STATE_SCHEMA,
            "current": self.current,
            "answers": copy.deepcopy(self.answers),
            "displays": dict(self.displays),
            "history": list(self.history),
            "editing": self.editing,
            "return_to": self.return_to,
            "paused_at": self.paused_at,
            "version": self.version,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IntakeState:
        if not isinstance(data, dict):
            raise TypeError("intake state must be a dict")

        def _str_or_none(value: Any) -> str | None:
            return value if isinstance(value, str) else None

        answers = data.get("answers")
        displays = data.get("displays")
        history = data.get("history")
        version = data.get("version")
        return cls(
            current=str(data.get("current") or ""),
            answers=copy.deepcopy(answers) if isinstance(answers, dict) else {},
            displays={str(k): str(v) for k, v in displays.items()}
            if isinstance(displays, dict)
            else {},
            history=[str(k) for k in history] if isinstance(history, list) else [],
            editing=bool(data.get("editing", False)),
            return_to=_str_or_none(data.get("return_to")),
            paused_at=_str_or_none(data.get("paused_at")),
            version=version if isinstance(version, int) and not isinstance(version, bool) else 1,
            started_at=str(data.get("started_at") or ""),
            updated_at=str(data.get("updated_at") or ""),
        )

    def copy(self) -> IntakeState:
        return IntakeState.from_dict(self.to_dict())


def _material(state: IntakeState) -> str:
    data = state.to_dict()
    data.pop("version")
    data.pop("updated_at")
    return json.dumps(data, sort_keys=True, default=str)


# --------------------------------------------------------------------------- public API


def start(flow: Sequence[Question], ctx: IntakeContext) -> tuple[IntakeState, Reply]:
    """A fresh report and its first question."""
    flow = tuple(flow)
    now = ctx.local_now.isoformat()
    state = IntakeState(current=SUMMARY, version=1, started_at=now, updated_at=now)
    first = _first_unanswered(flow, state.answers)
    if first is None:
        return state, _summary_reply(flow, state)
    state.current = first.key
    reply = _question_reply(
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
    _repair(flow, new)
    reply = _dispatch(flow, new, user_input, ctx)
    if _material(new) != _material(state):
        new.version = state.version + 1
        new.updated_at = ctx.local_now.isoformat()
    reply.version = new.version
    return new, reply


# --------------------------------------------------------------------------- flow helpers


def _first_unanswered(flow: tuple[Question, ...], answers: dict[str, Any]) -> Question | None:
    for question in applicable(flow, answers):
        if question.key not in answers:
            return question
    return None


def _current_question(flow: tuple[Question, ...], state: IntakeState) -> Question | None:
    return question_by_key(flow, state.current)


def _drop(state: IntakeState, key: str) -> None:
    state.answers.pop(key, None)
    state.displays.pop(key, None)


def _prune(flow: tuple[Question, ...], state: IntakeState) -> None:
    """Drop answers to questions that no longer apply (e.g. WSIB questions on a non-work case)."""
    for _ in range(len(flow) + 1):
        stale = [q.key for q in flow if q.key in state.answers and not q.applies(state.answers)]
        if not stale:
            break
        for key in stale:
            _drop(state, key)
    state.history = [k for k in state.history if k in state.answers]


def _push_history(state: IntakeState, key: str) -> None:
    state.history = [k for k in state.history if k != key]
    state.history.append(key)


def _valid_position(flow: tuple[Question, ...], state: IntakeState, position: str | None) -> bool:
    if position in (SUMMARY,):
        return True
    question = question_by_key(flow, position)
    return question is not None and question.applies(state.answers)


def _repair(flow: tuple[Question, ...], state: IntakeState) -> None:
    """Make a stored state consistent with this flow (it may come from an older release)."""
    if state.current in (DONE, CANCELLED):
        return
    if state.current == CONFIRM_CANCEL:
        if not _valid_position(flow, state, state.paused_at):
            nxt = _first_unanswered(flow, state.answers)
            state.paused_at = nxt.key if nxt else SUMMARY
        return
    if not _valid_position(flow, state, state.current):
        nxt = _first_unanswered(flow, state.answers)
        state.current = nxt.key if nxt else SUMMARY
        state.editing = False
        state.return_to = None
    missing = _first_unanswered(flow, state.answers)
    if state.current == SUMMARY and missing is not None:
        state.current = missing.key
        state.editing = False


def _progress(
    flow: tuple[Question, ...], state: IntakeState, question: Question
) -> tuple[int, int]:
    questions = applicable(flow, state.answers)
    keys = [q.key for q in questions]
    index = keys.index(question.key) + 1 if question.key in keys else len(keys)
    return index, len(keys)


def _echo(display: str | None) -> str:
    """An earlier answer quoted back as the end of a sentence (escaped, shortened)."""
    text = (display or "").strip()
    if len(text) > _ECHO_LIMIT:
        text = text[: _ECHO_LIMIT - 1].rstrip() + "…"
    if not text.endswith((".", "!", "?", "…")):
        text += "."
    return escape(text)


# --------------------------------------------------------------------------- replies


def _question_reply(
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
        progress=_progress(flow, state, question),
        error=error,
    )


def _summary_rows(flow: tuple[Question, ...], state: IntakeState) -> list[tuple[str, str, str]]:
    rows = []
    for question in applicable(flow, state.answers):
        if question.key in state.answers:
            display = state.displays.get(question.key)
            if display is None:
                value = state.answers[question.key]
                display = "Not given" if value is None else str(value)
            rows.append((question.key, question.title, escape(display)))
    return rows


def _summary_reply(
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
        summary=_summary_rows(flow, state),
        progress=(total, total),
        error=error,
    )


def _cancel_reply(*, kind: str = "confirm_cancel", error: str | None = None) -> Reply:
    parts = [p for p in (error, CANCEL_TEXT) if p]
    return Reply(
        kind=kind,
        text="\n".join(parts),
        choices=list(CANCEL_CHOICES),
        input_hint="yes_no",
        error=error,
    )


def _reshow(
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
        return _cancel_reply(kind="invalid" if error else "confirm_cancel", error=error or prefix)
    question = _current_question(flow, state)
    if question is not None:
        return _question_reply(flow, state, question, ctx, kind=kind, prefix=prefix, error=error)
    return _summary_reply(flow, state, kind=kind, prefix=prefix, error=error)


def _goto(
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
        return _question_reply(flow, state, question, ctx, prefix=prefix)
    return _advance(flow, state, ctx, prefix=prefix)


def _advance(
    flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext, *, prefix: str | None = None
) -> Reply:
    nxt = _first_unanswered(flow, state.answers)
    if nxt is not None:
        state.current = nxt.key
        return _question_reply(flow, state, nxt, ctx, prefix=prefix)
    state.current = SUMMARY
    return _summary_reply(flow, state, prefix=prefix)


# --------------------------------------------------------------------------- steering words

_BACK = {
    "back",
    "go back",
    "undo",
    "previous",
    "previous question",
    "back up",
    "go back one",
    "last question",
}
_SKIP = {
    "skip",
    "skip it",
    "skip this",
    "skip this one",
    "skip question",
    "skip this question",
    "pass",
}
_CANCEL = {
    "cancel",
    "cancel it",
    "cancel this",
    "cancel report",
    "cancel the report",
    "cancel this report",
    "stop",
    "quit",
    "abort",
    "exit",
    "never mind",
    "nevermind",
    "forget it",
}
_HELP = {
    "help",
    "help me",
    "what can i say",
    "what can i do",
    "commands",
    "how does this work",
    "huh",
    "options",
}
_WHERE = {
    "where was i",
    "where am i",
    "where were we",
    "progress",
    "how far",
    "how far along",
    "how far am i",
    "how many more",
    "how many left",
    "how many questions left",
}
_CHANGE_BARE = {
    "change",
    "edit",
    "fix",
    "change something",
    "change an answer",
    "edit an answer",
    "change answer",
}
_CHANGE = re.compile(
    r"(?:change|edit|fix|correct|update|redo|go back to|back to|return to)\s+"
    r"(?:the\s+|my\s+|our\s+|an?\s+)?(?:answer\s+(?:to|for|about)\s+|question\s+about\s+)?(.+)"
)
_CONFIRM = {
    "confirm",
    "yes",
    "y",
    "yep",
    "yeah",
    "yup",
    "ok",
    "okay",
    "submit",
    "send",
    "send it",
    "file",
    "file it",
    "looks good",
    "look good",
    "correct",
    "done",
    "good",
    "lgtm",
    "confirmed",
    "all good",
    "that's right",
    "thats right",
    "confirm and file",
    "yes confirm",
    "it's correct",
    "all correct",
}
_RESUME = {
    "keep going",
    "continue",
    "resume",
    "carry on",
    "go on",
    "back",
    "go back",
    "don't cancel",
    "dont cancel",
}
_LEADING_FILLER = (
    "please ",
    "pls ",
    "plz ",
    "can i ",
    "could i ",
    "can we ",
    "i want to ",
    "i'd like to ",
    "id like to ",
    "i need to ",
    "let me ",
    "let's ",
    "lets ",
    "ok ",
    "okay ",
    "oh ",
    "um ",
    "hey ",
)
_TRAILING_FILLER = (" please", " pls", " plz", " thanks", " thank you")
_FUZZY_WORDS = {"back": "back", "undo": "back", "skip": "skip", "cancel": "cancel", "help": "help"}
_FIELD_STOP = {
    "the",
    "my",
    "a",
    "an",
    "of",
    "to",
    "for",
    "about",
    "answer",
    "question",
    "field",
    "it",
    "i",
    "you",
}


def _steer_norm(text: str) -> str:
    n = clean_text(text).lower()
    n = re.sub(r"[^\w\s']", " ", n)
    n = re.sub(r"\s+", " ", n).strip(" '")
    changed = True
    while changed:
        changed = False
        for filler in _LEADING_FILLER:
            if n.startswith(filler) and len(n) > len(filler):
                n, changed = n[len(filler) :], True
        for filler in _TRAILING_FILLER:
            if n.endswith(filler) and len(n) > len(filler):
                n, changed = n[: -len(filler)], True
    return n.strip()


def _steering(text: str, question: Question | None) -> tuple[str, str] | None:
    stripped = clean_text(text)
    if stripped in {"?", "??", "???"}:
        return ("help", "")
    if len(stripped) > 120:
        return None
    n = _steer_norm(stripped)
    if not n:
        return None
    if n in _BACK:
        if question is not None and n in dict(question.ambiguous):
            return None  # "back" is a body part here; the parser asks which one
        return ("back", "")
    for words, command in (
        (_SKIP, "skip"),
        (_CANCEL, "cancel"),
        (_HELP, "help"),
        (_WHERE, "where"),
    ):
        if n in words:
            return (command, "")
    if n in _CHANGE_BARE:
        return ("change", "")
    match = _CHANGE.fullmatch(n)
    if match:
        return ("change", match.group(1))
    return None


def _fuzzy_steering(text: str, question: Question | None) -> tuple[str, str] | None:
    """A typo of a steering word ("cancle", "bakc"), tried only when the answer didn't parse."""
    n = _steer_norm(text)
    if not n or " " in n or not 4 <= len(n) <= 8:
        return None
    if question is not None and n in dict(question.ambiguous):
        return None
    for word, command in _FUZZY_WORDS.items():
        if osa_distance(n, word) <= 1:
            return (command, "")
    return None


def _field_words(question: Question) -> set[str]:
    return {
        question.key.replace("_", " "),
        question.title.lower(),
        *(a.lower() for a in question.aliases),
    }


def _match_field(flow: tuple[Question, ...], phrase: str) -> Question | None:
    """The question someone names in "change <field>"."""
    n = _steer_norm(phrase)
    words = [w for w in n.split() if w not in _FIELD_STOP] or n.split()
    n_short = " ".join(words)
    table: dict[str, str] = {}
    for question in flow:
        for alias in _field_words(question):
            table.setdefault(alias, question.key)
    for candidate in (n, n_short):
        if candidate in table:
            return question_by_key(flow, table[candidate])
    for candidate in (n, n_short):
        close = difflib.get_close_matches(candidate, list(table), n=1, cutoff=0.8)
        if close:
            return question_by_key(flow, table[close[0]])
    tokens = set(words)
    if not tokens:
        return None
    scores: dict[str, float] = {}
    for alias, key in table.items():
        alias_tokens = {w for w in alias.split() if w not in _FIELD_STOP}
        if alias_tokens:
            score = len(tokens & alias_tokens) / len(tokens | alias_tokens)
            scores[key] = max(scores.get(key, 0.0), score)
    if not scores:
        return None
    best = max(scores.values())
    leaders = [k for k, s in scores.items() if s == best]
    if best >= 0.5 and len(leaders) == 1:
        return question_by_key(flow, leaders[0])
    return None


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
        return _on_cancel_answer(flow, state, text, ctx)
    question = _current_question(flow, state)
    command = _steering(text, question)
    if command is not None:
        return _run(flow, state, command, ctx, text)
    if question is None:  # at the summary
        if _steer_norm(text) in _CONFIRM:
            return _confirm(flow, state, ctx, version=None)
        return _summary_reply(
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
        return _back(flow, state, ctx)
    if name == "skip":
        return _skip(flow, state, ctx)
    if name == "cancel":
        return _ask_cancel(state)
    if name == "help":
        return _reshow(flow, state, ctx, prefix=HELP_TEXT)
    if name == "where":
        return _where(flow, state, ctx)
    return _change(flow, state, arg, ctx, text)


def _on_action(
    flow: tuple[Question, ...], state: IntakeState, action: Action, ctx: IntakeContext
) -> Reply:
    kind = str(action.kind or "").strip().lower()
    if state.current == CONFIRM_CANCEL:
        if kind == "cancel_confirm":
            return _cancel_now(state)
        if kind == "cancel_abort":
            return _resume(flow, state, ctx)
        if kind == "answer":
            return _on_cancel_answer(flow, state, str(action.value or ""), ctx)
        return _cancel_reply(
            kind="invalid", error="Please choose first whether to cancel the report."
        )
    if kind in ("cancel_confirm", "cancel_abort"):
        return _stale(flow, state, ctx)
    if kind == "answer":
        question = _current_question(flow, state)
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
        return _open_edit(flow, state, target, ctx)
    if kind == "confirm":
        return _confirm(flow, state, ctx, version=action.version)
    if kind == "cancel":
        return _ask_cancel(state)
    if kind in ("back", "skip", "help", "where"):
        return _run(flow, state, (kind, ""), ctx, "")
    return _stale(flow, state, ctx)


STALE_BUTTON = "That button is from an earlier message — here's where we are now."


def _stale(flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext) -> Reply:
    """A click on an earlier message: say so, and show where we are (marked, so that the
    workflow can say it once per message, not once per click)."""
    reply = _reshow(flow, state, ctx, prefix=STALE_BUTTON)
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
            command = _fuzzy_steering(raw, question)
            if command is not None:
                return _run(flow, state, command, ctx, raw)
        return _question_reply(flow, state, question, ctx, kind="invalid", error=result.message)
    return _store(flow, state, question, result.value, result.display, ctx)


def _store(
    flow: tuple[Question, ...],
    state: IntakeState,
    question: Question,
    value: Any,
    display: str,
    ctx: IntakeContext,
) -> Reply:
    missing = object()
    old = state.answers.get(question.key, missing)
    state.answers[question.key] = value
    state.displays[question.key] = display
    roster_note = apply_roster(state, value, ctx) if question.kind == "person" else None
    _push_history(state, question.key)
    if old is not missing and old != value:
        _reask_dependents(flow, state, question.key, old, ctx)
    _prune(flow, state)
    was_editing, return_to = state.editing, state.return_to
    state.editing, state.return_to = False, None
    prefix = None
    nxt = _first_unanswered(flow, state.answers)
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
    note = description_note(question.key, value)
    if note:
        prefix = f"{note}\n{prefix}" if prefix else note
    if roster_note:
        prefix = f"{prefix}\n{roster_note}" if prefix else roster_note
    return _advance(flow, state, ctx, prefix=prefix)


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
            _drop(state, dependent.key)


def _back(flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext) -> Reply:
    if state.editing:
        target = state.return_to
        state.editing, state.return_to = False, None
        return _goto(flow, state, target, ctx, prefix="OK, I've left that answer as it was.")
    while state.history:
        key = state.history.pop()
        question = question_by_key(flow, key)
        if question is not None and question.applies(state.answers) and key in state.answers:
            break
    else:
        return _reshow(
            flow, state, ctx, prefix="This is the first question, so there's nothing to go back to."
        )
    previous = state.displays.get(key)
    _drop(state, key)
    _prune(flow, state)
    state.current = key
    prefix = f"Going back. You had answered: {_echo(previous)}" if previous else "Going back."
    return _question_reply(flow, state, question, ctx, prefix=prefix)


def _skip(flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext) -> Reply:
    question = _current_question(flow, state)
    if question is None:
        return _reshow(
            flow,
            state,
            ctx,
            prefix="There's nothing to skip here — please confirm or change an answer.",
        )
    if question.required:
        why = f" — {question.why}" if question.why else ""
        return _question_reply(
            flow,
            state,
            question,
            ctx,
            kind="invalid",
            error=f"I need this one to file the report{why}.",
        )
    return _store(flow, state, question, None, "Not given", ctx)


def _where(flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext) -> Reply:
    question = _current_question(flow, state)
    if question is None:
        return _reshow(
            flow,
            state,
            ctx,
            prefix="You've answered all the questions — please check the summary and confirm.",
        )
    index, total = _progress(flow, state, question)
    if state.editing:
        prefix = f"You're changing an earlier answer (question {index} of {total}); after this I'll take you back."
    else:
        prefix = f"Question {index} of {total}."
    return _reshow(flow, state, ctx, prefix=prefix)


def _change(
    flow: tuple[Question, ...], state: IntakeState, phrase: str, ctx: IntakeContext, text: str
) -> Reply:
    current = _current_question(flow, state)
    given = split_change(text, lambda field: _match_field(flow, field))
    if given is not None and given[0].key in state.answers:  # "change job title to labourer"
        opened = _open_edit(flow, state, given[0], ctx)
        if state.current == given[0].key:
            reply = _answer(flow, state, given[0], given[1], ctx, from_action=False)
            if reply.kind == "invalid":  # the edit is open now: say why, and ask that question
                reply.kind = "question"
            return reply
        return opened
    target = _match_field(flow, phrase) if phrase else None
    if target is None:
        if current is not None and current.kind == "text" and phrase:
            return _answer(flow, state, current, text, ctx, from_action=False)  # just an answer
        return _reshow(
            flow,
            state,
            ctx,
            kind="invalid",
            error='Which answer do you want to change — try something like "change date" or "change body parts"?',
        )
    return _open_edit(flow, state, target, ctx)


def _open_edit(
    flow: tuple[Question, ...], state: IntakeState, target: Question, ctx: IntakeContext
) -> Reply:
    if not target.applies(state.answers):
        return _reshow(
            flow, state, ctx, kind="invalid", error="That question doesn't apply to this report."
        )
    if target.key == state.current:
        return _reshow(flow, state, ctx, prefix="Sure — here it is.")
    if target.key not in state.answers:
        return _reshow(
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
    prefix = f"Sure. Your answer was: {_echo(state.displays.get(target.key))}"
    return _question_reply(flow, state, target, ctx, prefix=prefix)


# --------------------------------------------------------------------------- cancel and confirm


def _ask_cancel(state: IntakeState) -> Reply:
    state.paused_at = state.current
    state.current = CONFIRM_CANCEL
    return _cancel_reply()


def _on_cancel_answer(
    flow: tuple[Question, ...], state: IntakeState, text: str, ctx: IntakeContext
) -> Reply:
    n = _steer_norm(text)
    if n in _CANCEL:
        return _cancel_now(state)
    if n in _RESUME:
        return _resume(flow, state, ctx)
    verdict = parse_yes_no_unknown(text)
    if not isinstance(verdict, Invalid) and verdict.value == "yes":
        return _cancel_now(state)
    if not isinstance(verdict, Invalid) and verdict.value == "no":
        return _resume(flow, state, ctx)
    return _cancel_reply(
        kind="invalid", error='Please reply "yes" to cancel the report or "no" to keep going.'
    )


def _cancel_now(state: IntakeState) -> Reply:
    state.current = CANCELLED
    state.paused_at = state.return_to = None
    state.editing = False
    state.answers, state.displays, state.history = {}, {}, []  # nothing medical lingers
    return Reply("cancelled", "OK, I've cancelled this report — nothing was filed.")


def _resume(flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext) -> Reply:
    target = state.paused_at
    state.paused_at = None
    if target == SUMMARY:
        state.current = SUMMARY
        if _first_unanswered(flow, state.answers) is None:
            return _summary_reply(flow, state, prefix="OK, let's carry on.")
    return _goto(flow, state, target, ctx, prefix="OK, let's carry on.")


def _confirm(
    flow: tuple[Question, ...], state: IntakeState, ctx: IntakeContext, *, version: int | None
) -> Reply:
    if state.current != SUMMARY:
        return _reshow(
            flow, state, ctx, prefix="There's still a question to answer before you can confirm."
        )
    missing = _first_unanswered(flow, state.answers)
    if missing is not None:  # defensive: never file an incomplete report
        return _advance(
            flow, state, ctx, prefix="There's still a question to answer before you can confirm."
        )
    if version is not None and version != state.version:
        return _summary_reply(
            flow,
            state,
            prefix="Your answers changed since that summary — here's the latest; please confirm again.",
        )
    state.current = DONE
    state.editing, state.return_to, state.paused_at = False, None, None
    reply = _summary_reply(flow, state, kind="confirmed")
    reply.text = "Thanks — your report is confirmed and is being filed now."
    reply.choices = []
    return reply


def summary_rows(flow: Iterable[Question], state: IntakeState) -> list[tuple[str, str, str]]:
    """The (key, label, escaped display) rows of the answers so far."""
    return _summary_rows(tuple(flow), state)
