"""Nudges in the store: keep a case's rows in line with its specs, and the buttons' effects.

`sync_case_nudges` and `cancel_case_nudges` run inside the caller's session, so a case
change and its nudges commit together. `NudgeService` serves the Done / Snooze / Open case
buttons: each button press is a compare-and-set, so a double click acts once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from rtwbot import dates
from rtwbot.clock import Clock
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.stages import stage_label
from rtwbot.nudges.catalogue import (
    IMMEDIATE_KINDS,
    REPORTING_KINDS,
    STATUTORY_KINDS,
    CaseSnapshot,
    NudgeConfig,
    NudgeSpec,
    day8_answer,
    nudges_for,
    snooze_until,
)
from rtwbot.store.cases import audit
from rtwbot.store.db import Database, rowcount
from rtwbot.store.fact_models import day8_fact
from rtwbot.store.models import Case
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

log = logging.getLogger(__name__)

# States in which a nudge may still be posted or escalated: what "cancel" stops.
LIVE = (PENDING, SNOOZED, CLAIMED, SENT)


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    skipped_expired: list[str] = field(default_factory=list)


def _utc(now: datetime) -> datetime:
    # Audit rows and the cases table store plain timestamps: always write them in UTC.
    return now.astimezone(UTC)


def insert_ignoring_duplicates(s: Session, values: dict[str, Any]) -> bool:
    """INSERT unless the idempotency key exists (ON CONFLICT DO NOTHING): two processes
    creating the same nudge at once make one row, and no transaction is aborted."""
    dialect = s.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(Nudge)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(Nudge.id)
    )
    # RETURNING, not rowcount: drivers report -1 for an INSERT that returns rows.
    return s.execute(stmt).scalar() is not None


def _spec_values(spec: NudgeSpec) -> dict[str, Any]:
    return {
        "kind": spec.kind,
        "recipient_role": spec.recipient_role,
        "due_at": spec.due_at,
        "expires_at": spec.expires_at,
        "escalation": [e.to_json() for e in spec.escalate],
        "message": spec.message,
        "basis": spec.basis,
    }


def _differs(row: Nudge, values: dict[str, Any]) -> bool:
    return any(getattr(row, k) != v for k, v in values.items())


def _cas(s: Session, nudge_id: int, states: tuple[str, ...], **values: Any) -> bool:
    """UPDATE ... WHERE id = :id AND state IN (...): true only for the caller that won."""
    result = s.execute(
        update(Nudge)
        .where(Nudge.id == nudge_id, Nudge.state.in_(states))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1


def _cancel_children(s: Session, root_id: int, now: datetime, reason: str) -> None:
    s.execute(
        update(Nudge)
        .where(Nudge.parent_id == root_id, Nudge.state.in_((PENDING, SNOOZED, CLAIMED)))
        .values(state=CANCELLED, cancel_reason=reason, escalate_at=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def _refresh(
    s: Session, row: Nudge, spec: NudgeSpec, values: dict[str, Any], expired: bool, now: datetime
) -> bool:
    """Bring an existing row in line with its spec where that is still meaningful."""
    timed = {**values, "deliver_after": spec.delivery_time}
    if row.state == PENDING:
        return _differs(row, timed) and _cas(s, row.id, (PENDING,), **timed, updated_at=now)
    if row.state == SNOOZED:
        # Keep the time the person chose; take the new wording and recipients.
        return _differs(row, values) and _cas(s, row.id, (SNOOZED,), **values, updated_at=now)
    if row.state == CANCELLED and row.sent_at is None and not expired:
        # Wanted again and never posted (e.g. a stage went back): revive it.
        return _cas(
            s,
            row.id,
            (CANCELLED,),
            **timed,
            state=PENDING,
            cancel_reason=None,
            attempts=0,
            updated_at=now,
        )
    return False


def sync_case_nudges(
    s: Session,
    case_id: int,
    specs: list[NudgeSpec],
    now: datetime,
    *,
    kinds: frozenset[str] | None = None,
) -> SyncResult:
    """Make the case's nudges match `specs`: create the missing ones, update pending ones
    that changed, cancel live ones no longer wanted. With `kinds`, only nudges of those
    kinds are considered (for a partial recompute, e.g. after the day-8 answer).

    Sent, acknowledged and failed nudges are history and never touched, except that a
    sent one no longer wanted is cancelled so it stops escalating. Escalations (rows with a
    parent) are the dispatcher's; they follow their parent.
    """
    now = _utc(now)
    result = SyncResult()
    existing = {
        row.idempotency_key: row
        for row in s.scalars(
            select(Nudge).where(Nudge.case_id == case_id, Nudge.parent_id.is_(None))
        )
        if kinds is None or row.kind in kinds
    }
    wanted = {spec.idempotency_key: spec for spec in specs if kinds is None or spec.kind in kinds}

    for key, spec in wanted.items():
        row = existing.get(key)
        expired = spec.expires_at is not None and spec.expires_at <= now
        values = _spec_values(spec)
        if row is None:
            if expired:
                # A reminder whose moment has passed (a case entered late): a later nudge
                # covers it, so do not post something already out of date.
                result.skipped_expired.append(key)
                continue
            created = insert_ignoring_duplicates(
                s,
                {
                    **values,
                    "case_id": case_id,
                    "idempotency_key": key,
                    "deliver_after": spec.delivery_time,
                    "state": PENDING,
                    "attempts": 0,
                    "escalation_level": 0,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            if created:
                result.created.append(key)
        elif _refresh(s, row, spec, values, expired, now):
            result.updated.append(key)

    for key, row in existing.items():
        if key in wanted or row.state not in LIVE:
            continue
        if _cas(
            s,
            row.id,
            LIVE,
            state=CANCELLED,
            cancel_reason="no longer needed",
            escalate_at=None,
            updated_at=now,
        ):
            _cancel_children(s, row.id, now, "no longer needed")
            result.cancelled.append(key)
    return result


def recompute_case_nudges(
    s: Session,
    case_id: int,
    snapshot: CaseSnapshot,
    calendar: WorkCalendar,
    now: datetime,
    config: NudgeConfig | None = None,
) -> SyncResult:
    """The one call the case workflow makes after any change to a case (filing, new facts,
    a plan, a check-in, closing): the catalogue's answer, stored. Safe to repeat."""
    return sync_case_nudges(s, case_id, nudges_for(snapshot, calendar, config), now)


