"""What the dispatcher hands to the Slack layer, and what it hears back: one `Delivery` per
nudge, the `Post` port that turns it into outbox rows, the two kinds of failure, and the
tick's report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session


class PermanentSendError(Exception):
    """Posting can never work as addressed (user deactivated, channel gone...)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class TransientSendError(Exception):
    """Posting failed for now (5xx, timeout) after the client's own retries."""


@dataclass(frozen=True)
class Delivery:
    """Everything the Slack layer needs to post one nudge (no medical detail)."""

    nudge_id: int
    idempotency_key: str
    case_id: int
    case_reference: str
    kind: str
    recipient_role: str
    recipient: str | None  # None: resolve the role (from the fields below)
    message: str
    basis: str
    due_at: datetime
    deliver_after: datetime  # this delivery fell due then (after any snooze)
    escalation_level: int  # 0 for the nudge itself, n for its nth escalation
    supervisor_id: str | None
    employee_user_id: str | None
    division: str
    reclaimed: bool  # an earlier holder's lease expired before it wrote the message


Alert = Callable[[str], object]


class Post(Protocol):
    """Posting through the transactional outbox: `compose` resolves who the delivery is
    for and what to say (it may ask Slack who someone is, and raises `PermanentSendError` /
    `TransientSendError`); `write` records the result as outbox rows in the session that
    marks the nudge sent. The relay then posts them."""

    def compose(self, delivery: Delivery) -> list[Any]: ...

    def write(self, s: Session, delivery: Delivery, effects: list[Any]) -> None: ...


@dataclass
class TickReport:
    skipped: str | None = None
    escalated: int = 0
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    lost: int = 0  # another holder took it over first
    errors: list[str] = field(default_factory=list)
