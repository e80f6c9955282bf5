"""`duty_records`: who closed which duty of a case, when, and with what record
(`rtwbot.domain.duties` says who may close what). One row per closing; a one-off duty is
closed once per case (`once_key` = the duty), a recurring one once per reminder."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from rtwbot.store.crypto import EncryptedJSON
from rtwbot.store.models import Base
from rtwbot.store.types import UTCDateTime


class DutyRecord(Base):
    __tablename__ = "duty_records"
    __table_args__ = (UniqueConstraint("case_id", "once_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    duty: Mapped[str] = mapped_column(String(40))
    once_key: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))  # the role the closer acted in
    closed_by: Mapped[str] = mapped_column(String(32))  # who recorded it (a Slack id)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when it was done
    done_by: Mapped[str | None] = mapped_column(String(32))  # who did it, when not the closer
    # {"call": who took the call, "claim_number": ...}: names and numbers, kept encrypted.
    detail: Mapped[Any | None] = mapped_column(EncryptedJSON, nullable=True)
    via: Mapped[str] = mapped_column(String(16))  # "reminder" | "command" | "form7"
    nudge_id: Mapped[int | None] = mapped_column(ForeignKey("nudges.id"))


def closed_duties(s: Session, case_id: int) -> frozenset[str]:
    return frozenset(s.scalars(select(DutyRecord.duty).where(DutyRecord.case_id == case_id)))


def last_done(s: Session, case_id: int, *duties: str) -> datetime | None:
    return s.scalar(select(func.max(DutyRecord.done_at)).where(
        DutyRecord.case_id == case_id, DutyRecord.duty.in_(duties)))


def records_of(s: Session, case_id: int) -> list[DutyRecord]:
    return list(s.scalars(select(DutyRecord).where(DutyRecord.case_id == case_id)
                          .order_by(DutyRecord.done_at, DutyRecord.id)))
