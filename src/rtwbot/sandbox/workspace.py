"""The emulated workspace's state: team, bot, users, conversations, messages, files, views.

One re-entrant lock guards all of it (the HTTP server answers on several threads), and a
condition on that lock is notified on every change so ``Sandbox.wait_for`` can block
instead of polling. Slack's rules about *who may do what* live in ``webapi.py`` (for the
bot) and ``harness.py`` (for simulated people); this module only stores and looks up. The
records it stores are ``records``.
"""

from __future__ import annotations

import copy
import itertools
import secrets
import threading
from typing import Any

from .clock import Clock
from .errors import ApiFailure
from .records import (
    CallRecord,
    Channel,
    Ephemeral,
    File,
    InjectedFailure,
    Message,
    ResponseUrl,
    Trigger,
    User,
    View,
    with_block_ids,
)

# The records are importable from here, where the sandbox's modules have always found them.
__all__ = [
    "CallRecord", "Channel", "Ephemeral", "File", "InjectedFailure", "Message", "ResponseUrl",
    "Trigger", "User", "View", "Workspace", "with_block_ids",
]

TRIGGER_LIFETIME_S = 3.0
RESPONSE_URL_LIFETIME_S = 30 * 60
RESPONSE_URL_MAX_USES = 5



class Workspace:
    """All state of the emulated Slack workspace, guarded by ``self.lock``."""

    def __init__(
        self,
        clock: Clock,
        *,
        bot_token: str,
        team_name: str,
        team_domain: str,
        bot_name: str,
    ) -> None:
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.clock = clock
        self.base_url = ""  # set by the HTTP server once it is bound
        self._counter = itertools.count(1)
        self._last_ts_us = 0
        self.team_id = self.new_id("T")
        self.team_name = team_name
        self.team_domain = team_domain
        self.app_id = self.new_id("A")
        self.bot_token = bot_token
        # The token's scopes, reported by auth.test as X-OAuth-Scopes (None: not reported).
        self.scopes: frozenset[str] | None = None
        self.verification_token = secrets.token_hex(12)
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, list[Message]] = {}
        self.ephemerals: list[Ephemeral] = []
        self.files: dict[str, File] = {}
        self.views: dict[str, View] = {}
        self.modal_stacks: dict[str, list[str]] = {}
        self.home_views: dict[str, str] = {}
        self.pins: dict[str, list[str]] = {}  # channel id -> pinned message ts
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.calls: list[CallRecord] = []
        self.failures: dict[str, list[InjectedFailure]] = {}
        self.internal_errors: list[str] = []  # tracebacks of sandbox bugs, surfaced by the harness
        self.bot = self.add_user(bot_name, real_name=bot_name, email=None, is_bot=True)

    # ----------------------------------------------------------------- ids and time
    def new_id(self, prefix: str) -> str:
        return f"{prefix}SB{next(self._counter):07d}"

    def now(self) -> float:
        return self.clock.now()

    def next_ts(self) -> str:
        """A unique, increasing message timestamp like ``1700000000.000100`` from the clock."""
        with self.lock:
            micros = int(self.clock.now() * 1_000_000)
            if micros <= self._last_ts_us:
                micros = self._last_ts_us + 100
            self._last_ts_us = micros
            return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def notify(self) -> None:
        with self.changed:
            self.changed.notify_all()

    # ----------------------------------------------------------------- users
    def add_user(
        self,
        name: str,
        *,
        real_name: str | None = None,
        email: str | None = None,
        tz: str = "America/Toronto",
        deleted: bool = False,
        is_admin: bool = False,
        is_bot: bool = False,
    ) -> User:
        with self.lock:
            if any(u.name == name for u in self.users.values()):
                raise ValueError(f"a user named {name!r} already exists")
            user = User(
                id=self.new_id("U"),
                name=name,
                real_name=real_name or name,
                display_name=real_name or name,
                email=email,
                tz=tz,
                deleted=deleted,
                is_admin=is_admin,
                is_bot=is_bot,
                updated=int(self.now()),
            )
            if is_bot:
                user.bot_id = self.new_id("B")
                user.app_id = self.app_id
            self.users[user.id] = user
            return user

    def user(self, user_id: str | None) -> User | None:
        return self.users.get(user_id or "")

    def user_by_email(self, email: str) -> User | None:
        wanted = email.strip().lower()
        return next((u for u in self.users.values() if (u.email or "").lower() == wanted), None)

    def deactivate(self, user_id: str) -> None:
        """Deactivate a person as an admin would: flagged deleted and removed from channels."""
        with self.lock:
            user = self.users[user_id]
            user.deleted = True
            user.updated = int(self.now())
            for channel in self.channels.values():
                if not channel.is_im and user_id in channel.members:
                    channel.members.remove(user_id)
            self.notify()

    # ----------------------------------------------------------------- conversations
    def add_channel(
        self,
        name: str,
        *,
        private: bool = False,
        members: list[str] | tuple[str, ...] = (),
        creator: str | None = None,
    ) -> Channel:
        with self.lock:
            if self.channel_by_name(name) is not None:
                raise ApiFailure("name_taken")
            channel = Channel(
                id=self.new_id("C"),
                name=name,
                created=int(self.now()),
                creator=creator or (members[0] if members else self.bot.id),
                members=list(dict.fromkeys(members)),
                is_private=private,
            )
            self.channels[channel.id] = channel
            self.messages[channel.id] = []
            return channel

    def channel(self, channel_id: str | None) -> Channel | None:
        return self.channels.get(channel_id or "")

    def channel_by_name(self, name: str) -> Channel | None:
        name = name.lstrip("#")
        return next((c for c in self.channels.values() if not c.is_im and c.name == name), None)

    def im_with(self, user_id: str, *, create: bool = True) -> Channel | None:
        """The bot's DM with ``user_id`` (Slack keeps exactly one per pair)."""
        with self.lock:
            for channel in self.channels.values():
                if channel.is_im and channel.im_user == user_id:
                    return channel
            if not create:
                return None
            channel = Channel(
                id=self.new_id("D"),
                name=user_id,
                created=int(self.now()),
                creator=user_id,
                members=[self.bot.id, user_id],
                is_private=True,
                is_im=True,
                im_user=user_id,
            )
            self.channels[channel.id] = channel
            self.messages[channel.id] = []
            return channel

    def mpim_with(self, user_ids: list[str]) -> Channel:
        with self.lock:
            wanted = {self.bot.id, *user_ids}
            for channel in self.channels.values():
                if channel.is_mpim and set(channel.members) == wanted:
                    return channel
            names = [self.users[u].name for u in sorted(wanted)]
            channel = Channel(
                id=self.new_id("C"),
                name="mpdm-" + "--".join(names) + "-1",
                created=int(self.now()),
                creator=self.bot.id,
                members=sorted(wanted),
                is_private=True,
                is_mpim=True,
            )
            self.channels[channel.id] = channel
            self.messages[channel.id] = []
            return channel

    # ----------------------------------------------------------------- messages
    def add_message(
        self,
        channel: Channel,
        *,
        author: User,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        attachments: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        subtype: str | None = None,
        files: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        reply_broadcast: bool = False,
    ) -> Message:
        with self.lock:
            parent = None
            if thread_ts:
                parent = self.find_message(channel.id, thread_ts)
                # a reply to a reply joins the parent's thread
                if parent is not None and parent.is_reply:
                    parent = self.find_message(channel.id, parent.thread_ts or "")
                    thread_ts = parent.ts if parent else thread_ts
            message = Message(
                channel=channel.id,
                ts=self.next_ts(),
                text=text,
                user=author.id,
                bot_id=author.bot_id,
                blocks=with_block_ids(blocks),
                attachments=copy.deepcopy(attachments),
                thread_ts=thread_ts or None,
                subtype=subtype,
                files=list(files or []),
                client_msg_id=None if author.is_bot else secrets.token_hex(16),
                metadata=copy.deepcopy(metadata),
                reply_broadcast=reply_broadcast,
            )
            if parent is not None:
                parent.thread_ts = parent.ts
                parent.reply_count += 1
                parent.latest_reply = message.ts
                if author.id not in parent.reply_users:
                    parent.reply_users.append(author.id)
            self.messages.setdefault(channel.id, []).append(message)
            self.notify()
            return message

    def find_message(self, channel_id: str, ts: str) -> Message | None:
        return next((m for m in self.messages.get(channel_id, []) if m.ts == ts), None)

    def delete_message(self, message: Message) -> None:
        with self.lock:
            self.messages[message.channel].remove(message)
            if message.is_reply:
                parent = self.find_message(message.channel, message.thread_ts or "")
                if parent is not None:
                    parent.reply_count = max(0, parent.reply_count - 1)
            self.notify()

    def thread(self, channel_id: str, thread_ts: str) -> list[Message]:
        return [
            m
            for m in self.messages.get(channel_id, [])
            if m.ts == thread_ts or m.thread_ts == thread_ts
        ]

    def add_ephemeral(
        self,
        channel: Channel,
        *,
        user: str,
        text: str,
        blocks: list[dict[str, Any]] | None,
        attachments: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
    ) -> Ephemeral:
        with self.lock:
            ephemeral = Ephemeral(
                channel=channel.id,
                user=user,
                ts=self.next_ts(),
                text=text,
                blocks=with_block_ids(blocks),
                attachments=copy.deepcopy(attachments),
                thread_ts=thread_ts,
                bot_id=self.bot.bot_id,
            )
            self.ephemerals.append(ephemeral)
            self.notify()
            return ephemeral

    def find_ephemeral(self, user: str, ts: str) -> Ephemeral | None:
        return next(
            (e for e in self.ephemerals if e.user == user and e.ts == ts and not e.deleted), None
        )

    # ----------------------------------------------------------------- files
    def new_file(
        self,
        *,
        user: str,
        name: str,
        size: int,
        mimetype: str,
        title: str | None = None,
        alt_txt: str | None = None,
    ) -> File:
        with self.lock:
            file = File(
                id=self.new_id("F"),
                name=name,
                title=title or name,
                user=user,
                created=int(self.now()),
                size=size,
                mimetype=mimetype,
                filetype=name.rsplit(".", 1)[-1].lower() if "." in name else "binary",
                upload_key=secrets.token_urlsafe(16),
                alt_txt=alt_txt,
            )
            self.files[file.id] = file
            return file

    def file_by_upload_key(self, key: str) -> File | None:
        return next((f for f in self.files.values() if f.upload_key == key), None)

    # ----------------------------------------------------------------- views
    def add_view(
        self,
        *,
        user: str,
        data: dict[str, Any],
        root_view_id: str | None = None,
        previous_view_id: str | None = None,
    ) -> View:
        with self.lock:
            view_id = self.new_id("V")
            view = View(
                id=view_id,
                user=user,
                type=data.get("type", "modal"),
                data={**copy.deepcopy(data), "blocks": with_block_ids(data.get("blocks")) or []},
                hash=self._view_hash(),
                root_view_id=root_view_id or view_id,
                previous_view_id=previous_view_id,
                external_id=data.get("external_id") or "",
                updated=self.now(),
            )
            self.views[view_id] = view
            return view

    def replace_view(self, view: View, data: dict[str, Any]) -> None:
        with self.lock:
            view.data = {**copy.deepcopy(data), "blocks": with_block_ids(data.get("blocks")) or []}
            view.type = data.get("type", view.type)
            view.external_id = data.get("external_id") or view.external_id
            view.hash = self._view_hash()
            view.errors = {}
            view.updated = self.now()
            self.notify()

    def _view_hash(self) -> str:
        return f"{int(self.now())}.{secrets.token_hex(4)}"

    def view_by_external_id(self, external_id: str) -> View | None:
        return next(
            (v for v in self.views.values() if v.external_id == external_id and not v.closed), None
        )

    def modal_stack(self, user: str) -> list[View]:
        return [self.views[v] for v in self.modal_stacks.get(user, [])]

    def close_modals(self, user: str, *, all_views: bool) -> list[View]:
        with self.lock:
            stack = self.modal_stacks.get(user, [])
            closing = list(stack) if all_views else stack[-1:]
            for view_id in closing:
                stack.remove(view_id)
                self.views[view_id].closed = True
            self.notify()
            return [self.views[v] for v in closing]

    # ----------------------------------------------------------------- triggers and response URLs
    def new_trigger(self, user: str) -> str:
        with self.lock:
            trigger_id = f"{int(self.now())}.{next(self._counter)}.{secrets.token_hex(16)}"
            self.triggers[trigger_id] = Trigger(id=trigger_id, user=user, created=self.now())
            return trigger_id

    def exchange_trigger(self, trigger_id: str) -> Trigger:
        """Spend a trigger id: unknown, expired (3 s) or already used ones are refused."""
        with self.lock:
            trigger = self.triggers.get(trigger_id)
            if trigger is None:
                raise ApiFailure("invalid_arguments", messages=["invalid `trigger_id`"])
            if trigger.used:
                raise ApiFailure("exchanged_trigger_id")
            if self.now() - trigger.created > TRIGGER_LIFETIME_S:
                raise ApiFailure("expired_trigger_id")
            trigger.used = True
            return trigger

    def new_response_url(
        self,
        *,
        user: str,
        channel: str | None,
        kind: str,
        message_ts: str | None = None,
        ephemeral: bool = False,
    ) -> str:
        with self.lock:
            key = f"{next(self._counter)}/{secrets.token_urlsafe(12)}"
            self.response_urls[key] = ResponseUrl(
                key=key,
                user=user,
                channel=channel,
                created=self.now(),
                message_ts=message_ts,
                ephemeral=ephemeral,
            )
            return f"{self.base_url}/{kind}/{self.team_id}/{key}"

    # ----------------------------------------------------------------- failures and call log
    def take_failure(self, method: str, args: dict | None = None) -> InjectedFailure | None:
        """The planned failure for this call (the first whose `match` fits its arguments)."""
        with self.lock:
            planned = self.failures.get(method) or []
            for failure in list(planned):
                if failure.match and any(str((args or {}).get(k)) != v
                                         for k, v in failure.match.items()):
                    continue
                if failure.until is not None:
                    if self.clock.now() < failure.until:
                        return failure
                    planned.remove(failure)  # the outage is over
                    continue
                failure.remaining -= 1
                if failure.remaining <= 0:
                    planned.remove(failure)
                return failure
            return None

    def record(self, record: CallRecord) -> None:
        with self.lock:
            self.calls.append(record)
            self.notify()
