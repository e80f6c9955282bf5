"""Slack request signature check (v0, HMAC-SHA256, 5-minute window).

Bolt ships one, but it logs the raw body when a check fails (the body may hold what a
supervisor typed about an injury), and it reads the wall clock; this one logs no body and
asks the bot's clock, so tests and the sandbox can move time together.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from rtwbot.clock import Clock

log = logging.getLogger(__name__)


class _ClockAdapter:
    def __init__(self, clock: Clock):
        self._clock = clock

    def now(self) -> float:
        return self._clock.now().timestamp()


class SignedRequestsOnly(Middleware):
    def __init__(self, signing_secret: str, clock: Clock):
        self.verifier = SignatureVerifier(signing_secret, clock=_ClockAdapter(clock))

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        if req.mode == "socket_mode":
            return next()
        timestamp = req.headers.get("x-slack-request-timestamp", ["0"])[0]
        signature = req.headers.get("x-slack-signature", [""])[0]
        if self.verifier.is_valid(req.raw_body, timestamp, signature):
            return next()
        log.warning("Refused a request with a bad or stale Slack signature (timestamp %s)", timestamp)
        return BoltResponse(status=401, body={"error": "invalid request"})
