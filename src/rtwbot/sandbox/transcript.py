"""A plain-words rendering of everything said in the sandbox workspace.

For the demo and for readable test failures: who said what where, with buttons and menus
numbered per message, mentions resolved to names, and open modals / Home tabs at the end.
"""

from __future__ import annotations

import re
from typing import Any

from .workspace import Channel, Ephemeral, Message, View, Workspace

_USER = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)\|([^>]+)>")
_BARE_LINK = re.compile(r"<((?:https?|mailto):[^>]+)>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)[^>]*>")


def _name(ws: Workspace, user_id: str | None) -> str:
    user = ws.user(user_id)
    return user.real_name if user else (user_id or "someone")


def plain(ws: Workspace, text: str) -> str:
    """Slack mrkdwn with ids and link markup replaced by what a reader would see."""

    def channel_name(match: re.Match[str]) -> str:
        channel = ws.channel(match.group(1))
        return "#" + (match.group(2) or (channel.name if channel else match.group(1)))

    text = _USER.sub(lambda m: "@" + _name(ws, m.group(1)), text)
    text = _CHANNEL.sub(channel_name, text)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _BARE_LINK.sub(lambda m: m.group(1), text)
    text = _SPECIAL.sub(lambda m: "@" + m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _text_of(obj: Any) -> str:
    return obj.get("text", "") if isinstance(obj, dict) else str(obj or "")


def _rich_text(element: dict[str, Any]) -> str:
    kind = element.get("type")
    if kind == "text":
        return element.get("text", "")
    if kind == "user":
        return f"<@{element.get('user_id')}>"
    if kind == "link":
        return element.get("text") or element.get("url", "")
    return "".join(_rich_text(e) for e in element.get("elements") or [])


class _Numbering:
    def __init__(self) -> None:
        self.count = 0

    def next(self) -> int:
        self.count += 1
        return self.count


def _element(ws: Workspace, element: dict[str, Any], numbers: _Numbering) -> str:
    kind = element.get("type", "")
    label = plain(ws, _text_of(element.get("text") or element.get("placeholder")))
    if kind == "button":
        return f"[{numbers.next()}] {label}"
    if kind.endswith("select") or kind in ("overflow", "radio_buttons", "checkboxes"):
        choices = ", ".join(_text_of(o.get("text")) for o in element.get("options") or [])
        return f"[{numbers.next()}] {label or 'choose'} (menu{': ' + choices if choices else ''})"
    if kind == "datepicker":
        return f"[{numbers.next()}] {label or 'pick a date'} (date picker)"
    if kind == "image":
        return f"(image: {element.get('alt_text', '')})"
    if kind in ("mrkdwn", "plain_text"):
        return plain(ws, element.get("text", ""))
    return f"[{numbers.next()}] {label or kind} ({kind.replace('_', ' ')})"


def render_blocks(ws: Workspace, blocks: list[dict[str, Any]],
                  errors: dict[str, str] | None = None) -> list[str]:
    """Readable lines for a list of blocks, interactive elements numbered from 1; a modal's
    `errors` under their fields, as Slack shows them."""
    numbers = _Numbering()
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(plain(ws, _text_of(block.get("text"))).upper())
        elif kind == "section":
            if block.get("text"):
                lines += plain(ws, _text_of(block["text"])).splitlines()
            lines += ["  " + plain(ws, _text_of(f)) for f in block.get("fields") or []]
            if isinstance(block.get("accessory"), dict):
                lines.append("  " + _element(ws, block["accessory"], numbers))
        elif kind == "context":
            lines.append(
                "  " + " · ".join(_element(ws, e, numbers) for e in block.get("elements") or [])
            )
        elif kind == "actions":
            lines.append(
                "  " + "   ".join(_element(ws, e, numbers) for e in block.get("elements") or [])
            )
        elif kind == "input":
            optional = " (optional)" if block.get("optional") else ""
            element = block.get("element") or {}
            lines.append(
                f"{_text_of(block.get('label'))}{optional}: {_element(ws, element, numbers)}"
            )
            error = (errors or {}).get(block.get("block_id") or "")
            if error:
                lines.append(f"  ! {error}")
        elif kind == "divider":
            lines.append("----")
        elif kind == "rich_text":
            lines += plain(ws, _rich_text(block)).splitlines()
        elif kind == "image":
            lines.append(f"(image: {block.get('alt_text', '')})")
        else:
            lines.append(f"({kind} block)")
    return lines


def _where(ws: Workspace, channel: Channel | None) -> str:
    if channel is None:
        return "somewhere"
    if channel.is_im:
        return f"DM with {_name(ws, channel.im_user)}"
    return f"#{channel.name}"


def _body(ws: Workspace, text: str, blocks: list[dict[str, Any]] | None) -> list[str]:
    if blocks and not all(b.get("type") == "rich_text" for b in blocks):
        return render_blocks(ws, blocks)
    return plain(ws, text).splitlines() or [""]


def _message_lines(ws: Workspace, message: Message) -> list[str]:
    channel = ws.channel(message.channel)
    where = _where(ws, channel)
    if message.is_reply:
        where += " (thread)"
    head = f"{where} · {_name(ws, message.user)}"
    body = _body(ws, message.text, message.blocks)
    for file_id in message.files:
        file = ws.files.get(file_id)
        if file is not None:
            body.append(f"(file: {file.name}, {max(1, file.size // 1024)} KB)")
    if message.edited:
        body[-1] += " (edited)"
    return _join(head, body)


def _ephemeral_lines(ws: Workspace, ephemeral: Ephemeral) -> list[str]:
    head = f"{_where(ws, ws.channel(ephemeral.channel))} · {ws.bot.real_name} (only visible to {_name(ws, ephemeral.user)})"
    return _join(head, _body(ws, ephemeral.text, ephemeral.blocks))


def view_lines(ws: Workspace, view: View) -> list[str]:
    data = view.data
    if view.type == "home":
        head = f"Home tab of {_name(ws, view.user)}"
    else:
        head = f"Modal for {_name(ws, view.user)}: {_text_of(data.get('title'))}"
    blocks = data.get("blocks") or []
    body = render_blocks(ws, blocks, view.errors)
    shown = {b.get("block_id") for b in blocks if b.get("type") == "input"}
    # An error for no field of the form (Slack would refuse it): shown without an id.
    body += [f"! {error}" for block_id, error in (view.errors or {}).items()
             if block_id not in shown]
    buttons = [_text_of(data.get(key)) for key in ("close", "submit") if data.get(key)]
    if buttons:
        body.append("  " + "   ".join(f"<{b}>" for b in buttons))
    return _join(head, body)


def _join(head: str, body: list[str]) -> list[str]:
    first, *rest = body or [""]
    return [f"{head}: {first.strip()}", *("    " + line for line in rest)]


def transcript_entries(ws: Workspace) -> list[tuple[str, list[str]]]:
    """Each message (and ephemeral) as (a stable key, its lines), oldest first."""
    entries: list[tuple[float, str, list[str]]] = []
    for channel, messages in ws.messages.items():
        entries += [(float(m.ts), f"{channel}/{m.ts}", _message_lines(ws, m)) for m in messages]
    entries += [(float(e.ts), f"{e.channel}/{e.user}/{e.ts}", _ephemeral_lines(ws, e))
                for e in ws.ephemerals if not e.deleted]
    return [(key, lines) for _, key, lines in sorted(entries, key=lambda item: item[0])]


def render_transcript(ws: Workspace, views: bool = True) -> str:
    lines = [line for _, block in transcript_entries(ws) for line in block]
    open_views = [ws.views[v] for stack in ws.modal_stacks.values() for v in stack]
    open_views += [ws.views[v] for v in ws.home_views.values()]
    if open_views and views:
        lines.append("")
        for view in open_views:
            lines += view_lines(ws, view)
    return "\n".join(lines)
