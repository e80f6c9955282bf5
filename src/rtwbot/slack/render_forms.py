"""Block Kit for functional abilities: the "enter by hand" modal (built from the form's
answers, read back on submit) and a read-back message once someone has answered it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from rtwbot.slack import render
from rtwbot.workflow.functional_entry import Choice, EnteredAbilities, EntryForm
from rtwbot.workflow.outbox import Say

MODAL_CALLBACK = "fa_manual_entry"
# One block (and one element, with the same id) per answer; ability groups add their key.
RETURN_STATUS = "fa_return_status"
DURATION = "fa_expected_duration"
NEXT_ASSESSMENT = "fa_next_assessment"
DETAILS = "fa_details"
COMMENTS = "fa_comments"
HEALTH_PROFESSIONAL = "fa_health_professional"
SAID_BY = "fa_said_by"
RECEIVED_ON = "fa_received_on"  # when the employer got the form: its facts count from then
# Functional information comes from the health professional, or the WSIB / LTD carrier.
SOURCES = {"health_professional": "The health professional", "wsib": "The WSIB",
           "ltd": "The LTD carrier"}
GROUP_PREFIX = "fa_g_"
# The workflow's error keys -> the block showing them.
ERROR_BLOCKS = {
    "return_status": RETURN_STATUS,
    "expected_duration": DURATION,
    "next_assessment": NEXT_ASSESSMENT,
    "details": DETAILS,
    "received_on": RECEIVED_ON,
}


def _options(choices: tuple[Choice, ...]) -> list[Option]:
    return [Option(value=c.value[:150], text=c.label[:75]) for c in choices]


def _input(block_id: str, label: str, element: Any, *, optional: bool = True,
           hint: str | None = None) -> InputBlock:
    return InputBlock(block_id=block_id, label=label[:2000], element=element, optional=optional,
                      hint=hint)


def abilities_modal(form: EntryForm) -> dict[str, Any]:
    """The modal with the functional abilities form's answers for ``form.reference``."""
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=(
            f"Enter what the health professional wrote on the functional abilities form for "
            f"*{form.reference}*. Abilities and limits only — never a diagnosis."))),
        _input(RETURN_STATUS, "Return-to-work status",
               RadioButtonsElement(action_id=RETURN_STATUS, options=_options(form.statuses)),
               optional=False),
        _input(DURATION, "Expected duration of the restrictions",
               StaticSelectElement(action_id=DURATION, placeholder="Choose",
                                   options=_options(form.durations)),
               optional=False),
        _input(NEXT_ASSESSMENT, "Date of next assessment",
               DatePickerElement(action_id=NEXT_ASSESSMENT, placeholder="Pick a date")),
        ContextBlock(elements=[MarkdownTextObject(
            text="*Abilities* — leave a line empty where the form says nothing.")]),
    ]
    for group in form.groups:
        block_id = f"{GROUP_PREFIX}{group.key}"[:255]
        blocks.append(_input(block_id, group.label, StaticSelectElement(
            action_id=block_id, placeholder="Choose", options=_options(group.options))))
    blocks += [
        _input(DETAILS, "Details of the limits",
               PlainTextInputElement(action_id=DETAILS, multiline=True, max_length=1000),
               hint="What the person can and cannot do, e.g. “no ladders”. Kept for HR's "
                    "review: the team sees it only in a wording HR approves."),
        _input(COMMENTS, "Health professional's comments",
               PlainTextInputElement(action_id=COMMENTS, multiline=True, max_length=3000),
               hint="Kept confidential in the case record and never shown to anyone."),
        _input(HEALTH_PROFESSIONAL, "Health professional (name and profession)",
               PlainTextInputElement(action_id=HEALTH_PROFESSIONAL, max_length=200)),
        _input(RECEIVED_ON, "When did the form reach the employer?",
               DatePickerElement(action_id=RECEIVED_ON, placeholder="Today"),
               hint="Leave it empty if it came today: its facts count from the day it came."),
        _input(SAID_BY, "Whose word is this?", RadioButtonsElement(
            action_id=SAID_BY, options=[Option(value=k, text=v) for k, v in SOURCES.items()],
            initial_option=Option(value="health_professional",
                                  text=SOURCES["health_professional"]))),
    ]
    view = View(
        type="modal", callback_id=MODAL_CALLBACK,
        title=PlainTextObject(text="Functional abilities"),
        submit=PlainTextObject(text="Record"), close=PlainTextObject(text="Cancel"),
        private_metadata=json.dumps({"case_id": form.case_id}), blocks=blocks,
    )
    return view.to_dict()


def _entry(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    return (values.get(block_id) or {}).get(block_id) or {}


def _selected(values: dict[str, Any], block_id: str) -> str | None:
    option = _entry(values, block_id).get("selected_option")
    return option.get("value") if option else None


def _text(values: dict[str, Any], block_id: str) -> str | None:
    return (_entry(values, block_id).get("value") or "").strip() or None


def read_abilities_view(view: dict[str, Any]) -> tuple[int, EnteredAbilities]:
    """The case id and what was entered in a submitted :func:`abilities_modal`."""
    values = (view.get("state") or {}).get("values") or {}
    case_id = int(json.loads(view.get("private_metadata") or "{}").get("case_id") or 0)
    picked = _entry(values, NEXT_ASSESSMENT).get("selected_date")
    received = _entry(values, RECEIVED_ON).get("selected_date")
    choices = {
        block_id.removeprefix(GROUP_PREFIX): chosen
        for block_id in values
        if block_id.startswith(GROUP_PREFIX) and (chosen := _selected(values, block_id))
    }
    return case_id, EnteredAbilities(
        return_status=_selected(values, RETURN_STATUS),
        expected_duration=_selected(values, DURATION),
        choices=choices,
        details=_text(values, DETAILS),
        next_assessment=date.fromisoformat(picked) if picked else None,
        comments=_text(values, COMMENTS),
        health_professional=_text(values, HEALTH_PROFESSIONAL),
        said_by=_selected(values, SAID_BY) or "health_professional",
        received_on=date.fromisoformat(received) if received else None,
    )


def block_errors(errors: dict[str, str]) -> dict[str, str]:
    """The workflow's errors keyed by the modal's block ids (``response_action: errors``)."""
    return {ERROR_BLOCKS.get(key, RETURN_STATUS): message for key, message in errors.items()}


def settled_blocks(blocks: list[dict[str, Any]], note: str) -> list[dict[str, Any]]:
    """A message's blocks without its buttons, with a line saying what was answered."""
    kept = [b for b in blocks or [] if b.get("type") != "actions"]
    return kept + render.say_blocks(Say(text=f"_{note}_"))
