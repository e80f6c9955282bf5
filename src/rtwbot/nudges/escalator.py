"""The dispatcher's escalation step: a sent nudge nobody acted on by its escalation time
gets a new row for the next role on its ladder (`rtwbot.nudges.escalation`), once, however
many dispatchers tick; and when a delivery goes out, when its next escalation falls due."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from rtwbot import dates
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.nudges.escalation import Escalation, escalation_time
from rtwbot.nudges.kinds import IMMEDIATE_KINDS, ROLE_NAMES
from rtwbot.nudges.service import insert_ignoring_duplicates
from rtwbot.store.cases import audit
from rtwbot.store.db import Database, rowcount
from rtwbot.store.nudge_models import PENDING, SENT, Nudge

ACTOR = "rtwbot"
# Give a person a moment with what they just received before escalating over their head
# (matters when a nudge goes out late, e.g. after a snooze).
ESCALATION_GRACE = timedelta(hours=1)


def deliverable_at(kind: str, at: datetime, calendar: WorkCalendar) -> datetime:
    """`at`, moved into working hours unless the kind is immediate."""
    return at if kind in IMMEDIATE_KINDS else calendar.next_working_time(at)


def ladder(row: Nudge) -> list[Escalation]:
    return [Escalation.from_json(e) for e in row.escalation or []]


def next_escalation(
    row: Nudge, level: int, now: datetime, calendar: WorkCalendar
) -> datetime | None:
    """When escalation `level` of `row` falls due (None: the ladder ends, or this row is
    itself an escalation)."""
    steps = ladder(row)
    if row.parent_id is not None or level >= len(steps):
        return None
    immediate = row.kind in IMMEDIATE_KINDS
    at = escalation_time(row.due_at, steps[level], calendar, immediate=immediate)
    return max(at, deliverable_at(row.kind, now + ESCALATION_GRACE, calendar))


def escalate_due(
    db: Database,
    now: datetime,
    calendar: WorkCalendar,
    *,
    batch: int,
    only: frozenset[str] | None = None,
) -> int:
    """Escalate up to `batch` sent nudges whose escalation time has come; how many."""
    with db.session() as s:
        query = select(Nudge.id).where(Nudge.state == SENT, Nudge.escalate_at <= now)
        if only is not None:
            query = query.where(Nudge.kind.in_(only))
        due = s.scalars(query.order_by(Nudge.escalate_at).limit(batch)).all()
    return sum(_escalate_one(db, nudge_id, now, calendar) for nudge_id in due)


def _escalate_one(db: Database, nudge_id: int, now: datetime, calendar: WorkCalendar) -> bool:
    with db.session() as s:
        row = s.get_one(Nudge, nudge_id)
        level = row.escalation_level
        steps = ladder(row)
        if level >= len(steps):
            return False
        step = steps[level]
        # Compare-and-set on the level: of two dispatchers, one creates escalation n.
        moved = s.execute(
            update(Nudge)
            .where(Nudge.id == nudge_id, Nudge.state == SENT, Nudge.escalation_level == level)
            .values(
                escalation_level=level + 1,
                escalate_at=next_escalation(row, level + 1, now, calendar),
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if rowcount(moved) != 1:
            return False
        sent_to = ROLE_NAMES.get(row.recipient_role, row.recipient_role)
        sent_on = (row.sent_at or now).astimezone(calendar.tz)
        insert_ignoring_duplicates(
            s,
            {
                "case_id": row.case_id,
                "parent_id": row.id,
                "kind": row.kind,
                "recipient_role": step.role,
                "recipient": None,
                "due_at": row.escalate_at or now,
                "deliver_after": now,
                "expires_at": row.expires_at,
                "state": PENDING,
                "attempts": 0,
                "escalation_level": level + 1,
                "escalation": [],
                "idempotency_key": f"{row.idempotency_key}:escalation:{level + 1}"[:200],
                "message": (
                    f"Not done yet — sent to the {sent_to} on {dates.day(sent_on)} "
                    f"and not marked done. {row.message}"
                ),
                "basis": row.basis,
                "created_at": now,
                "updated_at": now,
            },
        )
        audit(
            s,
            at=now,
            actor=ACTOR,
            action="nudge_escalated",
            case_id=row.case_id,
            nudge_id=row.id,
            level=level + 1,
            role=step.role,
        )
        return True
