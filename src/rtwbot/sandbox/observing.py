"""What the sandbox shows a test: the workspace as Slack-shaped dicts (messages, views,
files, the bot's calls, the deliveries, a transcript), and waiting for it to change."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .core import SandboxCore
from .inbound import Delivery
from .shapes import channel_json, ephemeral_json, file_json, message_json, user_json, view_json
from .transcript import render_transcript, transcript_entries, view_lines
from .workspace import CallRecord

T = TypeVar("T")


class Observing(SandboxCore):
    """The read-only helpers and waits (see ``Sandbox``)."""

    def user(self, user_id: str) -> dict[str, Any]:
        with self._ws.lock:
            return user_json(self._ws, self._user(user_id))

    def messages(
        self, channel: str | None = None, thread_ts: str | None = None
    ) -> list[dict[str, Any]]:
        """Messages (thread replies included), oldest first, each with its ``channel``."""
        ws = self._ws
        with ws.lock:
            channels = [self._channel(channel).id] if channel else list(ws.messages)
            found = [
                m
                for c in channels
                for m in ws.messages.get(c, [])
                if thread_ts is None or m.ts == thread_ts or m.thread_ts == thread_ts
            ]
            found.sort(key=lambda m: float(m.ts))
            return [{**message_json(ws, m), "channel": m.channel} for m in found]

    def conversations(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """The conversations (the person's, or all), each as ``id``, ``name``, ``is_im``,
        ``is_private`` and, for a DM with the bot, ``im_user``; oldest first."""
        with self._ws.lock:
            uid = self._user(user_id).id if user_id else None
            return [
                {"id": c.id, "name": c.name, "is_im": c.is_im, "is_private": c.is_private,
                 "im_user": c.im_user}
                for c in self._ws.channels.values()
                if uid is None or uid in c.members
            ]
    def channel(self, ref: str) -> dict[str, Any]:
        """A channel by id or name, as conversations.info shows it, with its members and
        pinned message timestamps."""
        with self._ws.lock:
            channel = self._channel(ref)
            return {**channel_json(self._ws, channel), "members": list(channel.members),
                    "pins": list(self._ws.pins.get(channel.id, []))}

    def dm_channel(self, user_id: str) -> str:
        """The id of the bot's DM with this person (opened if needed)."""
        with self._ws.lock:
            im = self._ws.im_with(self._user(user_id).id)
            assert im is not None
            return im.id

    def dm_messages(self, user_id: str) -> list[dict[str, Any]]:
        """What the bot said to this person in their DM, oldest first."""
        return [
            m for m in self.messages(self.dm_channel(user_id)) if m.get("user") == self._ws.bot.id
        ]

    def ephemerals(self, user_id: str) -> list[dict[str, Any]]:
        """Ephemeral messages shown to this person (still on screen), oldest first."""
        with self._ws.lock:
            uid = self._user(user_id).id
            return [
                {**ephemeral_json(self._ws, e), "is_ephemeral": True}
                for e in self._ws.ephemerals
                if e.user == uid and not e.deleted
            ]

    def views(self, user_id: str) -> list[dict[str, Any]]:
        """The person's open modal stack, root first; each view also carries the ``errors`` on display."""
        with self._ws.lock:
            return [
                {**view_json(self._ws, v), "errors": dict(v.errors)}
                for v in self._ws.modal_stack(self._user(user_id).id)
            ]

    def home(self, user_id: str) -> dict[str, Any] | None:
        with self._ws.lock:
            view = self._ws.views.get(self._ws.home_views.get(self._user(user_id).id, ""))
            return view_json(self._ws, view) if view else None

    def files(self) -> list[dict[str, Any]]:
        with self._ws.lock:
            return [
                file_json(self._ws, f) for f in self._ws.files.values() if f.content is not None
            ]

    def file_content(self, file_id: str) -> bytes:
        with self._ws.lock:
            content = self._ws.files[file_id].content
            if content is None:
                raise AssertionError(f"file {file_id} was never uploaded")
            return content

    def calls(self, method: str | None = None) -> list[CallRecord]:
        """Every request the bot made (refused ones too), oldest first."""
        with self._ws.lock:
            return [
                copy.deepcopy(c) for c in self._ws.calls if method is None or c.method == method
            ]

    def call_count(self) -> int:
        """How many requests the bot has made so far: a cheap check for waits on bursts
        (``calls`` copies every record)."""
        with self._ws.lock:
            return len(self._ws.calls)

    def deliveries(self, kind: str | None = None) -> list[Delivery]:
        with self._ws.lock:
            return [d for d in self._deliveries if kind is None or d.kind == kind]

    def transcript_entries(self) -> list[tuple[str, list[str]]]:
        """The transcript per message: (a stable key, its lines), oldest first."""
        with self._ws.lock:
            return transcript_entries(self._ws)

    def view_lines(self, view_id: str) -> list[str]:
        """A modal or Home tab as transcript lines, its elements numbered from 1."""
        with self._ws.lock:
            return view_lines(self._ws, self._ws.views[view_id])

    def transcript(self, views: bool = True) -> str:
        """Everything said in the workspace, as readable lines (for the demo and for failures);
        open modals and Home tabs follow unless ``views`` is False."""
        with self._ws.lock:
            return render_transcript(self._ws, views=views)

    # ------------------------------------------------------------------ waiting
    def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0,
                 message: str = "") -> T:
        """Block until ``predicate()`` is truthy (re-checked on every workspace change); return its value."""
        deadline = time.monotonic() + timeout
        with self._ws.changed:
            while True:
                result = predicate()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_summary(timeout, message))
                self._ws.changed.wait(remaining)

    def wait_for_call(self, method: str, count: int = 1, timeout: float = 5.0) -> CallRecord:
        """Wait until the bot has called ``method`` at least ``count`` times; return the newest call."""

        def newest() -> CallRecord | None:
            made = self.calls(method)
            return made[-1] if len(made) >= count else None

        return self.wait_for(newest, timeout, f"{count} call(s) of {method}")

    def wait_for_dm(self, user_id: str, contains: str = "", timeout: float = 5.0) -> dict[str, Any]:
        """The newest bot DM to the person whose text (or block text) contains ``contains``."""

        def newest() -> dict[str, Any] | None:
            matching = [
                m
                for m in self.dm_messages(user_id)
                if contains in json.dumps(m.get("blocks") or []) + m["text"]
            ]
            return matching[-1] if matching else None

        return self.wait_for(newest, timeout, f"a DM to {user_id} containing {contains!r}")

    def _timeout_summary(self, timeout: float, message: str) -> str:
        lines = [f"timed out after {timeout:g}s waiting for {message or 'the condition'}"]
        recent = self._ws.calls[-10:]
        lines.append(f"last {len(recent)} API call(s):")
        lines += [
            f"  {c.method} -> {'ok' if c.ok else c.error} (HTTP {c.status})" for c in recent
        ] or ["  none"]
        recent_deliveries = self._deliveries[-5:]
        lines.append(f"last {len(recent_deliveries)} deliver(ies) to the bot:")
        lines += [f"  {_describe(d)}" for d in recent_deliveries] or ["  none"]
        if self._ws.internal_errors:
            lines.append(
                f"{len(self._ws.internal_errors)} sandbox internal error(s); last:\n{self._ws.internal_errors[-1]}"
            )
        return "\n".join(lines)


def _describe(delivery: Delivery) -> str:
    what = delivery.kind
    if delivery.event:
        what += f" {delivery.event.get('type')}"
    elif delivery.kind == "interactivity":
        what += f" {delivery.payload.get('type')}"
    elif delivery.kind == "command":
        what += f" {delivery.payload.get('command')}"
    outcome = f"HTTP {delivery.status}" if delivery.status is not None else delivery.error
    return f"{what} -> {outcome}"
