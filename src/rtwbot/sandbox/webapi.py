"""The Web API methods, answered as Slack answers a bot token.

``call()`` is the single entry point the HTTP server uses: it refuses unknown methods,
applies injected failures (429 / 5xx), checks the token and the required arguments from
``methods.METHODS``, runs the handler under the workspace lock and records the call. Each
handler enforces Slack's rules for a bot (membership, visibility, ownership) and answers
``{"ok": false, "error": ...}`` with Slack's error string when a rule is broken.

The handlers live by family: ``webapi_chat`` (auth.test, chat.*), ``webapi_conversations``,
``webapi_views`` (users.*, views.*), ``webapi_files`` and ``webapi_channels``; what they
share is ``webapi_rules``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from . import webapi_channels
from .errors import ApiFailure
from .methods import METHODS
from .webapi_chat import (
    auth_test,
    chat_delete,
    chat_get_permalink,
    chat_post_ephemeral,
    chat_post_message,
    chat_update,
)
from .webapi_conversations import (
    conversations_create,
    conversations_history,
    conversations_info,
    conversations_invite,
    conversations_list,
    conversations_members,
    conversations_open,
    conversations_replies,
)
from .webapi_files import (
    files_complete_upload_external,
    files_delete,
    files_get_upload_url_external,
    files_info,
)
from .webapi_rules import Args
from .webapi_views import (
    users_info,
    users_list,
    users_lookup_by_email,
    views_open,
    views_publish,
    views_push,
    views_update,
)
from .workspace import CallRecord, Workspace

Handler = Callable[[Workspace, Args], dict[str, Any]]

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
    "files.delete": files_delete,
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


DROPPED = 0  # the status of an answer lost with its connection (server.py closes it)

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
    failure = ws.take_failure(method, args)
    if failure is not None and failure.delay:
        time.sleep(failure.delay)  # outside the workspace lock: other calls go on
        failure = None
    if failure is not None and failure.after:
        status, headers, body = _perform(ws, method, spec, handler, args, token)
        if not body.get("ok"):
            return status, headers, body  # refused anyway: nothing to lose
        if failure.status == 0:
            return DROPPED, {}, {"ok": False, "error": "connection_dropped"}
        return failure.status, {}, {"ok": False,
                                    "error": _HTTP_REASONS.get(failure.status, "fatal_error")}
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
    return _perform(ws, method, spec, handler, args, token)


def _perform(ws: Workspace, method: str, spec: Any, handler: Handler, args: dict[str, Any],
             token: str | None) -> tuple[int, dict[str, str], dict[str, Any]]:
    """The method itself, as Slack runs it (no injected failure)."""
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
