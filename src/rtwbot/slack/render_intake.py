"""Block Kit for the intake conversation: a question with buttons or a picker, or the
summary with Confirm and an "Edit an answer" menu.

Every interactive element carries the report id and the question (or state version) it
was drawn for, so a click on an old message is recognised as stale by the engine.
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    InteractiveElement,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    UserSelectElement,
)

from rtwbot.intake import Reply
from rtwbot.slack.render import chunks

FIELD_LIMIT = 1900  # a section holds 3,000; keep summary rows readable


def pack(intake_id: int, *parts: object) -> str:
    return "|".join(str(p) for p in (intake_id, *parts))


def unpack(value: str) -> list[str]:
    return value.split("|", 2)


def _button(text: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=PlainTextObject(text=text[:75], emoji=True), action_id=action_id,
                         value=value[:2000], style=style)


def question_blocks(reply: Reply, intake_id: int, text: str) -> list[Block]:
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=t)) for t in chunks(text)]
    q = reply.question
    key = q.key if q else ""
    elements: list[InteractiveElement] = []
    if reply.input_hint == "date":
        elements.append(DatePickerElement(action_id="intake_date", placeholder="Pick a date"))
    elif reply.input_hint == "person":
        elements.append(UserSelectElement(action_id="intake_user",
                                          placeholder="Choose the employee"))
    elif reply.input_hint == "multi" and reply.choices:
        elements.append(StaticMultiSelectElement(
            action_id="intake_multi", placeholder="Choose all that apply",
            options=[Option(value=v[:150], text=label[:75]) for v, label in reply.choices[:100]],
        ))
    if reply.input_hint != "multi":
        for i, (value, label) in enumerate(reply.choices[:20]):
            elements.append(_button(label, f"intake_answer_{i}", pack(intake_id, key, value)))
    if elements:
        blocks.append(ActionsBlock(block_id=pack(intake_id, key)[:255], elements=elements[:25]))
    if reply.progress and (reply.progress[0] == 1 or reply.kind == "info"):
        # Shown on the first question, then only when asked for (help, where was I).
        index, total = reply.progress
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=f"Question {index} of {total} · type *back*, *change* …, *help* or *cancel* "
                 "any time")]))
    return blocks


EDIT_MENU = "intake_edit_menu"


def summary_blocks(reply: Reply, intake_id: int) -> list[Block]:
    """The answers as one compact list, then Confirm, an "Edit an answer" menu and Cancel:
    it fits on a phone."""
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=reply.text[:3000]))]
    rows = []
    for _key, label, display in reply.summary:
        shown = display if len(display) <= FIELD_LIMIT else display[:FIELD_LIMIT] + "…"
        rows.append(f"*{label}:* {shown or '—'}")
    for part in chunks("\n".join(rows)) if rows else []:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=part)))
    elements: list = []
    for value, label in reply.choices:
        if value == "confirm":
            elements.append(_button(label, "intake_confirm", pack(intake_id, reply.version),
                                    "primary"))
        elif value.startswith("fix:"):  # the answer that stops filing: change it
            key = value.removeprefix("fix:")
            elements.append(_button(label, f"intake_edit_fix_{key}"[:255],
                                    pack(intake_id, key), "primary"))
    if reply.summary:
        elements.append(StaticSelectElement(
            action_id=EDIT_MENU, placeholder="Edit an answer",
            options=[Option(value=pack(intake_id, key)[:150], text=label[:75])
                     for key, label, _ in reply.summary[:100]]))
    for value, label in reply.choices:
        if value == "cancel":
            elements.append(_button(label, "intake_cancel", pack(intake_id), "danger"))
    if elements:
        blocks.append(ActionsBlock(elements=elements))
    return blocks


def confirm_cancel_blocks(reply: Reply, intake_id: int) -> list[Block]:
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=reply.text[:3000]))]
    buttons = []
    for value, label in reply.choices:
        style = "danger" if value == "cancel_confirm" else None
        buttons.append(_button(label, f"intake_{value}", pack(intake_id), style))
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return blocks


def intake_blocks(reply: Reply, intake_id: int, text: str | None = None) -> list[dict]:
    if reply.summary:
        blocks = summary_blocks(reply, intake_id)
    elif reply.kind == "confirm_cancel":
        blocks = confirm_cancel_blocks(reply, intake_id)
    else:
        blocks = question_blocks(reply, intake_id, text or reply.text)
    return [b.to_dict() for b in blocks[:50]]
