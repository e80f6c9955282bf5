"""A scheduled job's row in `scheduled_reports`, claimed once however many processes tick:
the committee's monthly report, the daily retention run. The row is the truth: its unique
key makes one row per run, and its state and lease make one process do it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from rtwbot.store.db import Database, rowcount
from rtwbot.store.report_models import CLAIMED, PENDING, ScheduledReport


def insert_once(s: Session, key: str, now: datetime) -> None:
    insert = postgresql.insert if s.get_bind().dialect.name == "postgresql" else sqlite.insert
    s.execute(insert(ScheduledReport).values(
        key=key, state=PENDING, attempts=0, created_at=now, updated_at=now,
    ).on_conflict_do_nothing(index_elements=["key"]))


def claim(db: Database, key: str, worker: str, now: datetime, lease: timedelta) -> bool:
    """True when this worker won the run `key` (new, or a claim whose lease ran out)."""
    with db.session() as s:
        insert_once(s, key, now)
    with db.session() as s:
        won = rowcount(s.execute(update(ScheduledReport).where(
            ScheduledReport.key == key,
            or_(ScheduledReport.state == PENDING,
                (ScheduledReport.state == CLAIMED) & (ScheduledReport.lease_until < now)),
        ).values(state=CLAIMED, claimed_by=worker, lease_until=now + lease,
                 attempts=ScheduledReport.attempts + 1, updated_at=now)))
    return won == 1


def finish(s: Session, key: str, worker: str, **values) -> None:
    """Record the run's outcome, if this worker still holds its claim."""
    s.execute(update(ScheduledReport).where(
        ScheduledReport.key == key, ScheduledReport.claimed_by == worker,
        ScheduledReport.state == CLAIMED).values(**values))
