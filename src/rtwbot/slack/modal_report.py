"""The report as a Slack modal (`/rtw report`, the "Report an injury" shortcut).

The modal is drawn from the same flow (`INJURY_REPORT`) and its answers go through the
same parsers, so a report filed here equals one filed in chat. Its labels say what is
required, as it is: picking the employee, the kind of case and the answer to the critical
question updates the form (Slack's `dispatch_action`) — a question that does not apply to
the kind chosen leaves it, "A death" joins it only after a "yes" to the critical question,
what HR's roster knows of the employee becomes optional with the roster's value shown, and
what it does not know becomes required. An error speaks of the form, not of chat buttons.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import (
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticMultiSelectElement,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from rtwbot.domain.ohsa import CRITICAL_INJURY_DEFINITION
from rtwbot.intake import INJURY_REPORT, Invalid
from rtwbot.intake.answers import parse_answer
from rtwbot.intake.options import WHAT_COUNTS
from rtwbot.intake.questions import ACCIDENT_TYPE, CRITICAL_INJURY, DIED
from rtwbot.intake.roster_fill import FILLS, apply_roster
from rtwbot.intake.state import IntakeState

if TYPE_CHECKING:
    from rtwbot.slack.bot import Bot

CALLBACK_ID = "report_modal"
ACTION = "v"
# The critical question's own element: answering it acts at once, before the modal is
# submitted (OHSA s.51), so Slack is asked to send the answer (`dispatch_action`).
CRITICAL_ACTION = "critical_now"
PERSON_TEXT = "employee_text"
TEXT_AREAS = {"description", "witnesses", "location"}
ROSTER_KEYS = frozenset(key for key, _ in FILLS)  # blank: taken from HR's roster
# Picking one updates the form; the critical question also does, from its own action.
DISPATCHED = frozenset({"employee", "case_kind"})
FOLLOW_UPS = frozenset({DIED})  # in the form only once the answer they follow is picked


def _options(pairs) -> list[Option]:
    return [Option(value=str(v)[:150], text=str(label)[:75]) for v, label in pairs][:100]


def _element(question, ctx) -> Any:
    # "What counts?" is a chat button; the form says the definition in the hint instead.
    options = tuple(o for o in question.options(ctx, {})
                    if (question.key, o[0]) != (CRITICAL_INJURY, WHAT_COUNTS))
    kind = question.kind
    if kind == "person":
        return UserSelectElement(action_id=ACTION, placeholder="Choose the employee")
    if kind == "yes_no_unknown":
        action = CRITICAL_ACTION if question.key == CRITICAL_INJURY else ACTION
        return RadioButtonsElement(action_id=action, options=_options(options))
    if question.key == ACCIDENT_TYPE:  # a checklist: no sides to type
        return StaticMultiSelectElement(action_id=ACTION, options=_options(options),
                                        placeholder="Choose all that apply")
    if kind == "choice" and options and not question.allow_other:
        return StaticSelectElement(action_id=ACTION, options=_options(options),
                                   placeholder="Choose one")
    # Typed, so "left wrist and lower back" keeps its sides, as in chat.
    hint = {"date_time": 'like "yesterday 3pm" or "2026-11-20 14:30"',
            "multi_choice": 'like "left wrist and lower back"',
            "number": "like 37.5"}.get(kind, question.example.strip('"') if question.example else "")
    return PlainTextInputElement(action_id=ACTION, multiline=question.key in TEXT_AREAS,
                                 placeholder=hint[:150] or None,
                                 max_length=min(question.max_length, 3000))


def _hint(question) -> str:
    if question.key == CRITICAL_INJURY:
        return f"{question.prompt} {CRITICAL_INJURY_DEFINITION}"[:2000]
    return question.prompt[:2000]


def _label(question) -> str:
    return (question.label or question.key).strip()[:2000]


NOT_KNOWN = object()  # no employee picked yet: what the roster knows is not known


def report_view(bot: Bot, supervisor: str, *, kind: str | None = None,
                roster: Any = NOT_KNOWN, critical: str | None = None) -> View:
    """The form for the case as far as it is known: `kind` (case_kind's value) drops the
    questions that do not apply; `roster` is what HR's roster gives for the employee picked
    ({} when they are not on it); `critical` (the critical question's answer) brings in the
    questions that follow it."""
    ctx = bot.intake.context()
    blocks = []
    for q in INJURY_REPORT:
        if kind and not q.applies({"case_kind": kind}) and q.key not in FOLLOW_UPS:
            continue
        if q.key in FOLLOW_UPS and not q.applies({"case_kind": kind, CRITICAL_INJURY: critical}):
            continue
        label, hint = _label(q), (_hint(q) if q.kind != "person" else
                                  "Choose them here, or type their name and employee number "
                                  "below if they are not in Slack.")
        optional = not q.required or q.kind == "person"
        if q.key in ROSTER_KEYS:
            if roster is NOT_KNOWN:  # optional only because the roster may answer it
                label, optional = f"{label} — if not on HR's roster", True
                hint = f"{q.prompt} Leave it blank when the employee is on HR's roster."
            elif roster.get(q.key) not in (None, ""):
                optional = True
                hint = f"HR's roster says: {roster[q.key]}. Leave it blank to use it."
        blocks.append(InputBlock(block_id=q.key, label=label[:2000], element=_element(q, ctx),
                                 optional=optional, hint=hint[:2000],
                                 dispatch_action=q.key in DISPATCHED or q.key == CRITICAL_INJURY
                                  or None))
        if q.kind == "person":
            blocks.append(InputBlock(
                block_id=PERSON_TEXT, label="…or their name and employee number",
                optional=True,
                element=PlainTextInputElement(action_id=ACTION, placeholder="Jane Doe, 12345"),
            ))
    return View(type="modal", callback_id=CALLBACK_ID, title="Report an injury",
                submit="File report", close="Cancel", blocks=blocks,
                private_metadata=supervisor)


def roster_of(bot: Bot, user_id: str | None) -> dict[str, Any] | None:
    """What HR's roster fills for the Slack user picked ({} when not on it); None: nobody."""
    if not user_id:
        return None
    ctx = bot.intake.context()
    question = next(q for q in INJURY_REPORT if q.kind == "person")
    person = parse_answer(question, user_id, ctx, {}, from_action=True)
    if isinstance(person, Invalid):
        return {}
    answers: dict[str, Any] = {}
    apply_roster(IntakeState(current="", answers=answers), person.value, ctx)
    return {key: answers[key] for key in ROSTER_KEYS if answers.get(key) not in (None, "")}


def update_for_choices(bot: Bot, view: dict) -> None:
    """The employee, the kind of case or the critical answer was picked: the form as it now
    applies."""
    values = (view.get("state") or {}).get("values") or {}
    kind, _ = _raw(values, "case_kind")
    employee, _ = _raw(values, "employee")
    critical, _ = _raw(values, CRITICAL_INJURY)
    roster = roster_of(bot, employee)
    new = report_view(bot, view.get("private_metadata") or "", kind=kind,
                      roster=NOT_KNOWN if roster is None else roster, critical=critical)
    try:
        bot.client.views_update(view_id=view["id"], hash=view.get("hash"), view=new)
    except SlackApiError as exc:  # a newer update won, or the modal was closed: nothing lost
        if exc.response.get("error") not in ("hash_conflict", "not_found"):
            raise


def open_report_modal(bot: Bot, trigger_id: str, supervisor: str) -> None:
    bot.client.views_open(trigger_id=trigger_id, view=report_view(bot, supervisor))


def in_the_form(message: str) -> str:
    """A chat answer's error as the form shows it: plain text (no Slack escapes or bold), and
    no "pick it below" where nothing is below."""
    text = html.unescape(re.sub(r"[*_]([^*_]+)[*_]", r"\1", message))
    # Chat's "say yes" and "pick it below": in the form the field is typed, nothing is below.
    text = re.sub(r' — say "yes", pick it below, or type it in full\?',
                  "? Type it as it is listed, or in full.", text)
    text = re.sub(r"Pick it below, or type it in full\.?", "Type it as it is listed, or in full.",
                  text)
    return text[:150]


def _raw(values: dict, block_id: str) -> tuple[Any, bool]:
    """(raw answer, came from a selection rather than typing)."""
    block = values.get(block_id) or {}
    state = block.get(ACTION) or block.get(CRITICAL_ACTION) or {}
    kind = state.get("type")
    if kind == "users_select":
        return state.get("selected_user"), True
    if kind in ("static_select", "radio_buttons"):
        chosen = state.get("selected_option") or {}
        return chosen.get("value"), True
    if kind == "multi_static_select":
        chosen = state.get("selected_options") or []
        return ", ".join(o["value"] for o in chosen), True
    return state.get("value"), False


def read_submission(bot: Bot, values: dict) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers, as the chat flow would store them, or the errors per block."""
    ctx = bot.intake.context()
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for q in INJURY_REPORT:
        if not q.applies(answers):
            continue
        raw, picked = _raw(values, q.key)
        block = q.key
        if q.kind == "person" and not raw:
            raw, picked = _raw(values, PERSON_TEXT)
            block = PERSON_TEXT
        if raw in (None, ""):
            if q.key in answers:  # HR's roster gave it
                continue
            if q.key in FOLLOW_UPS and q.key not in values:  # not in the form yet: not answered
                answers[q.key] = None
                continue
            if q.required:
                errors[block] = ("This is needed for the report (the employee is not on HR's "
                                 "roster)." if q.key in ROSTER_KEYS else
                                 "This is needed for the report.")
            else:
                answers[q.key] = None
            continue
        result = parse_answer(q, raw, ctx, answers, from_action=picked)
        if isinstance(result, Invalid):
            errors[block] = in_the_form(result.message)
        else:
            answers[q.key] = result.value
            if q.kind == "person":  # what the roster knows fills the blanks
                apply_roster(IntakeState(current="", answers=answers), result.value, ctx)
    return answers, errors
