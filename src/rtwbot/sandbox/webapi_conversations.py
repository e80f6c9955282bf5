"""The conversations.* methods a bot uses: opening DMs, reading history and members,
inviting, creating and listing conversations."""

from __future__ import annotations

import re
from typing import Any

from .errors import ApiFailure
from .shapes import channel_json, message_json
from .webapi_rules import (
    Args,
    member_channel,
    ok,
    paginate,
    visible_channel,
)
from .workspace import Channel, Message, Workspace


def conversations_open(ws: Workspace, a: Args) -> dict[str, Any]:
    if a.has("channel"):
        channel = ws.channel(a.str("channel"))
        if channel is None or ws.bot.id not in channel.members:
            raise ApiFailure("channel_not_found")
        if not (channel.is_im or channel.is_mpim):
            raise ApiFailure("method_not_supported_for_channel_type")
        return ok(no_op=True, already_open=True, channel=channel_json(ws, channel))
    user_ids = [u.strip() for u in (a.str("users") or "").split(",") if u.strip()]
    if not user_ids:
        raise ApiFailure("users_list_not_supplied")
    if len(user_ids) > 8:
        raise ApiFailure("too_many_users")
    for user_id in user_ids:
        user = ws.user(user_id)
        if user is None:
            raise ApiFailure("user_not_found")
        if user.deleted:
            raise ApiFailure("user_disabled")
        if user.is_bot:
            raise ApiFailure("cannot_dm_bot")
    if len(user_ids) == 1:
        existing = ws.im_with(user_ids[0], create=False)
        channel = existing or ws.im_with(user_ids[0])
        assert channel is not None
        shape = channel_json(ws, channel) if a.bool("return_im") else {"id": channel.id}
        if existing is not None:
            return ok(no_op=True, already_open=True, channel=shape)
        ws.notify()
        return ok(channel=shape)
    channel = ws.mpim_with(user_ids)
    return ok(channel=channel_json(ws, channel))


def conversations_info(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = visible_channel(ws, a.str("channel"))
    return ok(channel=channel_json(ws, channel, num_members=a.bool("include_num_members")))


def conversations_members(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = visible_channel(ws, a.str("channel"))
    members, next_cursor = paginate(channel.members, a)
    return ok(members=members, response_metadata={"next_cursor": next_cursor})


def conversations_invite(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = visible_channel(ws, a.str("channel"))
    if channel.is_im or channel.is_mpim:
        raise ApiFailure("method_not_supported_for_channel_type")
    if ws.bot.id not in channel.members:
        raise ApiFailure("not_in_channel")
    if channel.is_archived:
        raise ApiFailure("is_archived")
    user_ids = [u.strip() for u in (a.str("users") or "").split(",") if u.strip()]
    if not user_ids:
        raise ApiFailure("no_user")
    if len(user_ids) > 1000:
        raise ApiFailure("too_many_users")
    problems: list[tuple[str, str]] = []  # (user, error)
    for user_id in user_ids:
        user = ws.user(user_id)
        if user is None:
            error = "user_not_found"
        elif user.id == ws.bot.id:
            error = "cant_invite_self"
        elif user.deleted:
            error = "cant_invite"
        elif user.id in channel.members:
            error = "already_in_channel"
        else:
            continue
        problems.append((user_id, error))
    if problems:
        extra = ({"errors": [{"user": u, "ok": False, "error": e} for u, e in problems]}
                 if len(user_ids) > 1 else {})
        raise ApiFailure(problems[0][1], extra=extra)
    channel.members.extend(user_ids)
    ws.notify()
    return ok(channel=channel_json(ws, channel))


def _ts_arg(a: Args, name: str, error: str) -> float | None:
    value = a.str(name)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        raise ApiFailure(error) from None


def conversations_history(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = member_channel(ws, a.str("channel"))
    latest = _ts_arg(a, "latest", "invalid_ts_latest")
    oldest = _ts_arg(a, "oldest", "invalid_ts_oldest")
    inclusive = a.bool("inclusive")

    def in_range(m: Message) -> bool:
        ts = float(m.ts)
        if latest is not None and (ts > latest or (ts == latest and not inclusive)):
            return False
        return oldest is None or ts > oldest or (ts == oldest and inclusive)

    top_level = [
        m
        for m in ws.messages.get(channel.id, [])
        if (not m.is_reply or m.reply_broadcast) and in_range(m)
    ]
    page, next_cursor = paginate(list(reversed(top_level)), a)
    return ok(
        messages=[message_json(ws, m) for m in page],
        has_more=bool(next_cursor),
        pin_count=0,
        response_metadata={"next_cursor": next_cursor},
    )


def conversations_replies(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = member_channel(ws, a.str("channel"))
    parent = ws.find_message(channel.id, a.str("ts") or "")
    if parent is None:
        raise ApiFailure("thread_not_found")
    root = parent.thread_ts if parent.is_reply else parent.ts
    thread = ws.thread(channel.id, root or parent.ts)
    page, next_cursor = paginate(thread, a, default_limit=1000)
    return ok(
        messages=[message_json(ws, m) for m in page],
        has_more=bool(next_cursor),
        response_metadata={"next_cursor": next_cursor},
    )


_CHANNEL_NAME_MAX = 80


def conversations_create(ws: Workspace, a: Args) -> dict[str, Any]:
    name = (a.str("name") or "").strip()
    if not name:
        raise ApiFailure("invalid_name_required")
    if len(name) > _CHANNEL_NAME_MAX:
        raise ApiFailure("invalid_name_maxlength")
    if re.fullmatch(r"[-_]+", name):
        raise ApiFailure("invalid_name_punctuation")
    if not re.fullmatch(r"[a-z0-9\-_\u00c0-\uffff]+", name) or name != name.lower():
        raise ApiFailure("invalid_name_specials")
    if ws.channel_by_name(name) is not None:
        raise ApiFailure("name_taken")
    channel = ws.add_channel(
        name, private=a.bool("is_private"), members=[ws.bot.id], creator=ws.bot.id
    )
    ws.notify()
    return ok(channel=channel_json(ws, channel))


def conversations_list(ws: Workspace, a: Args) -> dict[str, Any]:
    wanted = {t.strip() for t in (a.str("types") or "public_channel").split(",") if t.strip()}
    allowed = {"public_channel", "private_channel", "im", "mpim"}
    if not wanted <= allowed:
        raise ApiFailure("invalid_types")

    def kind(channel: Channel) -> str:
        if channel.is_im:
            return "im"
        if channel.is_mpim:
            return "mpim"
        return "private_channel" if channel.is_private else "public_channel"

    visible = [
        c
        for c in ws.channels.values()
        if kind(c) in wanted
        and (not c.is_private or ws.bot.id in c.members)
        and not (a.bool("exclude_archived") and c.is_archived)
    ]
    page, next_cursor = paginate(visible, a)
    return ok(
        channels=[channel_json(ws, c) for c in page], response_metadata={"next_cursor": next_cursor}
    )
