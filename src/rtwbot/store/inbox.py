"""The inbox: an authenticated delivery recorded, with its de-duplication keys, before it is
acked; then processed, and marked done. A row left pending (a crash, a failed listener) is
taken again under a lease, by start-up or the periodic tick, in whichever process is first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rtwbot.store.db import Database, rowcount
from rtwbot.store.message_models import DONE, FAILED, PENDING, InboxRow
from rtwbot.store.models import ProcessedEvent
from rtwbot.store.outbox import lease_seconds

MAX_ATTEMPTS = 4


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(600, 10 * 3 ** max(0, attempts - 1)))


def record(db: Database, keys: list[str], kind: str, user: str | None, body: dict[str, Any],
           now: datetime) -> int | None:
    """The new row's id, leased to the caller; None when any key was seen before.

    On the ack's path, so as little as a durable claim can be: one transaction on a pooled
    connection (no ORM session), the row's own unique key standing for `keys[0]` and the
    ledger holding only the others (for a message, channel + ts). On PostgreSQL the ledger
    rows ride in the same statement (a data-modifying WITH): one round trip, not two.
    """
    row = {"key": keys[0], "kind": kind, "user_id": user, "body": body, "status": PENDING,
           "attempts": 0, "received_at": now, "next_attempt_at": now, "told": 0,
           "lease_until": now + timedelta(seconds=lease_seconds())}
    try:
        with db.engine.begin() as conn:
            claims = [{"key": k, "received_at": now} for k in keys[1:]]
            if claims and conn.dialect.name == "postgresql":
                return conn.execute(_RECORD.add_cte(_CLAIM.values(claims).cte()), row
                                    ).scalar_one()
            if claims:
                conn.execute(_CLAIM, claims)
            return conn.execute(_RECORD, row).scalar_one()
    except IntegrityError:
        return None


_CLAIM = insert(ProcessedEvent.__table__)
_RECORD = insert(InboxRow.__table__).returning(InboxRow.__table__.c.id)


def find(db: Database, key: str) -> int | None:
    with db.session() as s:
        return s.scalar(select(InboxRow.id).where(InboxRow.key == key))


def due(db: Database, now: datetime) -> list[int]:
    with db.session() as s:
        return list(s.scalars(select(InboxRow.id).where(
            InboxRow.status == PENDING, InboxRow.next_attempt_at <= now,
            (InboxRow.lease_until.is_(None)) | (InboxRow.lease_until <= now))
            .order_by(InboxRow.id)))


def lease(db: Database, row_id: int, now: datetime, *, ignore_backoff: bool = False
          ) -> dict[str, Any] | None:
    """Take a pending row (its body), or None when it is done or someone holds it."""
    cond = [InboxRow.id == row_id, InboxRow.status == PENDING,
            (InboxRow.lease_until.is_(None)) | (InboxRow.lease_until <= now)]
    if not ignore_backoff:
        cond.append(InboxRow.next_attempt_at <= now)
    with db.session() as s:
        got = rowcount(s.execute(update(InboxRow).where(*cond)
                                 .values(lease_until=now + timedelta(seconds=lease_seconds()))
                                 .execution_options(synchronize_session=False)))
        return s.get_one(InboxRow, row_id).body if got == 1 else None


def renew(db: Database, row_ids: set[int], now: datetime) -> None:
    """Extend the leases of rows this process is still working on, so that no other
    process (or this one's tick) takes them up as abandoned."""
    if not row_ids:
        return
    with db.session() as s:
        s.execute(update(InboxRow).where(InboxRow.id.in_(row_ids), InboxRow.status == PENDING)
                  .values(lease_until=now + timedelta(seconds=lease_seconds()))
                  .execution_options(synchronize_session=False))


def done(db: Database, row_id: int, now: datetime, *, keep_body: bool = False) -> None:
    with db.session() as s:
        mark_done(s, row_id, now, keep_body=keep_body)


def mark_done(s: Session, row_id: int, now: datetime, *, keep_body: bool = False) -> None:
    """Done; what was typed is dropped from the row (the key stays, for de-duplication),
    unless it is still needed (a modal offered again, see slack.inbox)."""
    values: dict[str, Any] = {"status": DONE, "done_at": now, "lease_until": None}
    if not keep_body:
        values["body"] = {}
    s.execute(update(InboxRow).where(InboxRow.id == row_id, InboxRow.status == PENDING)
              .values(**values).execution_options(synchronize_session=False))


def failed_attempt(db: Database, row_id: int, now: datetime, error: str) -> dict[str, Any]:
    """Count a failed run: back off, or give up after MAX_ATTEMPTS. Returns what the caller
    must do: {"tell": person to tell (once), "gave_up": bool, "user": ...}."""
    with db.session() as s:
        row = s.get_one(InboxRow, row_id)
        row.attempts += 1
        row.error, row.lease_until = error[:200], None
        gave_up = row.attempts >= MAX_ATTEMPTS
        if gave_up:
            row.status = FAILED
        else:
            row.next_attempt_at = now + retry_delay(row.attempts)
        tell = bool(row.user_id) and not row.told
        row.told = 1 if row.user_id else row.told
        return {"tell": tell, "gave_up": gave_up, "user": row.user_id, "kind": row.kind,
                "id": row.id}
