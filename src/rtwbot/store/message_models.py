"""The `inbox` and `outbox` tables: what Slack delivered and what the bot must say.

An inbox row is written, with its de-duplication keys, before a delivery is acked; it is
marked done once its listener has finished (and what it wanted said is in the outbox). An
outbox row is one effect (a message, an update, an upload...) waiting for the relay. Both
hold what people typed, so their payloads are encrypted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from rtwbot.store.crypto import EncryptedJSON
from rtwbot.store.models import Base

PENDING = "pending"
DONE = "done"
SENT = "sent"
FAILED = "failed"

_PENDING_ONLY = text("status = 'pending'")
_FOLLOW_UPS_ONLY = text("status = 'sent' AND events_done = 0")


def _partial(name: str, where: Any, *columns: str) -> Index:
    """An index of the rows still to work on: its size does not grow with history."""
    return Index(name, *columns, sqlite_where=where, postgresql_where=where)


class Worker(Base):
    """A running bot process and its heartbeat: a lease is good while its holder's
    heartbeat is fresh (`rtwbot.store.workers`)."""

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    started_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]


class InboxRow(Base):
    """One authenticated delivery (event, slash command, interaction)."""

    __tablename__ = "inbox"
    __table_args__ = (
        Index("ix_inbox_status_next_attempt_at", "status", "next_attempt_at"),
        _partial("ix_inbox_pending_conversation", _PENDING_ONLY, "conversation", "id"),
        Index("ix_inbox_holder", "holder"),
        Index("ix_inbox_done_at", "done_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The first de-duplication key (the others are in processed_events).
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(32))
    body: Mapped[Any] = mapped_column(EncryptedJSON)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    told: Mapped[int] = mapped_column(Integer, default=0)  # the person was told of a failure
    error: Mapped[str | None] = mapped_column(String(200))  # an exception's type, never text
    holder: Mapped[str | None] = mapped_column(String(80))  # the process holding the lease
    # One person in one place ("U1:D1"): its deliveries are handled in arrival order.
    conversation: Mapped[str | None] = mapped_column(String(120))
    # A hash of what a message said, to know a repeat of an unfinished one (never the text).
    digest: Mapped[str | None] = mapped_column(String(32))
    # Times it went back to wait (Slack's Retry-After, a slow lookup): not failures.
    waits: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class OutboxRow(Base):
    """One effect for Slack, delivered in order within its conversation."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_conversation", "status", "conversation"),
        _partial("ix_outbox_pending_conversation", _PENDING_ONLY, "conversation", "id"),
        _partial("ix_outbox_follow_ups", _FOLLOW_UPS_ONLY, "id"),
        Index("ix_outbox_holder", "holder"),
        Index("ix_outbox_sent_at", "sent_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # say | update | upload | home | invite
    # Where it goes ("user:U1", "channel:rtw-hr"): rows of one conversation go in order.
    conversation: Mapped[str] = mapped_column(String(120))
    payload: Mapped[Any] = mapped_column(EncryptedJSON)
    # Follow-up events to run once it is sent: [["case_filed", 12], ...] (no free text).
    events: Mapped[Any] = mapped_column(JSON, default=list)
    events_done: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    # What Slack answered: the channel and ts of the post, the ids of uploaded files.
    slack_channel: Mapped[str | None] = mapped_column(String(32))
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    slack_file_ids: Mapped[Any] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)  # Slack's error code, never message text
    holder: Mapped[str | None] = mapped_column(String(80))  # the process holding the lease


class SubmittedView(Base):
    """A modal as it is submitted: the view is the submission's identity, so one report
    modal files one case and one plan modal saves one plan however often its button is
    pressed. `outcome` is what the submission that went through said (never medical
    detail); empty while it runs (`trigger_id` names the press running it)."""

    __tablename__ = "submitted_views"

    view_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(String(32))
    trigger_id: Mapped[str | None] = mapped_column(String(100))
    values_digest: Mapped[str | None] = mapped_column(String(64))  # of the press that went through
    outcome: Mapped[str | None] = mapped_column(String(500))
    started_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
