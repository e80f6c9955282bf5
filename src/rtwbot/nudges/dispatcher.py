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

Claiming: PostgreSQL `SELECT ... FOR UPDATE SKIP LOCKED` then UPDATE; elsewhere (SQLite) a
compare-and-set UPDATE per row, won only when `rowcount == 1`.

Production (`post`, see `Post` and `rtwbot.slack.nudge_outbox`): the dispatcher does not
post. It composes the message (recipients resolved, accounts checked), then in ONE
transaction marks the nudge sent — a compare-and-set that holds only while this dispatcher
still holds the claim — and writes the message as outbox rows. The relay posts them with
its back-off, metadata look-up and permanent-error handling. A crash before that commit
leaves nothing behind (the reclaimer composes afresh); a dispatcher that outlived its lease
finds the row no longer its own and writes nothing. So each delivery is written once.

Direct (`send` / `recover`, used by tests and the benchmark): chat.postMessage has no
idempotency key, so this path is at-least-once:
- Before the post: the row stays `claimed`; when its lease expires another dispatcher
  reclaims and posts it. Nothing is lost.
- After the post *and* the channel/ts record (a separate, tiny commit made right after the
  post): the reclaimer sees channel/ts and only finishes the row; it never posts again.
- Between Slack accepting the post and that record committing, or when Slack accepted a
  post whose response was lost: the reclaimer posts again, unless `recover` finds the
  earlier post in the conversation. A missed legal deadline is worse than a duplicate.
- The lease is renewed just before each post and must exceed the Slack client's worst
  case (its timeouts and retries); five minutes does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rtwbot import dates
from rtwbot.clock import Clock
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.nudges.catalogue import IMMEDIATE_KINDS, ROLE_NAMES, Escalation, escalation_time
from rtwbot.nudges.service import insert_ignoring_duplicates
from rtwbot.store.cases import audit
from rtwbot.store.db import Database
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import (
    CANCELLED,
    CLAIMED,
    FAILED,
    PENDING,
    SENT,
    SNOOZED,
    Nudge,
)

log = logging.getLogger(__name__)

ACTOR = "rtwbot"
# Transient failures retry after 1, 2, 4 ... minutes, at most an hour apart, and give up
# (failed + alert) after this many attempts. Crashed attempts count too, so a nudge that
# kills its dispatcher cannot loop for ever.
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)
# Give a person a moment with what they just received before escalating over their head
# (matters when a nudge goes out late, e.g. after a snooze).
ESCALATION_GRACE = timedelta(hours=1)


class PermanentSendError(Exception):
    """Posting can never work as addressed (user deactivated, channel gone...)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class TransientSendError(Exception):
    """Posting failed for now (5xx, timeout) after the client's own retries."""


@dataclass(frozen=True)
class SentRef:
    channel: str
    ts: str


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
    reclaimed: bool  # an earlier holder's lease expired: it may have posted


Send = Callable[[Delivery], SentRef]
Alert = Callable[[str], object]
Recover = Callable[[Delivery], SentRef | None]


class Post(Protocol):
    """Posting through the transactional outbox (production): `compose` resolves who the
    delivery is for and what to say (it may ask Slack who someone is, and raises
    `PermanentSendError` / `TransientSendError` like `send`); `write` records the result as
    outbox rows in the session that marks the nudge sent. The relay then posts them."""

    def compose(self, delivery: Delivery) -> list[Any]: ...

    def write(self, s: Session, delivery: Delivery, effects: list[Any]) -> None: ...


@dataclass
class TickReport:
    skipped: str | None = None
    escalated: int = 0
    claimed: int = 0
    sent: int = 0
    recovered: int = 0  # finished from a recorded (or found) post, without posting
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    lost: int = 0  # another holder took it over first
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Claim:
    id: int
    reclaimed: bool


