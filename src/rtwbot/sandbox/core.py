"""The sandbox's core: its state (the workspace, the loopback server, the deliverer and
what was delivered), its lifecycle and identity, the look-ups its people use, and the
plumbing that signs and delivers what Slack sends the bot. `Acting` and `Observing` build
on it; `Sandbox` is the whole."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any, Self

from . import payloads, surfaces
from .clock import Clock
from .inbound import Deliverer, Delivery
from .server import ApiServer
from .workspace import Channel, User, View, Workspace

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
MESSAGE_SUBSCRIPTION = {
    "im": "message.im",
    "channel": "message.channels",
    "group": "message.groups",
    "mpim": "message.mpim",
}



class SandboxCore:
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
    def start(self) -> Self:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> Self:
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

    # ------------------------------------------------------------------ lookups (caller holds the lock)
    def _user(self, ref: str) -> User:
        return surfaces.find_user(self._ws, ref)

    def _person(self, ref: str) -> User:
        return surfaces.find_person(self._ws, ref)

    def _channel(self, ref: str) -> Channel:
        return surfaces.find_channel(self._ws, ref)

    def _label(self, channel: Channel) -> str:
        return surfaces.label(channel)

    def _view_title(self, view: View) -> str:
        return surfaces.view_title(view)

    def _open_modal(self, user: User, ref: str | dict[str, Any]) -> View:
        return surfaces.open_modal(self._ws, user, ref)

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
