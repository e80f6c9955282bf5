"""Slack's JSON shapes for the workspace's objects (users, conversations, messages, files, views).

Kept apart from the state so the Web API answers, event payloads and interactivity payloads all
describe an object the same way Slack would.
"""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .workspace import Channel, Ephemeral, File, Message, User, View, Workspace

_TZ_LABELS = {
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "AST": "Atlantic Standard Time",
    "ADT": "Atlantic Daylight Time",
    "NST": "Newfoundland Standard Time",
    "NDT": "Newfoundland Daylight Time",
    "UTC": "Coordinated Universal Time",
}


def _tz_fields(ws: Workspace, tz: str) -> dict[str, Any]:
    try:
        now = datetime.fromtimestamp(ws.now(), ZoneInfo(tz))
    except ZoneInfoNotFoundError:
        return {"tz": tz, "tz_label": tz, "tz_offset": 0}
    offset = now.utcoffset()
    abbreviation = now.tzname() or tz
    return {
        "tz": tz,
        "tz_label": _TZ_LABELS.get(abbreviation, abbreviation),
        "tz_offset": int(offset.total_seconds()) if offset else 0,
    }


def user_json(ws: Workspace, user: User) -> dict[str, Any]:
    first, _, last = user.real_name.partition(" ")
    if user.first_name is not None or user.last_name is not None:  # set in the profile
        first, last = user.first_name or "", user.last_name or ""
    profile: dict[str, Any] = {
        "title": "",
        "phone": "",
        "skype": "",
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.display_name,
        "display_name_normalized": user.display_name,
        "fields": None,
        "status_text": "",
        "status_emoji": "",
        "status_expiration": 0,
        "avatar_hash": "g" + user.id[-11:].lower(),
        "first_name": first,
        "last_name": last,
        "image_24": f"{ws.base_url}/avatars/{user.id}_24.png",
        "image_48": f"{ws.base_url}/avatars/{user.id}_48.png",
        "image_72": f"{ws.base_url}/avatars/{user.id}_72.png",
        "team": ws.team_id,
    }
    if user.email:
        profile["email"] = user.email
    if user.is_bot:
        profile.update({"bot_id": user.bot_id, "api_app_id": user.app_id, "always_active": True})
    return {
        "id": user.id,
        "team_id": ws.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "color": "9f69e7",
        "real_name": user.real_name,
        **_tz_fields(ws, user.tz),
        "profile": profile,
        "is_admin": user.is_admin,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": user.updated,
        "is_email_confirmed": bool(user.email),
    }


def channel_json(ws: Workspace, channel: Channel, *, num_members: bool = False) -> dict[str, Any]:
    if channel.is_im:
        other = ws.user(channel.im_user)
        return {
            "id": channel.id,
            "created": channel.created,
            "is_archived": False,
            "is_im": True,
            "is_org_shared": False,
            "context_team_id": ws.team_id,
            "updated": channel.created * 1000,
            "user": channel.im_user,
            "is_user_deleted": bool(other and other.deleted),
            "priority": 0,
        }
    data: dict[str, Any] = {
        "id": channel.id,
        "name": channel.name,
        "is_channel": not channel.is_private,
        "is_group": channel.is_private and not channel.is_mpim,
        "is_im": False,
        "is_mpim": channel.is_mpim,
        "is_private": channel.is_private,
        "created": channel.created,
        "is_archived": channel.is_archived,
        "is_general": False,
        "unlinked": 0,
        "name_normalized": channel.name,
        "is_shared": False,
        "is_org_shared": False,
        "is_pending_ext_shared": False,
        "pending_shared": [],
        "context_team_id": ws.team_id,
        "updated": channel.created * 1000,
        "creator": channel.creator,
        "is_ext_shared": False,
        "shared_team_ids": [ws.team_id],
        "is_member": ws.bot.id in channel.members,
        "topic": {"value": channel.topic, "creator": "", "last_set": 0},
        "purpose": {"value": channel.purpose, "creator": "", "last_set": 0},
        "previous_names": [],
    }
    if num_members:
        data["num_members"] = len(channel.members)
    return data


def bot_profile(ws: Workspace) -> dict[str, Any]:
    return {
        "id": ws.bot.bot_id,
        "app_id": ws.app_id,
        "name": ws.bot.name,
        "icons": {"image_36": f"{ws.base_url}/avatars/{ws.bot.id}_36.png"},
        "deleted": False,
        "updated": ws.bot.updated,
        "team_id": ws.team_id,
    }


_MENTION = re.compile(r"<@([A-Z0-9]+)>")


def rich_text_blocks(text: str, block_id: str) -> list[dict[str, Any]]:
    """The ``rich_text`` block a Slack client attaches to what a person types."""
    elements: list[dict[str, Any]] = []
    position = 0
    for match in _MENTION.finditer(text):
        if match.start() > position:
            elements.append({"type": "text", "text": text[position : match.start()]})
        elements.append({"type": "user", "user_id": match.group(1)})
        position = match.end()
    if position < len(text):
        elements.append({"type": "text", "text": text[position:]})
    return [
        {
            "type": "rich_text",
            "block_id": block_id,
            "elements": [{"type": "rich_text_section", "elements": elements}],
        }
    ]


