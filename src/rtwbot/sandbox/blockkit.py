"""Block Kit validation with slack_sdk's own models, refusing what Slack would refuse.

Slack rejects a message whose blocks break a limit (``invalid_blocks``) and a view that does
(``invalid_arguments``, or ``view_too_large`` past 250 kB), explaining why in
``response_metadata.messages`` with a JSON pointer. slack_sdk's models know the limits
(section text 3,000, header 150, button text 75, action_id 255, ...) but only validate one
object at a time, so this module walks every nested block element and text object.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from .errors import ApiFailure

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_VIEW_BYTES = 250_000
MAX_BLOCK_ID = 255

# slack_sdk logs a warning for every unknown block or element; the sandbox reports those itself.
logging.getLogger("slack_sdk.models").setLevel(logging.ERROR)


def _error(reason: str, pointer: str) -> str:
    return f"[ERROR] {reason} [json-pointer:{pointer}]"


def _walk(obj: JsonObject, pointer: str) -> list[str]:
    """Validate ``obj`` and everything nested in it; return Slack-style error lines."""
    try:
        obj.validate_json()
    except SlackObjectFormationError as exc:
        return [_error(str(exc), pointer)]
    except Exception as exc:  # a malformed value slack_sdk trips over
        return [_error(f"invalid value ({exc})", pointer)]
    problems: list[str] = []
    for name in sorted(obj.attributes):
        value = getattr(obj, name, None)
        if isinstance(value, JsonObject):
            problems += _walk(value, f"{pointer}/{name}")
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                if item is None:
                    problems.append(_error("unsupported type", f"{pointer}/{name}/{index}"))
                elif isinstance(item, JsonObject):
                    problems += _walk(item, f"{pointer}/{name}/{index}")
    return problems


def block_problems(blocks: Any, *, max_blocks: int, pointer: str = "/blocks") -> list[str]:
    """Everything wrong with a ``blocks`` array, as Slack's ``[ERROR] ...`` lines (empty if valid)."""
    if not isinstance(blocks, list):
        return [_error("must be an array", pointer)]
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(
            _error(f"must provide an array with no more than {max_blocks} items", pointer)
        )
    seen_block_ids: set[str] = set()
    for index, raw in enumerate(blocks):
        where = f"{pointer}/{index}"
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            problems.append(_error("failed to match all allowed schemas", where))
            continue
        try:
            block = Block.parse(dict(raw))
        except Exception as exc:
            problems.append(_error(f"invalid block ({exc})", where))
            continue
        if block is None:
            problems.append(_error(f"unsupported block type '{raw['type']}'", where))
            continue
        problems += _walk(block, where)
        block_id = raw.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not 0 < len(block_id) <= MAX_BLOCK_ID:
                problems.append(
                    _error(f"block_id must be 1-{MAX_BLOCK_ID} characters", where + "/block_id")
                )
            elif block_id in seen_block_ids:
                problems.append(_error(f"duplicate block_id '{block_id}'", where + "/block_id"))
            else:
                seen_block_ids.add(block_id)
        problems += _duplicate_action_ids(raw, where)
    return problems


def _duplicate_action_ids(raw: dict[str, Any], where: str) -> list[str]:
    elements: Iterable[Any] = raw.get("elements") or () if raw.get("type") == "actions" else ()
    seen: set[str] = set()
    problems = []
    for index, element in enumerate(elements):
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if action_id is None:
            continue
        if action_id in seen:
            problems.append(
                _error(f"duplicate action_id '{action_id}'", f"{where}/elements/{index}/action_id")
            )
        seen.add(action_id)
    return problems


def check_message(text: Any, blocks: Any, attachments: Any) -> None:
    """Refuse a chat message as Slack does: ``no_text``, ``msg_too_long``, ``invalid_blocks``."""
    if not text and not blocks and not attachments:
        raise ApiFailure("no_text")
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        raise ApiFailure("msg_too_long")
    if blocks is not None:
        problems = block_problems(blocks, max_blocks=MAX_MESSAGE_BLOCKS)
        if problems:
            raise ApiFailure("invalid_blocks", messages=problems)


def check_view(view: Any, *, expected_type: str | None = None) -> None:
    """Refuse a view as Slack does: ``view_too_large`` or ``invalid_arguments`` with the reasons."""
    if not isinstance(view, dict):
        raise ApiFailure(
            "invalid_arguments", messages=["[ERROR] must be an object [json-pointer:/view]"]
        )
    if len(json.dumps(view).encode()) > MAX_VIEW_BYTES:
        raise ApiFailure("view_too_large")
    problems: list[str] = []
    view_type = view.get("type")
    if view_type not in ("modal", "home"):
        problems.append(_error("must be one of: modal, home", "/view/type"))
    elif expected_type is not None and view_type != expected_type:
        problems.append(_error(f"must be '{expected_type}' for this method", "/view/type"))
    if view_type == "modal" and not view.get("title"):
        problems.append("[ERROR] missing required field: title [json-pointer:/view]")
    if view_type == "modal" and not view.get("submit") and _has_input(view.get("blocks")):
        problems.append(_error("submit is required when an input block is present", "/view/submit"))
    fields = {
        key: value
        for key, value in view.items()
        if key in View.attributes and key not in ("blocks", "state")
    }
    try:
        model = View(**fields)
        # None skips the SDK's own block count: the blocks are checked below, with JSON
        # pointers (the SDK types `blocks` as a list only).
        model.blocks = None  # type: ignore[assignment]
        model.validate_json()
    except SlackObjectFormationError as exc:
        problems.append(_error(str(exc), "/view"))
    except Exception as exc:
        problems.append(_error(f"invalid view ({exc})", "/view"))
    blocks = view.get("blocks")
    if blocks is None:
        problems.append("[ERROR] missing required field: blocks [json-pointer:/view]")
    else:
        problems += block_problems(blocks, max_blocks=MAX_VIEW_BLOCKS, pointer="/view/blocks")
    if problems:
        raise ApiFailure("invalid_arguments", messages=problems)


def _has_input(blocks: Any) -> bool:
    return isinstance(blocks, list) and any(
        isinstance(b, dict) and b.get("type") == "input" for b in blocks
    )
