"""Send due nudges exactly once, in working hours, and escalate the ones nobody acts on.

Any number of dispatchers (threads or processes) may tick against one database; the rows
decide who sends what:

    pending/snoozed --claim (lease)--> claimed --outbox rows, same commit--> sent
    claimed (lease expired) --reclaim--> claimed          (the first holder died)
    claimed --transient error--> pending (attempts+1, later deliver_after)
    claimed --permanent error / too many attempts--> failed (+ alert to HR)
    sent --the relay's post refused for good--> failed (+ alert to HR)  (`fail_posted`)
    sent --escalation time, not acknowledged--> escalation row created (pending)
    sent --Done--> acknowledged;  sent --Snooze--> snoozed

Claiming is `rtwbot.nudges.claims`; escalating, `rtwbot.nudges.escalator`.

The dispatcher does not post (see `Post` and `rtwbot.slack.nudge_outbox`). It composes the
message (recipients resolved, accounts checked), then in ONE transaction marks the nudge
sent — a compare-and-set that holds only while this dispatcher still holds the claim — and
writes the message as outbox rows. The relay posts them with its back-off, metadata
look-up and permanent-error handling. A crash before that commit leaves nothing behind (the
reclaimer composes afresh); a dispatcher that outlived its lease finds the row no longer
its own and writes nothing. So each delivery is written once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.nudges.claims import Claim, claim_due, holding
from rtwbot.nudges.delivery import (
    Alert,
    Delivery,
    PermanentSendError,
    Post,
    TickReport,
    TransientSendError,
)
from rtwbot.nudges.escalator import (
    ACTOR,
    ESCALATION_GRACE,
    deliverable_at,
    escalate_due,
    next_escalation,
)
from rtwbot.nudges.kinds import IMMEDIATE_KINDS, ROLE_NAMES
from rtwbot.store.cases import audit
from rtwbot.store.db import Database, rowcount
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import CANCELLED, FAILED, PENDING, SENT, SNOOZED, Nudge

# Importable from here, where the dispatcher's callers have always found them.
__all__ = [
    "ESCALATION_GRACE", "MAX_ATTEMPTS", "Delivery", "Dispatcher", "PermanentSendError", "Post",
    "TickReport", "TransientSendError",
]

log = logging.getLogger(__name__)

# Transient failures retry after 1, 2, 4 ... minutes, at most an hour apart, and give up
# (failed + alert) after this many attempts. Crashed attempts count too, so a nudge that
# kills its dispatcher cannot loop for ever.
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)


class Dispatcher:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        calendar: WorkCalendar,
        post: Post,
        worker_id: str,
        lease: timedelta = timedelta(minutes=5),
        batch: int = 100,
        *,
        alert: Alert | None = None,
        max_attempts: int = MAX_ATTEMPTS,
    ):
        self.db = db
        self.clock = clock
        self.calendar = calendar
        self.post = post
        self.worker_id = worker_id
        self.lease = lease
        self.batch = batch
        self.alert = alert
        self.max_attempts = max_attempts
        self._only: frozenset[str] | None = None  # the kinds this tick may handle

    # --- the tick -------------------------------------------------------------------------
    def tick(self) -> TickReport:
        report = TickReport()
        now = self.clock.now()
        # Outside working hours only the immediate kinds (a critical injury: OHSA s.51) go
        # out; for the rest deliver_after is already in working hours, and this also holds
        # back their retries, reclaims and rows that fell due while nobody ticked.
        self._only = None if self.calendar.is_working_time(now) else IMMEDIATE_KINDS
        if self._only is not None:
            report.skipped = "outside working hours"
        report.escalated = escalate_due(
            self.db, now, self.calendar, batch=self.batch, only=self._only
        )
        claims = self._claim(now)
        report.claimed = len(claims)
        for claim in claims:
            try:
                self._deliver(claim, report)
            except Exception as exc:  # noqa: BLE001 - one bad row must not stop the batch
                # The row stays claimed; the lease-expiry path picks it up again.
                log.exception("Nudge %s: delivery step failed", claim.id)
                report.errors.append(f"{claim.id}: {type(exc).__name__}")
        if self._only is None:
            self._retry_alerts(now)
        return report

    def _claim(self, now: datetime) -> list[Claim]:
        return claim_due(self.db, now, worker_id=self.worker_id, lease=self.lease,
                         batch=self.batch, only=self._only)

    def _holding(self):
        return holding(self.worker_id)

    # --- delivering one claimed row -------------------------------------------------------
    def _deliver(self, claim: Claim, report: TickReport) -> None:
        now = self.clock.now()
        with self.db.session() as s:
            # Renew the lease before composing: proves we still hold the row and gives the
            # composing (which may ask Slack who someone is) a full lease.
            renewed = s.execute(
                update(Nudge)
                .where(Nudge.id == claim.id, self._holding())
                .values(lease_until=now + self.lease, updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if rowcount(renewed) != 1:
                report.lost += 1
                return
            row = s.get_one(Nudge, claim.id)
            if row.expires_at is not None and row.expires_at <= now:
                self._release(s, row.id, state=CANCELLED, cancel_reason="expired before sending")
                report.cancelled += 1
                return
            if row.attempts > self.max_attempts:
                reason = f"gave up after {self.max_attempts} attempts: {row.failure_reason}"
                if self._fail(s, row, reason, now):
                    report.failed += 1
                delivery = None
            else:
                delivery = self._delivery(s, row, claim.reclaimed)
        if delivery is None:
            self._send_alert(claim.id)
            return
        self._enqueue(claim.id, delivery, report)

    def _enqueue(self, nudge_id: int, delivery: Delivery, report: TickReport) -> None:
        """The message becomes outbox rows in the very transaction that marks the nudge
        sent, and only while this dispatcher still holds the row. Two dispatchers can never
        both enqueue one delivery (the second finds the row no longer claimed by it and
        writes nothing); a crash before the commit leaves neither the rows nor the `sent`
        state, so the reclaimer composes it afresh."""
        try:
            effects = self.post.compose(delivery)
        except PermanentSendError as exc:
            with self.db.session() as s:
                row = s.get_one(Nudge, nudge_id)
                if self._fail(s, row, exc.reason, self.clock.now()):
                    report.failed += 1
            self._send_alert(nudge_id)
            return
        except Exception as exc:  # noqa: BLE001 - transient, or unknown: retry, never drop
            if not isinstance(exc, TransientSendError):
                log.exception("Nudge %s: unexpected error while composing", nudge_id)
            self._retry_later(nudge_id, f"{type(exc).__name__}: {exc}"[:500])
            report.retried += 1
            return
        now = self.clock.now()
        with self.db.session() as s:
            row = s.get_one(Nudge, nudge_id)
            if not self._mark_sent(s, row, now):
                report.lost += 1  # acknowledged, cancelled or taken over meanwhile
                return
            self.post.write(s, delivery, effects)
        report.sent += 1

    def _mark_sent(self, s: Session, row: Nudge, now: datetime) -> bool:
        """sent, with its next escalation time — only while we hold the claim (False:
        acknowledged, cancelled or taken over meanwhile); audited in the same session."""
        result = s.execute(
            update(Nudge)
            .where(Nudge.id == row.id, self._holding())
            .values(
                state=SENT,
                claimed_by=None,
                lease_until=None,
                failure_reason=None,
                escalate_at=next_escalation(row, row.escalation_level, now, self.calendar),
                sent_at=now,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if rowcount(result) != 1:
            return False
        audit(s, at=now, actor=ACTOR, action="nudge_sent", case_id=row.case_id,
              nudge_id=row.id, kind=row.kind, role=row.recipient_role)
        return True

    def fail_posted(self, nudge_id: int, reason: str) -> bool:
        """The relay could not post a nudge it was given (a permanent refusal, e.g.
        channel_not_found): the nudge has failed; tell HR. False when it was not ours to
        fail (already acknowledged, failed...)."""
        now = self.clock.now()
        with self.db.session() as s:
            result = s.execute(
                update(Nudge)
                .where(Nudge.id == nudge_id, Nudge.state.in_((SENT, SNOOZED)))
                .values(state=FAILED, failure_reason=reason[:500], escalate_at=None,
                        updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if rowcount(result) != 1:
                return False
            row = s.get_one(Nudge, nudge_id)
            audit(s, at=now, actor=ACTOR, action="nudge_failed", case_id=row.case_id,
                  nudge_id=nudge_id, kind=row.kind, reason=reason[:200])
        self._send_alert(nudge_id)
        return True

    def _delivery(self, s: Session, row: Nudge, reclaimed: bool) -> Delivery:
        case = s.execute(
            select(Case.reference, Case.supervisor_id, Case.employee_user_id, Case.division).where(
                Case.id == row.case_id
            )
        ).one()
        return Delivery(
            nudge_id=row.id,
            idempotency_key=row.idempotency_key,
            case_id=row.case_id,
            case_reference=case.reference,
            kind=row.kind,
            recipient_role=row.recipient_role,
            recipient=row.recipient,
            message=row.message,
            basis=row.basis,
            due_at=row.due_at,
            deliver_after=row.deliver_after,
            escalation_level=row.escalation_level if row.parent_id else 0,
            supervisor_id=case.supervisor_id,
            employee_user_id=case.employee_user_id,
            division=case.division,
            reclaimed=reclaimed,
        )

    def _release(self, s: Session, nudge_id: int, **values) -> bool:
        result = s.execute(
            update(Nudge)
            .where(Nudge.id == nudge_id, self._holding())
            .values(claimed_by=None, lease_until=None, updated_at=self.clock.now(), **values)
            .execution_options(synchronize_session=False)
        )
        return rowcount(result) == 1

    def _retry_later(self, nudge_id: int, reason: str) -> None:
        now = self.clock.now()
        with self.db.session() as s:
            attempts, kind = s.execute(
                select(Nudge.attempts, Nudge.kind).where(Nudge.id == nudge_id)
            ).one()
            backoff = min(BACKOFF_BASE * 2 ** max((attempts or 1) - 1, 0), BACKOFF_MAX)
            self._release(
                s,
                nudge_id,
                state=PENDING,
                failure_reason=reason,
                deliver_after=deliverable_at(kind, now + backoff, self.calendar),
            )

    def _fail(self, s: Session, row: Nudge, reason: str, now: datetime) -> bool:
        won = self._release(s, row.id, state=FAILED, failure_reason=reason[:500])
        if won:
            s.refresh(row)
            audit(
                s,
                at=now,
                actor=ACTOR,
                action="nudge_failed",
                case_id=row.case_id,
                nudge_id=row.id,
                kind=row.kind,
                reason=reason[:200],
            )
        return won

    # --- alerts ---------------------------------------------------------------------------
    def _send_alert(self, nudge_id: int) -> None:
        """Tell HR a nudge failed; recorded in `alerted_at`, so a failed alert is retried
        on later ticks and nothing fails silently."""
        if self.alert is None:
            log.error("Nudge %s failed and no alert channel is configured", nudge_id)
            return
        with self.db.session() as s:
            row = s.get(Nudge, nudge_id)
            if row is None or row.state != FAILED or row.alerted_at is not None:
                return
            reference = s.scalar(select(Case.reference).where(Case.id == row.case_id))
            text = (
                f"A reminder could not be delivered: {reference}, {row.kind.replace('_', ' ')} "
                f"for the {ROLE_NAMES.get(row.recipient_role, row.recipient_role)} — "
                f"{row.failure_reason}. Please reach them another way. "
                f"It said: {row.message}"
            )
        try:
            self.alert(text)
        except Exception:  # noqa: BLE001 - retried next tick
            log.exception("Could not alert HR about failed nudge %s", nudge_id)
            return
        with self.db.session() as s:
            s.execute(
                update(Nudge)
                .where(Nudge.id == nudge_id, Nudge.alerted_at.is_(None))
                .values(alerted_at=self.clock.now())
                .execution_options(synchronize_session=False)
            )

    def _retry_alerts(self, tick_started: datetime) -> None:
        """Alerts that failed on an earlier tick (not this one: Slack just said no)."""
        if self.alert is None:
            return
        with self.db.session() as s:
            ids = s.scalars(
                select(Nudge.id)
                .where(
                    Nudge.state == FAILED,
                    Nudge.alerted_at.is_(None),
                    Nudge.updated_at < tick_started,
                )
                .limit(self.batch)
            ).all()
        for nudge_id in ids:
            self._send_alert(nudge_id)
