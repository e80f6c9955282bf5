"""This process's name in leases: who claimed a row (a leaf module, imported by every
part that claims work)."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager


def worker_id() -> str:
    # Unique per process start: a restarted process must not inherit its predecessor's
    # leases (it cannot know what that one posted).
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


_process: list[str] = []


def process_id() -> str:
    """This process's one name in the inbox's and outbox's leases and in `workers` (its
    heartbeat): the same for every part of the process, new after a fork."""
    if not _process:
        _process.append(worker_id())
    return _process[0]


os.register_at_fork(after_in_child=_process.clear)


class InFlight:
    """The rows this process is working on right now. Its own periodic tick must not take
    them up again as abandoned (their lease may run out while a slow listener or upload is
    still running), and their leases are renewed so other processes leave them alone."""

    def __init__(self) -> None:
        self._ids: set[int] = set()
        self._lock = threading.Lock()

    def start(self, row_id: int) -> bool:
        """Take the row; False when this process is already working on it."""
        with self._lock:
            if row_id in self._ids:
                return False
            self._ids.add(row_id)
            return True

    @contextmanager
    def holding(self, row_id: int) -> Iterator[bool]:
        """`start` for the block (True: this caller has the row), `finish` after it."""
        if not self.start(row_id):
            yield False
            return
        try:
            yield True
        finally:
            self.finish(row_id)

    def finish(self, row_id: int) -> None:
        with self._lock:
            self._ids.discard(row_id)

    def __contains__(self, row_id: object) -> bool:
        with self._lock:
            return row_id in self._ids

    def ids(self) -> set[int]:
        with self._lock:
            return set(self._ids)
