"""Claiming due nudges: which rows one dispatcher may deliver now, taken so that no other
dispatcher takes them too.

PostgreSQL: `SELECT ... FOR UPDATE SKIP LOCKED` then UPDATE. Elsewhere (SQLite): a
compare-and-set UPDATE per row, won only when `rowcount == 1`. A claim holds for `lease`;
a claim whose lease ran out (its holder died) is due again, marked `reclaimed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from rtwbot.store.db import Database
from rtwbot.store.nudge_models import CLAIMED, PENDING, SNOOZED, Nudge


@dataclass(frozen=True)
class Claim:
    id: int
    reclaimed: bool  # an earlier holder's lease ran out


def holding(worker_id: str):
    """The rows `worker_id` holds now: every write under a claim checks this."""
    return (Nudge.state == CLAIMED) & (Nudge.claimed_by == worker_id)


def claim_due(
    db: Database,
    now: datetime,
    *,
    worker_id: str,
    lease: timedelta,
    batch: int,
    only: frozenset[str] | None = None,
) -> list[Claim]:
    """Claim up to `batch` due rows (of the kinds `only`, when given), fresh ones first."""
    due = (
        select(Nudge.id)
        .where(Nudge.state.in_((PENDING, SNOOZED)), Nudge.deliver_after <= now)
        .order_by(Nudge.deliver_after)
        .limit(batch)
    )
    expired = (
        select(Nudge.id)
        .where(Nudge.state == CLAIMED, Nudge.lease_until < now)
        .order_by(Nudge.lease_until)
        .limit(batch)
    )
    if only is not None:
        due = due.where(Nudge.kind.in_(only))
        expired = expired.where(Nudge.kind.in_(only))
    values = {
        "state": CLAIMED,
        "claimed_by": worker_id,
        "lease_until": now + lease,
        "attempts": Nudge.attempts + 1,
        "updated_at": now,
    }
    if db.engine.dialect.name == "postgresql":
        return _claim_skip_locked(db, batch, due, expired, values)
    return _claim_compare_and_set(db, now, batch, due, expired, values)


def _claim_skip_locked(db, batch, due, expired, values) -> list[Claim]:
    with db.session() as s:
        fresh = s.scalars(due.with_for_update(skip_locked=True)).all()
        stale = []
        if len(fresh) < batch:
            stale = s.scalars(
                expired.limit(batch - len(fresh)).with_for_update(skip_locked=True)
            ).all()
        ids = [*fresh, *stale]
        if ids:
            s.execute(
                update(Nudge)
                .where(Nudge.id.in_(ids))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
    return [Claim(i, False) for i in fresh] + [Claim(i, True) for i in stale]


def _claim_compare_and_set(db, now, batch, due, expired, values) -> list[Claim]:
    with db.session() as s:
        fresh = s.scalars(due).all()
        stale = s.scalars(expired.limit(max(batch - len(fresh), 0))).all()
    claims = []
    # One write transaction; each UPDATE re-checks the row, so a row another
    # dispatcher claimed in the meantime is simply not ours (rowcount 0).
    with db.session() as s:
        for ids, was_claimed in ((fresh, False), (stale, True)):
            for nudge_id in ids:
                still_due = (
                    (Nudge.state == CLAIMED) & (Nudge.lease_until < now)
                    if was_claimed
                    else Nudge.state.in_((PENDING, SNOOZED)) & (Nudge.deliver_after <= now)
                )
                result = s.execute(
                    update(Nudge)
                    .where(Nudge.id == nudge_id, still_due)
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )
                if result.rowcount == 1:
                    claims.append(Claim(nudge_id, was_claimed))
    return claims
