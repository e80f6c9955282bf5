"""Bolt runs listeners after the ack on this pool; it also knows when all work is done,
which lets tests and the demo wait for the bot instead of sleeping."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor


class TrackingExecutor(ThreadPoolExecutor):
    # Enough that a few people's slow work (a lookup waits up to its timeout before the
    # delivery goes back to the inbox) leaves threads for everyone else.
    def __init__(self, max_workers: int = 16):
        super().__init__(max_workers=max_workers, thread_name_prefix="rtwbot-listener")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        with self._idle:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._pending == 0, timeout=timeout):
                raise TimeoutError(f"{self._pending} listener task(s) still running")
