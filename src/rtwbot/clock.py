"""Time as a dependency: the bot, the scheduler and the tests all ask a clock, never `now()`."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...  # aware, UTC

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class ManualClock:
    """A clock tests and the demo move by hand; `sleep` advances it instead of waiting."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()
        self.slept: list[float] = []

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = when.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now += delta

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(timedelta(seconds=seconds))


class EpochClockAdapter:
    """Presents a clock that counts epoch seconds (the sandbox's) as an rtwbot Clock, so the
    bot and its Slack stand-in share one notion of time; `sleep` moves it instead of waiting."""

    def __init__(self, epoch_clock):
        self._clock = epoch_clock
        self.slept: list[float] = []

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._clock.now(), tz=UTC)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self._clock.advance(seconds)
