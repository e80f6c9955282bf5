"""Pieces both status renderings share (the staff's `status` and the employee's own
`status_employee`): a titled list, and Slack mentions of people."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rtwbot.workflow.outbox import escape


def titled_list(title: str, items: Iterable[Any]) -> list[str]:
    """A bold title, then one bullet per item; each item escaped, so what someone typed can
    never become a mention or a link."""
    return [f"*{title}*", *(f"• {escape(item)}" for item in items)]


def mentions(users: Iterable[str]) -> str:
    """"<@U1>, <@U2>": Slack shows each as the person's name."""
    return ", ".join(f"<@{u}>" for u in users)
