"""What a person types after a number in the terminal chat, as the pick Slack would send:
a date for a date picker (`last friday` too), a person for a person menu (`erin`, `@erin`,
`@Erin Employee`), an option by its label, value or number."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

import dateparser

TEXT_KINDS = {"plain_text_input", "email_text_input", "url_text_input", "number_input",
              "rich_text_input"}
PERSON_KINDS = {"users_select", "multi_users_select"}
CHOICE_KINDS = {"static_select", "radio_buttons", "overflow", "multi_static_select",
                "checkboxes"}
NOT_CLICKABLE = {"image", "mrkdwn", "plain_text"}


class Unreadable(ValueError):
    """What was typed does not fit the element; the message says what would."""


def numbered_elements(blocks: list[dict[str, Any]] | None) -> list[tuple[dict, dict]]:
    """(block, element) in the order the transcript numbers them."""
    found: list[tuple[dict, dict]] = []
    for block in blocks or []:
        kind = block.get("type")
        if kind == "section" and isinstance(block.get("accessory"), dict):
            candidates = [block["accessory"]]
        elif kind in ("actions", "context"):
            candidates = list(block.get("elements") or [])
        elif kind == "input":
            candidates = [block.get("element") or {}]
        else:
            candidates = []
        found += [(block, e) for e in candidates if e.get("type") not in NOT_CLICKABLE]
    return found


def person(arg: str, people: Mapping[str, tuple[str, str]]) -> str | None:
    """A sandbox user's id from `erin`, `@erin`, `Erin Employee`, `@Erin Employee`, `<@U1>`.

    ``people``: handle -> (user id, real name)."""
    text = arg.strip()
    mention = re.fullmatch(r"<@([A-Z0-9]+)(?:\|[^>]*)?>", text)
    if mention:
        return mention.group(1)
    wanted = text.lstrip("@").strip().lower()
    for handle, (uid, real_name) in people.items():
        if wanted in (handle.lower(), real_name.lower(), uid.lower()):
            return uid
    return None


def mention_people(text: str, people: Mapping[str, tuple[str, str]]) -> str:
    """What Slack's composer does with `@Erin Employee` or `@erin`: a mention."""
    for _handle, (uid, real_name) in sorted(people.items(), key=lambda p: -len(p[1][1])):
        text = re.sub(rf"(?<![<\w])@{re.escape(real_name)}\b", f"<@{uid}>", text, flags=re.I)
    for handle, (uid, _name) in people.items():
        text = re.sub(rf"(?<![<\w])@{re.escape(handle)}\b", f"<@{uid}>", text, flags=re.I)
    return text


def a_date(arg: str, today: date) -> date:
    text = arg.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parsed = dateparser.parse(text[:60], languages=["en"], settings={
        "RELATIVE_BASE": datetime.combine(today, time(12)), "PREFER_DATES_FROM": "past"})
    if parsed is None:
        raise Unreadable(f"I couldn't read {text!r} as a date — try 2026-11-20 or 'last friday'")
    return parsed.date()


def _option(element: dict[str, Any], arg: str) -> str:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    text = arg.strip().lower()
    for o in options:
        label = (o.get("text") or {}).get("text", "")
        if text in (str(o.get("value", "")).lower(), label.lower()):
            return o["value"]
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1]["value"]
    starts = [o for o in options if (o.get("text") or {}).get("text", "").lower().startswith(text)]
    if len(starts) == 1:
        return starts[0]["value"]
    labels = ", ".join((o.get("text") or {}).get("text", "") for o in options)
    raise Unreadable(f"choose one of: {labels} (by name or number)")


def selection(element: dict[str, Any], arg: str, people: Mapping[str, tuple[str, str]],
              today: date) -> Any:
    """The pick for ``element`` from what was typed; raises ``Unreadable``."""
    kind = element.get("type", "")
    if kind in TEXT_KINDS:
        return arg
    if kind == "datepicker":
        return a_date(arg, today)
    if kind == "timepicker":
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", arg.strip())
        if not match:
            raise Unreadable("type a time like 14:30")
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    if kind in PERSON_KINDS:
        picks = [p.strip() for p in arg.split(",")] if kind.startswith("multi_") else [arg]
        ids = [person(p, people) for p in picks if p]
        if not ids or None in ids:
            raise Unreadable(f"no one called {arg!r} here; people: {', '.join(people)}")
        return ids if kind.startswith("multi_") else ids[0]
    if kind in ("multi_static_select", "checkboxes"):
        return [_option(element, p) for p in arg.split(",") if p.strip()]
    if kind in CHOICE_KINDS:
        return _option(element, arg)
    return arg
