"""Stand-ins for Slack when driving the dispatcher by hand: tests, the benchmark, demos."""

from __future__ import annotations

import threading
from collections import Counter

from rtwbot.nudges.dispatcher import Delivery, SentRef


class RecordingSend:
    """A `send` that records every post and can be told to fail the next calls."""

    def __init__(self, channel_prefix: str = "D"):
        self.posts: list[Delivery] = []
        self.alerts: list[str] = []
        self._failures: list[Exception] = []
        self._prefix = channel_prefix
        self._lock = threading.Lock()

    def fail_next(self, exc: Exception, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([exc] * times)

    def __call__(self, delivery: Delivery) -> SentRef:
        with self._lock:
            if self._failures:
                raise self._failures.pop(0)
            self.posts.append(delivery)
            n = len(self.posts)
        return SentRef(channel=f"{self._prefix}{delivery.recipient_role.upper()}", ts=f"{n}.000100")

    def alert(self, text: str) -> None:
        with self._lock:
            self.alerts.append(text)

    def counts(self) -> Counter[int]:
        """How many times each nudge id was posted."""
        with self._lock:
            return Counter(d.nudge_id for d in self.posts)
