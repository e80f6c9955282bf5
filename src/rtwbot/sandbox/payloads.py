"""The bodies Slack sends to a bot: Events API envelopes, slash-command forms and interactivity payloads.

Also the Block Kit reading Slack's client does on the user's side: finding the element a
person clicks, and turning what they typed or picked into ``state.values`` (refusing what the
Slack client itself would not let them submit).
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from .shapes import channel_ref, message_json, team_ref, user_ref, view_json
from .workspace import Channel, File, Message, User, View, Workspace

# --------------------------------------------------------------------------- Events API


def envelope(ws: Workspace, event: dict[str, Any]) -> dict[str, Any]:
    """The ``event_callback`` wrapper Slack posts around every event."""
    return {
        "token": ws.verification_token,
        "team_id": ws.team_id,
        "context_team_id": ws.team_id,
        "context_enterprise_id": None,
        "api_app_id": ws.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": ws.new_id("Ev"),
        "event_time": int(ws.now()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ws.team_id,
                "user_id": ws.bot.id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "authed_users": [ws.bot.id],
        "is_ext_shared_channel": False,
        "event_context": f"4-{secrets.token_urlsafe(24)}",
    }


def message_event(ws: Workspace, message: Message, channel: Channel) -> dict[str, Any]:
    event = message_json(ws, message)
    event["channel"] = channel.id
    event["event_ts"] = message.ts
    event["channel_type"] = channel.kind
    return event


def app_mention_event(ws: Workspace, message: Message, channel: Channel) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": message.user,
        "text": message.text,
        "ts": message.ts,
        "client_msg_id": message.client_msg_id,
        "team": ws.team_id,
        "blocks": copy.deepcopy(message.blocks or []),
        "channel": channel.id,
        "event_ts": message.ts,
    }
    if message.thread_ts:
        event["thread_ts"] = message.thread_ts
    return event


def app_home_opened_event(
    ws: Workspace, user: User, channel: Channel, home: View | None
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user.id,
        "channel": channel.id,
        "tab": "home",
        "event_ts": ws.next_ts(),
    }
    if home is not None:
        event["view"] = view_json(ws, home)
    return event


def file_shared_event(ws: Workspace, file: File, user: User, channel: Channel) -> dict[str, Any]:
    return {
        "type": "file_shared",
        "channel_id": channel.id,
        "file_id": file.id,
        "user_id": user.id,
        "file": {"id": file.id},
        "event_ts": ws.next_ts(),
    }


# --------------------------------------------------------------------------- slash commands and shortcuts


def command_fields(
    ws: Workspace,
    user: User,
    channel: Channel,
    command: str,
    text: str,
    *,
    response_url: str,
    trigger_id: str,
) -> dict[str, str]:
    return {
        "token": ws.verification_token,
        "team_id": ws.team_id,
        "team_domain": ws.team_domain,
        "channel_id": channel.id,
        "channel_name": "directmessage" if channel.is_im else channel.name,
        "user_id": user.id,
        "user_name": user.name,
        "command": command,
        "text": text,
        "api_app_id": ws.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def _interactive_base(ws: Workspace, kind: str, user: User) -> dict[str, Any]:
    return {
        "type": kind,
        "user": user_ref(ws, user),
        "api_app_id": ws.app_id,
        "token": ws.verification_token,
        "team": team_ref(ws),
        "enterprise": None,
        "is_enterprise_install": False,
    }


def shortcut_payload(
    ws: Workspace, user: User, callback_id: str, trigger_id: str
) -> dict[str, Any]:
    return {
        **_interactive_base(ws, "shortcut", user),
        "callback_id": callback_id,
        "trigger_id": trigger_id,
        "action_ts": ws.next_ts(),
    }


def message_action_payload(
    ws: Workspace,
    user: User,
    callback_id: str,
    message: Message,
    channel: Channel,
    *,
    trigger_id: str,
    response_url: str,
) -> dict[str, Any]:
    return {
        **_interactive_base(ws, "message_action", user),
        "callback_id": callback_id,
        "trigger_id": trigger_id,
        "action_ts": ws.next_ts(),
        "message_ts": message.ts,
        "channel": channel_ref(ws, channel),
        "message": message_json(ws, message),
        "response_url": response_url,
    }


# --------------------------------------------------------------------------- finding elements

STATEFUL_TYPES = {
    "plain_text_input", "email_text_input", "url_text_input", "number_input", "rich_text_input",
    "static_select", "external_select", "users_select", "conversations_select", "channels_select",
    "multi_static_select", "multi_external_select", "multi_users_select", "multi_conversations_select",
    "multi_channels_select", "datepicker", "timepicker", "datetimepicker", "radio_buttons", "checkboxes",
    "file_input",
}  # fmt: skip


def elements(
    blocks: list[dict[str, Any]] | None,
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every interactive element in ``blocks`` as ``(block, element)``."""
    for block in blocks or []:
        if not isinstance(block, dict):
            continue
        if isinstance(block.get("accessory"), dict):
            yield block, block["accessory"]
        if isinstance(block.get("element"), dict):
            yield block, block["element"]
        if block.get("type") == "actions":
            for element in block.get("elements") or []:
                if isinstance(element, dict):
                    yield block, element