def message_json(ws: Workspace, message: Message) -> dict[str, Any]:
    author = ws.user(message.user)
    data: dict[str, Any] = {"type": "message"}
    if message.subtype:
        data["subtype"] = message.subtype
    data["text"] = message.text
    data["user"] = message.user
    data["ts"] = message.ts
    data["team"] = ws.team_id
    if author is not None and author.is_bot:
        data["bot_id"] = message.bot_id
        data["app_id"] = ws.app_id
        data["bot_profile"] = bot_profile(ws)
    if message.client_msg_id:
        data["client_msg_id"] = message.client_msg_id
    if message.blocks is not None:
        data["blocks"] = copy.deepcopy(message.blocks)
    if message.attachments:
        data["attachments"] = copy.deepcopy(message.attachments)
    if message.files:
        data["files"] = [file_json(ws, ws.files[f]) for f in message.files if f in ws.files]
        data["upload"] = not (author is not None and author.is_bot)
        data["display_as_bot"] = False
    if message.metadata:
        data["metadata"] = copy.deepcopy(message.metadata)
    if message.edited:
        data["edited"] = dict(message.edited)
    if message.thread_ts:
        data["thread_ts"] = message.thread_ts
        if message.is_reply:
            parent = ws.find_message(message.channel, message.thread_ts)
            data["parent_user_id"] = parent.user if parent else None
            if message.reply_broadcast:
                data["subtype"] = "thread_broadcast"
        else:
            data.update(
                {
                    "reply_count": message.reply_count,
                    "reply_users_count": len(message.reply_users),
                    "latest_reply": message.latest_reply,
                    "reply_users": list(message.reply_users),
                    "is_locked": False,
                    "subscribed": False,
                }
            )
    return data


def ephemeral_json(ws: Workspace, ephemeral: Ephemeral) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "message",
        "subtype": "bot_message",
        "text": ephemeral.text,
        "ts": ephemeral.ts,
        "username": ws.bot.name,
        "bot_id": ephemeral.bot_id,
        "channel": ephemeral.channel,
        "user": ephemeral.user,
    }
    if ephemeral.blocks is not None:
        data["blocks"] = copy.deepcopy(ephemeral.blocks)
    if ephemeral.attachments:
        data["attachments"] = copy.deepcopy(ephemeral.attachments)
    if ephemeral.thread_ts:
        data["thread_ts"] = ephemeral.thread_ts
    return data


def file_json(ws: Workspace, file: File) -> dict[str, Any]:
    base = f"{ws.base_url}/files-pri/{ws.team_id}-{file.id}"
    public: dict[str, list[dict[str, Any]]] = {}
    private: dict[str, list[dict[str, Any]]] = {}
    channels: list[str] = []
    groups: list[str] = []
    ims: list[str] = []
    for channel_id, timestamps in file.shares.items():
        channel = ws.channel(channel_id)
        if channel is None:
            continue
        entries = [
            {
                "reply_users": [],
                "reply_users_count": 0,
                "reply_count": 0,
                "ts": ts,
                "channel_name": channel.name,
                "team_id": ws.team_id,
                "share_user_id": file.user,
                "source": "UNKNOWN",
            }
            for ts in timestamps
        ]
        (private if channel.is_private else public)[channel_id] = entries
        (ims if channel.is_im else groups if channel.is_private else channels).append(channel_id)
    shares: dict[str, Any] = {}
    if public:
        shares["public"] = public
    if private:
        shares["private"] = private
    data: dict[str, Any] = {
        "id": file.id,
        "created": file.created,
        "timestamp": file.created,
        "name": file.name,
        "title": file.title,
        "mimetype": file.mimetype,
        "filetype": file.filetype,
        "pretty_type": file.filetype.upper(),
        "user": file.user,
        "user_team": ws.team_id,
        "editable": False,
        "size": file.size,
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": bool(public),
        "public_url_shared": False,
        "display_as_bot": False,
        "username": "",
        "url_private": f"{base}/{file.name}",
        "url_private_download": f"{base}/download/{file.name}",
        "permalink": f"https://{ws.team_domain}.slack.com/files/{file.user}/{file.id}/{file.name}",
        "permalink_public": f"https://slack-files.com/{ws.team_id}-{file.id}-sandbox",
        "channels": channels,
        "groups": groups,
        "ims": ims,
        "comments_count": 0,
        "has_rich_preview": False,
        "file_access": "visible",
    }
    if shares:
        data["shares"] = shares
    if file.alt_txt:
        data["alt_txt"] = file.alt_txt
    return data


def view_json(ws: Workspace, view: View) -> dict[str, Any]:
    data = view.data
    return {
        "id": view.id,
        "team_id": ws.team_id,
        "type": view.type,
        "blocks": copy.deepcopy(data.get("blocks", [])),
        "private_metadata": data.get("private_metadata", ""),
        "callback_id": data.get("callback_id", ""),
        "state": {"values": copy.deepcopy(view.state)},
        "hash": view.hash,
        "title": copy.deepcopy(data.get("title")),
        "clear_on_close": bool(data.get("clear_on_close", False)),
        "notify_on_close": bool(data.get("notify_on_close", False)),
        "close": copy.deepcopy(data.get("close")),
        "submit": copy.deepcopy(data.get("submit")),
        "previous_view_id": view.previous_view_id,
        "root_view_id": view.root_view_id,
        "app_id": ws.app_id,
        "external_id": view.external_id,
        "app_installed_team_id": ws.team_id,
        "bot_id": ws.bot.bot_id,
    }


def user_ref(ws: Workspace, user: User) -> dict[str, Any]:
    """The compact ``user`` object of interactivity payloads."""
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": ws.team_id}


def team_ref(ws: Workspace) -> dict[str, Any]:
    return {"id": ws.team_id, "domain": ws.team_domain}


def channel_ref(ws: Workspace, channel: Channel) -> dict[str, Any]:
    return {"id": channel.id, "name": "directmessage" if channel.is_im else channel.name}
