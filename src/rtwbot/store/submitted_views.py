"""One submission per view (`SubmittedView`): a press of a modal's button claims the view
before it acts; the claim is given back when it only showed errors, and completed with what
it said when it went through. A later press of the same view gets that answer again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rtwbot.store.db import Database, rowcount
from rtwbot.store.message_models import SubmittedView

# A claim held longer than this was abandoned (its process died): another press may go on.
ABANDONED_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class Claim:
    state: str  # "go": act now; "busy": another press is acting; "done": it went through
    outcome: str | None = None
    same_values: bool = True  # "done": was this press's content the one that went through?


def claim(db: Database, view_id: str, user: str | None, trigger_id: str | None,
          digest: str | None, now: datetime) -> Claim:
    """Claim `view_id` for the press `trigger_id` (a replay of that same press may go on)."""
    try:
        with db.session() as s:
            s.add(SubmittedView(view_id=view_id, user_id=user, trigger_id=trigger_id,
                                values_digest=digest, started_at=now))
        return Claim("go")
    except IntegrityError:
        pass
    with db.session() as s:
        row = s.get(SubmittedView, view_id)
        if row is None:  # given back in between: try once more
            return claim(db, view_id, user, trigger_id, digest, now)
        if row.outcome is not None:
            return Claim("done", row.outcome, same_values=row.values_digest == digest)
        if row.trigger_id != trigger_id and row.started_at > now - ABANDONED_AFTER:
            return Claim("busy")
        taken = rowcount(s.execute(update(SubmittedView).where(
            SubmittedView.view_id == view_id, SubmittedView.outcome.is_(None),
            SubmittedView.trigger_id == row.trigger_id)
            .values(trigger_id=trigger_id, values_digest=digest, started_at=now)))
    return Claim("go") if taken else claim(db, view_id, user, trigger_id, digest, now)


def release(db: Database, view_id: str, trigger_id: str | None) -> None:
    """The press only showed errors (or failed): nothing was done, the view is free."""
    with db.session() as s:
        s.execute(delete(SubmittedView).where(
            SubmittedView.view_id == view_id, SubmittedView.outcome.is_(None),
            SubmittedView.trigger_id == trigger_id))


def complete(s: Session, view_id: str, trigger_id: str | None, outcome: str,
             now: datetime) -> bool:
    """Record what the press said, in the caller's transaction (the report's filing makes
    its case and completes its view in one commit). False: another press completed it."""
    return bool(rowcount(s.execute(update(SubmittedView).where(
        SubmittedView.view_id == view_id, SubmittedView.outcome.is_(None),
        SubmittedView.trigger_id == trigger_id).values(outcome=outcome[:500], done_at=now))))


def outcome_of(db: Database, view_id: str) -> str | None:
    with db.session() as s:
        return s.scalar(select(SubmittedView.outcome).where(SubmittedView.view_id == view_id))
