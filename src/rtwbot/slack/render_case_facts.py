"""Block Kit for facts after filing: the "update the facts" modal and the "Form 7 sent"
modal (built from the workflow's forms, read back on submit)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from rtwbot.workflow.case_updates import (
    FACTS,
    HR_FACTS,
    MODIFIED_START,
    SOURCE_CHOICES,
    Learned,
    UpdateForm,
)
from rtwbot.workflow.filing import fmt_day
from rtwbot.workflow.form7_filed import Form7Form

UPDATE_CALLBACK = "case_update"
FORM7_CALLBACK = "form7_received"
RECEIVED_ON, CLAIM_NUMBER, WORKER_COPY = "f7_received_on", "f7_claim_number", "f7_worker_copy"
FORM7_ERROR_BLOCKS = {"received_on": RECEIVED_ON, "claim_number": CLAIM_NUMBER}


def _input(block_id: str, label: str, element: Any, optional: bool = True) -> InputBlock:
    return InputBlock(block_id=block_id, label=label, element=element, optional=optional)


def _option(value: str, label: str) -> Option:
    return Option(value=value, text=label)


LEARNED_ON, SOURCE, ABLE_SINCE = "learned_on", "learned_from", "able_since"


def _select(key: str, label: str, choices, current: str | None,
            optional: bool = False) -> InputBlock:
    options = [_option(v, text) for v, text in choices]
    initial = next((o for o in options if o.value == current), None)
    return _input(key, label, StaticSelectElement(
        action_id=key, options=options, initial_option=initial, placeholder="Choose"),
        optional=optional)


def update_modal(form: UpdateForm) -> dict[str, Any]:
    blocks: list[Any] = [SectionBlock(text=MarkdownTextObject(text=(
        f"What is known now about *{form.reference}*? Every change re-checks whether the "
        "WSIB must be told (OPM 15-01-02) — from the day the employer learned it, not the "
        "day it is typed here.")))]
    for key, label, choices in FACTS:
        blocks.append(_select(key, label, choices, form.current.get(key)))
    blocks.append(_input(MODIFIED_START, "Modified work started on", DatePickerElement(
        action_id=MODIFIED_START, placeholder="Pick a date",
        initial_date=form.modified_work_start.isoformat() if form.modified_work_start else None)))
    if form.is_hr:
        for key, label, choices in HR_FACTS:
            blocks.append(_select(key, label, choices, form.current.get(key), optional=True))
        blocks.append(_input(ABLE_SINCE, "Able to perform the essential duties since",
                             DatePickerElement(action_id=ABLE_SINCE, placeholder="Pick a date")))
    blocks.append(_input(LEARNED_ON, "When did you learn this?", DatePickerElement(
        action_id=LEARNED_ON, initial_date=form.today.isoformat()), optional=False))
    blocks.append(_select(SOURCE, "Who told you? (where it comes from)", SOURCE_CHOICES,
                          form.source, optional=True))
    return View(type="modal", callback_id=UPDATE_CALLBACK,
                title=PlainTextObject(text="Update the facts"),
                submit=PlainTextObject(text="Update"), close=PlainTextObject(text="Cancel"),
                private_metadata=json.dumps({"reference": form.reference}),
                blocks=blocks).to_dict()


def _entry(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    return (values.get(block_id) or {}).get(block_id) or {}


def _picked(values: dict[str, Any], block_id: str) -> date | None:
    picked = _entry(values, block_id).get("selected_date")
    return date.fromisoformat(picked) if picked else None


def read_update_view(view: dict[str, Any]) -> tuple[str, dict[str, str], date | None, Learned]:
    values = (view.get("state") or {}).get("values") or {}
    reference = json.loads(view.get("private_metadata") or "{}").get("reference") or ""
    changes = {}
    for key, _, _ in (*FACTS, *HR_FACTS):
        option = _entry(values, key).get("selected_option")
        if option:
            changes[key] = option["value"]
    source = (_entry(values, SOURCE).get("selected_option") or {}).get("value")
    learned = Learned(on=_picked(values, LEARNED_ON), source=source,
                      since=_picked(values, ABLE_SINCE))
    return reference, changes, _picked(values, MODIFIED_START), learned


def form7_modal(form: Form7Form) -> dict[str, Any]:
    due = f" It was due by the end of {fmt_day(form.due)}." if form.due else ""
    copy = _option("yes", "The worker was given their copy")
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=(
            f"Record Form 7 sent to the WSIB for *{form.reference}*: the day the WSIB "
            f"received it, and the claim number when known.{due}"))),
        _input(RECEIVED_ON, "Received by the WSIB on", DatePickerElement(
            action_id=RECEIVED_ON, placeholder="Pick a date",
            initial_date=form.received_on.isoformat() if form.received_on else None),
            optional=False),
        _input(CLAIM_NUMBER, "WSIB claim number", PlainTextInputElement(
            action_id=CLAIM_NUMBER, max_length=20, initial_value=form.claim_number)),
        _input(WORKER_COPY, "Worker's copy (WSIA s.21(4))", CheckboxesElement(
            action_id=WORKER_COPY, options=[copy],
            initial_options=[copy] if form.worker_copy else None)),
    ]
    return View(type="modal", callback_id=FORM7_CALLBACK,
                title=PlainTextObject(text="Form 7 sent"),
                submit=PlainTextObject(text="Record"), close=PlainTextObject(text="Cancel"),
                private_metadata=json.dumps({"reference": form.reference}),
                blocks=blocks).to_dict()


def read_form7_view(view: dict[str, Any]) -> tuple[str, date | None, str | None, bool]:
    values = (view.get("state") or {}).get("values") or {}
    reference = json.loads(view.get("private_metadata") or "{}").get("reference") or ""
    picked = _entry(values, RECEIVED_ON).get("selected_date")
    claim = (_entry(values, CLAIM_NUMBER).get("value") or "").strip() or None
    copy = bool(_entry(values, WORKER_COPY).get("selected_options"))
    return reference, date.fromisoformat(picked) if picked else None, claim, copy
