"""`scheduled_reports`: one row per scheduled program report (the committee's monthly one).

Like a nudge row, the row is the truth: its unique key makes one report per month however
many processes create it, and its state and lease make one process post it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rtwbot.store.models import Base

PENDING, CLAIMED, SENT, FAILED = "pending", "claimed", "sent", "failed"


class ScheduledReport(Base):
    __tablename__ = "scheduled_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # "committee:2026-10"
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None]
    channel: Mapped[str | None] = mapped_column(String(80))
    sent_at: Mapped[datetime | None]
    failure_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
