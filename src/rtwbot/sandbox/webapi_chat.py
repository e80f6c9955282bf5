"""auth.test and the chat.* methods: who the bot is, and posting, updating and deleting its
messages as Slack allows a bot."""

from __future__ import annotations

from typing import Any

from . import blockkit
from .errors import ApiFailure
from .shapes import message_json
from .webapi_rules import (
    Args,
    message_content,
    ok,
    own_message,
    post_target,
    visible_channel,
)
from .workspace import Workspace, with_block_ids


def auth_test(ws: Workspace, a: Args) -> dict[str, Any]:
    return ok(
        url=f"https://{ws.team_domain}.slack.com/",
        team=ws.team_name,
        user=ws.bot.name,
        team_id=ws.team_id,
        user_id=ws.bot.id,
        bot_id=ws.bot.bot_id,
        is_enterprise_install=False,
    )


def chat_post_message(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = post_target(ws, a.str("channel"))
    text, blocks, attachments = message_content(a)
    blockkit.check_message(text, blocks, attachments)
    message = ws.add_message(
        channel,
        author=ws.bot,
        text=text or "",
        blocks=blocks,
        attachments=attachments,
        thread_ts=a.str("thread_ts"),
        metadata=a.json("metadata"),
        reply_broadcast=a.bool("reply_broadcast"),
    )
    body = message_json(ws, message)
    return ok(channel=channel.id, ts=message.ts, message=body)


def chat_update(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = visible_channel(ws, a.str("channel"))
    message = own_message(ws, channel, a.str("ts"), "cant_update_message")
    text, blocks, attachments = message_content(a)
    if not a.has("text") and blocks is None and attachments is None:
        raise ApiFailure("no_text")
    blockkit.check_message(text if a.has("text") else message.text, blocks, attachments)
    if a.has("text") or blocks is not None:
        message.text = text or ""
    if blocks is not None:
        message.blocks = with_block_ids(blocks)
    if attachments is not None:
        message.attachments = attachments
    message.edited = {"user": ws.bot.id, "ts": ws.next_ts()}
    ws.notify()
    return ok(
        channel=channel.id, ts=message.ts, text=message.text, message=message_json(ws, message)
    )


def chat_post_ephemeral(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = visible_channel(ws, a.str("channel"))
    if ws.bot.id not in channel.members:
        raise ApiFailure("not_in_channel")
    if channel.is_archived:
        raise ApiFailure("is_archived")
    user = ws.user(a.str("user"))
    if user is None or user.deleted or user.id not in channel.members:
        raise ApiFailure("user_not_in_channel")
    text, blocks, attachments = message_content(a)
    blockkit.check_message(text, blocks, attachments)
    ephemeral = ws.add_ephemeral(
        channel,
        user=user.id,
        text=text or "",
        blocks=blocks,
        attachments=attachments,
        thread_ts=a.str("thread_ts"),
    )
    return ok(message_ts=ephemeral.ts)


def chat_delete(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = visible_channel(ws, a.str("channel"))
    message = own_message(ws, channel, a.str("ts"), "cant_delete_message")
    ws.delete_message(message)
    return ok(channel=channel.id, ts=message.ts)


def chat_get_permalink(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = visible_channel(ws, a.str("channel"))
    message = ws.find_message(channel.id, a.str("message_ts") or "")
    if message is None:
        raise ApiFailure("message_not_found")
    link = (
        f"https://{ws.team_domain}.slack.com/archives/{channel.id}/p{message.ts.replace('.', '')}"
    )
    if message.is_reply:
        link += f"?thread_ts={message.thread_ts}&cid={channel.id}"
    return ok(channel=channel.id, permalink=link)
