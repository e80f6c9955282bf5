"""A duty closed by someone entitled (`rtwbot.domain.duties`): its reminders stop — every
copy, with their escalations — in the caller's transaction. The copy that was pressed is
acknowledged by who closed it; the others are cancelled with the reason (what was recorded,
by whom), which a later press on them is told."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from rtwbot.nudges.service import LIVE, _cancel_children, _cas
from rtwbot.store.nudge_models import (
    ACKNOWLEDGED,
    CANCELLED,
    CLAIMED,
    FAILED,
    PENDING,
    SENT,
    SNOOZED,
    Nudge,
)


def settle_reminders(s: Session, root_ids: list[int], now: datetime, *, by: str,
                     reason: str, pressed: int | None = None) -> int:
    """Stop the reminders `root_ids` (and their escalations): `pressed` acknowledged by `by`,
    the others cancelled with `reason`. How many rows changed."""
    changed = 0
    for root_id in root_ids:
        if root_id == pressed:
            changed += _cas(s, root_id, (PENDING, CLAIMED, SENT, SNOOZED, FAILED),
                            state=ACKNOWLEDGED, acknowledged_by=by, acknowledged_at=now,
                            escalate_at=None, claimed_by=None, lease_until=None, updated_at=now)
        else:
            changed += _cas(s, root_id, LIVE, state=CANCELLED, cancel_reason=reason[:200],
                            escalate_at=None, claimed_by=None, lease_until=None, updated_at=now)
        s.execute(
            update(Nudge)
            .where(Nudge.parent_id == root_id, Nudge.state == SENT)
            .values(state=ACKNOWLEDGED, acknowledged_by=by, acknowledged_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        _cancel_children(s, root_id, now, reason[:200])
    return changed
