"""End-to-end: the real bot (HTTP endpoint, Bolt, signatures, database) driven through the
Slack sandbox by people who type and click. Time is the sandbox's frozen clock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from rtwbot.playground import Playground

TORONTO = ZoneInfo("America/Toronto")
# A Wednesday morning in the employer's zone.
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=TORONTO)


@pytest.fixture
def pg(database_url: str) -> Iterator[Playground]:
    with Playground(database_url=database_url, start_at=NOW) as playground:
        yield playground


def text_of(message: dict) -> str:
    """What a person reads: the message text plus every text in its blocks."""
    parts = [message.get("text") or ""]

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and "text" in node:
                parts.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks") or [])
    return "\n".join(parts)


def dm_texts(pg: Playground, who: str) -> list[str]:
    return [text_of(m) for m in pg.sandbox.dm_messages(pg.users[who])]


def say(pg: Playground, who: str, text: str) -> str:
    """`who` types `text` to the bot; returns everything the bot answered to it."""
    before = len(pg.sandbox.dm_messages(pg.users[who]))
    delivery = pg.sandbox.dm(pg.users[who], text)
    assert delivery.status == 200, delivery
    pg.settle()
    return "\n".join(dm_texts(pg, who)[before:])


def click(pg: Playground, who: str, action_id: str, **kwargs) -> str:
    before = len(pg.sandbox.dm_messages(pg.users[who]))
    delivery = pg.sandbox.click(pg.users[who], action_id, **kwargs)
    assert delivery.status == 200, delivery
    pg.settle()
    return "\n".join(dm_texts(pg, who)[before:])


def blocks_json(pg: Playground, who: str) -> str:
    return json.dumps([m.get("blocks") for m in pg.sandbox.dm_messages(pg.users[who])])
