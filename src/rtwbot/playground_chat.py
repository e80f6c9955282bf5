"""`rtwbot sandbox`: talk to the bot in a terminal as a sandbox user — no Slack needed.

Type to send a direct message (`@erin` mentions Erin). Type a number to use that element of
the newest message with buttons (a DM, the team's thread, the Home tab or a modal); add what
to pick after it: `2 2026-11-20` or `2 last friday` for a date picker, `1 erin` for a person
menu, `3 Parks` for a menu. In a modal, `N text` fills field N, `submit` sends it, `/close`
closes it. `/rtw ...` runs the slash command; `/home` opens your Home tab; `/upload PATH`
sends a file; `/as NAME` switches person; `/quit` leaves.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rtwbot.playground import CAST, Playground
from rtwbot.sandbox.chat_values import (
    PERSON_KINDS,
    Unreadable,
    mention_people,
    numbered_elements,
    person,
)
from rtwbot.sandbox.chat_values import selection as pick

_NUMBER = re.compile(r"(\d+)(?:\s+(.+))?")
# "2 days ago at noon", "3pm", "10:30": a number that starts an answer, not a pick.
_SPOKEN = re.compile(r"\d+\s*(?::\d\d|(?:days?|hours?|hrs?|minutes?|mins?|weeks?|months?|"
                     r"years?|am|pm|a\.m\.|p\.m\.|ish|h)\b)", re.I)


@dataclass
class Target:
    """What numbers refer to: a message (``message``), or a view (modal or Home)."""

    blocks: list[dict[str, Any]]
    message: dict[str, Any] | None = None
    view_id: str | None = None
    modal: bool = False


@dataclass
class Chat:
    pg: Playground
    handle: str
    write: Callable[[str], None]
    shown: dict[str, list[str]] = field(default_factory=dict)
    views_shown: dict[str, list[str]] = field(default_factory=dict)
    target: Target | None = None
    filled: dict[str, Any] = field(default_factory=dict)  # modal inputs typed so far

    @property
    def user(self) -> str:
        return self.pg.users[self.handle]

    def people(self) -> dict[str, tuple[str, str]]:
        return {p.handle: (self.pg.users[p.handle], p.real_name) for p in CAST}

    # ------------------------------------------------------------------ reading a line
    def handle_line(self, line: str) -> bool:
        """Act on one typed line; False when the person leaves."""
        if line in ("/quit", "/exit"):
            return False
        try:
            self._act(line)
            self.pg.settle()
        except Unreadable as exc:
            self.write(f"({exc})")
        except AssertionError as exc:  # the sandbox refuses what Slack's client would
            self.write(f"(can't do that: {str(exc).splitlines()[0]})")
        self.show()
        return True

    def _act(self, line: str) -> None:
        sandbox = self.pg.sandbox
        if line.startswith("/as "):
            wanted = person(line[4:], self.people())
            handle = next((h for h, (uid, _) in self.people().items() if uid == wanted), None)
            if handle is None:
                self.write(f"(no such person; choose one of: {', '.join(self.pg.users)})")
            else:
                self.handle, self.target, self.filled = handle, None, {}
                self.write(f"(you are now {self.people()[handle][1]})")
            return
        if line == "/home":
            sandbox.open_home(self.user)
            self.pg.settle()
            self.views_shown.pop(f"home:{self.user}", None)
            return
        if line.startswith("/upload"):
            self._upload(line[len("/upload"):].strip())
            return
        modal = self._modal() if line in ("/close", "/cancel") else None
        if modal:
            sandbox.close_view(self.user, modal["id"])
            self.filled = {}
            return
        if line.lower() in ("submit", "/submit") and self._modal():
            self._submit()
            return
        if line.startswith("/rtw"):
            sandbox.command(self.user, "/rtw", line[4:].strip())
            return
        number = _NUMBER.fullmatch(line)
        elements = numbered_elements(self.target.blocks) if self.target else []
        if number and 1 <= int(number.group(1)) <= len(elements) and self._is_pick(
                line, number.group(2), elements[int(number.group(1)) - 1]):
            try:
                self._use(elements[int(number.group(1)) - 1], number.group(2) or "")
                return
            except Unreadable:
                if self.target is None or self.target.modal:
                    raise
                # "1 hour ago" to a question with a date picker: said, not picked
        if self._menu_for_person(line, elements):
            return
        sandbox.dm(self.user, mention_people(line, self.people()))

    def _is_pick(self, line: str, rest: str | None, found: tuple[dict, dict]) -> bool:
        """A bare number within the buttons shown is a press; a number with more after it
        only picks in an element that takes a value ("1 last friday" in a date picker) —
        "2 days ago at noon" is an answer, whatever is shown."""
        if rest is None or (self.target is not None and self.target.modal):
            return True  # in a modal, `N text` fills field N
        _block, element = found
        return element.get("type") != "button" and not _SPOKEN.match(line)

    def _menu_for_person(self, line: str, elements: list[tuple[dict, dict]]) -> bool:
        """`erin` typed when the newest question offers a person menu: pick her in it."""
        menus = [(b, e) for b, e in elements if e.get("type") in PERSON_KINDS]
        if len(menus) != 1 or self.target is None or self.target.modal:
            return False
        if person(line, self.people()) is None:
            return False
        self._use(menus[0], line)
        return True

    def _use(self, found: tuple[dict, dict], arg: str) -> None:
        block, element = found
        target = self.target
        assert target is not None
        kind = element.get("type")
        where: dict[str, Any] = (
            {"view": target.view_id} if target.view_id else {"message": target.message})
        today = self.pg.sandbox.clock.datetime().date()
        if block.get("type") == "input" and target.modal:
            if not arg:
                raise Unreadable("type what goes in that field after its number")
            value = pick(element, arg, self.people(), today)
            key = f"{block.get('block_id')}.{element.get('action_id')}"
            self.filled[key] = value
            label = (block.get("label") or {}).get("text", "field")
            self.write(f"({label}: {arg}) — `submit` when done")
            if block.get("dispatch_action") and kind != "plain_text_input":
                # Slack tells the app of this pick at once; the form may change with it.
                self.pg.sandbox.click(self.user, key, selected=value, values=self.filled,
                                      **where)
            return
        if kind == "button":
            self.pg.sandbox.click(self.user, element["action_id"], value=element.get("value"),
                                  values=self.filled if target.modal else None, **where)
            return
        if not arg:
            raise Unreadable("that one needs a value after the number, e.g. `2 2026-11-20` "
                             "or `1 erin`")
        self.pg.sandbox.click(self.user, element["action_id"],
                              selected=pick(element, arg, self.people(), today), **where)

    def _submit(self) -> None:
        modal = self._modal()
        assert modal is not None
        self.pg.sandbox.submit_view(self.user, modal["id"], self.filled)
        self.pg.settle()
        now_open = self._modal()
        if not now_open or now_open["id"] != modal["id"]:
            self.filled = {}

    def _upload(self, args: str) -> None:
        parts = shlex.split(args) if args else []
        if not parts:
            raise Unreadable("say which file: /upload path/to/form.pdf")
        path = Path(parts[0]).expanduser()
        if not path.is_file():
            raise Unreadable(f"there is no file {str(path)!r}")
        self.pg.sandbox.upload_file(self.user, path.name, path.read_bytes(),
                                    text=" ".join(parts[1:]))

    def _modal(self) -> dict[str, Any] | None:
        views = self.pg.sandbox.views(self.user)
        return views[-1] if views else None

    # ------------------------------------------------------------------ showing
    def show(self) -> None:
        """What is new or changed since last time; numbers then refer to the newest of it."""
        sandbox, user = self.pg.sandbox, self.user
        visible = {c["id"] for c in sandbox.conversations(user)}
        dm = sandbox.dm_channel(user)
        newest: Target | None = None
        said_in_dm = False
        for key, lines in sandbox.transcript_entries():
            if self.shown.get(key) == lines:
                continue
            self.shown[key] = lines
            for line in lines:
                self.write(line)
            found = self._message_target(key, visible)
            if found is not None:
                newest = found
            elif key.startswith(dm + "/") and len(key.split("/")) == 2:
                said_in_dm = True
        if newest is None and said_in_dm:
            # The bot's newest answer has no buttons: numbers typed now are answers (`40`
            # hours), not clicks on something older.
            self.target = None
        modal = self._modal()
        home = sandbox.home(user)
        for kind, view in (("home", home), ("modal", modal)):
            if view is None:
                continue
            lines = sandbox.view_lines(view["id"])  # a modal's errors included
            key = f"{kind}:{user}"
            if self.views_shown.get(key) == lines:
                continue
            self.views_shown[key] = lines
            for line in lines:
                self.write(line)
            if numbered_elements(view.get("blocks")):
                newest = Target(view.get("blocks") or [], view_id=view["id"],
                                modal=kind == "modal")
            if kind == "modal":
                self.write("(fill a field: `N text`; then `submit`, or `/close`)")
        if modal is None:
            self.views_shown.pop(f"modal:{user}", None)
            if self.target is not None and self.target.modal:
                self.target = None
        if modal is not None:
            newest = Target(modal.get("blocks") or [], view_id=modal["id"], modal=True)
        if newest is not None:
            self.target = newest

    def _message_target(self, key: str, visible: set[str]) -> Target | None:
        parts = key.split("/")
        channel, ts = parts[0], parts[-1]
        if channel not in visible:
            return None
        if len(parts) == 3:  # an ephemeral: only for the person it was shown to
            if parts[1] != self.user:
                return None
            found = [e for e in self.pg.sandbox.ephemerals(self.user) if e["ts"] == ts]
            message = {"ts": ts, "is_ephemeral": True}
        else:
            found = [m for m in self.pg.sandbox.messages(channel) if m["ts"] == ts]
            message = {"ts": ts, "channel": channel}
        if not found or not numbered_elements(found[0].get("blocks")):
            return None
        return Target(found[0].get("blocks") or [], message=message)


def run_chat(handle: str, read: Callable[[str], str] = input,
             write: Callable[[str], None] = print, pg: Playground | None = None) -> None:
    if pg is None:
        with Playground() as playground:
            _run(playground, handle, read, write)
    else:
        _run(pg, handle, read, write)


def _run(pg: Playground, handle: str, read: Callable[[str], str],
         write: Callable[[str], None]) -> None:
    if handle not in pg.users:
        write(f"No sandbox user {handle!r}. Choose one of: {', '.join(pg.users)}")
        return
    write("A Slack workspace on this machine. People here:")
    for p in CAST:
        write(f"  {p.handle:<5} {p.real_name} — {p.role}")
    write(__doc__.split("\n\n", 1)[1].strip() + "\n")
    chat = Chat(pg, handle, write)
    chat.show()
    while True:
        try:
            line = read(f"{chat.handle}> ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if line and not chat.handle_line(line):
            break
