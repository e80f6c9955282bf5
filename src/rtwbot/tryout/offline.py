"""The demo's ``transcript.html``: every scene, every message with its channel and speaker,
drawn as the web try-out draws them, viewable offline (no script, no server)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .blocks import esc
from .mrkdwn import Names
from .page import CSS, message_html


@dataclass
class Recorder:
    """Collects, scene by scene, the messages that appeared or changed."""

    pg: Any  # a Playground
    out_dir: Path
    scenes: list[tuple[str, list[tuple[dict[str, Any], bool]]]] = field(default_factory=list)
    _seen: dict[str, str] = field(default_factory=dict)

    def _names(self) -> tuple[Names, dict[str, dict[str, Any]]]:
        sandbox = self.pg.sandbox
        conversations = {c["id"]: c for c in sandbox.conversations()}

        def user(uid: str) -> str:
            if uid == sandbox.bot_user_id:
                return "rtwbot"
            try:
                return sandbox.user(uid).get("real_name") or uid
            except AssertionError:
                return uid

        def channel(cid: str) -> str:
            return conversations[cid]["name"] if cid in conversations else cid

        return Names(user, channel), conversations

    def _everything(self) -> list[dict[str, Any]]:
        sandbox = self.pg.sandbox
        shown = list(sandbox.messages())
        for uid in self.pg.users.values():
            shown += sandbox.ephemerals(uid)
        return sorted(shown, key=lambda m: float(m["ts"]))

    def capture(self, title: str) -> int:
        """Record the scene just played; returns how many messages are new or changed."""
        items: list[tuple[dict[str, Any], bool]] = []
        for m in self._everything():
            key = f"{m['channel']}/{m.get('is_ephemeral') and m.get('user') or ''}/{m['ts']}"
            fingerprint = json.dumps([m.get("text"), m.get("blocks"), m.get("files")],
                                     sort_keys=True, default=str)
            if self._seen.get(key) == fingerprint:
                continue
            changed = key in self._seen
            self._seen[key] = fingerprint
            items.append((m, changed))
        self.scenes.append((title, items))
        return len(items)

    def _message(self, m: dict[str, Any], names: Names,
                 conversations: dict[str, dict[str, Any]], changed: bool) -> str:
        sandbox = self.pg.sandbox
        conversation = conversations.get(m["channel"], {})
        if conversation.get("is_im"):
            where = f"DM with {names.user(conversation.get('im_user') or '')}"
        else:
            where = "#" + conversation.get("name", m["channel"])
        if m.get("thread_ts") and m["thread_ts"] != m["ts"]:
            where += " · in the thread"
        if m.get("is_ephemeral"):
            where += f" · only visible to {names.user(m.get('user') or '')}"
        if changed:
            where += " · updated"
        is_bot = m.get("user") == sandbox.bot_user_id or bool(m.get("bot_id"))
        speaker = "rtwbot" if is_bot else names.user(m.get("user") or "")
        files = [{**f, "href": f["name"]} if (self.out_dir / f["name"]).exists() else f
                 for f in m.get("files") or []]
        return message_html({**m, "files": files}, names, speaker=speaker, is_bot=is_bot,
                            surface=None, where=esc(where), link_files=False)

    def write(self, heading: str) -> Path:
        names, conversations = self._names()
        body = [f"<h1 style='padding:0 20px'>{esc(heading)}</h1>"]
        for title, items in self.scenes:
            body.append(f'<section class="scene-block"><div class="scene">{esc(title)}</div>')
            body += [self._message(m, names, conversations, changed) for m, changed in items] or ['<p class="muted" style="padding:0 20px">(nothing new was said)'
                              "</p>"]
            body.append("</section>")
        page = ("<!doctype html><html><head><meta charset='utf-8'>"
                f"<title>{esc(heading)}</title><style>{CSS}</style></head>"
                f"<body><div class='transcript'>{''.join(body)}</div></body></html>")
        path = self.out_dir / "transcript.html"
        path.write_text(page, encoding="utf-8")
        return path
