"""A process death at a chosen commit, in process: the n-th transaction committed from
now on (by the threads chosen) raises `Died` instead of committing, and so does every
commit after it, in any thread, until the "process" is restarted — as after `kill -9`,
nothing more reaches the database. Then `restart` starts the bot again on the same
database and lets it take up what was left.

`Died` is a BaseException: no `except Exception` on the way out keeps the dead thread
working (a real death runs no handler at all)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm.session import SessionTransaction

from tests.e2e.conftest import text_of


class Died(BaseException):
    """The process died here: this commit did not happen."""


@dataclass
class Death:
    at: int  # the n-th commit (1-based) counted from arming
    counts: Callable[[], bool] = lambda: True  # which commits count (e.g. one thread's)
    seen: int = 0
    dead: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def before_commit(self) -> None:
        with self.lock:
            if not self.dead and self.counts():
                self.seen += 1
                self.dead = self.seen >= self.at
            if self.dead:
                raise Died(f"died at commit {self.at}")


def listener_threads() -> bool:
    return threading.current_thread().name.startswith("rtwbot-listener")


@contextmanager
def dying(monkeypatch, at: int, counts: Callable[[], bool] = listener_threads
          ) -> Iterator[Death]:
    """Within the block, the `at`-th counted commit and every later one die."""
    death = Death(at, counts)
    real = SessionTransaction.commit

    def commit(self, _to_root: bool = False):
        if self._parent is None:  # a whole transaction, not a savepoint
            death.before_commit()
        return real(self, _to_root=_to_root)

    monkeypatch.setattr(SessionTransaction, "commit", commit)
    try:
        yield death
    finally:
        monkeypatch.setattr(SessionTransaction, "commit", real)


def restart(pg) -> None:
    """A new process on the same database: what the dead one left is taken up."""
    try:
        pg.settle()
    finally:
        pg.restart_bot()
    pg.bot.tick()
    pg.settle()


def transcript(pg, *who: str) -> dict[str, list[str]]:
    """What each person reads in their DMs with the bot, in order (edits as edited)."""
    return {w: [text_of(m) for m in pg.sandbox.dm_messages(pg.users[w])] for w in who}
