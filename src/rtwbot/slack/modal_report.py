"""The report as a Slack modal (`/rtw report`, the "Report an injury" shortcut).

The modal is drawn from the same flow (`INJURY_REPORT`) and its answers go through the
same parsers, so a report filed here equals one filed in chat. Questions that only apply
to work-related cases are optional in the form and required on submit when they apply.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

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
from rtwbot.intake.questions import ACCIDENT_TYPE, CRITICAL_INJURY
from rtwbot.intake.roster_fill import FILLS, apply_roster

if TYPE_CHECKING:
    from rtwbot.slack.bot import Bot

CALLBACK_ID = "report_modal"
ACTION = "v"
PERSON_TEXT = "employee_text"
TEXT_AREAS = {"description", "witnesses", "location"}
ROSTER_KEYS = frozenset(key for key, _ in FILLS)  # blank: taken from HR's roster


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
        return RadioButtonsElement(action_id=ACTION, options=_options(options))
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


def report_view(bot: Bot, supervisor: str) -> View:
    ctx = bot.intake.context()
    blocks = []
    for q in INJURY_REPORT:
        optional = not q.required or q.condition is not None or q.key in ROSTER_KEYS
        hint = _hint(q) if q.key not in ROSTER_KEYS else (
            f"{q.prompt} Leave it blank when the employee is on HR's roster.")
        blocks.append(InputBlock(block_id=q.key, label=_label(q), element=_element(q, ctx),
                                 optional=optional or q.kind == "person",
                                 hint=(hint[:2000] if q.kind != "person" else
                                       "Choose them here, or type their name and employee "
                                       "number below if they are not in Slack.")))
        if q.kind == "person":
            blocks.append(InputBlock(
                block_id=PERSON_TEXT, label="…or their name and employee number",
                optional=True,
                element=PlainTextInputElement(action_id=ACTION, placeholder="Jane Doe, 12345"),
            ))
    return View(type="modal", callback_id=CALLBACK_ID, title="Report an injury",
                submit="File report", close="Cancel", blocks=blocks,
                private_metadata=supervisor)


def open_report_modal(bot: Bot, trigger_id: str, supervisor: str) -> None:
    bot.client.views_open(trigger_id=trigger_id, view=report_view(bot, supervisor))


def _raw(values: dict, block_id: str) -> tuple[Any, bool]:
    """(raw answer, came from a selection rather than typing)."""
    state = (values.get(block_id) or {}).get(ACTION) or {}
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
            if q.required:
                errors[block] = ("This is needed for the report (the employee is not on HR's "
                                 "roster)." if q.key in ROSTER_KEYS else
                                 "This is needed for the report.")
            else:
                answers[q.key] = None
            continue
        result = parse_answer(q, raw, ctx, answers, from_action=picked)
        if isinstance(result, Invalid):
            errors[block] = result.message[:150]
        else:
            answers[q.key] = result.value
            if q.kind == "person":  # what the roster knows fills the blanks
                apply_roster(SimpleNamespace(answers=answers, displays={}), result.value, ctx)
    return answers, errors
