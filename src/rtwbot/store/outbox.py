"""The outbox: effects recorded in the same transaction as the state they report, then
handed to the relay (`rtwbot.slack.relay`) one conversation at a time, in order.

A row is leased while the relay performs it, so two threads or processes never perform one
row at once. A lease names its holder, a process with a heartbeat (`store.workers`): the
rows of a process found dead are taken over at once; a live holder's lease lasts
`lease_seconds()` unless renewed. A row taken over is performed again (the relay first
looks for its own earlier post, see the relay).

The reply path: a row written with `holder` is leased in the transaction that writes it
(`add`), and performed by id right after the commit (`Relay.perform_leased`); polling for
due rows (`due_heads`) is the safety net only. The queries that find work read partial
indexes of the rows still to do, so their cost does not grow with the rows sent; sent rows
are removed after `RETENTION` (`archive`).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from rtwbot.store.db import Database, rowcount
from rtwbot.store.message_models import FAILED, PENDING, SENT, OutboxRow
from rtwbot.worker import process_id

RETENTION = timedelta(days=14)  # sent rows kept this long (an operator's `outbox list`)
_T = OutboxRow.__table__


def lease_seconds() -> float:
    """How long a holder may work on a row before others may take it (a crash's delay)."""
    return float(os.environ.get("RTWBOT_LEASE_SECONDS") or 120)


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s ... capped at 5 minutes: an outage delays, it never drops."""
    return timedelta(seconds=min(300, 5 * 2 ** max(0, attempts - 1)))


def conversation_of(payload: dict[str, Any]) -> str:
    if payload.get("kind") == "later":  # waits for its own time, holding nobody up
        return f"later:{payload.get('event')}:{payload.get('case_id')}"
    if payload.get("user_id") and payload.get("kind") == "home":
        return f"home:{payload['user_id']}"
    if payload.get("channel"):
        return f"channel:{payload['channel']}"
    return f"user:{payload.get('to_user') or ''}"


def add(s: Session, kind: str, payload: dict[str, Any], now: datetime,
        events: list | tuple = (), *, holder: str | None = None) -> OutboxRow:
    """A row for the relay. With `holder`, leased to it in this same transaction (one
    attempt counted, as `lease` counts it): the caller performs it by id after the commit,
    unless `blocked` says an earlier row of its conversation must go first.

    One INSERT, compiled once (no unit of work: this is on every reply's path); the row
    returned is a plain copy, in no session."""
    due = now + timedelta(seconds=payload.get("after_seconds") or 0)
    leased = holder is not None and due <= now
    values = {"kind": kind, "conversation": conversation_of({**payload, "kind": kind}),
              "payload": payload, "events": [list(e) for e in events], "events_done": 0,
              "status": PENDING, "attempts": 1 if leased else 0, "created_at": now,
              "next_attempt_at": due, "slack_file_ids": [],
              "lease_until": now + timedelta(seconds=lease_seconds()) if leased else None,
              "holder": holder if leased else None, "sent_at": None, "slack_channel": None,
              "slack_ts": None, "error": None}
    s.flush()  # what the caller added before goes first, as it did through the ORM
    row_id = s.execute(_ADD, values).scalar_one()
    return OutboxRow(id=row_id, **values)


_ADD = insert(_T).returning(_T.c.id)
_FIRST_PENDING = select(_T.c.conversation, func.min(_T.c.id)).where(
    _T.c.status == PENDING, _T.c.conversation.in_(bindparam("conversations", expanding=True))
).group_by(_T.c.conversation)
_GIVE_BACK = update(_T).where(_T.c.id.in_(bindparam("ids", expanding=True))).values(
    lease_until=None, holder=None, attempts=0)


def release_blocked(s: Session, rows: list[OutboxRow]) -> tuple[list[OutboxRow], set[str]]:
    """Of rows just leased by `add`, give back those with an earlier pending row in their
    conversation that is not among them (it goes first; they follow it in order). Returns
    the rows the caller may perform now, in id order, and the conversations given back."""
    leased = sorted((r for r in rows if r.holder is not None), key=lambda r: r.id)
    if not leased:
        return [], set()
    mine = {r.id for r in leased}
    first = s.execute(_FIRST_PENDING,
                      {"conversations": sorted({r.conversation for r in leased})}).all()
    blocked = {c for c, head in first if head not in mine}
    back = [r.id for r in leased if r.conversation in blocked]
    if back:
        s.execute(_GIVE_BACK, {"ids": back})
    return [r for r in leased if r.conversation not in blocked], blocked


_HEADS = select(func.min(_T.c.id)).where(_T.c.status == PENDING).group_by(_T.c.conversation)
_DUE_HEADS = select(_T.c.id).where(
    _T.c.id.in_(_HEADS.scalar_subquery()), _T.c.next_attempt_at <= bindparam("now"),
    _T.c.lease_until.is_(None) | (_T.c.lease_until <= bindparam("now"))).order_by(_T.c.id)


def due_heads(db: Database, now: datetime) -> list[int]:
    """The first pending row of every conversation, when it is due and nobody holds it
    (the partial index of pending rows: the rows sent do not count)."""
    with db.engine.connect() as conn:
        return list(conn.execute(_DUE_HEADS, {"now": now}).scalars())


_FOLLOW_UPS = select(_T.c.id).where(
    _T.c.status == SENT, _T.c.events_done == 0,
    _T.c.lease_until.is_(None) | (_T.c.lease_until <= bindparam("now")))


def unfinished_follow_ups(db: Database, now: datetime) -> list[int]:
    with db.engine.connect() as conn:
        return list(conn.execute(_FOLLOW_UPS, {"now": now}).scalars())


def lease(db: Database, row_id: int, now: datetime, *, status: str = PENDING,
          holder: str | None = None) -> OutboxRow | None:
    """Take the row for this process (None: someone else has it, or it is done)."""
    until = now + timedelta(seconds=lease_seconds())
    with db.session() as s:
        cond = [OutboxRow.id == row_id, OutboxRow.status == status,
                (OutboxRow.lease_until.is_(None)) | (OutboxRow.lease_until <= now)]
        values: dict[str, Any] = {"lease_until": until, "holder": holder or process_id()}
        if status == PENDING:
            values["attempts"] = OutboxRow.attempts + 1
        got = rowcount(s.execute(update(OutboxRow).where(*cond).values(**values)
                                 .execution_options(synchronize_session=False)))
        if got != 1:
            return None
        row = s.get_one(OutboxRow, row_id)
        s.expunge(row)
        return row


def renew(db: Database, row_ids: set[int], now: datetime, holder: str | None = None) -> None:
    """Extend the leases of rows this process is performing right now (a slow upload must
    not look abandoned to another process)."""
    if not row_ids:
        return
    with db.session() as s:
        # Pending rows, and sent rows whose follow-ups are running (their lease guards them).
        unfinished = (OutboxRow.status == PENDING) | (
            (OutboxRow.status == SENT) & (OutboxRow.events_done == 0))
        s.execute(update(OutboxRow).where(OutboxRow.id.in_(row_ids), unfinished,
                                          OutboxRow.holder == (holder or process_id()))
                  .values(lease_until=now + timedelta(seconds=lease_seconds()))
                  .execution_options(synchronize_session=False))


def archive(db: Database, now: datetime) -> int:
    """Remove rows sent (and followed up) more than RETENTION ago; how many."""
    with db.engine.begin() as conn:
        return conn.execute(delete(_T).where(
            _T.c.sent_at < now - RETENTION, _T.c.status == SENT, _T.c.events_done == 1)
        ).rowcount or 0


def checkpoint(db: Database, row_id: int, **values: Any) -> None:
    with db.session() as s:
        s.execute(update(OutboxRow).where(OutboxRow.id == row_id).values(**values)
                  .execution_options(synchronize_session=False))


_KEPT = ("to_user", "channel", "user_id", "thread_ts", "nudge_id")
# Compiled once per set of columns written: the values are parameters, not `.values()`.
_SENT = update(_T).where(_T.c.id == bindparam("row_id"))


def mark_sent(s: Session | Connection, row: int | OutboxRow, now: datetime, *,
              channel: str | None, ts: str | None, file_ids: list[str] | None = None) -> None:
    """Sent: the text and files are in Slack now; the row keeps only where they went. One
    UPDATE when given the row the relay performed (its payload and events are in hand)."""
    if isinstance(row, int):
        assert isinstance(s, Session)
        found = s.get(OutboxRow, row)
        assert found is not None, row
        row = found
        s.expunge(row)
    values: dict[str, Any] = {
        "status": SENT, "sent_at": now, "error": None, "slack_channel": channel,
        "slack_ts": ts,
        "payload": {k: v for k, v in (row.payload or {}).items() if k in _KEPT and v}}
    if file_ids is not None:
        values["slack_file_ids"] = list(file_ids)
    if not row.events:
        values.update(events_done=1, lease_until=None)
    s.execute(_SENT, {**values, "row_id": row.id})


def mark_retry(db: Database, row_id: int, now: datetime, error: str,
               after: float | None = None) -> None:
    """Back to wait: `after` seconds when Slack said how long (Retry-After), else the
    back-off for the attempts made."""
    with db.session() as s:
        row = s.get_one(OutboxRow, row_id)
        wait = timedelta(seconds=after) if after is not None else backoff(row.attempts)
        row.next_attempt_at = now + wait
        row.lease_until, row.holder, row.error = None, None, error[:200]


def mark_failed(db: Database, row_id: int, error: str) -> OutboxRow:
    with db.session() as s:
        row = s.get_one(OutboxRow, row_id)
        row.status, row.lease_until, row.error = FAILED, None, error[:200]
        s.flush()
        s.expunge(row)
        return row


def posted(db: Database, row_id: int) -> tuple[str | None, str | None]:
    """(status, Slack ts) of a row, for a later row that refers to its post."""
    with db.session() as s:
        row = s.get(OutboxRow, row_id)
        return (row.status, row.slack_ts) if row is not None else (None, None)


def posted_in(s: Session, row_id: int) -> str | None:
    """The Slack ts of a sent row (None while it waits, or when it failed)."""
    row = s.get(OutboxRow, row_id)
    return row.slack_ts if row is not None and row.status == SENT else None


def follow_ups_done(s: Session, row_id: int) -> None:
    s.execute(_SENT, {"events_done": 1, "lease_until": None, "row_id": row_id})


# --- for operators ----------------------------------------------------------------------
def list_rows(db: Database, *, failed: bool = False, limit: int = 50) -> list[dict[str, Any]]:
    with db.session() as s:
        query = select(OutboxRow).order_by(OutboxRow.id.desc()).limit(limit)
        query = query.where(OutboxRow.status == (FAILED if failed else OutboxRow.status))
        return [{"id": r.id, "kind": r.kind, "conversation": r.conversation,
                 "status": r.status, "attempts": r.attempts, "created_at": r.created_at,
                 "sent_at": r.sent_at, "slack_ts": r.slack_ts, "error": r.error}
                for r in s.scalars(query)]


def retry(db: Database, row_id: int, now: datetime) -> bool:
    """Put a failed row back in line (True), e.g. once its channel exists again."""
    with db.session() as s:
        row = s.get(OutboxRow, row_id)
        if row is None or row.status != FAILED:
            return False
        row.status, row.next_attempt_at, row.lease_until = PENDING, now, None
        return True


def health(db: Database, now: datetime) -> dict[str, Any]:
    """Outbox lag for /healthz: how many wait, how long the oldest has waited, how many failed."""
    with db.session() as s:
        pending = s.scalar(select(func.count(OutboxRow.id)).where(OutboxRow.status == PENDING))
        oldest = s.scalar(select(OutboxRow.created_at).where(OutboxRow.status == PENDING)
                          .order_by(OutboxRow.id).limit(1))
        failed = s.scalar(select(func.count(OutboxRow.id)).where(OutboxRow.status == FAILED))
    lag = max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
    return {"outbox_pending": pending, "outbox_failed": failed or 0,
            "outbox_lag_seconds": round(lag, 1)}