def cancel_case_nudges(
    s: Session,
    case_id: int,
    now: datetime,
    reason: str = "case closed",
    *,
    keep_kinds: frozenset[str] = STATUTORY_KINDS,
) -> int:
    """Cancel a case's live nudges, e.g. when it closes. By default the statutory ones
    (Form 7, the worker's copy, the OHSA notice) survive: closing a case does not cancel
    what is owed to the WSIB. Pass `keep_kinds=frozenset()` to stop everything."""
    query = update(Nudge).where(Nudge.case_id == case_id, Nudge.state.in_(LIVE))
    if keep_kinds:
        query = query.where(Nudge.kind.not_in(keep_kinds))
    result = s.execute(
        query.values(
            state=CANCELLED, cancel_reason=reason[:200], escalate_at=None, updated_at=now
        ).execution_options(synchronize_session=False)
    )
    return rowcount(result)


# --- Button presses --------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What a button press did, with a sentence for the person who pressed it."""

    done: bool  # False when nothing changed (already done, gone, not allowed)
    text: str
    nudge_id: int | None = None
    case_id: int | None = None
    kind: str | None = None
    by: str | None = None  # who acted (for "already done by X", the earlier person)


class NudgeService:
    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar):
        self.db = db
        self.clock = clock
        self.calendar = calendar

    def _when(self, dt: datetime | None) -> str:
        if dt is None:
            return "earlier"
        local = dt.astimezone(self.calendar.tz)
        return dates.day_and_time(local)

    # Done ------------------------------------------------------------------------------
    def acknowledge(self, nudge_id: int, user: str, now: datetime | None = None, *,
                    only_this: bool = False) -> Outcome:
        """Mark the nudge (and its escalations) done. Pressed twice, it acts once: the
        second press is told who did it first. `only_this`: an escalation's reader
        acknowledges their own copy, not the reminder it escalates."""
        now = _utc(now or self.clock.now())
        with self.db.session() as s:
            return self.acknowledge_in(s, nudge_id, user, now, only_this=only_this)

    def acknowledge_in(self, s: Session, nudge_id: int, user: str, now: datetime, *,
                     only_this: bool = False) -> Outcome:
        row = s.get(Nudge, nudge_id)
        if row is None:
            return Outcome(False, "That reminder no longer exists.", nudge_id)
        # An escalation is about the same matter: "done" on it closes the whole family
        # (unless its reader acknowledges only their own copy).
        root_id = row.id if only_this else (row.parent_id or row.id)
        won = _cas(
            s,
            root_id,
            (PENDING, CLAIMED, SENT, SNOOZED, FAILED),
            state=ACKNOWLEDGED,
            acknowledged_by=user,
            acknowledged_at=now,
            escalate_at=None,
            claimed_by=None,
            lease_until=None,
            updated_at=now,
        )
        root = s.get_one(Nudge, root_id)
        s.refresh(root)
        if not won:
            return self.not_open(root)
        s.execute(
            update(Nudge)
            .where(Nudge.parent_id == root_id, Nudge.state == SENT)
            .values(state=ACKNOWLEDGED, acknowledged_by=user, acknowledged_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        _cancel_children(s, root_id, now, "done")
        audit(
            s,
            at=now,
            actor=user,
            action="nudge_acknowledged",
            case_id=root.case_id,
            nudge_id=root_id,
            kind=root.kind,
        )
        return Outcome(
            True,
            f"Done — marked by <@{user}> on {self._when(now)}.",
            root_id,
            root.case_id,
            root.kind,
            user,
        )

    def not_open(self, row: Nudge) -> Outcome:
        if row.state == ACKNOWLEDGED:
            text = f"Already done by <@{row.acknowledged_by}> on {self._when(row.acknowledged_at)}."
            return Outcome(False, text, row.id, row.case_id, row.kind, row.acknowledged_by)
        if row.state == SNOOZED:
            text = f"Already snoozed by <@{row.snoozed_by}> until {self._when(row.deliver_after)}."
            return Outcome(False, text, row.id, row.case_id, row.kind, row.snoozed_by)
        if row.state == CANCELLED:
            why = f" ({row.cancel_reason})" if row.cancel_reason else ""
            return Outcome(
                False, f"This reminder is no longer needed{why}.", row.id, row.case_id, row.kind
            )
        return Outcome(
            False,
            "This reminder cannot be changed now; try again in a minute.",
            row.id,
            row.case_id,
            row.kind,
        )

    # Snooze ----------------------------------------------------------------------------
    def snooze(
        self, nudge_id: int, until: datetime, user: str, now: datetime | None = None
    ) -> Outcome:
        """Send it again at `until` (moved into working hours). Escalation waits too: it is
        rescheduled when the nudge goes out again."""
        now = _utc(now or self.clock.now())
        again = snooze_until(until, self.calendar)
        with self.db.session() as s:
            row = s.get(Nudge, nudge_id)
            if row is None:
                return Outcome(False, "That reminder no longer exists.", nudge_id)
            if row.kind in IMMEDIATE_KINDS:
                return Outcome(False, "This duty is immediate and cannot be snoozed; press "
                               "Done once it is handled.", nudge_id, row.case_id, row.kind)
            # The recorded channel/ts belong to the delivery being snoozed; clearing them
            # lets the next delivery post (the listener has already edited this message).
            won = _cas(
                s,
                nudge_id,
                (SENT,),
                state=SNOOZED,
                deliver_after=again,
                snoozed_by=user,
                escalate_at=None,
                channel=None,
                ts=None,
                updated_at=now,
            )
            if not won:
                s.refresh(row)
                if row.parent_id is not None and row.state != ACKNOWLEDGED:
                    parent = s.get(Nudge, row.parent_id)
                    if parent is not None and parent.state == ACKNOWLEDGED:
                        return self.not_open(parent)
                return self.not_open(row)
            audit(
                s,
                at=now,
                actor=user,
                action="nudge_snoozed",
                case_id=row.case_id,
                nudge_id=nudge_id,
                until=again.isoformat(),
            )
            return Outcome(
                True,
                f"Snoozed by <@{user}> until {self._when(again)}.",
                nudge_id,
                row.case_id,
                row.kind,
                user,
            )

    # Open case -------------------------------------------------------------------------
    def open_case(self, nudge_id: int, user: str, now: datetime | None = None) -> Outcome:
        """The case's reference, stage and this reminder — no restrictions, nothing
        medical. Every view is audited."""
        now = _utc(now or self.clock.now())
        with self.db.session() as s:
            row = s.get(Nudge, nudge_id)
            if row is None:
                return Outcome(False, "That reminder no longer exists.", nudge_id)
            case = s.execute(select(Case.reference, Case.stage).where(Case.id == row.case_id)).one()
            audit(
                s,
                at=now,
                actor=user,
                action="case_viewed",
                case_id=row.case_id,
                via="nudge",
                nudge_id=nudge_id,
            )
            due = row.due_at.astimezone(self.calendar.tz)
            text = (
                f"*{case.reference}* — {stage_label(case.stage)}.\n"
                f"This reminder (due {dates.day(due)}, state {row.state}): "
                f"{row.message}"
            )
            return Outcome(True, text, nudge_id, row.case_id, row.kind, user)

    # The day-8 question ----------------------------------------------------------------
    def answer_day8(
        self, nudge_id: int, continues: bool, user: str, now: datetime | None = None
    ) -> Outcome:
        """The supervisor's answer to "does the modified work continue on day 8?": records
        the case's new reportability and, for "yes", starts the Form 7 nudges — all in one
        transaction with the acknowledgement, so a double click acts once."""
        now = _utc(now or self.clock.now())
        with self.db.session() as s:
            done = self.acknowledge_in(s, nudge_id, user, now)
            if not done.done:
                return done
            assert done.case_id is not None  # the day-8 question is asked of a case
            case = s.execute(
                select(
                    Case.reference, Case.kind, Case.stage, Case.occurred_at, Case.learned_at
                ).where(Case.id == done.case_id)
            ).one()
            snapshot = CaseSnapshot(
                reference=case.reference,
                kind=case.kind,
                stage=case.stage,
                occurred_at=case.occurred_at,
                learned_at=case.learned_at,
                reportability="watch",
            )
            r = day8_answer(snapshot, continues, self.calendar)
            s.add(day8_fact(done.case_id, continues, case.occurred_at, case.learned_at, user,
                            now, self.calendar))
            s.execute(
                update(Case)
                .where(Case.id == done.case_id)
                .values(reportable=r.status, form7_due=r.form7_due, recheck_on=None,
                        obligation_date=r.obligation_date, updated_at=now)
                .execution_options(synchronize_session=False)
            )
            audit(
                s,
                at=now,
                actor=user,
                action="day8_answered",
                case_id=done.case_id,
                continues=continues,
                reportable=r.status,
            )
            specs = nudges_for(snapshot.with_reportability(r), self.calendar)
            sync_case_nudges(s, done.case_id, specs, now, kinds=REPORTING_KINDS)
            return Outcome(True, " ".join(r.reasons), done.nudge_id, done.case_id, done.kind, user)


def due_filter(now: datetime):
    """Rows a dispatcher may claim now (shared with the CLI's "due" list)."""
    return or_(
        Nudge.state.in_((PENDING, SNOOZED)) & (Nudge.deliver_after <= now),
        (Nudge.state == CLAIMED) & (Nudge.lease_until < now),
    )


# A sent reminder still not done a day after its due time is overdue (the CLI's "overdue"
# list and the /metrics gauge).
OVERDUE_AFTER = timedelta(days=1)


def overdue_filter(now: datetime):
    return (Nudge.state == SENT) & (Nudge.due_at < now - OVERDUE_AFTER)
