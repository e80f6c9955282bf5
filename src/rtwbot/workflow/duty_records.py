"""Closing a duty in the store: the record (who, when, with what), the audit row, and its
reminders stopped for everyone — one transaction, the caller's. Who may close what is the
duty table's (`rtwbot.domain.duties`); the callers have checked it.

Also the record said back: one line per closed duty, for HR's status of a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rtwbot import dates
from rtwbot.domain.duties import Duty, Record, duty, duty_of_reminder
from rtwbot.nudges.service import LIVE
from rtwbot.nudges.settle import settle_reminders
from rtwbot.store.cases import audit
from rtwbot.store.duty_models import DutyRecord, records_of
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import Nudge

VIA_REMINDER, VIA_COMMAND, VIA_FORM7 = "reminder", "command", "form7"


def once_key(d: Duty, nudge_id: int | None) -> str:
    """A one-off duty closes once per case; a per-reminder one once per reminder."""
    return f"{d.key}:{nudge_id}" if d.per_reminder and nudge_id is not None else d.key


def root_of(s: Session, row: Nudge) -> Nudge:
    if not row.parent_id:
        return row
    root = s.get(Nudge, row.parent_id)
    assert root is not None, row.parent_id  # a foreign key: the parent stays
    return root


def duty_of_row(s: Session, row: Nudge) -> Duty | None:
    """The duty a reminder serves: its root's kind and the role the root was sent to (an
    escalation of the committee's copy is still about the committee's copy)."""
    root = root_of(s, row)
    return duty_of_reminder(root.kind, root.recipient_role)


def existing(s: Session, case_id: int, d: Duty, nudge_id: int | None) -> DutyRecord | None:
    return s.scalar(select(DutyRecord).where(DutyRecord.case_id == case_id,
                                             DutyRecord.once_key == once_key(d, nudge_id)))


def live_roots(s: Session, case_id: int, d: Duty, nudge_id: int | None) -> list[int]:
    """The live reminders of the duty: every copy of a one-off duty; for a per-reminder
    duty, the one pressed."""
    if d.per_reminder and nudge_id is not None:
        row = s.get(Nudge, nudge_id)
        return [root_of(s, row).id] if row is not None else []
    rows = s.scalars(select(Nudge).where(Nudge.case_id == case_id, Nudge.parent_id.is_(None),
                                         Nudge.state.in_(LIVE)))
    return [r.id for r in rows if duty_of_reminder(r.kind, r.recipient_role) is d]


@dataclass(frozen=True)
class Closed:
    record: DutyRecord
    new: bool  # False: it was already recorded (by record.closed_by)


def close(s: Session, case: Case, d: Duty, *, role: str, user: str, now: datetime,
          record: Record, tz: tzinfo, via: str, nudge_id: int | None = None,
          correct: bool = False) -> Closed:
    """Record `d` closed by `user` acting as `role`, stop its reminders, audit it. A one-off
    duty already recorded is left as it is (`correct`: HR correcting its own record, e.g.
    the Form 7's date)."""
    found = existing(s, case.id, d, nudge_id)
    if found is not None and not correct:
        return Closed(found, False)
    done_at = record.moment(tz) or now
    day_only = record.on is not None and record.at is None
    detail = {k: v for k, v in (("call", record.call), ("claim_number", record.claim_number),
                                ("day_only", day_only)) if v}
    row = found or DutyRecord(case_id=case.id, duty=d.key, once_key=once_key(d, nudge_id))
    row.role, row.closed_by, row.recorded_at, row.done_at = role, user, now, done_at
    row.done_by = record.by if record.by and record.by != user else None
    row.detail, row.via, row.nudge_id = detail or None, via, nudge_id
    if found is None:
        try:
            with s.begin_nested():
                s.add(row)
        except IntegrityError:  # a second click raced the first: it stands
            first = existing(s, case.id, d, nudge_id)
            assert first is not None  # what the unique key refused
            return Closed(first, False)
    s.flush()
    pressed = None
    if nudge_id is not None and (n := s.get(Nudge, nudge_id)) is not None:
        pressed = root_of(s, n).id
    settle_reminders(s, live_roots(s, case.id, d, nudge_id), now, by=user, pressed=pressed,
                     reason=f"done: {d.name} — recorded by <@{user}>")
    audit(s, at=now, actor=user, action="duty.closed" if found is None else "duty.corrected",
          case_id=case.id, duty=d.key, role=role, via=via, nudge_id=nudge_id, done_by=row.done_by,
          **({"done_on": record.on.isoformat()} if day_only and record.on is not None else
             {"done_at": done_at.astimezone(UTC).isoformat()}))
    return Closed(row, True)


# --- Said back -------------------------------------------------------------------------------
def when(dt: datetime, tz: tzinfo) -> str:
    return dates.day_and_time(dt.astimezone(tz))


def record_line(r: DutyRecord, tz: tzinfo) -> str:
    """"Critical injury: the Ministry notified — by <@U1> on …; recorded by <@U2> on …"."""
    d, detail = duty(r.duty), r.detail or {}
    by = r.done_by or r.closed_by
    done = (dates.day(r.done_at.astimezone(tz)) if detail.get("day_only")
            else when(r.done_at, tz))
    text = f"{d.name} — done by <@{by}> on {done}"
    same_day = r.recorded_at.astimezone(tz).date() == r.done_at.astimezone(tz).date()
    late = abs((r.recorded_at - r.done_at).total_seconds()) > 60
    if r.done_by or (late and not (detail.get("day_only") and same_day)):
        text += f"; recorded by <@{r.closed_by}> on {when(r.recorded_at, tz)}"
    claim = detail.get("claim_number")
    return text + (f" (claim {claim})" if claim else "")


def closed_lines(s: Session, case_id: int, tz: tzinfo) -> list[str]:
    """One line per duty closed on the case, oldest first (a per-reminder duty's last)."""
    latest: dict[str, DutyRecord] = {}
    for r in records_of(s, case_id):
        latest[r.duty] = r
    return [record_line(r, tz) for r in latest.values()]
