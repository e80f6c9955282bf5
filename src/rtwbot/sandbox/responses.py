"""The ``response_url`` endpoint: how a bot answers a slash command or a button click.

Slack honours ``replace_original`` / ``delete_original`` for the message a click came from,
and otherwise posts a new message, ephemeral to the clicking/commanding user unless
``response_type`` is ``in_channel``. A URL works five times within thirty minutes.
"""

from __future__ import annotations

from typing import Any

from . import blockkit
from .errors import ApiFailure
from .workspace import (
    RESPONSE_URL_LIFETIME_S,
    RESPONSE_URL_MAX_USES,
    CallRecord,
    ResponseUrl,
    Workspace,
    with_block_ids,
)


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def post(ws: Workspace, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Apply one POST to a response_url; answer ``(status, body)`` and record it."""
    with ws.lock:
        status, answer = _apply(ws, key, body)
        ws.record(
            CallRecord(
                method="response_url",
                args=body,
                ok=status == 200,
                error=answer.get("error"),
                status=status,
                response=answer,
                at=ws.now(),
            )
        )
        return status, answer


def _apply(ws: Workspace, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    entry = ws.response_urls.get(key)
    if entry is None:
        return 404, {"ok": False, "error": "invalid_url"}
    if ws.now() - entry.created > RESPONSE_URL_LIFETIME_S:
        return 404, {"ok": False, "error": "expired_url"}
    if entry.uses >= RESPONSE_URL_MAX_USES:
        return 404, {"ok": False, "error": "used_url"}
    entry.uses += 1
    try:
        if _truthy(body.get("delete_original")) and entry.message_ts:
            _delete_original(ws, entry)
        elif _truthy(body.get("replace_original")) and entry.message_ts:
            _replace_original(ws, entry, body)
        else:
            _post_new(ws, entry, body)
    except ApiFailure as refusal:
        return 400 if refusal.error != "message_not_found" else 404, refusal.body()
    ws.notify()
    return 200, {"ok": True}


def _content(body: dict[str, Any]) -> tuple[str | None, Any, Any]:
    text, blocks, attachments = body.get("text"), body.get("blocks"), body.get("attachments")
    blockkit.check_message(text, blocks, attachments)
    return text, blocks, attachments


def _delete_original(ws: Workspace, entry: ResponseUrl) -> None:
    if entry.ephemeral:
        ephemeral = ws.find_ephemeral(entry.user, entry.message_ts or "")
        if ephemeral is None:
            raise ApiFailure("message_not_found")
        ephemeral.deleted = True
        return
    message = ws.find_message(entry.channel or "", entry.message_ts or "")
    if message is None:
        raise ApiFailure("message_not_found")
    ws.delete_message(message)


def _replace_original(ws: Workspace, entry: ResponseUrl, body: dict[str, Any]) -> None:
    text, blocks, attachments = _content(body)
    target: Any
    if entry.ephemeral:
        target = ws.find_ephemeral(entry.user, entry.message_ts or "")
    else:
        target = ws.find_message(entry.channel or "", entry.message_ts or "")
    if target is None:
        raise ApiFailure("message_not_found")
    target.text = text or ""
    target.blocks = with_block_ids(blocks)
    target.attachments = attachments


def _post_new(ws: Workspace, entry: ResponseUrl, body: dict[str, Any]) -> None:
    text, blocks, attachments = _content(body)
    channel = ws.channel(entry.channel) or ws.im_with(entry.user)
    assert channel is not None
    thread_ts = body.get("thread_ts")
    if body.get("response_type") == "in_channel":
        ws.add_message(
            channel,
            author=ws.bot,
            text=text or "",
            blocks=blocks,
            attachments=attachments,
            thread_ts=thread_ts,
        )
    else:
        ws.add_ephemeral(
            channel,
            user=entry.user,
            text=text or "",
            blocks=blocks,
            attachments=attachments,
            thread_ts=thread_ts,
        )
