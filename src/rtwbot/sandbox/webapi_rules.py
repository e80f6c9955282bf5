"""What every Web API method of the sandbox reads and checks: its arguments (read the
lenient way Slack reads them), the conversation it names (visible to the bot, the bot a
member, where a post goes), a message's content, cursor pagination, and the bot's own
messages."""

from __future__ import annotations

import base64
import builtins
import json
import re
from collections.abc import Sequence
from typing import Any

from .errors import ApiFailure
from .workspace import Channel, Message, Workspace


class Args:
    """A method's arguments, read the lenient way Slack reads form fields and JSON bodies."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def has(self, name: str) -> bool:
        value = self.raw.get(name)
        return value is not None and value != ""

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        return (
            value
            if isinstance(value, str)
            else json.dumps(value)
            if isinstance(value, dict | list)
            else str(value)
        )

    # Past `def str` (and the others) those names mean these methods inside the class's
    # own signatures, so the signatures below name the builtins.
    def bool(self, name: builtins.str) -> builtins.bool:
        value = self.raw.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes")
        return bool(value)

    def int(self, name: builtins.str, default: builtins.int) -> builtins.int:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiFailure(
                "invalid_arguments", messages=[f"[ERROR] `{name}` must be an integer"]
            ) from None

    def json(self, name: builtins.str, *, error: builtins.str = "invalid_arguments") -> Any:
        """A structured argument: form posts carry it JSON-encoded, JSON bodies carry it as is."""
        value = self.raw.get(name)
        if isinstance(value, str):
            if value.strip() == "":
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise ApiFailure(error, messages=[f"[ERROR] `{name}` is not valid JSON"]) from None
        return value


def visible_channel(ws: Workspace, channel_arg: str | None) -> Channel:
    """A conversation the bot can see: public channels, and private ones / DMs it belongs to."""
    channel = ws.channel(channel_arg)
    if channel is None and channel_arg and not re.fullmatch(r"[CGD][A-Z0-9]{6,}", channel_arg):
        channel = ws.channel_by_name(channel_arg)
        if channel is not None and channel.is_private:
            channel = None
    if channel is None or (channel.is_private and ws.bot.id not in channel.members):
        raise ApiFailure("channel_not_found")
    return channel


def member_channel(ws: Workspace, channel_arg: str | None) -> Channel:
    channel = visible_channel(ws, channel_arg)
    if ws.bot.id not in channel.members:
        raise ApiFailure("not_in_channel")
    return channel


def post_target(ws: Workspace, channel_arg: str | None) -> Channel:
    """``chat.postMessage``'s channel: a conversation ID, a public name, or a user ID (their DM)."""
    user = ws.user(channel_arg) if channel_arg and channel_arg[:1] in "UW" else None
    if user is not None:
        if user.deleted:
            raise ApiFailure("user_disabled")
        if user.is_bot:
            raise ApiFailure("cannot_dm_bot")
        im = ws.im_with(user.id)
        assert im is not None
        return im
    channel = member_channel(ws, channel_arg)
    if channel.is_archived:
        raise ApiFailure("is_archived")
    return channel


def message_content(a: Args) -> tuple[str | None, Any, Any]:
    text = a.str("text")
    blocks = a.json("blocks", error="invalid_blocks_format")
    attachments = a.json("attachments")
    return text, blocks, attachments


def paginate(items: Sequence[Any], a: Args, *, default_limit: int = 100) -> tuple[list[Any], str]:
    """Cursor pagination as Slack does it: opaque base64 cursors, empty ``next_cursor`` at the end."""
    limit = a.int("limit", default_limit)
    if limit < 1:
        limit = default_limit
    start = 0
    cursor = a.str("cursor")
    if cursor:
        try:
            kind, _, offset = base64.b64decode(cursor.encode()).decode().partition(":")
            start = int(offset)
            if kind != "offset" or start < 0:
                raise ValueError
        except ValueError:
            raise ApiFailure("invalid_cursor") from None
    page = list(items[start : start + limit])
    end = start + limit
    next_cursor = base64.b64encode(f"offset:{end}".encode()).decode() if end < len(items) else ""
    return page, next_cursor


def ok(**fields: Any) -> dict[str, Any]:
    return {"ok": True, **fields}


def own_message(ws: Workspace, channel: Channel, ts: str | None, refusal: str) -> Message:
    message = ws.find_message(channel.id, ts or "")
    if message is None:
        raise ApiFailure("message_not_found")
    if message.user != ws.bot.id:
        raise ApiFailure(refusal)
    return message
