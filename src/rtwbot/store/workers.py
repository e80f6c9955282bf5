"""Leases that belong to a live process. Each serving process has a row in `workers` and
renews its heartbeat every `heartbeat_seconds()`; a process whose heartbeat is older than
`stale_seconds()` is dead (killed, its machine gone), and any live process takes over its
inbox and outbox rows at once instead of waiting for their leases to run out.

The window this leaves (docs/architecture.md, "The documented window"): a process that is
alive but cannot renew its heartbeat for `stale_seconds()` (its database unreachable, the
machine frozen) while it is posting may see its row taken over; the relay's metadata check
finds a post Slack had already accepted, so it is not posted twice unless both try it at
the same moment.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, insert, select, update

from rtwbot.store.db import Database
from rtwbot.store.message_models import PENDING, SENT, InboxRow, OutboxRow, Worker

log = logging.getLogger(__name__)

_WORKERS = Worker.__table__
_INBOX = InboxRow.__table__
_OUTBOX = OutboxRow.__table__


def heartbeat_seconds() -> float:
    return float(os.environ.get("RTWBOT_HEARTBEAT_SECONDS") or 2)


def stale_seconds() -> float:
    """Three missed heartbeats: a process is dead, not busy (a heartbeat is one short write
    on its own thread, whatever the process is doing)."""
    return 3 * heartbeat_seconds()


_BEAT = update(_WORKERS).where(_WORKERS.c.id == bindparam("me")) \
    .values(heartbeat_at=bindparam("at"))


def beat(db: Database, me: str, now: datetime) -> bool:
    """Renew this process's heartbeat (registering it the first time). False when its row
    was gone: another process found it stale and took over its rows."""
    with db.engine.begin() as conn:
        if conn.execute(_BEAT, {"me": me, "at": now}).rowcount == 1:
            return True
        conn.execute(insert(_WORKERS), {"id": me, "started_at": now, "heartbeat_at": now})
        return False


def take_over(db: Database, me: str, now: datetime) -> list[str]:
    """Free the rows of every process whose heartbeat is stale (they may be taken at once)
    and forget those processes; returns their names."""
    cutoff = now - timedelta(seconds=stale_seconds())
    with db.engine.begin() as conn:
        dead = list(conn.execute(select(_WORKERS.c.id).where(
            _WORKERS.c.heartbeat_at < cutoff, _WORKERS.c.id != me)).scalars())
        if dead:
            _release(conn, dead)
    if dead:
        log.warning("Took over the work of %d stopped process(es)", len(dead))
    return dead


def leave(db: Database, me: str) -> None:
    """A clean stop: what this process still holds may be taken by others at once."""
    with db.engine.begin() as conn:
        _release(conn, [me])


def _release(conn, holders: list[str]) -> None:
    freed = {"holder": None, "lease_until": None}
    conn.execute(update(_INBOX).where(_INBOX.c.holder.in_(holders),
                                      _INBOX.c.status == PENDING).values(freed))
    conn.execute(update(_OUTBOX).where(
        _OUTBOX.c.holder.in_(holders),
        (_OUTBOX.c.status == PENDING) | ((_OUTBOX.c.status == SENT)
                                          & (_OUTBOX.c.events_done == 0))).values(freed))
    conn.execute(delete(_WORKERS).where(_WORKERS.c.id.in_(holders)))
