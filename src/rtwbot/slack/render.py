"""Block Kit for what the workflow says, built with slack_sdk's models so Slack's limits
(section text 3,000, button text 75, 50 blocks...) are checked before anything is sent."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    PlainTextObject,
    SectionBlock,
)

from rtwbot.workflow.outbox import Button, Say

SECTION_LIMIT = 3000


def button(b: Button) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=b.label[:75], emoji=True),
        action_id=b.action_id,
        value=b.value or None,
        style=b.style,
    )


def chunks(text: str, size: int = SECTION_LIMIT) -> list[str]:
    """Split long text on line breaks so no section goes past Slack's limit."""
    out, current = [], ""
    for line in text.split("\n"):
        while len(line) > size:
            out.append(line[:size])
            line = line[size:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > size:
            out.append(current)
            current = line
        else:
            current = candidate
    if current or not out:
        out.append(current)
    return out


def actions(buttons: tuple[Button, ...] | list[Button], block_id: str | None = None) -> list[Block]:
    # An actions block holds at most 25 elements.
    els = [button(b) for b in buttons]
    return [
        ActionsBlock(elements=els[i : i + 25], block_id=f"{block_id}-{i}" if block_id else None)
        for i in range(0, len(els), 25)
    ]


def say_blocks(say: Say) -> list[dict]:
    if "intake" in say.extra:
        from rtwbot.slack.render_intake import intake_blocks

        return intake_blocks(say.extra["intake"], say.extra["intake_id"], say.text)
    parts = chunks(say.text)
    if not all(parts):  # slack_sdk's model says what is wrong with an empty section
        return [SectionBlock(text=part).to_dict() for part in parts]
    # Plain sections as the dicts slack_sdk's model makes of them (chunks keep each within
    # Slack's limit): every reply has them, and building the models costs more than its
    # database work.
    out = [{"type": "section", "text": {"type": "mrkdwn", "text": part}} for part in parts]
    if say.buttons:
        out += [b.to_dict() for b in actions(say.buttons)]
    return out


def fallback_text(text: str) -> str:
    """The notification text: the first line, without Markdown emphasis."""
    first = text.strip().split("\n", 1)[0]
    return first[:300]
