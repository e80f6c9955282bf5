"""The Web API methods, answered as Slack answers a bot token.

``call()`` is the single entry point the HTTP server uses: it refuses unknown methods,
applies injected failures (429 / 5xx), checks the token and the required arguments from
``methods.METHODS``, runs the handler under the workspace lock and records the call. Each
handler enforces Slack's rules for a bot (membership, visibility, ownership) and answers
``{"ok": false, "error": ...}`` with Slack's error string when a rule is broken.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from collections.abc import Callable, Sequence
from typing import Any

from . import blockkit, webapi_channels
from .errors import ApiFailure
from .methods import METHODS
from .shapes import channel_json, file_json, message_json, user_json, view_json
from .workspace import CallRecord, Channel, Message, View, Workspace, with_block_ids

Handler = Callable[[Workspace, "Args"], dict[str, Any]]


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

    def bool(self, name: str) -> bool:
        value = self.raw.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes")
        return bool(value)

    def int(self, name: str, default: int) -> int:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiFailure(
                "invalid_arguments", messages=[f"[ERROR] `{name}` must be an integer"]
            ) from None

    def json(self, name: str, *, error: str = "invalid_arguments") -> Any:
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


# --------------------------------------------------------------------------- helpers


def _visible(ws: Workspace, channel_arg: str | None) -> Channel:
    """A conversation the bot can see: public channels, and private ones / DMs it belongs to."""
    channel = ws.channel(channel_arg)
    if channel is None and channel_arg and not re.fullmatch(r"[CGD][A-Z0-9]{6,}", channel_arg):
        channel = ws.channel_by_name(channel_arg)
        if channel is not None and channel.is_private:
            channel = None
    if channel is None or (channel.is_private and ws.bot.id not in channel.members):
        raise ApiFailure("channel_not_found")
    return channel


def _member_of(ws: Workspace, channel_arg: str | None) -> Channel:
    channel = _visible(ws, channel_arg)
    if ws.bot.id not in channel.members:
        raise ApiFailure("not_in_channel")
    return channel


def _post_target(ws: Workspace, channel_arg: str | None) -> Channel:
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
    channel = _member_of(ws, channel_arg)
    if channel.is_archived:
        raise ApiFailure("is_archived")
    return channel


def _content(a: Args) -> tuple[str | None, Any, Any]:
    text = a.str("text")
    blocks = a.json("blocks", error="invalid_blocks_format")
    attachments = a.json("attachments")
    return text, blocks, attachments


def _page(items: Sequence[Any], a: Args, *, default_limit: int = 100) -> tuple[list[Any], str]:
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


def _ok(**fields: Any) -> dict[str, Any]:
    return {"ok": True, **fields}


def _own_message(ws: Workspace, channel: Channel, ts: str | None, refusal: str) -> Message:
    message = ws.find_message(channel.id, ts or "")
    if message is None:
        raise ApiFailure("message_not_found")
    if message.user != ws.bot.id:
        raise ApiFailure(refusal)
    return message


# --------------------------------------------------------------------------- auth & chat


def auth_test(ws: Workspace, a: Args) -> dict[str, Any]:
    return _ok(
        url=f"https://{ws.team_domain}.slack.com/",
        team=ws.team_name,
        user=ws.bot.name,
        team_id=ws.team_id,
        user_id=ws.bot.id,
        bot_id=ws.bot.bot_id,
        is_enterprise_install=False,
    )


def chat_post_message(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = _post_target(ws, a.str("channel"))
    text, blocks, attachments = _content(a)
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
    return _ok(channel=channel.id, ts=message.ts, message=body)


def chat_update(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = _visible(ws, a.str("channel"))
    message = _own_message(ws, channel, a.str("ts"), "cant_update_message")
    text, blocks, attachments = _content(a)
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
    return _ok(
        channel=channel.id, ts=message.ts, text=message.text, message=message_json(ws, message)
    )


def chat_post_ephemeral(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = _visible(ws, a.str("channel"))
    if ws.bot.id not in channel.members:
        raise ApiFailure("not_in_channel")
    if channel.is_archived:
        raise ApiFailure("is_archived")
    user = ws.user(a.str("user"))
    if user is None or user.deleted or user.id not in channel.members:
        raise ApiFailure("user_not_in_channel")
    text, blocks, attachments = _content(a)
    blockkit.check_message(text, blocks, attachments)
    ephemeral = ws.add_ephemeral(
        channel,
        user=user.id,
        text=text or "",
        blocks=blocks,
        attachments=attachments,
        thread_ts=a.str("thread_ts"),
    )
    return _ok(message_ts=ephemeral.ts)


def chat_delete(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = _visible(ws, a.str("channel"))
    message = _own_message(ws, channel, a.str("ts"), "cant_delete_message")
    ws.delete_message(message)
    return _ok(channel=channel.id, ts=message.ts)


def chat_get_permalink(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = _visible(ws, a.str("channel"))
    message = ws.find_message(channel.id, a.str("message_ts") or "")
    if message is None:
        raise ApiFailure("message_not_found")
    link = (
        f"https://{ws.team_domain}.slack.com/archives/{channel.id}/p{message.ts.replace('.', '')}"
    )
    if message.is_reply:
        link += f"?thread_ts={message.thread_ts}&cid={channel.id}"
    return _ok(channel=channel.id, permalink=link)


# --------------------------------------------------------------------------- conversations


def conversations_open(ws: Workspace, a: Args) -> dict[str, Any]:
    if a.has("channel"):
        channel = ws.channel(a.str("channel"))
        if channel is None or ws.bot.id not in channel.members:
            raise ApiFailure("channel_not_found")
        if not (channel.is_im or channel.is_mpim):
            raise ApiFailure("method_not_supported_for_channel_type")
        return _ok(no_op=True, already_open=True, channel=channel_json(ws, channel))
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
            return _ok(no_op=True, already_open=True, channel=shape)
        ws.notify()
        return _ok(channel=shape)
    channel = ws.mpim_with(user_ids)
    return _ok(channel=channel_json(ws, channel))


def conversations_info(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = _visible(ws, a.str("channel"))
    return _ok(channel=channel_json(ws, channel, num_members=a.bool("include_num_members")))


def conversations_members(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = _visible(ws, a.str("channel"))
    members, next_cursor = _page(channel.members, a)
    return _ok(members=members, response_metadata={"next_cursor": next_cursor})


def conversations_invite(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = _visible(ws, a.str("channel"))
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
    problems = []
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
        problems.append({"user": user_id, "ok": False, "error": error})
    if problems:
        extra = {"errors": problems} if len(user_ids) > 1 else {}
        raise ApiFailure(problems[0]["error"], extra=extra)
    channel.members.extend(user_ids)
    ws.notify()
    return _ok(channel=channel_json(ws, channel))


def _ts_arg(a: Args, name: str, error: str) -> float | None:
    value = a.str(name)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        raise ApiFailure(error) from None


def conversations_history(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = _member_of(ws, a.str("channel"))
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
    page, next_cursor = _page(list(reversed(top_level)), a)
    return _ok(
        messages=[message_json(ws, m) for m in page],
        has_more=bool(next_cursor),
        pin_count=0,
        response_metadata={"next_cursor": next_cursor},
    )


def conversations_replies(ws: Workspace, a: Args) -> dict[str, Any]:
    channel = _member_of(ws, a.str("channel"))
    parent = ws.find_message(channel.id, a.str("ts") or "")
    if parent is None:
        raise ApiFailure("thread_not_found")
    root = parent.thread_ts if parent.is_reply else parent.ts
    thread = ws.thread(channel.id, root or parent.ts)
    page, next_cursor = _page(thread, a, default_limit=1000)
    return _ok(
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
    return _ok(channel=channel_json(ws, channel))


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
    page, next_cursor = _page(visible, a)
    return _ok(
        channels=[channel_json(ws, c) for c in page], response_metadata={"next_cursor": next_cursor}
    )


# --------------------------------------------------------------------------- users


def users_info(ws: Workspace, a: Args) -> dict[str, Any]:
    user = ws.user(a.str("user"))
    if user is None:
        raise ApiFailure("user_not_found")
    return _ok(user=user_json(ws, user))


def users_list(ws: Workspace, a: Args) -> dict[str, Any]:
    members, next_cursor = _page(list(ws.users.values()), a, default_limit=1000)
    return _ok(
        members=[user_json(ws, u) for u in members],
        cache_ts=int(ws.now()),
        response_metadata={"next_cursor": next_cursor},
    )


def users_lookup_by_email(ws: Workspace, a: Args) -> dict[str, Any]:
    user = ws.user_by_email(a.str("email") or "")
    if user is None or user.deleted:
        raise ApiFailure("users_not_found")
    return _ok(user=user_json(ws, user))


# --------------------------------------------------------------------------- views


def _view_arg(a: Args) -> dict[str, Any]:
    view = a.json("view")
    if not isinstance(view, dict):
        raise ApiFailure("invalid_arguments", messages=["[ERROR] `view` must be a JSON object"])
    return view


def views_open(ws: Workspace, a: Args) -> dict[str, Any]:
    data = _view_arg(a)
    blockkit.check_view(data, expected_type="modal")
    trigger = ws.exchange_trigger(a.str("trigger_id") or "")
    _check_external_id(ws, data)
    ws.close_modals(trigger.user, all_views=True)
    view = ws.add_view(user=trigger.user, data=data)
    ws.modal_stacks[trigger.user] = [view.id]
    ws.notify()
    return _ok(view=view_json(ws, view))


def views_push(ws: Workspace, a: Args) -> dict[str, Any]:
    data = _view_arg(a)
    blockkit.check_view(data, expected_type="modal")
    trigger = ws.exchange_trigger(a.str("trigger_id") or "")
    stack = ws.modal_stacks.get(trigger.user, [])
    if not stack:
        raise ApiFailure("invalid_arguments", messages=["[ERROR] no modal is open to push onto"])
    if len(stack) >= 3:
        raise ApiFailure("push_limit_reached")
    _check_external_id(ws, data)
    top = ws.views[stack[-1]]
    view = ws.add_view(
        user=trigger.user, data=data, root_view_id=top.root_view_id, previous_view_id=top.id
    )
    stack.append(view.id)
    ws.notify()
    return _ok(view=view_json(ws, view))


def _check_external_id(ws: Workspace, data: dict[str, Any], current: View | None = None) -> None:
    external_id = data.get("external_id")
    if external_id:
        other = ws.view_by_external_id(external_id)
        if other is not None and other is not current:
            raise ApiFailure("duplicate_external_id")


def views_update(ws: Workspace, a: Args) -> dict[str, Any]:
    if not a.has("view_id") and not a.has("external_id"):
        raise ApiFailure(
            "invalid_arguments", messages=["[ERROR] either `view_id` or `external_id` is required"]
        )
    view = (
        ws.views.get(a.str("view_id") or "")
        if a.has("view_id")
        else ws.view_by_external_id(a.str("external_id") or "")
    )
    if view is None or view.closed:
        raise ApiFailure("not_found")
    if a.has("hash") and a.str("hash") != view.hash:
        raise ApiFailure("hash_conflict")
    data = _view_arg(a)
    blockkit.check_view(data, expected_type=view.type)
    _check_external_id(ws, data, current=view)
    ws.replace_view(view, data)
    return _ok(view=view_json(ws, view))


def views_publish(ws: Workspace, a: Args) -> dict[str, Any]:
    user = ws.user(a.str("user_id"))
    if user is None or user.is_bot:
        raise ApiFailure("invalid_arguments", messages=["invalid `user_id`"])
    data = _view_arg(a)
    blockkit.check_view(data, expected_type="home")
    current = ws.views.get(ws.home_views.get(user.id, ""))
    if current is not None and a.has("hash") and a.str("hash") != current.hash:
        raise ApiFailure("hash_conflict")
    _check_external_id(ws, data, current=current)
    if current is None:
        current = ws.add_view(user=user.id, data=data)
        ws.home_views[user.id] = current.id
        ws.notify()
    else:
        ws.replace_view(current, data)
    return _ok(view=view_json(ws, current))


# --------------------------------------------------------------------------- files


def files_get_upload_url_external(ws: Workspace, a: Args) -> dict[str, Any]:
    length = a.int("length", 0)
    if length <= 0:
        raise ApiFailure("missing_argument")
    alt_txt = a.str("alt_txt")
    if alt_txt and len(alt_txt) > 1000:
        raise ApiFailure("alt_txt_too_large")
    filename = a.str("filename") or "Uploaded file"
    file = ws.new_file(
        user=ws.bot.id,
        name=filename,
        size=length,
        mimetype=_guess_mimetype(filename),
        alt_txt=alt_txt,
    )
    return _ok(upload_url=f"{ws.base_url}/upload/v1/{file.upload_key}", file_id=file.id)


def _guess_mimetype(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def files_complete_upload_external(ws: Workspace, a: Args) -> dict[str, Any]:
    entries = a.json("files")
    if not isinstance(entries, list) or not entries:
        raise ApiFailure(
            "invalid_arguments", messages=["[ERROR] `files` must be a non-empty array"]
        )
    files = []
    for entry in entries:
        file = ws.files.get(entry.get("id", "")) if isinstance(entry, dict) else None
        if file is None or file.content is None or file.user != ws.bot.id:
            raise ApiFailure("file_not_found")
        files.append((file, entry.get("title")))
    channel_ids = [c for c in [a.str("channel_id"), *(a.str("channels") or "").split(",")] if c]
    if len(channel_ids) > 100:
        raise ApiFailure("channels_limit_exceeded")
    if a.has("thread_ts") and len(channel_ids) > 1:
        raise ApiFailure(
            "invalid_arguments", messages=["[ERROR] `thread_ts` needs exactly one channel"]
        )
    channels = [_member_of(ws, c) for c in channel_ids]
    blocks = None if a.has("initial_comment") else a.json("blocks", error="invalid_blocks")
    if blocks is not None:
        problems = blockkit.block_problems(blocks, max_blocks=blockkit.MAX_MESSAGE_BLOCKS)
        if problems:
            raise ApiFailure("invalid_blocks", messages=problems)
    for file, title in files:
        if title:
            file.title = title
        file.completed = True
    for channel in channels:
        message = ws.add_message(
            channel,
            author=ws.bot,
            text=a.str("initial_comment") or "",
            blocks=blocks,
            thread_ts=a.str("thread_ts"),
            subtype="file_share",
            files=[f.id for f, _ in files],
        )
        for file, _ in files:
            file.shares.setdefault(channel.id, []).append(message.ts)
    ws.notify()
    return _ok(files=[file_json(ws, f) for f, _ in files])


def files_info(ws: Workspace, a: Args) -> dict[str, Any]:
    file = ws.files.get(a.str("file") or "")
    if file is None or file.content is None:
        raise ApiFailure("file_not_found")
    shared_with_bot = any(
        ws.bot.id in ws.channels[c].members for c in file.shares if c in ws.channels
    )
    if file.user != ws.bot.id and not shared_with_bot:
        raise ApiFailure("file_not_found")
    return _ok(file=file_json(ws, file), comments=[], response_metadata={"next_cursor": ""})


HANDLERS: dict[str, Handler] = {
    "auth.test": auth_test,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.delete": chat_delete,
    "chat.getPermalink": chat_get_permalink,
    "conversations.open": conversations_open,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.invite": conversations_invite,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "conversations.create": conversations_create,
    "conversations.list": conversations_list,
    "users.info": users_info,
    "users.list": users_list,
    "users.lookupByEmail": users_lookup_by_email,
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
    "files.info": files_info,
}
HANDLERS.update(webapi_channels.HANDLERS)


# --------------------------------------------------------------------------- entry point


def call(
    ws: Workspace, method: str, args: dict[str, Any], token: str | None
) -> tuple[int, dict[str, str], dict[str, Any]]:
    """Answer one Web API request: ``(http status, extra headers, JSON body)``; always recorded."""
    status, headers, body = _answer(ws, method, args, token)
    if method == "auth.test" and body.get("ok") and ws.scopes is not None:
        headers = {**headers, "X-OAuth-Scopes": ",".join(sorted(ws.scopes))}
    ws.record(
        CallRecord(
            method=method,
            args=args,
            ok=bool(body.get("ok")),
            error=body.get("error"),
            status=status,
            response=body,
            at=ws.now(),
        )
    )
    return status, headers, body


_HTTP_REASONS = {
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


def _answer(
    ws: Workspace, method: str, args: dict[str, Any], token: str | None
) -> tuple[int, dict[str, str], dict[str, Any]]:
    spec = METHODS.get(method)
    handler = HANDLERS.get(method)
    if spec is None or handler is None:
        return 200, {}, {"ok": False, "error": "unknown_method", "req_method": method}
    failure = ws.take_failure(method)
    if failure is not None:
        if failure.status == 429:
            return (
                429,
                {"Retry-After": str(failure.retry_after or 1)},
                {"ok": False, "error": "ratelimited"},
            )
        if failure.status != 200:
            return (
                failure.status,
                {},
                {"ok": False, "error": _HTTP_REASONS.get(failure.status, "fatal_error")},
            )
        return 200, {}, {"ok": False, "error": failure.error or "fatal_error"}
    try:
        if not token:
            raise ApiFailure("not_authed")
        if token != ws.bot_token:
            raise ApiFailure("invalid_auth")
        wrapped = Args(args)
        for name in spec.required:
            if not wrapped.has(name):
                raise ApiFailure(
                    spec.missing_error(name), messages=[f"[ERROR] missing required field: {name}"]
                )
        with ws.lock:
            body = handler(ws, wrapped)
        return 200, {}, body
    except ApiFailure as refusal:
        if not spec.knows(refusal.error):
            raise AssertionError(
                f"sandbox bug: {method} answered {refusal.error!r}, absent from its method table"
            ) from refusal
        return refusal.status, {}, refusal.body()
