"""The sandbox's answers for a channel's life after it is made: archiving it, removing a
member, pinning a message (``conversations.archive``, ``conversations.kick``, ``pins.add``)."""

from __future__ import annotations

from typing import Any

from .errors import ApiFailure
from .webapi_rules import visible_channel
from .workspace import Workspace


def _channel(ws: Workspace, a):
    channel = visible_channel(ws, a.str("channel"))
    if channel.is_im or channel.is_mpim:
        raise ApiFailure("method_not_supported_for_channel_type")
    return channel


def conversations_archive(ws: Workspace, a) -> dict[str, Any]:
    channel = _channel(ws, a)
    if channel.is_archived:
        raise ApiFailure("already_archived")
    if ws.bot.id not in channel.members:
        raise ApiFailure("not_in_channel")
    channel.is_archived = True
    ws.notify()
    return {"ok": True}


def conversations_kick(ws: Workspace, a) -> dict[str, Any]:
    channel = _channel(ws, a)
    user = a.str("user") or ""
    if ws.bot.id not in channel.members:
        raise ApiFailure("not_in_channel")
    if user == ws.bot.id:
        raise ApiFailure("cant_kick_self")
    if ws.user(user) is None:
        raise ApiFailure("user_not_found")
    if user not in channel.members:
        raise ApiFailure("not_in_channel")
    channel.members.remove(user)
    ws.notify()
    return {"ok": True}


def pins_add(ws: Workspace, a) -> dict[str, Any]:
    channel = _channel(ws, a)
    ts = a.str("timestamp") or ""
    if not any(m.ts == ts for m in ws.messages.get(channel.id, [])):
        raise ApiFailure("message_not_found")
    pins = ws.pins.setdefault(channel.id, [])
    if ts in pins:
        raise ApiFailure("already_pinned")
    pins.append(ts)
    ws.notify()
    return {"ok": True}


HANDLERS = {
    "conversations.archive": conversations_archive,
    "conversations.kick": conversations_kick,
    "pins.add": pins_add,
}
