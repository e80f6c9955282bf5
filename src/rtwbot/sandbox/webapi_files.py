"""The files.* methods: the two-step external upload, sharing into conversations, and
files.info, as Slack answers a bot."""

from __future__ import annotations

import mimetypes
from typing import Any

from . import blockkit
from .errors import ApiFailure
from .shapes import file_json
from .webapi_rules import (
    Args,
    member_channel,
    ok,
)
from .workspace import Workspace


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
    return ok(upload_url=f"{ws.base_url}/upload/v1/{file.upload_key}", file_id=file.id)


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
    channels = [member_channel(ws, c) for c in channel_ids]
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
    return ok(files=[file_json(ws, f) for f, _ in files])


def files_info(ws: Workspace, a: Args) -> dict[str, Any]:
    file = ws.files.get(a.str("file") or "")
    if file is None or file.content is None:
        raise ApiFailure("file_not_found")
    shared_with_bot = any(
        ws.bot.id in ws.channels[c].members for c in file.shares if c in ws.channels
    )
    if file.user != ws.bot.id and not shared_with_bot:
        raise ApiFailure("file_not_found")
    return ok(file=file_json(ws, file), comments=[], response_metadata={"next_cursor": ""})


def files_delete(ws: Workspace, a: Args) -> dict[str, Any]:
    """A file the bot uploaded is deleted: its content gone, every share with it."""
    file = ws.files.get(a.str("file") or "")
    if file is None:
        raise ApiFailure("file_not_found")
    if file.content is None:
        raise ApiFailure("file_deleted")
    if file.user != ws.bot.id:
        raise ApiFailure("cant_delete_file")  # a bot token deletes only its own files
    file.content = None
    ws.notify()
    return ok()
