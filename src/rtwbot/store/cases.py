"""Queries the workflow needs about cases, intake sessions and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rtwbot.store.db import rowcount
from rtwbot.store.models import AuditEvent, Case, IntakeSession, ProcessedEvent

REFERENCE_PREFIX = "RTW"


def audit(s: Session, *, at: datetime, actor: str, action: str, case_id: int | None = None,
          **detail: Any) -> None:
    """Append an audit row in the caller's transaction. Never pass medical values."""
    s.add(AuditEvent(at=at, actor=actor, action=action, case_id=case_id, detail=detail))


def next_reference(s: Session, year: int) -> str:
    """RTW-<year>-<nnnn>; the unique constraint settles a race, the caller retries."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    count = s.scalar(select(func.count()).where(Case.reference.like(f"{prefix}%"))) or 0
    return f"{prefix}{count + 1:04d}"


def case_by_reference(s: Session, reference: str) -> Case | None:
    return s.scalar(select(Case).where(Case.reference == reference.strip().upper()))


def case_for_intake(s: Session, intake_id: int) -> Case | None:
    return s.scalar(select(Case).where(Case.intake_session_id == intake_id))


# --- intake sessions ----------------------------------------------------------------
_ACTIVE_INTAKE = select(IntakeSession).where(
    IntakeSession.supervisor_id == bindparam("supervisor"), IntakeSession.status == "active"
).order_by(IntakeSession.updated_at.desc(), IntakeSession.id.desc()).limit(1)


def active_intake(s: Session, supervisor_id: str) -> IntakeSession | None:
    """The report this supervisor touched last and has not finished (asked of every DM:
    the statement is built once)."""
    return s.scalar(_ACTIVE_INTAKE, {"supervisor": supervisor_id})


def active_intakes(s: Session, supervisor_id: str) -> list[IntakeSession]:
    return list(
        s.scalars(
            select(IntakeSession)
            .where(IntakeSession.supervisor_id == supervisor_id,
                   IntakeSession.status == "active")
            .order_by(IntakeSession.updated_at.desc())
        )
    )


def other_active_intake(s: Session, supervisor_id: str, employee_key: str,
                        exclude: int) -> IntakeSession | None:
    """Another report this supervisor has under way about the same employee."""
    return s.scalar(
        select(IntakeSession).where(
            IntakeSession.supervisor_id == supervisor_id, IntakeSession.status == "active",
            IntakeSession.employee_key == employee_key, IntakeSession.id != exclude,
        ).limit(1)
    )


def save_intake(s: Session, row: IntakeSession, *, state: dict, status: str, now: datetime,
                employee_key: str | None) -> bool:
    """Compare-and-set on the version, so two messages handled at once never both win."""
    result = s.execute(
        update(IntakeSession)
        .where(IntakeSession.id == row.id, IntakeSession.version == row.version)
        .values(state=state, status=status, updated_at=now, version=row.version + 1,
                employee_key=employee_key)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1


def first_time(s: Session, key: str, now: datetime) -> bool:
    """Claims `key` in the de-duplication ledger, in the caller's transaction: True the
    first time, False once it was claimed (by this or any other process)."""
    try:
        with s.begin_nested():
            s.add(ProcessedEvent(key=key, received_at=now))
    except IntegrityError:
        return False
    return True
