"""The inbox: an authenticated delivery recorded, with its de-duplication keys, before it is
acked; then processed, and marked done. A row left pending (a crash, a failed listener) is
taken again under a lease, by start-up or the periodic passes, in whichever process is
first; a lease names its holder, whose rows are taken over at once when its heartbeat
stops (`store.workers`).

One person's deliveries in one conversation are handled in arrival order: a row is not
leased while an earlier row of its conversation is pending. A message that says the same
as an earlier one still pending is a repeat (typed again during an outage) and is done at
once, with no effect of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from rtwbot.store.db import Database, rowcount
from rtwbot.store.message_models import DONE, FAILED, PENDING, InboxRow, OutboxRow, Worker
from rtwbot.store.models import ProcessedEvent
from rtwbot.store.outbox import lease_seconds
from rtwbot.store.workers import heartbeat_seconds, stale_seconds
from rtwbot.worker import process_id

MAX_ATTEMPTS = 4
RETENTION = timedelta(days=14)  # done rows kept this long (Slack retries within minutes)
MAX_WAIT_SECONDS = 300
MAX_WAITS = 300  # about a day of 5-minute waits
_T = InboxRow.__table__
_O = OutboxRow.__table__
_W = Worker.__table__

# Verdicts of `record` on a new row, besides "run it now".
WAIT = "wait"  # an earlier delivery of its conversation is unfinished: it goes after it
REPEAT = "repeat"  # it says what an unfinished earlier one says: done, no effect


def wait_delay(waits: int, asked: float | None = None) -> timedelta:
    """How long a delivery that must wait (Slack busy, a slow lookup) stays back: what
    Slack asked (Retry-After), else 5 s doubling to 5 minutes."""
    if asked is not None:
        return timedelta(seconds=max(1.0, min(float(MAX_WAIT_SECONDS), asked)))
    return timedelta(seconds=min(MAX_WAIT_SECONDS, 5 * 2 ** max(0, waits)))


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(600, 10 * 3 ** max(0, attempts - 1)))


def record(db: Database, keys: list[str], kind: str, user: str | None, body: dict[str, Any],
           now: datetime, *, conversation: str | None = None, digest: str | None = None,
           holder: str | None = None) -> int | None:
    """The new row's id, leased to the caller; None when any key was seen before.

    On the ack's path, so as little as a durable claim can be: one transaction on a pooled
    connection (no ORM session), the row's own unique key standing for `keys[0]` and the
    ledger holding only the others (for a message, channel + ts). On PostgreSQL the ledger
    rows ride in the same statement (a data-modifying WITH): one round trip, not two.
    """
    got = record_ordered(db, keys, kind, user, body, now, conversation=conversation,
                         digest=digest, holder=holder)
    return got[0] if got else None


def record_ordered(db: Database, keys: list[str], kind: str, user: str | None,
                   body: dict[str, Any], now: datetime, *, conversation: str | None = None,
                   digest: str | None = None, holder: str | None = None,
                   retried: bool = False) -> tuple[int, str | None] | None:
    """`record`, with the verdict on the new row: None (run it now), WAIT (left pending and
    unleased behind an earlier unfinished row of its conversation) or REPEAT (done)."""
    row = {"key": keys[0], "kind": kind, "user_id": user, "body": body, "status": PENDING,
           "attempts": 0, "received_at": now, "next_attempt_at": now, "told": 0,
           "lease_until": now + timedelta(seconds=lease_seconds()),
           "holder": holder or process_id(), "conversation": conversation,
           "digest": digest, "waits": 0}
    try:
        with db.engine.begin() as conn:
            claims = [{"key": k, "received_at": now} for k in keys[1:]]
            if claims and conn.dialect.name == "postgresql":
                row_id = conn.execute(_RECORD.add_cte(_CLAIM.values(claims).cte()), row
                                      ).scalar_one()
            else:
                if claims:
                    conn.execute(_CLAIM, claims)
                row_id = conn.execute(_RECORD, row).scalar_one()
            if conversation is None:
                return row_id, None
            earlier = conn.execute(_EARLIER, {"conversation": conversation, "row_id": row_id}
                                   ).all()
            if not earlier:
                if digest is not None and _answered_in_outage(conn, conversation, row_id,
                                                              digest, body, retried):
                    conn.execute(_DONE.values(status=DONE, done_at=now, lease_until=None,
                                              body={}), {"row_id": row_id})
                    return row_id, REPEAT
                return row_id, None
            if digest is not None and any(e.digest == digest for e in earlier) and (
                    retried or _repeats(conn, digest, earlier, now)):
                conn.execute(_DONE.values(status=DONE, done_at=now, lease_until=None, body={}),
                             {"row_id": row_id})
                return row_id, REPEAT
            conn.execute(_DONE.values(lease_until=None, holder=None), {"row_id": row_id})
            return row_id, WAIT
    except IntegrityError:
        return None


def _repeats(conn: Any, digest: str, earlier: Sequence[Any], now: datetime) -> bool:
    """The same as an unfinished earlier delivery that is stuck in an outage, so the
    person, hearing nothing, said it again: that one waits for Slack (it asked us to wait,
    or did not answer) or failed once, or its holder's heartbeat has stopped (the bot was
    killed). The same message said twice while the bot is answering is not a repeat: a
    burst of "hello"s each get their answer."""
    same = [e for e in earlier if e.digest == digest]
    if any(e.waits or e.attempts for e in same):
        return True
    holders = {e.holder for e in same if e.holder}
    if not holders:
        return False
    silent = now - timedelta(seconds=1.5 * heartbeat_seconds())
    return conn.execute(select(_W.c.id).where(_W.c.id.in_(holders), _W.c.heartbeat_at < silent)
                        ).first() is not None


def _answered_in_outage(conn: Any, conversation: str, row_id: int, digest: str,
                        body: dict[str, Any], retried: bool) -> bool:
    """The person's last delivery said the same and this one was typed before it was
    answered, in an outage: Slack could not deliver this one at first (`retried`: the
    server was down), or the last one was answered only after its process died. She
    heard nothing and said it again: the same answer, not one to the next question."""
    last = conn.execute(_LAST, {"conversation": conversation, "row_id": row_id}).first()
    if last is None or last.digest != digest or last.status != DONE or last.done_at is None:
        return False
    typed = _typed_at(body)
    outage = timedelta(seconds=stale_seconds())
    if typed is None or not (retried or last.done_at - last.received_at > outage):
        return False
    # Answered when its replies (written with its done mark, at that time) were posted.
    replies = conn.execute(select(_O.c.status, _O.c.sent_at).where(
        _O.c.created_at == last.done_at)).all()
    if any(r.status == PENDING for r in replies):
        return True  # not answered yet: she typed it before the answer
    answered = max([r.sent_at for r in replies if r.sent_at] or [last.done_at])
    return typed < answered


def _typed_at(body: dict[str, Any]) -> datetime | None:
    """When the person typed it (the message's Slack ts, seconds since the epoch)."""
    ts = ((body.get("event") or {}) if isinstance(body, dict) else {}).get("ts")
    try:
        return datetime.fromtimestamp(float(ts), UTC) if ts else None
    except (TypeError, ValueError, OverflowError):
        return None


_LAST = select(_T.c.digest, _T.c.status, _T.c.done_at, _T.c.received_at).where(
    _T.c.conversation == bindparam("conversation"), _T.c.id < bindparam("row_id")
).order_by(_T.c.id.desc()).limit(1)
_CLAIM = insert(ProcessedEvent.__table__)
_RECORD = insert(_T).returning(_T.c.id)
_EARLIER = select(_T.c.digest, _T.c.holder, _T.c.waits, _T.c.attempts).where(
    _T.c.conversation == bindparam("conversation"), _T.c.status == PENDING,
    _T.c.id < bindparam("row_id"))
_DONE = update(_T).where(_T.c.id == bindparam("row_id"), _T.c.status == PENDING)
_before = aliased(InboxRow)
# No earlier row of the same conversation is still pending: this one's turn.
_ITS_TURN = ~select(_before.id).where(
    _before.conversation == InboxRow.conversation, _before.status == PENDING,
    _before.id < InboxRow.id).exists()


_NEXT_IN = select(_T.c.id).where(_T.c.conversation == bindparam("conversation"),
                                 _T.c.status == PENDING).order_by(_T.c.id).limit(1)


def next_in(db: Database, conversation: str | None) -> int | None:
    """The first pending row of a conversation (the next in line once one is done)."""
    if conversation is None:
        return None
    with db.engine.connect() as conn:
        return conn.execute(_NEXT_IN, {"conversation": conversation}).scalar()


def wait(db: Database, row_id: int, now: datetime, reason: str,
         asked: float | None = None) -> bool:
    """Back to the inbox with a due time (Slack asked us to wait, a lookup was too slow):
    no thread waits for it, and it is not a failure. False after MAX_WAITS (a day and
    more of waiting): then it counts as a failed attempt."""
    with db.session() as s:
        row = s.get(InboxRow, row_id)
        if row is None or row.status != PENDING:
            return True
        if (row.waits or 0) >= MAX_WAITS:
            return False
        row.next_attempt_at = now + wait_delay(row.waits or 0, asked)
        row.waits = (row.waits or 0) + 1
        row.lease_until, row.holder, row.error = None, None, reason[:200]
        return True


def archive(db: Database, now: datetime) -> int:
    """Remove rows done more than RETENTION ago (their keys are no longer needed: Slack
    retries a delivery within minutes); how many."""
    with db.engine.begin() as conn:
        return conn.execute(delete(_T).where(_T.c.status == DONE,
                                             _T.c.done_at < now - RETENTION)).rowcount or 0


def find(db: Database, key: str) -> int | None:
    with db.session() as s:
        return s.scalar(select(InboxRow.id).where(InboxRow.key == key))


def due(db: Database, now: datetime) -> list[int]:
    """Pending rows that are due, free, and first in their conversation."""
    with db.session() as s:
        return list(s.scalars(select(InboxRow.id).where(
            InboxRow.status == PENDING, InboxRow.next_attempt_at <= now,
            (InboxRow.lease_until.is_(None)) | (InboxRow.lease_until <= now), _ITS_TURN)
            .order_by(InboxRow.id)))


def lease(db: Database, row_id: int, now: datetime, *, ignore_backoff: bool = False,
          holder: str | None = None) -> dict[str, Any] | None:
    """Take a pending row (its body), or None when it is done, someone holds it, or an
    earlier row of its conversation is unfinished."""
    cond = [InboxRow.id == row_id, InboxRow.status == PENDING,
            (InboxRow.lease_until.is_(None)) | (InboxRow.lease_until <= now), _ITS_TURN]
    if not ignore_backoff:
        cond.append(InboxRow.next_attempt_at <= now)
    with db.session() as s:
        got = rowcount(s.execute(update(InboxRow).where(*cond)
                                 .values(lease_until=now + timedelta(seconds=lease_seconds()),
                                         holder=holder or process_id())
                                 .execution_options(synchronize_session=False)))
        return s.get_one(InboxRow, row_id).body if got == 1 else None


def renew(db: Database, row_ids: set[int], now: datetime, holder: str | None = None) -> None:
    """Extend the leases of rows this process is still working on, so that no other
    process (or this one's tick) takes them up as abandoned."""
    if not row_ids:
        return
    with db.session() as s:
        # Only rows this process holds: one it is merely trying to lease is not its own.
        s.execute(update(InboxRow).where(InboxRow.id.in_(row_ids), InboxRow.status == PENDING,
                                         InboxRow.holder == (holder or process_id()))
                  .values(lease_until=now + timedelta(seconds=lease_seconds()))
                  .execution_options(synchronize_session=False))


def done(db: Database, row_id: int, now: datetime, *, keep_body: bool = False) -> None:
    with db.session() as s:
        mark_done(s, row_id, now, keep_body=keep_body)


def mark_done(s: Session, row_id: int, now: datetime, *, keep_body: bool = False) -> bool:
    """Done; what was typed is dropped from the row (the key stays, for de-duplication),
    unless it is still needed (a modal offered again, see slack.inbox). False when it was
    done already (another process finished it): the caller's unit of work must not count."""
    values: dict[str, Any] = {"status": DONE, "done_at": now, "lease_until": None}
    if not keep_body:
        values["body"] = {}
    result = s.execute(_DONE, {**values, "row_id": row_id})  # compiled once per set of columns
    return getattr(result, "rowcount", 0) == 1


def failed_attempt(db: Database, row_id: int, now: datetime, error: str) -> dict[str, Any]:
    """Count a failed run: back off, or give up after MAX_ATTEMPTS. Returns what the caller
    must do: {"tell": person to tell (once), "gave_up": bool, "user": ...}."""
    with db.session() as s:
        row = s.get_one(InboxRow, row_id)
        row.attempts += 1
        row.error, row.lease_until, row.holder = error[:200], None, None
        gave_up = row.attempts >= MAX_ATTEMPTS
        if gave_up:
            row.status = FAILED
        else:
            row.next_attempt_at = now + retry_delay(row.attempts)
        tell = bool(row.user_id) and not row.told
        row.told = 1 if row.user_id else row.told
        return {"tell": tell, "gave_up": gave_up, "user": row.user_id, "kind": row.kind,
                "id": row.id}
