"""Slack request signature check (v0, HMAC-SHA256 over the raw bytes, 5-minute window).

`authenticate` is the whole check, as a pure function that never raises: the HTTP edge
(`rtwbot.slack.wsgi`) calls it before anything else runs, and the Bolt middleware below
calls it again (defence in depth: Bolt sees only what passed, and a check that cannot raise
never reaches Bolt's error handler).

Bolt ships a check, but it logs the raw body when a check fails (the body may hold what a
supervisor typed about an injury), reads the wall clock, and raises on a non-numeric
timestamp; this one logs no body, asks the bot's clock, and answers True or False.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Callable

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from rtwbot.clock import Clock

log = logging.getLogger(__name__)

MAX_SKEW_SECONDS = 5 * 60
# Slack's timestamps are whole epoch seconds: plain ASCII digits, nothing else ("1e9",
# "-5", " 5", "", "٣" and a 400-digit number are all refused before any arithmetic).
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def expected_signature(secret: str, timestamp: str, raw_body: bytes) -> str:
    base = b"v0:" + timestamp.encode("ascii") + b":" + raw_body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def authenticate(
    secret: str, clock: Clock, timestamp: str | None, signature: str | None, raw_body: bytes
) -> bool:
    """True only for a body signed with `secret` at a numeric time within 5 minutes of
    `clock`. Never raises."""
    if not secret or not timestamp or not signature:
        return False
    if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
        return False
    if abs(clock.now().timestamp() - int(timestamp)) > MAX_SKEW_SECONDS:
        return False
    return hmac.compare_digest(expected_signature(secret, timestamp, raw_body), signature)


class SignedRequestsOnly(Middleware):
    def __init__(self, signing_secret: str, clock: Clock):
        self.secret, self.clock = signing_secret, clock

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        if req.mode == "socket_mode":
            return next()
        timestamp = req.headers.get("x-slack-request-timestamp", [""])[0]
        signature = req.headers.get("x-slack-signature", [""])[0]
        raw = req.raw_body.encode("utf-8") if isinstance(req.raw_body, str) else req.raw_body
        if authenticate(self.secret, self.clock, timestamp, signature, raw):
            return next()
        log.warning("Refused a request with a bad or stale Slack signature")
        return BoltResponse(status=401, body={"error": "invalid request"})