class Dispatcher:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        calendar: WorkCalendar,
        send: Send | None,
        worker_id: str,
        lease: timedelta = timedelta(minutes=5),
        batch: int = 100,
        *,
        alert: Alert | None = None,
        recover: Recover | None = None,
        max_attempts: int = MAX_ATTEMPTS,
        post: Post | None = None,
    ):
        if (send is None) == (post is None):
            raise ValueError("give the dispatcher either `send` or `post`")
        self.db = db
        self.clock = clock
        self.calendar = calendar
        self.send = send
        self.worker_id = worker_id
        self.lease = lease
        self.batch = batch
        self.alert = alert
        self.recover = recover
        self.max_attempts = max_attempts
        self.post = post
        self._skip_locked = db.engine.dialect.name == "postgresql"
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
        report.escalated = self._escalate(now)
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

    # --- claiming -------------------------------------------------------------------------
    def _claim(self, now: datetime) -> list[_Claim]:
        due = (
            select(Nudge.id)
            .where(Nudge.state.in_((PENDING, SNOOZED)), Nudge.deliver_after <= now)
            .order_by(Nudge.deliver_after)
            .limit(self.batch)
        )
        expired = (
            select(Nudge.id)
            .where(Nudge.state == CLAIMED, Nudge.lease_until < now)
            .order_by(Nudge.lease_until)
            .limit(self.batch)
        )
        if self._only is not None:
            due = due.where(Nudge.kind.in_(self._only))
            expired = expired.where(Nudge.kind.in_(self._only))
        values = {
            "state": CLAIMED,
            "claimed_by": self.worker_id,
            "lease_until": now + self.lease,
            "attempts": Nudge.attempts + 1,
            "updated_at": now,
        }
        if self._skip_locked:
            return self._claim_skip_locked(due, expired, values)
        return self._claim_compare_and_set(now, due, expired, values)

    def _claim_skip_locked(self, due, expired, values) -> list[_Claim]:
        with self.db.session() as s:
            fresh = s.scalars(due.with_for_update(skip_locked=True)).all()
            stale = []
            if len(fresh) < self.batch:
                stale = s.scalars(
                    expired.limit(self.batch - len(fresh)).with_for_update(skip_locked=True)
                ).all()
            ids = [*fresh, *stale]
            if ids:
                s.execute(
                    update(Nudge)
                    .where(Nudge.id.in_(ids))
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )
        return [_Claim(i, False) for i in fresh] + [_Claim(i, True) for i in stale]

    def _claim_compare_and_set(self, now, due, expired, values) -> list[_Claim]:
        with self.db.session() as s:
            fresh = s.scalars(due).all()
            stale = s.scalars(expired.limit(max(self.batch - len(fresh), 0))).all()
        claims = []
        # One write transaction; each UPDATE re-checks the row, so a row another
        # dispatcher claimed in the meantime is simply not ours (rowcount 0).
        with self.db.session() as s:
            for ids, was_claimed in ((fresh, False), (stale, True)):
                for nudge_id in ids:
                    still_due = (
                        (Nudge.state == CLAIMED) & (Nudge.lease_until < now)
                        if was_claimed
                        else Nudge.state.in_((PENDING, SNOOZED)) & (Nudge.deliver_after <= now)
                    )
                    result = s.execute(
                        update(Nudge)
                        .where(Nudge.id == nudge_id, still_due)
                        .values(**values)
                        .execution_options(synchronize_session=False)
                    )
                    if result.rowcount == 1:
                        claims.append(_Claim(nudge_id, was_claimed))
        return claims

    def _holding(self):
        return (Nudge.state == CLAIMED) & (Nudge.claimed_by == self.worker_id)

    # --- delivering one claimed row -------------------------------------------------------
    def _deliver(self, claim: _Claim, report: TickReport) -> None:
        now = self.clock.now()
        with self.db.session() as s:
            # Renew the lease right before posting: proves we still hold the row and gives
            # the post a full lease (see the module notes).
            renewed = s.execute(
                update(Nudge)
                .where(Nudge.id == claim.id, self._holding())
                .values(lease_until=now + self.lease, updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if renewed.rowcount != 1:
                report.lost += 1
                return
            row = s.get(Nudge, claim.id)
            if row.channel and row.ts:
                # Posted by a holder that died before finishing: finish, never post again.
                step = "finish"
            elif row.expires_at is not None and row.expires_at <= now:
                self._release(s, row.id, state=CANCELLED, cancel_reason="expired before sending")
                report.cancelled += 1
                return
            elif row.attempts > self.max_attempts:
                reason = f"gave up after {self.max_attempts} attempts: {row.failure_reason}"
                if self._fail(s, row, reason, now):
                    report.failed += 1
                step = "alert"
            else:
                step = "send"
                delivery = self._delivery(s, row, claim.reclaimed)
        if step == "alert":
            self._send_alert(claim.id)
            return
        if step == "finish":
            self._finish_sent(claim.id, report, recovered=True)
            return

        if self.post is not None:
            self._enqueue(claim.id, delivery, report)
            return

        if claim.reclaimed and self.recover is not None:
            found = self._try_recover(delivery)
            if found is not None:
                self._record_post(claim.id, found)
                self._finish_sent(claim.id, report, recovered=True)
                return

        try:
            assert self.send is not None
            ref = self.send(delivery)
        except PermanentSendError as exc:
            with self.db.session() as s:
                row = s.get(Nudge, claim.id)
                if self._fail(s, row, exc.reason, self.clock.now()):
                    report.failed += 1
            self._send_alert(claim.id)
            return
        except Exception as exc:  # noqa: BLE001 - transient, or unknown: retry, never drop
            if not isinstance(exc, TransientSendError):
                log.exception("Nudge %s: unexpected error while sending", claim.id)
            self._retry_later(claim.id, f"{type(exc).__name__}: {exc}"[:500])
            report.retried += 1
            return
        # Record the post at once, in its own commit: from here on it is never posted again.
        self._record_post(claim.id, ref)
        self._finish_sent(claim.id, report, recovered=False)

    def _enqueue(self, nudge_id: int, delivery: Delivery, report: TickReport) -> None:
        """The outbox path: the message becomes outbox rows in the very transaction that
        marks the nudge sent, and only while this dispatcher still holds the row. Two
        dispatchers can never both enqueue one delivery (the second finds the row no
        longer claimed by it and writes nothing); a crash before the commit leaves neither
        the rows nor the `sent` state, so the reclaimer composes it afresh."""
        assert self.post is not None
        try:
            effects = self.post.compose(delivery)
        except PermanentSendError as exc:
            with self.db.session() as s:
                row = s.get(Nudge, nudge_id)
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
            row = s.get(Nudge, nudge_id)
            escalate_at = self._next_escalation(row, row.escalation_level, now)
            result = s.execute(
                update(Nudge)
                .where(Nudge.id == nudge_id, self._holding())
                .values(
                    state=SENT,
                    claimed_by=None,
                    lease_until=None,
                    failure_reason=None,
                    escalate_at=escalate_at,
                    sent_at=now,
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                report.lost += 1  # acknowledged, cancelled or taken over meanwhile
                return
            self.post.write(s, delivery, effects)
            audit(
                s,
                at=now,
                actor=ACTOR,
                action="nudge_sent",
                case_id=row.case_id,
                nudge_id=nudge_id,
                kind=row.kind,
                role=row.recipient_role,
                recovered=False,
            )
        report.sent += 1

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
            if result.rowcount != 1:
                return False
            row = s.get(Nudge, nudge_id)
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

    def _try_recover(self, delivery: Delivery) -> SentRef | None:
        try:
            return self.recover(delivery) if self.recover else None
        except Exception:  # noqa: BLE001 - cannot tell: post again (at-least-once)
            log.warning(
                "Nudge %s: could not check for an earlier post", delivery.nudge_id, exc_info=True
            )
            return None

    def _record_post(self, nudge_id: int, ref: SentRef) -> None:
        """The idempotency record: channel + ts of the post. Written whoever holds the row
        now (if our lease was taken over, the new holder must still see that we posted)."""
        now = self.clock.now()
        with self.db.session() as s:
            result = s.execute(
                update(Nudge)
                .where(Nudge.id == nudge_id, Nudge.ts.is_(None))
                .values(channel=ref.channel, ts=ref.ts, sent_at=now, updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                log.warning(
                    "Nudge %s was already recorded as posted: a duplicate post "
                    "(the lease was too short for this send)",
                    nudge_id,
                )

    def _finish_sent(self, nudge_id: int, report: TickReport, *, recovered: bool) -> None:
        now = self.clock.now()
        with self.db.session() as s:
            row = s.get(Nudge, nudge_id)
            escalate_at = self._next_escalation(row, row.escalation_level, now)
            result = s.execute(
                update(Nudge)
                .where(Nudge.id == nudge_id, self._holding())
                .values(
                    state=SENT,
                    claimed_by=None,
                    lease_until=None,
                    failure_reason=None,
                    escalate_at=escalate_at,
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                # Acknowledged, cancelled or taken over meanwhile: the post is recorded.
                report.lost += 1
                return
            audit(
                s,
                at=now,
                actor=ACTOR,
                action="nudge_sent",
                case_id=row.case_id,
                nudge_id=nudge_id,
                kind=row.kind,
                role=row.recipient_role,
                recovered=recovered,
            )
        if recovered:
            report.recovered += 1
        else:
            report.sent += 1

    def _release(self, s: Session, nudge_id: int, **values) -> bool:
        result = s.execute(
            update(Nudge)
            .where(Nudge.id == nudge_id, self._holding())
            .values(claimed_by=None, lease_until=None, updated_at=self.clock.now(), **values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

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
                deliver_after=self._when(kind, now + backoff),
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

    # --- escalation -----------------------------------------------------------------------
    def _ladder(self, row: Nudge) -> list[Escalation]:
        return [Escalation.from_json(e) for e in row.escalation or []]

    def _when(self, kind: str, at: datetime) -> datetime:
        """`at`, moved into working hours unless the kind is immediate."""
        return at if kind in IMMEDIATE_KINDS else self.calendar.next_working_time(at)

    def _next_escalation(self, row: Nudge, level: int, now: datetime) -> datetime | None:
        ladder = self._ladder(row)
        if row.parent_id is not None or level >= len(ladder):
            return None
        immediate = row.kind in IMMEDIATE_KINDS
        at = escalation_time(row.due_at, ladder[level], self.calendar, immediate=immediate)
        return max(at, self._when(row.kind, now + ESCALATION_GRACE))

    def _escalate(self, now: datetime) -> int:
        with self.db.session() as s:
            query = select(Nudge.id).where(Nudge.state == SENT, Nudge.escalate_at <= now)
            if self._only is not None:
                query = query.where(Nudge.kind.in_(self._only))
            due = s.scalars(query.order_by(Nudge.escalate_at).limit(self.batch)).all()
        return sum(self._escalate_one(nudge_id, now) for nudge_id in due)

    def _escalate_one(self, nudge_id: int, now: datetime) -> bool:
        with self.db.session() as s:
            row = s.get(Nudge, nudge_id)
            level = row.escalation_level
            ladder = self._ladder(row)
            if level >= len(ladder):
                return False
            step = ladder[level]
            # Compare-and-set on the level: of two dispatchers, one creates escalation n.
            moved = s.execute(
                update(Nudge)
                .where(Nudge.id == nudge_id, Nudge.state == SENT, Nudge.escalation_level == level)
                .values(
                    escalation_level=level + 1,
                    escalate_at=self._next_escalation(row, level + 1, now),
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
            if moved.rowcount != 1:
                return False
            sent_to = ROLE_NAMES.get(row.recipient_role, row.recipient_role)
            sent_on = (row.sent_at or now).astimezone(self.calendar.tz)
            insert_ignoring_duplicates(
                s,
                {
                    "case_id": row.case_id,
                    "parent_id": row.id,
                    "kind": row.kind,
                    "recipient_role": step.role,
                    "recipient": None,
                    "due_at": row.escalate_at or now,
                    "deliver_after": now,
                    "expires_at": row.expires_at,
                    "state": PENDING,
                    "attempts": 0,
                    "escalation_level": level + 1,
                    "escalation": [],
                    "idempotency_key": f"{row.idempotency_key}:escalation:{level + 1}"[:200],
                    "message": (
                        f"Not done yet — sent to the {sent_to} on {dates.day(sent_on)} "
                        f"and not marked done. {row.message}"
                    ),
                    "basis": row.basis,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            audit(
                s,
                at=now,
                actor=ACTOR,
                action="nudge_escalated",
                case_id=row.case_id,
                nudge_id=row.id,
                level=level + 1,
                role=step.role,
            )
            return True
