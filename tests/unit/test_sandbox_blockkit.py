"""Block Kit limits the sandbox enforces, with Slack's error strings and JSON-pointer explanations."""

from __future__ import annotations

from typing import Any

import pytest

from rtwbot.sandbox.blockkit import block_problems, check_message, check_view
from rtwbot.sandbox.errors import ApiFailure


def text(kind: str, value: str) -> dict[str, Any]:
    return {"type": kind, "text": value}


def refused(check: Any, *args: Any, **kwargs: Any) -> ApiFailure:
    with pytest.raises(ApiFailure) as raised:
        check(*args, **kwargs)
    return raised.value


@pytest.mark.parametrize(
    ("block", "pointer"),
    [
        ({"type": "section", "text": text("mrkdwn", "x" * 3001)}, "/blocks/0"),
        ({"type": "header", "text": text("plain_text", "x" * 151)}, "/blocks/0"),
        (
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "action_id": "a", "text": text("plain_text", "x" * 76)}
                ],
            },
            "/blocks/0/elements/0",
        ),
        (
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "action_id": "a" * 256, "text": text("plain_text", "ok")}
                ],
            },
            "/blocks/0/elements/0",
        ),
        (
            {
                "type": "section",
                "text": text("mrkdwn", "x"),
                "accessory": {
                    "type": "button",
                    "action_id": "a",
                    "text": text("plain_text", "x" * 76),
                },
            },
            "/blocks/0/accessory",
        ),
        ({"type": "sparkles"}, "/blocks/0"),
        ({"type": "section"}, "/blocks/0"),
        ({"type": "actions", "elements": [{"type": "hologram"}]}, "/blocks/0/elements/0"),
        ("not a block", "/blocks/0"),
    ],
)
def test_invalid_message_blocks(block: Any, pointer: str) -> None:
    failure = refused(check_message, "fallback", [block], None)
    assert failure.error == "invalid_blocks"
    assert failure.body()["response_metadata"]["messages"][0].endswith(f"[json-pointer:{pointer}]")


def test_valid_blocks_pass_and_limits_hold() -> None:
    good = [
        {"type": "header", "text": text("plain_text", "x" * 150)},
        {"type": "section", "text": text("mrkdwn", "x" * 3000)},
        {
            "type": "actions",
            "elements": [
                {"type": "button", "action_id": "a" * 255, "text": text("plain_text", "x" * 75)}
            ],
        },
    ]
    check_message(None, good, None)
    assert block_problems([{"type": "divider"}] * 51, max_blocks=50)
    assert not block_problems([{"type": "divider"}] * 50, max_blocks=50)


def test_duplicate_ids_and_message_text_rules() -> None:
    twice = [{"type": "divider", "block_id": "same"}, {"type": "divider", "block_id": "same"}]
    assert "duplicate block_id" in block_problems(twice, max_blocks=50)[0]
    buttons = [{"type": "button", "action_id": "go", "text": text("plain_text", "Go")}] * 2
    assert (
        "duplicate action_id"
        in block_problems([{"type": "actions", "elements": buttons}], max_blocks=50)[0]
    )
    assert refused(check_message, None, None, None).error == "no_text"
    assert refused(check_message, "x" * 40_001, None, None).error == "msg_too_long"
    check_message("x" * 40_000, None, None)


def modal(**changes: Any) -> dict[str, Any]:
    view = {"type": "modal", "title": text("plain_text", "Form"), "blocks": [{"type": "divider"}]}
    return {**view, **changes}


@pytest.mark.parametrize(
    "view",
    [
        modal(title=text("plain_text", "x" * 25)),
        modal(submit=text("plain_text", "x" * 25)),
        modal(close=text("plain_text", "x" * 25)),
        modal(private_metadata="x" * 3001),
        modal(callback_id="x" * 256),
        modal(blocks=[{"type": "divider"}] * 101),
        modal(title=None),
        modal(type="dialog"),
        modal(
            blocks=[
                {
                    "type": "input",
                    "label": text("plain_text", "L"),
                    "element": {"type": "plain_text_input"},
                }
            ]
        ),
        {"type": "home", "submit": text("plain_text", "Save"), "blocks": [{"type": "divider"}]},
    ],
)
def test_invalid_views(view: dict[str, Any]) -> None:
    failure = refused(check_view, view)
    assert failure.error == "invalid_arguments" and failure.messages


def test_view_size_and_type_expectations() -> None:
    check_view(modal(blocks=[{"type": "divider"}] * 100, private_metadata="x" * 3000))
    big = modal(blocks=[{"type": "section", "text": text("mrkdwn", "y" * 2900)}] * 90)
    assert refused(check_view, big).error == "view_too_large"
    assert refused(check_view, modal(), expected_type="home").error == "invalid_arguments"
