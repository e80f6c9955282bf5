"""Slack -> bot: signed HTTP deliveries to the bot's Request URL, recorded as ``Delivery`` objects.

Signing follows Slack's scheme: ``X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:{ts}:{body}")>``
with ``X-Slack-Request-Timestamp: {ts}`` from the sandbox clock. Options reproduce what a bot
must survive: a retry (``X-Slack-Retry-Num`` / ``-Reason``, same body), a stale timestamp and
a wrong secret. Like Slack, the sandbox neither follows redirects nor waits past its timeout.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from .clock import Clock

EVENT_CONTENT_TYPE = "application/json"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's v0 request signature for ``body`` sent at ``timestamp``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Delivery:
    """One POST to the bot, and what the bot answered."""

    kind: str  # event | command | interactivity | url_verification
    payload: dict[str, Any] = field(
        repr=False
    )  # envelope, command form fields, or interactivity payload
    body: str = field(repr=False)  # the exact body posted (kept for redelivery)
    content_type: str
    url: str | None
    event_id: str | None = None
    retry_num: int | None = None
    retry_reason: str | None = None
    request_headers: dict[str, str] = field(default_factory=dict, repr=False)
    status: int | None = None
    response_body: str = ""
    response_headers: dict[str, str] = field(default_factory=dict, repr=False)
    error: str | None = (
        None  # http_timeout / connection_failed / not_sent / not_subscribed / bot_not_in_channel
    )
    notes: list[str] = field(
        default_factory=list
    )  # what Slack did with the answer (modal closed, errors shown...)

    @property
    def delivered(self) -> bool:
        return self.status is not None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def json(self) -> Any:
        """The bot's answer parsed as JSON (None when empty or not JSON)."""
        try:
            return json.loads(self.response_body) if self.response_body.strip() else None
        except ValueError:
            return None

    @property
    def event(self) -> dict[str, Any] | None:
        return self.payload.get("event") if self.kind == "event" else None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


class Deliverer:
    """Signs and POSTs payloads to the bot's Request URL."""

    def __init__(self, clock: Clock, signing_secret: str, *, timeout: float = 3.0) -> None:
        self.clock = clock
        self.signing_secret = signing_secret
        self.timeout = timeout

    def event_body(self, envelope: dict[str, Any]) -> tuple[str, str]:
        return json.dumps(envelope), EVENT_CONTENT_TYPE

    def form_body(self, fields: dict[str, Any]) -> tuple[str, str]:
        return urlencode(fields), FORM_CONTENT_TYPE

    def send(
        self,
        url: str | None,
        delivery: Delivery,
        *,
        timestamp_offset: float = 0,
        signing_secret: str | None = None,
    ) -> Delivery:
        """POST ``delivery.body`` to ``url`` (signed now) and fill in the bot's answer."""
        delivery.url = url
        timestamp = str(int(self.clock.now() + timestamp_offset))
        headers = {
            "Content-Type": delivery.content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature(
                signing_secret or self.signing_secret, timestamp, delivery.body
            ),
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        if delivery.retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(delivery.retry_num)
            headers["X-Slack-Retry-Reason"] = delivery.retry_reason or "http_timeout"
        delivery.request_headers = headers
        if url is None:
            delivery.error = "not_sent"
            return delivery
        request = urllib.request.Request(
            url, data=delivery.body.encode(), headers=headers, method="POST"
        )
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                delivery.status = response.status
                delivery.response_headers = dict(response.headers.items())
                delivery.response_body = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as answer:
            delivery.status = answer.code
            delivery.response_headers = dict(answer.headers.items())
            delivery.response_body = answer.read().decode("utf-8", "replace")
        except TimeoutError:
            delivery.error = "http_timeout"
        except urllib.error.URLError as failure:
            timed_out = isinstance(failure.reason, TimeoutError | socket.timeout)
            delivery.error = "http_timeout" if timed_out else f"connection_failed: {failure.reason}"
        except ConnectionError as failure:
            delivery.error = f"connection_failed: {failure}"
        return delivery
