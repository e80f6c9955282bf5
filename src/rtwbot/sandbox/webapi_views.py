"""users.* (who people are) and views.* (modals and the Home tab) as Slack answers a bot."""

from __future__ import annotations

from typing import Any

from . import blockkit
from .errors import ApiFailure
from .shapes import user_json, view_json
from .webapi_rules import (
    Args,
    ok,
    paginate,
)
from .workspace import View, Workspace


def users_info(ws: Workspace, a: Args) -> dict[str, Any]:
    user = ws.user(a.str("user"))
    if user is None:
        raise ApiFailure("user_not_found")
    return ok(user=user_json(ws, user))


def users_list(ws: Workspace, a: Args) -> dict[str, Any]:
    members, next_cursor = paginate(list(ws.users.values()), a, default_limit=1000)
    return ok(
        members=[user_json(ws, u) for u in members],
        cache_ts=int(ws.now()),
        response_metadata={"next_cursor": next_cursor},
    )


def users_lookup_by_email(ws: Workspace, a: Args) -> dict[str, Any]:
    user = ws.user_by_email(a.str("email") or "")
    if user is None or user.deleted:
        raise ApiFailure("users_not_found")
    return ok(user=user_json(ws, user))


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
    return ok(view=view_json(ws, view))


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
    return ok(view=view_json(ws, view))


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
    return ok(view=view_json(ws, view))


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
    return ok(view=view_json(ws, current))
