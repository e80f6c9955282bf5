"""One SQLite writer at a time within a process, queued on a lock.

SQLite has one writer at a time. Without this, threads that find the database locked wait
in SQLite's busy handler, which sleeps 1, 2, 5 ... up to 100 ms between tries and lets
late-comers overtake: under a burst of 2,000 DMs some acks waited well over a second. With
it, a thread's first write statement (INSERT / UPDATE / DELETE) waits its turn on a lock,
held until that transaction's COMMIT or ROLLBACK has run (or its connection is closed or
goes back to the pool). Other processes on the same file still meet SQLite's own wait, as
before; after `WAIT_SECONDS` a writer stops queueing here and falls back to it too.

The lock is given back by the connection itself, after the COMMIT: SQLAlchemy's `commit`
event fires before it, and a writer let in then met SQLite's lock, still held through the
commit's fsync, and slept in the busy handler anyway (a millisecond or more on every
first write, the ack's included).
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import Engine, event

WAIT_SECONDS = 30
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class GatedConnection(sqlite3.Connection):
    """A sqlite3 connection that holds its engine's write gate from its first write
    statement until its transaction has ended."""

    gate: threading.Lock  # one per engine: see `connection_factory`
    holds_gate = False

    def take_gate(self) -> None:
        if not self.holds_gate:
            self.holds_gate = self.gate.acquire(timeout=WAIT_SECONDS)

    def give_gate(self) -> None:
        if self.holds_gate:
            self.holds_gate = False
            self.gate.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.give_gate()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.give_gate()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.give_gate()


def connection_factory() -> type[GatedConnection]:
    """The `factory` for sqlite3.connect of one engine: its connections share one gate."""
    return type("GatedConnection", (GatedConnection,), {"gate": threading.Lock()})


def install(engine: Engine) -> None:
    """Gate the write statements of `engine`, whose connections come from
    `connection_factory()`."""

    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(_conn, cursor, statement, _params, _context, _many):
        if statement.lstrip()[:7].upper().startswith(_WRITES):
            dbapi = cursor.connection
            if isinstance(dbapi, GatedConnection):
                dbapi.take_gate()

    # Safety nets: a connection back in the pool never keeps the gate.
    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_conn, _record):
        if isinstance(dbapi_conn, GatedConnection):
            dbapi_conn.give_gate()

    @event.listens_for(engine, "reset")
    def _on_reset(dbapi_conn, _record, _state=None):
        if isinstance(dbapi_conn, GatedConnection):
            dbapi_conn.give_gate()
