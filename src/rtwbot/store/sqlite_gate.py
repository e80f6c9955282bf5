"""One SQLite writer at a time within a process, queued on a lock.

SQLite has one writer at a time. Without this, threads that find the database locked wait
in SQLite's busy handler, which sleeps 1, 2, 5 ... up to 100 ms between tries and lets
late-comers overtake: under a burst of 2,000 DMs some acks waited well over a second. With
it, a thread's first write statement (INSERT / UPDATE / DELETE) waits its turn on a lock,
held until that transaction commits or rolls back (or its connection goes back to the
pool). Other processes on the same file still meet SQLite's own wait, as before; after
`WAIT_SECONDS` a writer stops queueing here and falls back to it too.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine, event

WAIT_SECONDS = 30
_KEY = "rtwbot_write_gate"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def install(engine: Engine) -> None:
    lock = threading.Lock()

    def enter(info: dict) -> None:
        if not info.get(_KEY):
            info[_KEY] = lock.acquire(timeout=WAIT_SECONDS)

    def leave(info: dict) -> None:
        if info.pop(_KEY, False):
            lock.release()

    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(conn, _cursor, statement, _params, _context, _many):
        if statement.lstrip()[:7].upper().startswith(_WRITES):
            enter(conn.info)

    @event.listens_for(engine, "commit")
    def _on_commit(conn):
        leave(conn.info)

    @event.listens_for(engine, "rollback")
    def _on_rollback(conn):
        leave(conn.info)

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn, record):
        if record is not None:
            leave(record.info)

    @event.listens_for(engine, "reset")
    def _on_reset(_dbapi_conn, record, _state=None):
        if record is not None:
            leave(record.info)
