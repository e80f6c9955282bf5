"""The dispatcher: each nudge written to the outbox once, in working hours; crashes, retries,
failures and escalations handled on purpose. Driven by hand with a ManualClock — no
sleeping. (`tests/store/test_nudges_outbox.py` follows the rows into the outbox.)"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, insert, select

from rtwbot.clock import ManualClock
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.dispatcher import (
    MAX_ATTEMPTS,
    Dispatcher,
    PermanentSendError,
    TickReport,
    TransientSendError,
)
from rtwbot.nudges.fakes import RecordingPost
from rtwbot.nudges.service import NudgeService
from rtwbot.store.db import Database
from rtwbot.store.models import AuditEvent, Case
from rtwbot.store.nudge_models import (
    ACKNOWLEDGED,
    CANCELLED,
    CLAIMED,
    FAILED,
    PENDING,
    SENT,
    Nudge,
)

pytestmark = pytest.mark.store

TORONTO = ZoneInfo("America/Toronto")
CAL = WorkCalendar()
MONDAY = date(2026, 1, 12)
TUESDAY = date(2026, 1, 13)
LEASE = timedelta(minutes=5)


def at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm), tzinfo=TORONTO)


@pytest.fixture
def db(database_url: str):
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def case_id(db: Database) -> int:
    now = datetime(2026, 1, 9, 23, tzinfo=UTC)
    with db.session() as s:
        case = Case(
            reference="RTW-2026-0001",
            kind="work_injury",
            stage="reported",
            employee_user_id="U_EMP",
            supervisor_id="U_SUP",
            division="Parks and Recreation",
            job_title="Gardener",
            occurred_at=now,
            learned_at=now,
            reportable="reportable",
            answers={},
            filed_at=now,
            updated_at=now,
        )
        s.add(case)
        s.flush()
        return case.id


def add_nudges(
    db: Database,
    case_id: int,
    n: int = 1,
    *,
    due: datetime | None = None,
    escalation: list | None = None,
    expires_at: datetime | None = None,
    kind: str = c.FORM7_DUE,
) -> list[int]:
    due = due or at(MONDAY, 9)
    created = datetime(2026, 1, 9, tzinfo=UTC)
    rows = [
        dict(
            case_id=case_id,
            kind=kind,
            recipient_role=c.SUPERVISOR,
            due_at=due,
            deliver_after=CAL.next_working_time(due),
            expires_at=expires_at,
            state=PENDING,
            attempts=0,
            escalation_level=0,
            escalation=escalation or [],
            idempotency_key=f"RTW-2026-0001:test:{due.isoformat()}:{i}",
            message="File Form 7 (OPM 15-01-02).",
            basis="OPM 15-01-02",
            created_at=created,
            updated_at=created,
        )
        for i in range(n)
    ]
    with db.session() as s:
        s.execute(insert(Nudge), rows)
        return list(s.scalars(select(Nudge.id).order_by(Nudge.id)))[-n:]


def states(db: Database) -> dict[int, str]:
    with db.session() as s:
        return dict(s.execute(select(Nudge.id, Nudge.state)).all())


def nudge(db: Database, nudge_id: int) -> Nudge:
    with db.session() as s:
        return s.get(Nudge, nudge_id)


def dispatcher(db, clock, post, worker="A", **kw) -> Dispatcher:
    return Dispatcher(db, clock, CAL, post, worker, lease=LEASE, alert=post.alert, **kw)


# --- once, and in working hours ----------------------------------------------------------
def test_a_due_nudge_is_sent_once_and_recorded(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    report = dispatcher(db, clock, post).tick()
    assert (report.claimed, report.sent) == (1, 1)
    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        assert dispatcher(db, clock, post).tick().claimed == 0
    assert post.counts() == {nid: 1}
    row = nudge(db, nid)
    assert row.state == SENT
    assert row.sent_at == at(MONDAY, 9) and row.claimed_by is None and row.attempts == 1
    [delivery] = post.posts
    assert (delivery.case_reference, delivery.supervisor_id) == ("RTW-2026-0001", "U_SUP")
    assert not delivery.reclaimed


def test_a_nudge_due_at_2am_goes_out_at_9am_not_before(db, case_id):
    [nid] = add_nudges(db, case_id, due=at(TUESDAY, 2))
    assert nudge(db, nid).deliver_after == at(TUESDAY, 9)
    clock, post = ManualClock(at(TUESDAY, 2)), RecordingPost()
    d = dispatcher(db, clock, post)
    assert d.tick().skipped == "outside working hours"
    clock.set(at(TUESDAY, 8, 59))
    assert d.tick().claimed == 0
    clock.set(at(TUESDAY, 9))
    assert d.tick().sent == 1


def test_nothing_goes_out_in_the_evening_weekend_or_a_holiday(db, case_id):
    add_nudges(db, case_id, due=at(date(2026, 1, 9), 10))  # overdue since Friday
    post = RecordingPost()
    for when in (
        at(date(2026, 1, 9), 20),
        at(date(2026, 1, 10), 11),  # Fri 8 pm, Saturday
        at(date(2026, 2, 16), 11),
    ):  # Family Day
        assert dispatcher(db, ManualClock(when), post).tick().skipped
    assert not post.posts


def test_two_dispatchers_ticking_together_send_each_nudge_once(db, case_id, database_url):
    ids = add_nudges(db, case_id, 60)
    clock, post = ManualClock(at(MONDAY, 10)), RecordingPost()
    other = Database(database_url)
    workers = [
        dispatcher(db, clock, post, "A", batch=7),
        dispatcher(other, clock, post, "B", batch=7),
    ]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(d: Dispatcher) -> None:
        try:
            barrier.wait()
            while d.tick().claimed:
                pass
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.dispose()
    assert not errors
    assert post.counts() == {i: 1 for i in ids}
    assert set(states(db).values()) == {SENT}


# --- crashes ------------------------------------------------------------------------------
def test_a_dispatcher_killed_after_claiming_is_taken_over_after_the_lease(db, case_id):
    ids = add_nudges(db, case_id, 3)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    dead = dispatcher(db, clock, post, "dead")
    claims = dead._claim(clock.now())  # ...and then it is killed: never delivers
    assert len(claims) == 3 and set(states(db).values()) == {CLAIMED}

    survivor = dispatcher(db, clock, post, "survivor")
    clock.advance(LEASE - timedelta(seconds=1))
    assert survivor.tick().claimed == 0  # the lease still holds
    clock.advance(timedelta(seconds=2))
    report = survivor.tick()
    assert (report.claimed, report.sent) == (3, 3)
    assert post.counts() == {i: 1 for i in ids}
    assert all(d.reclaimed for d in post.posts)

    # The "dead" one wakes up and tries to finish its work: it no longer holds the rows.
    late = TickReport()
    for claim in claims:
        dead._deliver(claim, late)
    assert late.lost == 3 and late.sent == 0
    assert post.counts() == {i: 1 for i in ids}
    assert {nudge(db, i).attempts for i in ids} == {2}


class KilledWhileWriting(RecordingPost):
    """Composes, then its dispatcher dies inside the transaction that writes the message."""

    def write(self, s, delivery, effects):
        raise RuntimeError("killed")


def test_a_crash_before_the_commit_leaves_nothing_and_the_reclaimer_writes_it_once(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    report = Dispatcher(db, clock, CAL, KilledWhileWriting(), "crashy", lease=LEASE).tick()
    assert report.errors and report.sent == 0
    assert nudge(db, nid).state == CLAIMED  # neither sent nor written: rolled back

    clock.advance(LEASE + timedelta(seconds=1))
    report = dispatcher(db, clock, post, "B").tick()
    assert (report.claimed, report.sent) == (1, 1)
    assert post.counts() == {nid: 1}
    [delivery] = post.posts
    assert delivery.reclaimed
    row = nudge(db, nid)
    assert (row.state, row.attempts) == (SENT, 2)


def test_a_crash_while_composing_is_retried_on_the_next_claim(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()

    class KilledWhileComposing(RecordingPost):
        def compose(self, delivery):
            raise SystemExit("killed")  # not an Exception: nothing catches it

    with pytest.raises(SystemExit):
        Dispatcher(db, clock, CAL, KilledWhileComposing(), "crashy", lease=LEASE).tick()
    assert nudge(db, nid).state == CLAIMED
    clock.advance(LEASE + timedelta(seconds=1))
    assert dispatcher(db, clock, post, "B").tick().sent == 1
    assert post.counts() == {nid: 1}


# --- failures -----------------------------------------------------------------------------
def test_transient_failures_back_off_and_retry(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    post.fail_next(TransientSendError("HTTP 503"), times=2)
    d = dispatcher(db, clock, post)
    assert d.tick().retried == 1
    row = nudge(db, nid)
    assert (row.state, row.attempts) == (PENDING, 1)
    assert row.deliver_after == at(MONDAY, 9, 1)  # 1 minute
    assert "HTTP 503" in row.failure_reason
    assert d.tick().claimed == 0  # not yet
    clock.set(at(MONDAY, 9, 1))
    assert d.tick().retried == 1
    assert nudge(db, nid).deliver_after == at(MONDAY, 9, 3)  # then 2 minutes
    clock.set(at(MONDAY, 9, 3))
    assert d.tick().sent == 1
    row = nudge(db, nid)
    assert (row.state, row.attempts, row.failure_reason) == (SENT, 3, None)
    assert post.counts() == {nid: 1}


def test_a_retry_that_would_land_after_hours_waits_for_the_morning(db, case_id):
    [nid] = add_nudges(db, case_id, due=at(MONDAY, 16, 59))
    clock, post = ManualClock(at(MONDAY, 16, 59)), RecordingPost()
    post.fail_next(TransientSendError("timeout"))
    dispatcher(db, clock, post).tick()
    assert nudge(db, nid).deliver_after == at(TUESDAY, 9)


def test_unexpected_errors_are_retried_and_eventually_fail_loudly(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    post.fail_next(RuntimeError("bug in the renderer"), times=MAX_ATTEMPTS)
    d = dispatcher(db, clock, post)
    for _ in range(MAX_ATTEMPTS):
        assert d.tick().retried == 1
        clock.set(nudge(db, nid).deliver_after)
    report = d.tick()
    assert report.failed == 1
    row = nudge(db, nid)
    assert row.state == FAILED
    assert row.failure_reason.startswith(f"gave up after {MAX_ATTEMPTS} attempts")
    assert len(post.alerts) == 1 and "RTW-2026-0001" in post.alerts[0]
    assert not post.posts


def test_permanent_failure_is_recorded_and_alerted_once(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    post.fail_next(PermanentSendError("Slack answered user_disabled"))
    d = dispatcher(db, clock, post)
    assert d.tick().failed == 1
    row = nudge(db, nid)
    assert (row.state, row.failure_reason) == (FAILED, "Slack answered user_disabled")
    assert row.alerted_at == at(MONDAY, 9)
    [alert] = post.alerts
    assert "RTW-2026-0001" in alert and "user_disabled" in alert and "supervisor" in alert
    clock.advance(timedelta(hours=1))
    d.tick()
    assert len(post.alerts) == 1 and not post.posts
    with db.session() as s:
        failed = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "nudge_failed")
        )
        assert failed == 1


def test_an_alert_that_cannot_be_sent_is_retried_next_tick(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    post.fail_next(PermanentSendError("Slack answered channel_not_found"))
    attempts = []

    def flaky_alert(text):
        attempts.append(text)
        if len(attempts) == 1:
            raise RuntimeError("Slack is down")

    d = Dispatcher(db, clock, CAL, post, "A", lease=LEASE, alert=flaky_alert)
    d.tick()
    assert nudge(db, nid).alerted_at is None
    clock.advance(timedelta(minutes=1))
    d.tick()
    assert len(attempts) == 2 and nudge(db, nid).alerted_at is not None
    d.tick()
    assert len(attempts) == 2


def test_an_expired_nudge_is_cancelled_not_posted(db, case_id):
    [nid] = add_nudges(db, case_id, due=at(MONDAY, 9), expires_at=at(MONDAY, 9, 30))
    clock, post = ManualClock(at(MONDAY, 10)), RecordingPost()
    assert dispatcher(db, clock, post).tick().cancelled == 1
    assert nudge(db, nid).state == CANCELLED and not post.posts


# --- escalation ---------------------------------------------------------------------------
ESCALATE_TO_HR = [{"role": c.HR, "business_days": 1}]


def test_an_unacknowledged_nudge_is_escalated_once(db, case_id):
    [nid] = add_nudges(db, case_id, escalation=ESCALATE_TO_HR)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    d = dispatcher(db, clock, post)
    d.tick()
    assert nudge(db, nid).escalate_at == at(TUESDAY, 9)
    clock.set(at(TUESDAY, 8, 59))
    assert d.tick().escalated == 0
    clock.set(at(TUESDAY, 9))
    report = d.tick()
    assert (report.escalated, report.sent) == (1, 1)
    escalation = post.posts[-1]
    assert (escalation.recipient_role, escalation.escalation_level) == (c.HR, 1)
    assert "Not done yet" in escalation.message and "OPM 15-01-02" in escalation.message
    for hours in (1, 24, 48):
        clock.set(at(TUESDAY, 9) + timedelta(hours=hours))
        assert d.tick().escalated == 0
    assert len(post.posts) == 2
    root = nudge(db, nid)
    assert (root.escalation_level, root.escalate_at, root.state) == (1, None, SENT)


def test_an_acknowledged_nudge_is_not_escalated(db, case_id):
    [nid] = add_nudges(db, case_id, escalation=ESCALATE_TO_HR)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    d = dispatcher(db, clock, post)
    d.tick()
    NudgeService(db, clock, CAL).acknowledge(nid, "U_SUP", at(MONDAY, 11))
    clock.set(at(TUESDAY, 10))
    assert d.tick().escalated == 0
    assert nudge(db, nid).state == ACKNOWLEDGED and len(post.posts) == 1


def test_two_dispatchers_escalate_once(db, case_id, database_url):
    add_nudges(db, case_id, 5, escalation=ESCALATE_TO_HR)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    dispatcher(db, clock, post).tick()
    clock.set(at(TUESDAY, 9))
    other = Database(database_url)
    a, b = dispatcher(db, clock, post, "A"), dispatcher(other, clock, post, "B")
    barrier = threading.Barrier(2)
    results = []

    def run(d):
        barrier.wait()
        results.append(d.tick())

    threads = [threading.Thread(target=run, args=(d,)) for d in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.dispose()
    assert sum(r.escalated for r in results) == 5
    escalations = [p for p in post.posts if p.escalation_level == 1]
    assert len(escalations) == 5 and len({p.nudge_id for p in escalations}) == 5


def test_a_snoozed_nudge_comes_back_later_and_only_then_escalates(db, case_id):
    [nid] = add_nudges(db, case_id, escalation=ESCALATE_TO_HR)
    clock, post = ManualClock(at(MONDAY, 9)), RecordingPost()
    d = dispatcher(db, clock, post)
    d.tick()
    clock.set(at(MONDAY, 16, 30))
    NudgeService(db, clock, CAL).snooze(nid, clock.now() + timedelta(days=1), "U_SUP")
    clock.set(at(TUESDAY, 9))  # the original escalation time passes while snoozed
    assert d.tick().escalated == 0
    clock.set(at(TUESDAY, 16, 30))
    report = d.tick()
    assert report.sent == 1 and report.escalated == 0
    assert post.counts() == {nid: 2}  # the reminder again, after the snooze
    # Escalation waits a grace hour after the re-post, and working hours.
    assert nudge(db, nid).escalate_at == at(date(2026, 1, 14), 9)
    clock.set(at(date(2026, 1, 14), 9))
    assert d.tick().escalated == 1
