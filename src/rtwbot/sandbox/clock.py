"""The sandbox clock: real time by default, frozen or shifted when a test says so.

Everything time-dependent in the sandbox reads this clock — message ``ts`` values,
``event_time``, trigger-id expiry (3 s), response_url expiry and the
``X-Slack-Request-Timestamp`` of deliveries — so a test can step past a deadline
without sleeping.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from datetime import UTC, datetime, timedelta


def _to_epoch(when: datetime | float | int) -> float:
    if isinstance(when, datetime):
        if when.tzinfo is None:
            raise ValueError("Clock.set() needs an aware datetime (add tzinfo)")
        return when.timestamp()
    return float(when)


class Clock:
    """Epoch-seconds clock that tests can freeze (``set``), move (``advance``) and release (``resume``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen_at: float | None = None
        self._offset = 0.0

    def now(self) -> float:
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return time.time() + self._offset

    def datetime(self) -> datetime:
        return datetime.fromtimestamp(self.now(), tz=UTC)

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    # `datetime` names the method above inside this class's signatures: hence `dt.`.
    def set(self, when: dt.datetime | float | int) -> None:
        """Freeze the clock at ``when`` (an aware datetime or epoch seconds)."""
        with self._lock:
            self._frozen_at = _to_epoch(when)

    def advance(self, delta: timedelta | float | int) -> None:
        """Move the clock forward (frozen or not) by ``delta``."""
        seconds = delta.total_seconds() if isinstance(delta, timedelta) else float(delta)
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds

    def resume(self) -> None:
        """Let time flow again from the current (possibly shifted) value."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None
