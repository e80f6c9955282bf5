"""Slack redelivers events it thinks timed out, sometimes under a new event_id: a delivery
whose event_id, or whose message (channel + ts), was already seen has no second effect.

The claim is made before the ack, in the database (so several bot processes agree). If the
listener then fails, the claim is released so Slack's retry can try again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from rtwbot.clock import Clock
from rtwbot.store.db import Database
from rtwbot.store.models import ProcessedEvent

log = logging.getLogger(__name__)


def delivery_keys(body: dict[str, Any]) -> list[str]:
    if body.get("type") != "event_callback":
        return []
    keys = []
    if body.get("event_id"):
        keys.append(f"ev:{body['event_id']}")
    event = body.get("event") or {}
    if event.get("type") == "message" and event.get("channel") and event.get("ts"):
        keys.append(f"msg:{event['channel']}:{event['ts']}")
    return keys


class EventLedger:
    def __init__(self, db: Database, clock: Clock):
        self.db, self.clock = db, clock

    def claim(self, keys: list[str]) -> bool:
        """True when none of the keys was seen before (and they are now recorded)."""
        try:
            with self.db.session() as s:
                s.add_all(ProcessedEvent(key=k, received_at=self.clock.now()) for k in keys)
        except IntegrityError:
            return False
        return True

    def release(self, keys: list[str]) -> None:
        with self.db.session() as s:
            s.execute(delete(ProcessedEvent).where(ProcessedEvent.key.in_(keys)))


class DropDuplicateDeliveries(Middleware):
    def __init__(self, ledger: EventLedger):
        self.ledger = ledger

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        keys = delivery_keys(req.body)
        if keys and not self.ledger.claim(keys):
            retry = req.headers.get("x-slack-retry-num", [None])[0]
            log.info("Skipped a delivery already handled (%s, retry %s)", keys[0], retry)
            return BoltResponse(status=200, body="")
        return next()
