"""`rtwbot sandbox`: talk to the bot in a terminal as a sandbox user — no Slack needed.

Type to send a direct message; type a button's number to click it (add a value for a
date picker or a person menu: `2 2026-11-20`, `1 erin`); `/rtw ...` runs the slash command;
`/as NAME` switches person; `/quit` leaves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from rtwbot.playground import CAST, Playground

INTERACTIVE = {"button", "static_select", "users_select", "datepicker", "radio_buttons",
               "multi_static_select", "overflow", "checkboxes"}


def interactive_elements(blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """In the order the transcript numbers them."""
    for block in blocks or []:
        if block.get("type") == "section":
            accessory = block.get("accessory")
            if isinstance(accessory, dict) and accessory.get("type") in INTERACTIVE:
                yield accessory
        elif block.get("type") == "actions":
            yield from (e for e in block.get("elements") or [] if e.get("type") in INTERACTIVE)


def _selection(pg: Playground, element: dict[str, Any], arg: str) -> Any:
    kind = element.get("type")
    if kind == "datepicker":
        return date.fromisoformat(arg)
    if kind == "users_select":
        handle = arg.lstrip("@").lower()
        return pg.users.get(handle, arg)
    if kind == "multi_static_select":
        return [a.strip() for a in arg.split(",") if a.strip()]
    return arg


def run_chat(handle: str, read: Callable[[str], str] = input,
             write: Callable[[str], None] = print) -> None:
    with Playground() as pg:
        if handle not in pg.users:
            write(f"No sandbox user {handle!r}. Choose one of: {', '.join(pg.users)}")
            return
        write("A Slack workspace on this machine. People here:")
        for person in CAST:
            write(f"  {person.handle:<5} {person.real_name} — {person.role}")
        write(__doc__.split("\n\n", 1)[1].strip() + "\n")
        shown = 0

        def show() -> None:
            nonlocal shown
            lines = pg.sandbox.transcript().splitlines()
            for line in lines[shown:]:
                write(line)
            shown = len(lines)

        while True:
            try:
                line = read(f"{handle}> ").strip()
            except (EOFError, KeyboardInterrupt):
                break
            if not line:
                continue
            if line in ("/quit", "/exit"):
                break
            user = pg.users[handle]
            if line.startswith("/as "):
                wanted = line[4:].strip().lower()
                if wanted in pg.users:
                    handle = wanted
                else:
                    write(f"No such person; choose one of: {', '.join(pg.users)}")
                continue
            click = re.fullmatch(r"(\d+)(?:\s+(.+))?", line)
            try:
                if click:
                    _click(pg, user, int(click.group(1)), click.group(2) or "", write)
                elif line.startswith("/rtw"):
                    pg.sandbox.command(user, "/rtw", line[4:].strip())
                else:
                    pg.sandbox.dm(user, line)
                pg.settle()
            except AssertionError as exc:  # the sandbox refuses what Slack's client would
                write(f"(can't do that: {str(exc).splitlines()[0]})")
            show()


def _click(pg: Playground, user: str, number: int, arg: str,
           write: Callable[[str], None]) -> None:
    messages = [m for m in pg.sandbox.dm_messages(user)
                if list(interactive_elements(m.get("blocks") or []))]
    if not messages:
        write("(there is nothing to click yet)")
        return
    message = messages[-1]
    elements = list(interactive_elements(message["blocks"]))
    if not 1 <= number <= len(elements):
        write(f"(choose a number from 1 to {len(elements)})")
        return
    element = elements[number - 1]
    if element.get("type") == "button":
        pg.sandbox.click(user, element["action_id"], message=message, value=element.get("value"))
    elif not arg:
        write("(that one needs a value after the number, e.g. `2 2026-11-20` or `1 erin`)")
    else:
        pg.sandbox.click(user, element["action_id"], message=message,
                         selected=_selection(pg, element, arg))
