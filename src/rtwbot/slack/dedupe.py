"""A claim on a key of its own (e.g. "file:<id>": one upload arrives as several events),
beside the inbox's claims on each delivery (rtwbot.slack.inbox). The claim is made in the
database (so several bot processes agree); a listener that fails releases it, so the
inbox's retry of the delivery can claim it again.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from rtwbot.clock import Clock
from rtwbot.store.db import Database
from rtwbot.store.models import ProcessedEvent

log = logging.getLogger(__name__)


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

    def seen(self, keys: list[str]) -> bool:
        """Whether any of the keys was claimed already (a read: claim still decides)."""
        with self.db.session() as s:
            return s.scalar(select(ProcessedEvent.key).where(
                ProcessedEvent.key.in_(keys)).limit(1)) is not None

    def release(self, keys: list[str]) -> None:
        with self.db.session() as s:
            s.execute(delete(ProcessedEvent).where(ProcessedEvent.key.in_(keys)))
