"""``Sandbox``: the Python API tests and the demo use to play the people in the workspace.

It owns the workspace state, the loopback server the bot calls, and the deliverer that posts
signed events and payloads to the bot. Methods named after what a person does (``dm``,
``click``, ``submit_view`` ...) change the workspace as Slack would and deliver what Slack
would deliver; read-only helpers (``messages``, ``dm_messages``, ``views`` ...) return
Slack-shaped dicts; ``wait_for`` blocks on the workspace's change condition.

Delivery options accepted by every method that delivers (``**options``):
``timestamp_offset`` (seconds added to the signed timestamp, e.g. ``-360`` for a stale
request) and ``signing_secret`` (sign with another secret, i.e. a forged request).
"""

from __future__ import annotations

import copy
import json
import mimetypes
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from . import blockkit, payloads
from .clock import Clock
from .errors import ApiFailure
from .inbound import Deliverer, Delivery
from .server import ApiServer
from .shapes import (
    channel_json,
    ephemeral_json,
    file_json,
    message_json,
    rich_text_blocks,
    user_json,
    view_json,
)
from .transcript import render_transcript, transcript_entries, view_lines
from .workspace import (
    CallRecord,
    Channel,
    Ephemeral,
    InjectedFailure,
    Message,
    User,
    View,
    Workspace,
)

T = TypeVar("T")

DEFAULT_SUBSCRIPTIONS = frozenset(
    {
        "message.im",
        "message.channels",
        "message.groups",
        "message.mpim",
        "app_mention",
        "app_home_opened",
        "file_shared",
    }
)
_MESSAGE_SUBSCRIPTION = {
    "im": "message.im",
    "channel": "message.channels",
    "group": "message.groups",
    "mpim": "message.mpim",
}


@dataclass
class FileUpload:
    """What ``Sandbox.upload_file`` did: the file, its share message, and the two deliveries."""

    file_id: str
    channel: str
    message_ts: str
    deliveries: list[Delivery] = field(default_factory=list)


@dataclass
class _Surface:
    """Somewhere a person sees interactive elements: a message, an ephemeral, a modal or the Home tab."""

    sort_key: float
    blocks: list[dict[str, Any]]
    message: Message | None = None
    ephemeral: Ephemeral | None = None
    view: View | None = None


