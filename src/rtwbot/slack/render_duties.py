"""Block Kit for recording a duty done: the small modal that asks what discharges it (the day,
the time, by whom, who took the call), built from the workflow's `DutyForm` and read back
on submit as a `Record`."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
    TimePickerElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from rtwbot.domain.duties import MAX_CALL, Ask, Record
from rtwbot.workflow.duties import DutyForm
from rtwbot.workflow.outbox import escape

CALLBACK = "duty_record"
BLOCK = {ask: f"duty_{ask.value}" for ask in Ask}

_LABELS = {
    Ask.ON: "Done on",
    Ask.AT: "At (time)",
    Ask.BY: "By whom",
    Ask.CALL: "Who took the call at the Ministry (a name or a reference)",
    Ask.CLAIM: "WSIB claim number",
}


def _element(ask: Ask, form: DutyForm) -> Any:
    action = BLOCK[ask]
    if ask is Ask.ON:
        return DatePickerElement(action_id=action, initial_date=form.today.isoformat(),
                                 placeholder="Pick a date")
    if ask is Ask.AT:
        return TimePickerElement(action_id=action, placeholder="Pick a time")
    if ask is Ask.BY:
        return UserSelectElement(action_id=action, initial_user=form.user,
                                 placeholder="Pick a person")
    return PlainTextInputElement(action_id=action, max_length=MAX_CALL)


def duty_modal(form: DutyForm) -> dict[str, Any]:
    blocks: list[Any] = [SectionBlock(text=MarkdownTextObject(text=(
        f"*{escape(form.name)}* — *{form.reference}*. This closes it for everyone: "
        f"{escape(form.discharge)}.")))]
    for ask in form.asks:
        blocks.append(InputBlock(block_id=BLOCK[ask], label=_LABELS[ask],
                                 element=_element(ask, form),
                                 optional=ask in (Ask.CALL, Ask.CLAIM)))
    meta = {"reference": form.reference, "duty": form.duty, "nudge_id": form.nudge_id}
    return View(type="modal", callback_id=CALLBACK, title="Record it done",
                submit="Record", close="Cancel", private_metadata=json.dumps(meta),
                blocks=blocks).to_dict()


def read_duty_view(view: dict[str, Any]) -> tuple[str, str, int | None, Record]:
    """(reference, duty, nudge id, the record) from a submitted duty modal."""
    meta = json.loads(view.get("private_metadata") or "{}")
    values = (view.get("state") or {}).get("values") or {}

    def entry(ask: Ask) -> dict[str, Any]:
        return (values.get(BLOCK[ask]) or {}).get(BLOCK[ask]) or {}

    picked = entry(Ask.ON).get("selected_date")
    at = entry(Ask.AT).get("selected_time")
    record = Record(
        on=date.fromisoformat(picked) if picked else None,
        at=time.fromisoformat(at) if at else None,
        by=entry(Ask.BY).get("selected_user"),
        call=(entry(Ask.CALL).get("value") or "").strip() or None,
        claim_number=(entry(Ask.CLAIM).get("value") or "").strip() or None,
    )
    nudge = meta.get("nudge_id")
    return str(meta.get("reference") or ""), str(meta.get("duty") or ""), \
        int(nudge) if nudge else None, record


def errors_for(errors: dict[str, str]) -> dict[str, str]:
    """The workflow's errors (keyed by what was asked) on the modal's blocks."""
    return {BLOCK[Ask(k)]: v for k, v in errors.items()}
