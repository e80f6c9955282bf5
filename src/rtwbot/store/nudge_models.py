"""The `nudges` table: one row per reminder, the dispatcher's claim and the Slack post it made.

The row is the truth (APScheduler only ticks): its state, lease and recorded channel/ts are
what keep a nudge from being posted twice by two bot processes or after a crash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rtwbot.store.models import Base
from rtwbot.store.types import UTCDateTime

# The states a nudge moves through (see rtwbot.nudges.dispatcher for the arrows).
PENDING = "pending"
CLAIMED = "claimed"  # a dispatcher holds the lease and may be posting it right now
SENT = "sent"
ACKNOWLEDGED = "acknowledged"
SNOOZED = "snoozed"
CANCELLED = "cancelled"
FAILED = "failed"
STATES = (PENDING, CLAIMED, SENT, ACKNOWLEDGED, SNOOZED, CANCELLED, FAILED)


class Nudge(Base):
    """A reminder about one case, for one role, due at one time.

    Escalations are rows too (`parent_id` set), so they are claimed and sent by the same
    exactly-once machinery as the nudge they escalate.
    """

    __tablename__ = "nudges"
    __table_args__ = (
        # A tick reads only the due rows: its cost follows them, not the open cases.
        Index("ix_nudges_state_deliver_after", "state", "deliver_after"),
        Index("ix_nudges_state_escalate_at", "state", "escalate_at"),
        # The metrics count a period's reminders by creation time.
        Index("ix_nudges_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("nudges.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient_role: Mapped[str] = mapped_column(String(20))
    # A Slack user or channel id; None means "resolve the role when sending".
    recipient: Mapped[str | None] = mapped_column(String(80))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The due time moved into working hours; also the retry / snooze time.
    deliver_after: Mapped[datetime] = mapped_column(UTCDateTime)
    # After this the nudge is pointless (a later one replaces it): cancelled, not posted.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # On a root: escalations already created. On an escalation: which one it is (1, 2...).
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    # The ladder: [{"role": "hr", "business_days": 1} | {"role": ..., "seconds": ...}].
    escalation: Mapped[Any] = mapped_column(JSON, default=list)
    escalate_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The Slack post of the current delivery: once recorded, never posted again.
    channel: Mapped[str | None] = mapped_column(String(80))
    ts: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(80))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    snoozed_by: Mapped[str | None] = mapped_column(String(80))
    failure_reason: Mapped[str | None] = mapped_column(String(500))
    cancel_reason: Mapped[str | None] = mapped_column(String(200))
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    # Plain sentences with a case reference and a policy citation; never medical detail.
    message: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