class Sandbox:
    """A loopback Slack workspace for one bot. Use as a context manager or ``start()``/``stop()``."""

    def __init__(
        self,
        signing_secret: str,
        bot_token: str | None = None,
        request_url: str | None = None,
        *,
        team_name: str = "Sandbox Workplace",
        team_domain: str = "sandbox-workplace",
        bot_name: str = "rtwbot",
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock | None = None,
        subscriptions: Iterable[str] = DEFAULT_SUBSCRIPTIONS,
        delivery_timeout: float = 3.0,
    ) -> None:
        self.clock = clock or Clock()
        self.signing_secret = signing_secret
        self.bot_token = (
            bot_token
            or f"xoxb-{secrets.randbelow(10**12)}-{secrets.randbelow(10**12)}-{secrets.token_hex(12)}"
        )
        self.request_url = request_url
        self.subscriptions = set(subscriptions)
        self._ws = Workspace(
            self.clock,
            bot_token=self.bot_token,
            team_name=team_name,
            team_domain=team_domain,
            bot_name=bot_name,
        )
        self._server = ApiServer(self._ws, host, port)
        self._deliverer = Deliverer(self.clock, signing_secret, timeout=delivery_timeout)
        self._deliveries: list[Delivery] = []

    # ------------------------------------------------------------------ lifecycle and identity
    def start(self) -> Sandbox:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return self._server.base_url

    @property
    def api_url(self) -> str:
        """What to pass as ``WebClient(base_url=...)``; ends with ``/api/``."""
        return f"{self.base_url}/api/"

    @property
    def team_id(self) -> str:
        return self._ws.team_id

    @property
    def app_id(self) -> str:
        return self._ws.app_id

    @property
    def bot_user_id(self) -> str:
        return self._ws.bot.id

    @property
    def bot_id(self) -> str:
        return self._ws.bot.bot_id or ""

    @property
    def verification_token(self) -> str:
        return self._ws.verification_token

    @property
    def scopes(self) -> frozenset[str] | None:
        """The bot token's scopes as auth.test reports them (None: not reported)."""
        return self._ws.scopes

    @scopes.setter
    def scopes(self, granted) -> None:
        self._ws.scopes = None if granted is None else frozenset(granted)

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of sandbox bugs hit while answering the bot (should stay empty)."""
        return list(self._ws.internal_errors)

    # ------------------------------------------------------------------ workspace setup
    def add_user(
        self,
        name: str,
        real_name: str | None = None,
        email: str | None = None,
        tz: str = "America/Toronto",
        deleted: bool = False,
        is_admin: bool = False,
    ) -> str:
        return self._ws.add_user(
            name, real_name=real_name, email=email, tz=tz, deleted=deleted, is_admin=is_admin
        ).id

    def add_channel(
        self, name: str, private: bool = False, members: Iterable[str] = (), bot_member: bool = True
    ) -> str:
        people = [self._user(m).id for m in members]
        if bot_member:
            people.append(self._ws.bot.id)
        try:
            return self._ws.add_channel(name, private=private, members=people).id
        except ApiFailure:
            raise ValueError(f"a channel named {name!r} already exists") from None

    def join(self, user_id: str, channel: str) -> None:
        """Add a person (or the bot, by its user id) to a channel."""
        with self._ws.lock:
            target = self._channel(channel)
            member = self._user(user_id).id
            if member not in target.members:
                target.members.append(member)
            self._ws.notify()

    def deactivate_user(self, user_id: str) -> None:
        """An admin deactivates the account: ``deleted: true`` and removed from channels."""
        self._ws.deactivate(self._user(user_id).id)

    # ------------------------------------------------------------------ people act
    def dm(
        self, user_id: str, text: str, *, thread_ts: str | None = None, **options: Any
    ) -> Delivery:
        """The person writes to the bot in their DM (``message.im``)."""
        with self._ws.lock:
            user = self._person(user_id)
            im = self._ws.im_with(user.id)
            assert im is not None
        return self._say(user, im, text, thread_ts, **options)[0]

    def post(
        self, user_id: str, channel: str, text: str, thread_ts: str | None = None, **options: Any
    ) -> Delivery:
        """The person posts in a conversation (threaded when ``thread_ts``); mentions also yield ``app_mention``."""
        with self._ws.lock:
            user = self._person(user_id)
            target = self._channel(channel)
            if user.id not in target.members:
                raise AssertionError(
                    f"{user.name} is not a member of {self._label(target)} and cannot post there"
                )
        return self._say(user, target, text, thread_ts, **options)[0]

    def mention(
        self, user_id: str, channel: str, text: str, thread_ts: str | None = None, **options: Any
    ) -> Delivery:
        """The person @-mentions the bot in a channel; returns the ``app_mention`` delivery."""
        tag = f"<@{self._ws.bot.id}>"
        if tag not in text:
            text = f"{tag} {text}"
        with self._ws.lock:
            user = self._person(user_id)
            target = self._channel(channel)
            if user.id not in target.members:
                raise AssertionError(
                    f"{user.name} is not a member of {self._label(target)} and cannot post there"
                )
        mention = self._say(user, target, text, thread_ts, **options)[1]
        assert mention is not None
        return mention

    def _say(
        self, user: User, channel: Channel, text: str, thread_ts: str | None, **options: Any
    ) -> tuple[Delivery, Delivery | None]:
        ws = self._ws
        with ws.lock:
            message = ws.add_message(
                channel,
                author=user,
                text=text,
                blocks=rich_text_blocks(text, secrets.token_urlsafe(4)[:5]),
                thread_ts=thread_ts,
            )
            event = payloads.message_event(ws, message, channel)
            mentioned = f"<@{ws.bot.id}>" in text and not channel.is_im
            mention_event = payloads.app_mention_event(ws, message, channel) if mentioned else None
        delivered = self._event(event, _MESSAGE_SUBSCRIPTION[channel.kind], channel, **options)
        mention = (
            self._event(mention_event, "app_mention", channel, **options) if mention_event else None
        )
        return delivered, mention

    def command(
        self, user_id: str, command: str, text: str = "", channel: str | None = None, **options: Any
    ) -> Delivery:
        """The person runs a slash command (in their DM with the bot unless ``channel`` is given)."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            target = self._channel(channel) if channel else ws.im_with(user.id)
            assert target is not None
            fields = payloads.command_fields(
                ws,
                user,
                target,
                command,
                text,
                response_url=ws.new_response_url(user=user.id, channel=target.id, kind="commands"),
                trigger_id=ws.new_trigger(user.id),
            )
        delivery = self._deliver("command", fields, form=fields, **options)
        self._apply_command_answer(delivery, user, target)
        return delivery

    def shortcut(self, user_id: str, callback_id: str, **options: Any) -> Delivery:
        """The person picks a global shortcut."""
        with self._ws.lock:
            user = self._person(user_id)
            payload = payloads.shortcut_payload(
                self._ws, user, callback_id, self._ws.new_trigger(user.id)
            )
        return self._deliver("interactivity", payload, **options)

    def message_shortcut(
        self, user_id: str, callback_id: str, message: dict[str, Any], **options: Any
    ) -> Delivery:
        """The person picks a message shortcut on ``message`` (a dict from ``messages()``)."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            channel = self._channel(message["channel"])
            stored = ws.find_message(channel.id, message["ts"])
            if stored is None:
                raise AssertionError(f"no message {message['ts']} in {self._label(channel)}")
            payload = payloads.message_action_payload(
                ws,
                user,
                callback_id,
                stored,
                channel,
                trigger_id=ws.new_trigger(user.id),
                response_url=ws.new_response_url(user=user.id, channel=channel.id, kind="actions"),
            )
        return self._deliver("interactivity", payload, **options)

    def click(
        self,
        user_id: str,
        action_id: str,
        *,
        message: dict[str, Any] | str | None = None,
        view: dict[str, Any] | str | None = None,
        value: str | None = None,
        selected: Any = None,
        values: dict[str, Any] | None = None,
        **options: Any,
    ) -> Delivery:
        """The person uses the element ``action_id``: presses a button or picks in a menu/date picker.

        The element is looked up in ``message`` / ``view`` when given, else on the newest surface
        the person can see (their conversations, their ephemerals, their top modal, their Home
        tab). ``value`` narrows buttons sharing an action_id (or is what is typed into a text
        input); ``selected`` is the pick for menus, date pickers, checkboxes ... (option values,
        user ids, ``date`` objects); ``values`` fills other inputs of the same view first.
        """
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            surface = self._locate(user, action_id, message=message, view=view, value=value)
            found = payloads.find_element(surface.blocks, action_id, value)
            assert found is not None
            block, element = found
            is_button = element.get("type") == "button"
            chosen = None if is_button else (selected if selected is not None else value)
            action = payloads.action_json(ws, block, element, chosen)
            trigger_id = ws.new_trigger(user.id)
            own: dict[str, Any] = {}  # the clicked element's new value also shows in state.values
            if element.get("type") in payloads.STATEFUL_TYPES:
                own = {f"{block.get('block_id')}.{action_id}": chosen}
            if surface.view is not None:
                surface.view.state = payloads.build_state(
                    surface.blocks, {**(values or {}), **own}, surface.view.state
                )
                payload = payloads.block_actions_from_view(
                    ws, user, surface.view, action, trigger_id=trigger_id
                )
            else:
                state = payloads.build_state(surface.blocks, {**(values or {}), **own})
                payload = self._message_click_payload(user, surface, action, state, trigger_id)
        return self._deliver("interactivity", payload, **options)

    def _message_click_payload(
        self,
        user: User,
        surface: _Surface,
        action: dict[str, Any],
        state: dict[str, Any],
        trigger_id: str,
    ) -> dict[str, Any]:
        ws = self._ws
        if surface.ephemeral is not None:
            channel = self._channel(surface.ephemeral.channel)
            shown, ts, ephemeral = ephemeral_json(ws, surface.ephemeral), surface.ephemeral.ts, True
        else:
            assert surface.message is not None
            channel = self._channel(surface.message.channel)
            shown, ts, ephemeral = message_json(ws, surface.message), surface.message.ts, False
        response_url = ws.new_response_url(
            user=user.id, channel=channel.id, kind="actions", message_ts=ts, ephemeral=ephemeral
        )
        return payloads.block_actions_from_message(
            ws,
            user,
            channel,
            shown,
            action,
            ephemeral=ephemeral,
            state=state,
            trigger_id=trigger_id,
            response_url=response_url,
        )

    def submit_view(
        self,
        user_id: str,
        view_id_or_view: str | dict[str, Any],
        values: dict[str, Any] | None = None,
        **options: Any,
    ) -> Delivery:
        """The person fills the modal's inputs (``values``: action_id or block_id.action_id -> value) and submits."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            view = self._open_modal(user, view_id_or_view)
            if not view.data.get("submit"):
                raise AssertionError(f"modal {self._view_title(view)!r} has no submit button")
            view.state = payloads.build_state(
                view.data.get("blocks"), values or {}, view.state, enforce_required=True
            )
            payload = payloads.view_submission_payload(
                ws, user, view, trigger_id=ws.new_trigger(user.id)
            )
        delivery = self._deliver("interactivity", payload, **options)
        self._apply_submission_answer(delivery, user, view)
        return delivery

    def close_view(
        self, user_id: str, view_id_or_view: str | dict[str, Any] | None = None, **options: Any
    ) -> Delivery | None:
        """The person closes the top modal; ``view_closed`` is delivered only if ``notify_on_close``."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            stack = ws.modal_stack(user.id)
            if not stack:
                raise AssertionError(f"{user.name} has no modal open")
            view = (
                self._open_modal(user, view_id_or_view)
                if view_id_or_view is not None
                else stack[-1]
            )
            cleared = bool(view.data.get("clear_on_close"))
            ws.close_modals(user.id, all_views=cleared)
            if not view.data.get("notify_on_close"):
                return None
            payload = payloads.view_closed_payload(ws, user, view, is_cleared=cleared)
        return self._deliver("interactivity", payload, **options)

    def open_home(self, user_id: str, **options: Any) -> Delivery:
        """The person opens the bot's Home tab (``app_home_opened``)."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            im = ws.im_with(user.id)
            assert im is not None
            home = ws.views.get(ws.home_views.get(user.id, ""))
            event = payloads.app_home_opened_event(ws, user, im, home)
        return self._event(event, "app_home_opened", im, **options)

    def upload_file(
        self,
        user_id: str,
        filename: str,
        content: bytes,
        channel: str | None = None,
        mimetype: str | None = None,
        *,
        title: str | None = None,
        text: str = "",
        **options: Any,
    ) -> FileUpload:
        """The person shares a file (into their DM with the bot unless ``channel``): ``file_shared`` + the message."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            target = self._channel(channel) if channel else ws.im_with(user.id)
            assert target is not None
            if user.id not in target.members:
                raise AssertionError(f"{user.name} is not a member of {self._label(target)}")
            file = ws.new_file(
                user=user.id,
                name=filename,
                size=len(content),
                mimetype=mimetype
                or mimetypes.guess_type(filename)[0]
                or "application/octet-stream",
                title=title,
            )
            file.content = bytes(content)
            file.completed = True
            blocks = rich_text_blocks(text, secrets.token_urlsafe(4)[:5]) if text else None
            message = ws.add_message(
                target, author=user, text=text, blocks=blocks, subtype="file_share", files=[file.id]
            )
            file.shares[target.id] = [message.ts]
            shared = payloads.file_shared_event(ws, file, user, target)
            posted = payloads.message_event(ws, message, target)
        first = self._event(shared, "file_shared", target, **options)
        second = self._event(posted, _MESSAGE_SUBSCRIPTION[target.kind], target, **options)
        return FileUpload(
            file_id=file.id, channel=target.id, message_ts=message.ts, deliveries=[first, second]
        )

    def verify_url(self, **options: Any) -> Delivery:
        """Slack's ``url_verification`` handshake; the bot must echo the challenge."""
        challenge = secrets.token_urlsafe(24)
        payload = {
            "token": self._ws.verification_token,
            "challenge": challenge,
            "type": "url_verification",
        }
        return self._deliver("url_verification", payload, **options)

    def redeliver(
        self, delivery: Delivery, retry_num: int = 1, reason: str = "http_timeout", **options: Any
    ) -> Delivery:
        """Slack's retry of an earlier delivery: same body and event_id, ``X-Slack-Retry-*`` headers."""
        again = Delivery(
            kind=delivery.kind,
            payload=copy.deepcopy(delivery.payload),
            body=delivery.body,
            content_type=delivery.content_type,
            url=None,
            event_id=delivery.event_id,
            retry_num=retry_num,
            retry_reason=reason,
        )
        return self._send(again, **options)

    def resend_as_new(self, delivery: Delivery, **options: Any) -> Delivery:
        """The same event again under a new ``event_id`` (Slack has done this for messages)."""
        payload = copy.deepcopy(delivery.payload)
        payload["event_id"] = "Ev" + secrets.token_hex(5).upper()
        return self._deliver(delivery.kind, payload, **options)

    # ------------------------------------------------------------------ failures
    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        count: int = 1,
        error: str | None = None,
    ) -> None:
        """Make the next ``count`` calls of ``method`` fail: 429 + Retry-After, a 5xx, or 200 with ``error``."""
        with self._ws.lock:
            failure = InjectedFailure(
                status=status, retry_after=retry_after, error=error, remaining=count
            )
            self._ws.failures.setdefault(method, []).append(failure)

    def fail_for(self, method: str, seconds: float, status: int = 503,
                 error: str | None = None) -> None:
        """An outage of ``method``: every call fails (a 5xx, or 200 with ``error``) until
        ``seconds`` have passed on the sandbox clock, however many retries come meanwhile."""
        with self._ws.lock:
            failure = InjectedFailure(status=status, retry_after=None, error=error,
                                      remaining=0, until=self.clock.now() + seconds)
            self._ws.failures.setdefault(method, []).append(failure)

    # ------------------------------------------------------------------ observing
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
    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0, message: str = "") -> T:
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

    # ------------------------------------------------------------------ delivery plumbing
    def _event(
        self, event: dict[str, Any], subscription: str, channel: Channel, **options: Any
    ) -> Delivery:
        """Deliver an Events API event, unless the app is not subscribed or not in the conversation."""
        with self._ws.lock:
            wrapped = payloads.envelope(self._ws, event)
        skipped = None
        if subscription not in self.subscriptions:
            skipped = f"not_subscribed:{subscription}"
        elif self._ws.bot.id not in channel.members:
            skipped = "bot_not_in_channel"
        if skipped:
            delivery = Delivery(
                kind="event",
                payload=wrapped,
                body=json.dumps(wrapped),
                content_type="application/json",
                url=None,
                event_id=wrapped["event_id"],
                error=skipped,
            )
            return self._remember(delivery)
        return self._deliver("event", wrapped, **options)

    def _deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        form: dict[str, Any] | None = None,
        **options: Any,
    ) -> Delivery:
        if form is not None:
            body, content_type = self._deliverer.form_body(form)
        elif kind == "interactivity":
            body, content_type = self._deliverer.form_body({"payload": json.dumps(payload)})
        else:
            body, content_type = self._deliverer.event_body(payload)
        delivery = Delivery(
            kind=kind,
            payload=payload,
            body=body,
            content_type=content_type,
            url=None,
            event_id=payload.get("event_id"),
        )
        return self._send(delivery, **options)

    def _send(
        self, delivery: Delivery, *, timestamp_offset: float = 0, signing_secret: str | None = None
    ) -> Delivery:
        self._deliverer.send(
            self.request_url,
            delivery,
            timestamp_offset=timestamp_offset,
            signing_secret=signing_secret,
        )
        return self._remember(delivery)

    def _remember(self, delivery: Delivery) -> Delivery:
        with self._ws.lock:
            self._deliveries.append(delivery)
            self._ws.notify()
        return delivery

    # ------------------------------------------------------------------ what Slack does with answers
    def _apply_command_answer(self, delivery: Delivery, user: User, channel: Channel) -> None:
        """A slash command's HTTP answer is shown to the person (ephemeral unless ``in_channel``)."""
        if not delivery.ok or not delivery.response_body.strip():
            return
        answer = delivery.json
        if not isinstance(answer, dict):
            answer = {"text": delivery.response_body}
        text, blocks = answer.get("text"), answer.get("blocks")
        if not text and not blocks:
            return
        with self._ws.lock:
            try:
                blockkit.check_message(text, blocks, answer.get("attachments"))
            except ApiFailure as refusal:
                delivery.notes.append(f"answer refused by Slack: {refusal.error}")
                return
            if answer.get("response_type") == "in_channel":
                self._ws.add_message(channel, author=self._ws.bot, text=text or "", blocks=blocks)
            else:
                self._ws.add_ephemeral(channel, user=user.id, text=text or "", blocks=blocks)

    def _apply_submission_answer(self, delivery: Delivery, user: User, view: View) -> None:
        """Slack's handling of a ``view_submission`` answer: close, show errors, update, push or clear."""
        ws = self._ws
        with ws.lock:
            if not delivery.ok:
                delivery.notes.append("the modal stays open with Slack's connection-trouble notice")
                return
            answer = delivery.json if isinstance(delivery.json, dict) else {}
            action = answer.get("response_action")
            if action == "errors":
                view.errors = dict(answer.get("errors") or {})
                ws.notify()
                delivery.notes.append(f"errors shown: {view.errors}")
            elif action in ("update", "push"):
                new_view = answer.get("view") or {}
                try:
                    blockkit.check_view(new_view, expected_type="modal")
                except ApiFailure as refusal:
                    delivery.notes.append(
                        f"{action} refused by Slack: {refusal.error} {refusal.messages}"
                    )
                    return
                if action == "update":
                    ws.replace_view(view, new_view)
                else:
                    self._push(user, view, new_view, delivery)
            elif action == "clear":
                ws.close_modals(user.id, all_views=True)
                delivery.notes.append("all modals closed")
            else:
                ws.close_modals(user.id, all_views=bool(view.data.get("clear_on_close")))
                delivery.notes.append("modal closed")

    def _push(self, user: User, top: View, data: dict[str, Any], delivery: Delivery) -> None:
        stack = self._ws.modal_stacks.setdefault(user.id, [])
        if len(stack) >= 3:
            delivery.notes.append("push refused by Slack: push_limit_reached")
            return
        pushed = self._ws.add_view(
            user=user.id, data=data, root_view_id=top.root_view_id, previous_view_id=top.id
        )
        stack.append(pushed.id)
        self._ws.notify()

    # ------------------------------------------------------------------ lookups (caller holds the lock)
    def _user(self, ref: str) -> User:
        user = self._ws.user(ref) or next(
            (u for u in self._ws.users.values() if u.name == ref), None
        )
        if user is None:
            raise AssertionError(f"no user {ref!r} in the sandbox")
        return user

    def _person(self, ref: str) -> User:
        user = self._user(ref)
        if user.deleted:
            raise AssertionError(f"{user.name} is deactivated and cannot act")
        if user.is_bot:
            raise AssertionError("the bot acts through the Web API, not the sandbox's people API")
        return user

    def _channel(self, ref: str) -> Channel:
        channel = self._ws.channel(ref) or self._ws.channel_by_name(ref)
        if channel is None:
            raise AssertionError(f"no conversation {ref!r} in the sandbox")
        return channel

    def _label(self, channel: Channel) -> str:
        return f"the DM {channel.id}" if channel.is_im else f"#{channel.name}"

    def _view_title(self, view: View) -> str:
        return (view.data.get("title") or {}).get("text", view.id)

    def _open_modal(self, user: User, ref: str | dict[str, Any]) -> View:
        view_id = ref.get("id") if isinstance(ref, dict) else ref
        view = self._ws.views.get(view_id or "")
        stack = self._ws.modal_stacks.get(user.id, [])
        if view is None or view.user != user.id or view_id not in stack:
            raise AssertionError(f"view {view_id!r} is not an open modal of {user.name}")
        if stack[-1] != view_id:
            raise AssertionError(
                f"view {view_id!r} is covered by a pushed modal; {user.name} cannot reach it"
            )
        return view

    def _locate(
        self,
        user: User,
        action_id: str,
        *,
        message: dict[str, Any] | str | None,
        view: dict[str, Any] | str | None,
        value: str | None,
    ) -> _Surface:
        surfaces = self._surfaces(user, message=message, view=view)
        usable = [
            s for s in surfaces if payloads.find_element(s.blocks, action_id, value) is not None
        ]
        if usable:
            return max(usable, key=lambda s: s.sort_key)
        visible = [
            line
            for s in sorted(surfaces, key=lambda s: -s.sort_key)[:5]
            for line in payloads.describe_actions(s.blocks)
        ]
        where = "the given message/view" if (message or view) else f"anything {user.name} can see"
        wanted = f"action_id={action_id!r}" + (f" value={value!r}" if value is not None else "")
        raise AssertionError(
            f"no element with {wanted} in {where}; recent elements: {visible or 'none'}"
        )

    def _surfaces(
        self, user: User, *, message: dict[str, Any] | str | None, view: dict[str, Any] | str | None
    ) -> list[_Surface]:
        ws = self._ws
        if view is not None:
            view_id = view.get("id") if isinstance(view, dict) else view
            found = ws.views.get(view_id or "")
            if found is None or found.user != user.id or found.closed:
                raise AssertionError(f"view {view_id!r} is not open for {user.name}")
            if found.type == "modal":
                found = self._open_modal(user, found.id)
            return [_Surface(found.updated, found.data.get("blocks") or [], view=found)]
        if message is not None:
            return [self._message_surface(user, message)]
        surfaces = [
            _Surface(float(m.ts), m.blocks or [], message=m)
            for channel in ws.channels.values()
            if user.id in channel.members
            for m in ws.messages.get(channel.id, [])
        ]
        surfaces += [
            _Surface(float(e.ts), e.blocks or [], ephemeral=e)
            for e in ws.ephemerals
            if e.user == user.id and not e.deleted
        ]
        stack = ws.modal_stack(user.id)
        if stack:
            surfaces.append(
                _Surface(stack[-1].updated, stack[-1].data.get("blocks") or [], view=stack[-1])
            )
        home = ws.views.get(ws.home_views.get(user.id, ""))
        if home is not None:
            surfaces.append(_Surface(home.updated, home.data.get("blocks") or [], view=home))
        return surfaces

    def _message_surface(self, user: User, message: dict[str, Any] | str) -> _Surface:
        ws = self._ws
        ts = message if isinstance(message, str) else message.get("ts", "")
        if isinstance(message, dict) and message.get("is_ephemeral"):
            ephemeral = ws.find_ephemeral(user.id, ts)
            if ephemeral is None:
                raise AssertionError(f"ephemeral {ts} is not on {user.name}'s screen")
            return _Surface(float(ts), ephemeral.blocks or [], ephemeral=ephemeral)
        channel_id = message.get("channel") if isinstance(message, dict) else None
        for channel in (
            [ws.channels[channel_id]] if channel_id in ws.channels else list(ws.channels.values())
        ):
            stored = ws.find_message(channel.id, ts)
            if stored is not None:
                if user.id not in channel.members:
                    raise AssertionError(f"{user.name} cannot see {self._label(channel)}")
                return _Surface(float(ts), stored.blocks or [], message=stored)
        raise AssertionError(f"no message with ts {ts!r} (deleted?)")


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
