"""SQLAlchemy 2 typed models. Schema changes go through Alembic (`migrations/`).

Medical and free-text fields use the encrypted column types; nothing here is rendered
to Slack directly — the workflow and the privacy policy decide what leaves the record.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from rtwbot.store.crypto import EncryptedJSON
from rtwbot.store.types import UTCDateTime

# Stable constraint names so Alembic migrations match on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    # Every datetime column keeps its time zone, on SQLite too.
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}
    if TYPE_CHECKING:
        # Every model here is mapped to a Table of its own (the base types it as any
        # FromClause), so Core statements on the hot path can take `Model.__table__`.
        __table__: ClassVar[Table]


class ProcessedEvent(Base):
    """Slack deliveries already handled, so a redelivery has no second effect."""

    __tablename__ = "processed_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Slack's event_id, or "msg:<channel>:<ts>" (Slack has sent one message under two ids).
    key: Mapped[str] = mapped_column(String(200), unique=True)
    received_at: Mapped[datetime]


class AuditEvent(Base):
    """Append-only: who did what to which case, and who looked at it. Never medical values."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class IntakeSession(Base):
    """A report in progress. The whole conversation state is encrypted: it holds free text."""

    __tablename__ = "intake_sessions"
    __table_args__ = (Index("ix_intake_sessions_supervisor_status", "supervisor_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supervisor_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    # Which employee the report is about, once known ("U123" or "#12345"): one report in
    # progress per supervisor per employee.
    employee_key: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")
    state: Mapped[Any] = mapped_column(EncryptedJSON)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))


class Case(Base):
    __tablename__ = "cases"
    # The metrics read a period's cases by these dates (rtwbot.metrics.load); the period
    # index covers the in-period test, so the case ids come from the index alone.
    __table_args__ = (Index("ix_cases_period", "filed_at", "closed_at"),
                      Index("ix_cases_closed_at", "closed_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(40))
    employee_user_id: Mapped[str | None] = mapped_column(String(32), index=True)
    employee_name: Mapped[str | None] = mapped_column(String(200))
    employee_number: Mapped[str | None] = mapped_column(String(32))
    division: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200))
    supervisor_id: Mapped[str] = mapped_column(String(32), index=True)
    occurred_at: Mapped[datetime]
    learned_at: Mapped[datetime]
    reportable: Mapped[str] = mapped_column(String(20))
    form7_due: Mapped[date | None] = mapped_column(Date)
    recheck_on: Mapped[date | None] = mapped_column(Date)
    # Every answer of the report, free text included: encrypted.
    answers: Mapped[Any] = mapped_column(EncryptedJSON)
    # Filing is keyed on the intake session, so a double-clicked Confirm files one case.
    intake_session_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    filed_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(64))
    # Day 0 of Form 7's clock: when the employer learned of the reporting obligation.
    obligation_date: Mapped[date | None] = mapped_column(Date)
    # Form 7 as HR recorded it (received by the WSIB on, claim number, the worker's copy).
    form7_received_on: Mapped[date | None] = mapped_column(Date)
    wsib_claim_number: Mapped[str | None] = mapped_column(String(32))
    form7_worker_copy: Mapped[bool | None] = mapped_column(Boolean)
    form7_recorded_by: Mapped[str | None] = mapped_column(String(32))
    facts_updated_at: Mapped[datetime | None]
    # When the supervisor finished the report. None: a case of record opened while the
    # report is still being answered (a critical injury acts on the answer).
    report_completed_at: Mapped[datetime | None]


class Document(Base):
    """A filled form: which template and version, its hash, where it went in Slack."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    template: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    slack_file_id: Mapped[str | None] = mapped_column(String(32))
    recipients: Mapped[Any] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]


class FunctionalInfo(Base):
    """The health professional's functional abilities for a case. Everything here came from
    a medical form, so all of it is encrypted; only the privacy policy decides what of it
    (restrictions, duration, next assessment — never comments) leaves the record."""

    __tablename__ = "functional_info"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    received_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16))  # "upload" | "modal"
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    # {return_status, restrictions[], expected_duration, next_assessment, health_professional}
    abilities: Mapped[Any] = mapped_column(EncryptedJSON)
    comments: Mapped[Any] = mapped_column(EncryptedJSON)  # confidential: HR's review only
    # The functional wording HR approved for the team ([str]); None: not reviewed yet, so
    # the team sees the structured lines only (privacy.shared_restrictions).
    team_wording: Mapped[Any | None] = mapped_column(EncryptedJSON, nullable=True)
    wording_by: Mapped[str | None] = mapped_column(String(32))
    wording_at: Mapped[datetime | None]


import rtwbot.store.duty_models  # noqa: E402, F401
import rtwbot.store.fact_models  # noqa: E402, F401
import rtwbot.store.imwt_models  # noqa: E402, F401
import rtwbot.store.law_models  # noqa: E402, F401
import rtwbot.store.message_models  # noqa: E402, F401
import rtwbot.store.nudge_models  # noqa: E402, F401
import rtwbot.store.report_models  # noqa: E402, F401
import rtwbot.store.retention_models  # noqa: E402, F401
import rtwbot.store.roster_models  # noqa: E402, F401
