"""What a person does on the page, done through the sandbox exactly as Slack would deliver it,
and what the person then sees (``TryOut.page``)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rtwbot import dates
from rtwbot.playground import CAST, Playground

from .blocks import Surface
from .mrkdwn import Names
from .page import TZ, View, message_html, modal_html, render_page, url

_AT = re.compile(r"(?<![<\w])@([A-Za-z][\w.-]*)")


@dataclass
class Form:
    """A submitted form: one value per name, or all of them (``many``)."""

    values: dict[str, list[str]]
    files: dict[str, tuple[str, bytes]]

    def get(self, name: str, default: str = "") -> str:
        found = self.values.get(name)
        return found[0] if found else default

    def many(self, name: str) -> list[str]:
        return list(self.values.get(name) or [])


class TryOut:
    """A playground played through a browser; one action at a time."""

    def __init__(self, pg: Playground) -> None:
        self.pg = pg
        self.lock = threading.Lock()
        self.notices: dict[str, str] = {}
        self.handles = {uid: h for h, uid in pg.users.items()}

    # ------------------------------------------------------------------ names
    def names(self) -> Names:
        sandbox = self.pg.sandbox
        channels = {c["id"]: c["name"] for c in sandbox.conversations()}

        def user(uid: str) -> str:
            if uid == sandbox.bot_user_id:
                return "rtwbot"
            try:
                return sandbox.user(uid).get("real_name") or uid
            except AssertionError:
                return uid

        return Names(user, lambda cid: channels.get(cid, cid))

    def people(self) -> list[tuple[str, str]]:
        return [(self.pg.users[p.handle], p.real_name) for p in CAST]

    def _mentions(self, text: str) -> str:
        """What Slack's composer does with ``@erin``: a mention of the person."""
        bot = self.pg.sandbox.bot_user_id

        def resolve(match: re.Match[str]) -> str:
            word = match.group(1).lower()
            if word == "rtwbot":
                return f"<@{bot}>"
            uid = self.pg.users.get(word)
            return f"<@{uid}>" if uid else match.group(0)

        return _AT.sub(resolve, text)

    # ------------------------------------------------------------------ acting
    def act(self, form: Form) -> str:
        """Do what the form says; returns where the browser goes next."""
        handle = form.get("as", "sam")
        if handle not in self.pg.users:
            return url("sam")
        user = self.pg.users[handle]
        op = form.get("op")
        back = form.get("back") or url(handle, c=form.get("channel"), t=form.get("thread_ts"))
        with self.lock:
            try:
                back = self._do(op, handle, user, form) or back
            except AssertionError as refusal:  # what Slack's client would not let you do
                self.notices[handle] = str(refusal).splitlines()[0]
            self.pg.settle()
        return back

    def _do(self, op: str, handle: str, user: str, form: Form) -> str | None:
        sandbox = self.pg.sandbox
        if op == "send":
            return self._send(handle, user, form)
        if op == "click":
            self._click(user, form)
            return form.get("back") or None
        if op == "submit":
            values: dict[str, Any] = {}
            for name, got in form.values.items():
                if not name.startswith("i:"):
                    continue
                key = name[2:]
                chosen = [g for g in got if g != ""]
                if len(got) > 1 or self._is_multi(user, form.get("view"), key):
                    values[key] = chosen
                elif chosen:
                    values[key] = chosen[0]
            sandbox.submit_view(user, form.get("view"), values)
            return None
        if op == "close":
            sandbox.close_view(user, form.get("view"))
            return None
        if op == "shortcut":
            sandbox.shortcut(user, form.get("callback_id", "report_injury"))
            return None
        if op == "home":
            sandbox.open_home(user)
            return url(handle, c="home")
        raise AssertionError(f"unknown action {op!r}")

    def _is_multi(self, user: str, view_id: str, key: str) -> bool:
        block_id, _, action_id = key.partition(".")
        for view in self.pg.sandbox.views(user):
            if view["id"] != view_id:
                continue
            for block in view.get("blocks") or []:
                element = block.get("element") or {}
                if block.get("block_id") == block_id and element.get("action_id") == action_id:
                    return element.get("type", "").startswith("multi_") or \
                        element.get("type") == "checkboxes"
        return False

    def _send(self, handle: str, user: str, form: Form) -> str | None:
        sandbox = self.pg.sandbox
        channel = form.get("channel") or sandbox.dm_channel(user)
        thread_ts = form.get("thread_ts") or None
        text = form.get("text").strip()
        upload = form.files.get("file")
        is_dm = channel == sandbox.dm_channel(user)
        if upload and upload[1]:
            sandbox.upload_file(user, upload[0], upload[1], channel=channel, text=text)
            return None
        if not text:
            return None
        if text.startswith("/") and not thread_ts:
            command, _, rest = text.partition(" ")
            sandbox.command(user, command, rest.strip(), channel=None if is_dm else channel)
            return None
        text = self._mentions(text)
        if is_dm:
            sandbox.dm(user, text, thread_ts=thread_ts)
        else:
            sandbox.post(user, channel, text, thread_ts=thread_ts)
        return None

    def _click(self, user: str, form: Form) -> None:
        kind = form.get("kind")
        where: dict[str, Any] = {}
        if form.get("view"):
            where["view"] = form.get("view")
        elif form.get("ephemeral"):
            where["message"] = {"ts": form.get("ts"), "is_ephemeral": True}
        elif form.get("ts"):
            where["message"] = {"ts": form.get("ts"), "channel": form.get("channel")}
        action_id = form.get("action_id")
        if kind == "button":
            self.pg.sandbox.click(user, action_id, value=form.get("value") or None, **where)
            return
        if kind.startswith("multi_") or kind == "checkboxes":
            selected: Any = form.many("selected")
        else:
            selected = form.get("selected")
            if not selected:
                return
        self.pg.sandbox.click(user, action_id, selected=selected, **where)

    # ------------------------------------------------------------------ seeing
    def page(self, handle: str, current: str = "", thread_ts: str = "") -> str:
        with self.lock:
            return self._page(handle, current, thread_ts)

    def _page(self, handle: str, current: str, thread_ts: str) -> str:
        sandbox, names = self.pg.sandbox, self.names()
        user = self.pg.users[handle]
        dm = sandbox.dm_channel(user)
        conversations = sandbox.conversations(user)
        if current != "home" and current not in {c["id"] for c in conversations}:
            current = dm
        people = self.people()
        notice = self.notices.pop(handle, "")
        view = View(handle=handle, user_id=user, current=current, conversations=conversations,
                    people=[(p.handle, p.real_name, p.role) for p in CAST], title="",
                    now=dates.day_and_time(datetime.fromtimestamp(sandbox.clock.now(), TZ)))
        modals = sandbox.views(user)
        if modals:
            view.modal = modal_html(modals[-1], names, handle, people, notice)
            notice = ""
        view.notice = notice
        if current == "home":
            view.title = "rtwbot — Home"
            home = sandbox.home(user)
            if home:
                surface = Surface(fields={"as": handle, "view": home["id"],
                                          "back": url(handle, c="home")}, people=people)
                from .blocks import render_blocks
                view.home = render_blocks(home.get("blocks") or [], names, surface)
            return render_page(view, self._conversation_name)
        chosen = next(c for c in conversations if c["id"] == current)
        view.title = self._conversation_name(chosen)
        messages = sandbox.messages(current)
        top = [m for m in messages if not m.get("thread_ts") or m["thread_ts"] == m["ts"]]
        shown = top + [e for e in sandbox.ephemerals(user) if e.get("channel") == current
                       and not e.get("thread_ts")]
        shown.sort(key=lambda m: float(m["ts"]))
        view.messages = [self._message(m, handle, current, names, people) for m in shown]
        if thread_ts:
            thread = [m for m in messages if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts]
            view.thread = [self._message(m, handle, current, names, people, in_thread=True)
                           for m in thread]
            view.thread_ts = thread_ts
        return render_page(view, self._conversation_name)

    def _conversation_name(self, conversation: dict[str, Any]) -> str:
        return "rtwbot" if conversation["is_im"] else conversation["name"]

    def _message(self, m: dict[str, Any], handle: str, channel: str, names: Names,
                 people: list[tuple[str, str]], in_thread: bool = False) -> str:
        sandbox = self.pg.sandbox
        is_bot = m.get("user") == sandbox.bot_user_id or bool(m.get("bot_id"))
        speaker = "rtwbot" if is_bot else names.user(m.get("user") or "")
        here = url(handle, c=channel, t=(m.get("thread_ts") or "") if in_thread else "")
        fields = {"as": handle, "channel": channel, "ts": m["ts"], "back": here}
        if m.get("is_ephemeral"):
            fields["ephemeral"] = "1"
        surface = Surface(fields=fields, people=people)
        replies = ""
        if not in_thread and m.get("reply_count"):
            count = m["reply_count"]
            link = url(handle, c=channel, t=m["ts"])
            replies = (f'<div class="replies"><a href="{link}" class="open-thread">'
                       f'{count} {"reply" if count == 1 else "replies"}</a></div>')
        return message_html(m, names, speaker=speaker, is_bot=is_bot, surface=surface,
                            replies=replies)