def find_element(
    blocks: list[dict[str, Any]] | None, action_id: str, value: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The element with ``action_id`` (and, for buttons, ``value`` when given);
    ``block_id.action_id`` picks one of several elements sharing an action_id."""
    block_id, _, bare = action_id.rpartition(".")
    for block, element in elements(blocks):
        if element.get("action_id") != action_id and not (
                block_id and element.get("action_id") == bare
                and block.get("block_id") == block_id):
            continue
        if value is not None and element.get("type") == "button" and element.get("value") != value:
            continue
        return block, element
    return None


def describe_actions(blocks: list[dict[str, Any]] | None) -> list[str]:
    found = []
    for block, element in elements(blocks):
        label = (element.get("text") or element.get("placeholder") or {}).get("text", "")
        value = f" value={element['value']!r}" if "value" in element else ""
        found.append(
            f"{element.get('type')} action_id={element.get('action_id')!r}{value} {label!r} (block {block.get('block_id')!r})"
        )
    return found


# --------------------------------------------------------------------------- choosing options and values


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    return options


def _option(element: dict[str, Any], chosen: Any) -> dict[str, Any]:
    if isinstance(chosen, dict):
        return copy.deepcopy(chosen)
    if element.get("type") in ("external_select", "multi_external_select"):
        return {
            "text": {"type": "plain_text", "text": str(chosen), "emoji": True},
            "value": str(chosen),
        }
    for option in _options(element):
        if option.get("value") == chosen:
            return copy.deepcopy(option)
    values = [o.get("value") for o in _options(element)]
    raise AssertionError(
        f"{element.get('action_id')!r} has no option with value {chosen!r}; options: {values}"
    )


def _many(chosen: Any) -> list[Any]:
    return list(chosen) if isinstance(chosen, list | tuple | set) else [chosen]


def _date(chosen: Any) -> str:
    return chosen.isoformat() if isinstance(chosen, date) else str(chosen)


def selection(element: dict[str, Any], chosen: Any) -> dict[str, Any]:
    """The fields Slack reports for ``chosen`` on this element type (in actions and in state)."""
    kind = element.get("type")
    if kind in ("plain_text_input", "email_text_input", "url_text_input", "number_input"):
        return {"value": None if chosen is None else str(chosen)}
    if kind == "rich_text_input":
        if chosen is None:
            return {"rich_text_value": None}
        section = {"type": "rich_text_section", "elements": [{"type": "text", "text": str(chosen)}]}
        return {"rich_text_value": {"type": "rich_text", "elements": [section]}}
    if kind in ("static_select", "external_select", "radio_buttons", "overflow"):
        return {"selected_option": None if chosen is None else _option(element, chosen)}
    if kind in ("multi_static_select", "multi_external_select", "checkboxes"):
        return {
            "selected_options": []
            if chosen is None
            else [_option(element, c) for c in _many(chosen)]
        }
    single = {"users_select": "selected_user", "conversations_select": "selected_conversation",
              "channels_select": "selected_channel", "timepicker": "selected_time"}  # fmt: skip
    if kind in single:
        return {single[kind]: None if chosen is None else str(chosen)}
    plural = {"multi_users_select": "selected_users", "multi_conversations_select": "selected_conversations",
              "multi_channels_select": "selected_channels"}  # fmt: skip
    if kind in plural:
        return {plural[kind]: [] if chosen is None else [str(c) for c in _many(chosen)]}
    if kind == "datepicker":
        return {"selected_date": None if chosen is None else _date(chosen)}
    if kind == "datetimepicker":
        if isinstance(chosen, datetime):
            chosen = int(chosen.timestamp())
        return {"selected_date_time": None if chosen is None else int(chosen)}
    if kind == "file_input":
        return {"files": list(chosen or [])}
    if kind == "button":
        return {}
    raise AssertionError(f"the sandbox cannot act on a {kind!r} element")


def initial_value(element: dict[str, Any]) -> Any:
    """What the element shows before the person touches it (as a ``selection`` argument)."""
    for key in ("initial_value", "initial_date", "initial_time", "initial_date_time", "initial_user",
                "initial_conversation", "initial_channel", "initial_users", "initial_conversations",
                "initial_channels", "initial_option", "initial_options"):  # fmt: skip
        if element.get(key) not in (None, "", []):
            return element[key]
    return None


def _is_empty(entry: dict[str, Any]) -> bool:
    return all(v in (None, [], "") for k, v in entry.items() if k != "type")


def build_state(
    blocks: list[dict[str, Any]] | None,
    values: dict[str, Any],
    current: dict[str, dict[str, Any]] | None = None,
    *,
    enforce_required: bool = False,
) -> dict[str, dict[str, Any]]:
    """``state.values`` after the person fills ``values`` (keys: action_id or block_id.action_id).

    Unchanged inputs keep their current (or initial) value, as in Slack's client. With
    ``enforce_required`` the Slack client's own checks apply: required inputs must be filled and
    text lengths respected, otherwise the person could not press Submit.
    """
    remaining = dict(values)
    state: dict[str, dict[str, Any]] = {}
    for block, element in elements(blocks):
        kind = element.get("type")
        action_id = element.get("action_id")
        block_id = block.get("block_id")
        if kind not in STATEFUL_TYPES or not action_id or not block_id:
            continue
        key = f"{block_id}.{action_id}"
        if key in remaining:
            entry = {"type": kind, **selection(element, remaining.pop(key))}
        elif action_id in remaining:
            entry = {"type": kind, **selection(element, remaining.pop(action_id))}
        elif current and action_id in current.get(block_id, {}):
            entry = copy.deepcopy(current[block_id][action_id])
        else:
            entry = {"type": kind, **selection(element, initial_value(element))}
        if enforce_required and block.get("type") == "input":
            _client_checks(block, element, entry)
        state.setdefault(block_id, {})[action_id] = entry
    if remaining:
        available = [
            f"{b.get('block_id')}.{e.get('action_id')}"
            for b, e in elements(blocks)
            if e.get("type") in STATEFUL_TYPES
        ]
        raise AssertionError(f"no input for {sorted(remaining)}; inputs here: {available}")
    return state


def _client_checks(block: dict[str, Any], element: dict[str, Any], entry: dict[str, Any]) -> None:
    label = (block.get("label") or {}).get("text", block.get("block_id"))
    if not block.get("optional") and _is_empty(entry):
        raise AssertionError(f"Slack would not submit: required field {label!r} is empty")
    text = entry.get("value")
    if isinstance(text, str):
        if element.get("min_length") and len(text) < element["min_length"]:
            raise AssertionError(
                f"Slack would not submit: {label!r} needs at least {element['min_length']} characters"
            )
        if element.get("max_length") and len(text) > element["max_length"]:
            raise AssertionError(
                f"Slack would not submit: {label!r} allows at most {element['max_length']} characters"
            )


# --------------------------------------------------------------------------- interactivity payloads


def action_json(
    ws: Workspace, block: dict[str, Any], element: dict[str, Any], chosen: Any
) -> dict[str, Any]:
    action: dict[str, Any] = {
        "action_id": element.get("action_id"),
        "block_id": block.get("block_id"),
        "type": element.get("type"),
        "action_ts": ws.next_ts(),
    }
    if element.get("type") == "button":
        action["text"] = copy.deepcopy(element.get("text"))
        if "value" in element:
            action["value"] = element["value"]
        if "style" in element:
            action["style"] = element["style"]
    else:
        action.update(selection(element, chosen))
    return action


def block_actions_from_message(
    ws: Workspace,
    user: User,
    channel: Channel,
    message: dict[str, Any],
    action: dict[str, Any],
    *,
    ephemeral: bool,
    state: dict[str, Any],
    trigger_id: str,
    response_url: str,
) -> dict[str, Any]:
    container: dict[str, Any] = {
        "type": "message",
        "message_ts": message["ts"],
        "channel_id": channel.id,
        "is_ephemeral": ephemeral,
    }
    if message.get("thread_ts"):
        container["thread_ts"] = message["thread_ts"]
    payload = {
        **_interactive_base(ws, "block_actions", user),
        "container": container,
        "trigger_id": trigger_id,
        "channel": channel_ref(ws, channel),
    }
    if not ephemeral:  # Slack does not echo ephemeral messages back
        payload["message"] = message
    payload["state"] = {"values": state}
    payload["response_url"] = response_url
    payload["actions"] = [action]
    return payload


def block_actions_from_view(
    ws: Workspace, user: User, view: View, action: dict[str, Any], *, trigger_id: str
) -> dict[str, Any]:
    return {
        **_interactive_base(ws, "block_actions", user),
        "container": {"type": "view", "view_id": view.id},
        "trigger_id": trigger_id,
        "view": view_json(ws, view),
        "actions": [action],
    }


def view_submission_payload(
    ws: Workspace, user: User, view: View, *, trigger_id: str
) -> dict[str, Any]:
    return {
        **_interactive_base(ws, "view_submission", user),
        "trigger_id": trigger_id,
        "view": view_json(ws, view),
        "response_urls": [],
    }


def view_closed_payload(
    ws: Workspace, user: User, view: View, *, is_cleared: bool
) -> dict[str, Any]:
    return {
        **_interactive_base(ws, "view_closed", user),
        "view": view_json(ws, view),
        "is_cleared": is_cleared,
    }
