"""`case_figures`: what stays of a case once its records are disposed of under the retention
schedule — the anonymous figures the committee's metrics need (dates, kind, division), no
name, reference, answer or restriction. The metrics read these in place of the case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rtwbot.store.models import Base


class CaseFigures(Base):
    __tablename__ = "case_figures"
    __table_args__ = (Index("ix_case_figures_period", "filed_at", "closed_at"),)

    # The case's old id, only to keep one row per case: the case row itself is gone.
    case_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    filed_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    # rtwbot.metrics.records.CaseRecord's fields, dates as ISO text.
    record: Mapped[dict[str, Any]]
    # Its reminders, for the escalation figures: [[created on (ISO), escalation?], ...].
    reminders: Mapped[Any] = mapped_column(JSON, default=list)
    # The kinds of record already disposed of (rtwbot.domain.retention), comma-separated.
    disposed: Mapped[str] = mapped_column(String(120), default="")
    disposed_at: Mapped[datetime]
