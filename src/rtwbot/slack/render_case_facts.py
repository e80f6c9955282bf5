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

from rtwbot.workflow.case_updates import FACTS, MODIFIED_START, UpdateForm
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


def update_modal(form: UpdateForm) -> dict[str, Any]:
    blocks: list[Any] = [SectionBlock(text=MarkdownTextObject(text=(
        f"What is known now about *{form.reference}*? Every change re-checks whether the "
        "WSIB must be told (OPM 15-01-02).")))]
    for key, label, choices in FACTS:
        options = [_option(v, text) for v, text in choices]
        current = next((o for o in options if o.value == form.current.get(key)), None)
        blocks.append(_input(key, label, StaticSelectElement(
            action_id=key, options=options, initial_option=current, placeholder="Choose"),
            optional=False))
    blocks.append(_input(MODIFIED_START, "Modified work started on", DatePickerElement(
        action_id=MODIFIED_START, placeholder="Pick a date",
        initial_date=form.modified_work_start.isoformat() if form.modified_work_start else None)))
    return View(type="modal", callback_id=UPDATE_CALLBACK,
                title=PlainTextObject(text="Update the facts"),
                submit=PlainTextObject(text="Update"), close=PlainTextObject(text="Cancel"),
                private_metadata=json.dumps({"reference": form.reference}),
                blocks=blocks).to_dict()


def _entry(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    return (values.get(block_id) or {}).get(block_id) or {}


def read_update_view(view: dict[str, Any]) -> tuple[str, dict[str, str], date | None]:
    values = (view.get("state") or {}).get("values") or {}
    reference = json.loads(view.get("private_metadata") or "{}").get("reference") or ""
    changes = {}
    for key, _, _ in FACTS:
        option = _entry(values, key).get("selected_option")
        if option:
            changes[key] = option["value"]
    picked = _entry(values, MODIFIED_START).get("selected_date")
    return reference, changes, date.fromisoformat(picked) if picked else None


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
