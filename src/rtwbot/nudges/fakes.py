"""Stand-ins for Slack when driving the dispatcher by hand: tests, the benchmark, demos."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import event
from sqlalchemy.orm import Session

from rtwbot.nudges.delivery import Delivery


class RecordingPost:
    """A `Post` (and `alert`) that records every delivery the dispatcher writes — once the
    transaction that marks it sent commits, as the outbox rows would be — and can be told
    to fail the next composes."""

    def __init__(self) -> None:
        self.posts: list[Delivery] = []
        self.alerts: list[str] = []
        self._failures: list[Exception] = []
        self._lock = threading.Lock()

    def fail_next(self, exc: Exception, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([exc] * times)

    def compose(self, delivery: Delivery) -> list[Delivery]:
        with self._lock:
            if self._failures:
                raise self._failures.pop(0)
        return [delivery]

    def write(self, s: Session, delivery: Delivery, effects: list[Delivery]) -> None:
        def committed(_session: Session) -> None:
            with self._lock:
                self.posts.extend(effects)

        event.listen(s, "after_commit", committed, once=True)

    def alert(self, text: str) -> None:
        with self._lock:
            self.alerts.append(text)

    def counts(self) -> Counter[int]:
        """How many times each nudge id was written."""
        with self._lock:
            return Counter(d.nudge_id for d in self.posts)
