"""The outbox: effects recorded in the same transaction as the state they report, then
handed to the relay (`rtwbot.slack.relay`) one conversation at a time, in order.

A row is leased while the relay performs it, so two threads or processes never perform one
row at once; a crashed holder's lease runs out and the row is performed again (the relay
first looks for its own earlier post, see the relay).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from rtwbot.store.db import Database, rowcount
from rtwbot.store.message_models import FAILED, PENDING, SENT, OutboxRow


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
        events: list | tuple = ()) -> OutboxRow:
    row = OutboxRow(kind=kind, conversation=conversation_of({**payload, "kind": kind}),
                    payload=payload, events=[list(e) for e in events], events_done=0,
                    status=PENDING, attempts=0, created_at=now,
                    next_attempt_at=now + timedelta(seconds=payload.get("after_seconds") or 0),
                    slack_file_ids=[])
    s.add(row)
    s.flush()
    return row


def due_heads(db: Database, now: datetime) -> list[int]:
    """The first pending row of every conversation, when it is due and nobody holds it."""
    with db.session() as s:
        heads = select(func.min(OutboxRow.id)).where(OutboxRow.status == PENDING) \
            .group_by(OutboxRow.conversation)
        rows = s.scalars(select(OutboxRow).where(OutboxRow.id.in_(heads))
                         .order_by(OutboxRow.id)).all()
        return [r.id for r in rows if r.next_attempt_at <= now
                and (r.lease_until is None or r.lease_until <= now)]


def unfinished_follow_ups(db: Database, now: datetime) -> list[int]:
    with db.session() as s:
        return list(s.scalars(select(OutboxRow.id).where(
            OutboxRow.status == SENT, OutboxRow.events_done == 0,
            (OutboxRow.lease_until.is_(None)) | (OutboxRow.lease_until <= now))))


def lease(db: Database, row_id: int, now: datetime, *, status: str = PENDING) -> OutboxRow | None:
    """Take the row for this holder (None: someone else has it, or it is done)."""
    until = now + timedelta(seconds=lease_seconds())
    with db.session() as s:
        cond = [OutboxRow.id == row_id, OutboxRow.status == status,
                (OutboxRow.lease_until.is_(None)) | (OutboxRow.lease_until <= now)]
        values: dict[str, Any] = {"lease_until": until}
        if status == PENDING:
            values["attempts"] = OutboxRow.attempts + 1
        got = rowcount(s.execute(update(OutboxRow).where(*cond).values(**values)
                                 .execution_options(synchronize_session=False)))
        if got != 1:
            return None
        row = s.get_one(OutboxRow, row_id)
        s.expunge(row)
        return row


def renew(db: Database, row_ids: set[int], now: datetime) -> None:
    """Extend the leases of rows this process is performing right now (a slow upload must
    not look abandoned to another process)."""
    if not row_ids:
        return
    with db.session() as s:
        # Pending rows, and sent rows whose follow-ups are running (their lease guards them).
        unfinished = (OutboxRow.status == PENDING) | (
            (OutboxRow.status == SENT) & (OutboxRow.events_done == 0))
        s.execute(update(OutboxRow).where(OutboxRow.id.in_(row_ids), unfinished)
                  .values(lease_until=now + timedelta(seconds=lease_seconds()))
                  .execution_options(synchronize_session=False))


def checkpoint(db: Database, row_id: int, **values: Any) -> None:
    with db.session() as s:
        s.execute(update(OutboxRow).where(OutboxRow.id == row_id).values(**values)
                  .execution_options(synchronize_session=False))


def mark_sent(s: Session, row_id: int, now: datetime, *, channel: str | None,
              ts: str | None, file_ids: list[str] | None = None) -> None:
    row = s.get_one(OutboxRow, row_id)
    row.status, row.sent_at, row.error = SENT, now, None
    # Sent: the text and files are in Slack now; the row keeps only where they went.
    row.payload = {k: v for k, v in (row.payload or {}).items()
                   if k in ("to_user", "channel", "user_id", "thread_ts", "nudge_id") and v}
    row.slack_channel, row.slack_ts = channel, ts
    if file_ids is not None:
        row.slack_file_ids = list(file_ids)
    if not row.events:
        row.events_done, row.lease_until = 1, None


def mark_retry(db: Database, row_id: int, now: datetime, error: str) -> None:
    with db.session() as s:
        row = s.get_one(OutboxRow, row_id)
        row.next_attempt_at = now + backoff(row.attempts)
        row.lease_until, row.error = None, error[:200]


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
    row = s.get_one(OutboxRow, row_id)
    row.events_done, row.lease_until = 1, None


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
