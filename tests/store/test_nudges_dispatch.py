"""The dispatcher: each nudge posted once, in working hours; crashes, retries, failures and
escalations handled on purpose. Driven by hand with a ManualClock — no sleeping."""

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
    SentRef,
    TickReport,
    TransientSendError,
)
from rtwbot.nudges.fakes import RecordingSend
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


def dispatcher(db, clock, send, worker="A", **kw) -> Dispatcher:
    return Dispatcher(db, clock, CAL, send, worker, lease=LEASE, alert=send.alert, **kw)


# --- once, and in working hours ----------------------------------------------------------
def test_a_due_nudge_is_sent_once_and_recorded(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    report = dispatcher(db, clock, send).tick()
    assert (report.claimed, report.sent) == (1, 1)
    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        assert dispatcher(db, clock, send).tick().claimed == 0
    assert send.counts() == {nid: 1}
    row = nudge(db, nid)
    assert (row.state, row.channel, row.ts) == (SENT, "DSUPERVISOR", "1.000100")
    assert row.sent_at == at(MONDAY, 9) and row.claimed_by is None and row.attempts == 1
    [delivery] = send.posts
    assert (delivery.case_reference, delivery.supervisor_id) == ("RTW-2026-0001", "U_SUP")


def test_a_nudge_due_at_2am_goes_out_at_9am_not_before(db, case_id):
    [nid] = add_nudges(db, case_id, due=at(TUESDAY, 2))
    assert nudge(db, nid).deliver_after == at(TUESDAY, 9)
    clock, send = ManualClock(at(TUESDAY, 2)), RecordingSend()
    d = dispatcher(db, clock, send)
    assert d.tick().skipped == "outside working hours"
    clock.set(at(TUESDAY, 8, 59))
    assert d.tick().claimed == 0
    clock.set(at(TUESDAY, 9))
    assert d.tick().sent == 1


def test_nothing_goes_out_in_the_evening_weekend_or_a_holiday(db, case_id):
    add_nudges(db, case_id, due=at(date(2026, 1, 9), 10))  # overdue since Friday
    send = RecordingSend()
    for when in (
        at(date(2026, 1, 9), 20),
        at(date(2026, 1, 10), 11),  # Fri 8 pm, Saturday
        at(date(2026, 2, 16), 11),
    ):  # Family Day
        assert dispatcher(db, ManualClock(when), send).tick().skipped
    assert not send.posts


def test_two_dispatchers_ticking_together_send_each_nudge_once(db, case_id, database_url):
    ids = add_nudges(db, case_id, 60)
    clock, send = ManualClock(at(MONDAY, 10)), RecordingSend()
    other = Database(database_url)
    workers = [
        dispatcher(db, clock, send, "A", batch=7),
        dispatcher(other, clock, send, "B", batch=7),
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
    assert send.counts() == {i: 1 for i in ids}
    assert set(states(db).values()) == {SENT}


# --- crashes ------------------------------------------------------------------------------
def test_a_dispatcher_killed_after_claiming_is_taken_over_after_the_lease(db, case_id):
    ids = add_nudges(db, case_id, 3)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    dead = dispatcher(db, clock, send, "dead")
    claims = dead._claim(clock.now())  # ...and then it is killed: never delivers
    assert len(claims) == 3 and set(states(db).values()) == {CLAIMED}

    survivor = dispatcher(db, clock, send, "survivor")
    clock.advance(LEASE - timedelta(seconds=1))
    assert survivor.tick().claimed == 0  # the lease still holds
    clock.advance(timedelta(seconds=2))
    report = survivor.tick()
    assert (report.claimed, report.sent) == (3, 3)
    assert send.counts() == {i: 1 for i in ids}
    assert all(d.reclaimed for d in send.posts)

    # The "dead" one wakes up and tries to finish its work: it no longer holds the rows.
    late = TickReport()
    for claim in claims:
        dead._deliver(claim, late)
    assert late.lost == 3 and late.sent == 0
    assert send.counts() == {i: 1 for i in ids}
    assert {nudge(db, i).attempts for i in ids} == {2}


class CrashAfterRecord(Dispatcher):
    """Posts and records channel/ts, then dies before the final commit."""

    def _finish_sent(self, nudge_id, report, *, recovered):
        raise RuntimeError("killed")


class CrashBeforeRecord(Dispatcher):
    """Posts, then dies before channel/ts are recorded."""

    def _record_post(self, nudge_id, ref):
        raise RuntimeError("killed")


def test_a_crash_after_the_post_is_recorded_never_posts_again(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    report = CrashAfterRecord(db, clock, CAL, send, "crashy", lease=LEASE).tick()
    assert report.errors and report.sent == 0
    row = nudge(db, nid)
    assert (row.state, row.ts) == (CLAIMED, "1.000100")

    clock.advance(LEASE + timedelta(seconds=1))
    report = dispatcher(db, clock, send, "B").tick()
    assert (report.recovered, report.sent) == (1, 0)
    assert send.counts() == {nid: 1}
    row = nudge(db, nid)
    assert (row.state, row.channel, row.ts) == (SENT, "DSUPERVISOR", "1.000100")


def test_a_crash_between_post_and_record_posts_again_unless_recover_finds_it(db, case_id):
    # The documented at-least-once window: Slack has the post, we have no record of it.
    first, second = add_nudges(db, case_id, 2)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    CrashBeforeRecord(db, clock, CAL, send, "crashy", lease=LEASE).tick()
    assert send.counts() == {first: 1, second: 1}

    # `recover` looks for the earlier post in Slack; it finds only the first one.
    found = {first: SentRef("DSUPERVISOR", "1.000100")}
    checked = []

    def recover(delivery):
        checked.append(delivery.nudge_id)
        return found.get(delivery.nudge_id)

    clock.advance(LEASE + timedelta(seconds=1))
    report = dispatcher(db, clock, send, "B", recover=recover).tick()
    assert sorted(checked) == [first, second]
    assert (report.recovered, report.sent) == (1, 1)
    assert send.counts() == {first: 1, second: 2}  # second: no trace found, posted again
    assert nudge(db, first).ts == "1.000100"


def test_recover_is_only_asked_about_reclaimed_nudges(db, case_id):
    add_nudges(db, case_id)
    asked = []
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    dispatcher(db, clock, send, recover=lambda d: asked.append(d) or None).tick()
    assert asked == [] and len(send.posts) == 1


# --- failures -----------------------------------------------------------------------------
def test_transient_failures_back_off_and_retry(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    send.fail_next(TransientSendError("HTTP 503"), times=2)
    d = dispatcher(db, clock, send)
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
    assert send.counts() == {nid: 1}


def test_a_retry_that_would_land_after_hours_waits_for_the_morning(db, case_id):
    [nid] = add_nudges(db, case_id, due=at(MONDAY, 16, 59))
    clock, send = ManualClock(at(MONDAY, 16, 59)), RecordingSend()
    send.fail_next(TransientSendError("timeout"))
    dispatcher(db, clock, send).tick()
    assert nudge(db, nid).deliver_after == at(TUESDAY, 9)


def test_unexpected_errors_are_retried_and_eventually_fail_loudly(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    send.fail_next(RuntimeError("bug in the renderer"), times=MAX_ATTEMPTS)
    d = dispatcher(db, clock, send)
    for _ in range(MAX_ATTEMPTS):
        assert d.tick().retried == 1
        clock.set(nudge(db, nid).deliver_after)
    report = d.tick()
    assert report.failed == 1
    row = nudge(db, nid)
    assert row.state == FAILED
    assert row.failure_reason.startswith(f"gave up after {MAX_ATTEMPTS} attempts")
    assert len(send.alerts) == 1 and "RTW-2026-0001" in send.alerts[0]
    assert not send.posts


def test_permanent_failure_is_recorded_and_alerted_once(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    send.fail_next(PermanentSendError("Slack answered user_disabled"))
    d = dispatcher(db, clock, send)
    assert d.tick().failed == 1
    row = nudge(db, nid)
    assert (row.state, row.failure_reason) == (FAILED, "Slack answered user_disabled")
    assert row.alerted_at == at(MONDAY, 9)
    [alert] = send.alerts
    assert "RTW-2026-0001" in alert and "user_disabled" in alert and "supervisor" in alert
    clock.advance(timedelta(hours=1))
    d.tick()
    assert len(send.alerts) == 1 and not send.posts
    with db.session() as s:
        failed = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "nudge_failed")
        )
        assert failed == 1


def test_an_alert_that_cannot_be_sent_is_retried_next_tick(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    send.fail_next(PermanentSendError("Slack answered channel_not_found"))
    attempts = []

    def flaky_alert(text):
        attempts.append(text)
        if len(attempts) == 1:
            raise RuntimeError("Slack is down")

    d = Dispatcher(db, clock, CAL, send, "A", lease=LEASE, alert=flaky_alert)
    d.tick()
    assert nudge(db, nid).alerted_at is None
    clock.advance(timedelta(minutes=1))
    d.tick()
    assert len(attempts) == 2 and nudge(db, nid).alerted_at is not None
    d.tick()
    assert len(attempts) == 2


def test_an_expired_nudge_is_cancelled_not_posted(db, case_id):
    [nid] = add_nudges(db, case_id, due=at(MONDAY, 9), expires_at=at(MONDAY, 9, 30))
    clock, send = ManualClock(at(MONDAY, 10)), RecordingSend()
    assert dispatcher(db, clock, send).tick().cancelled == 1
    assert nudge(db, nid).state == CANCELLED and not send.posts


# --- escalation ---------------------------------------------------------------------------
ESCALATE_TO_HR = [{"role": c.HR, "business_days": 1}]


def test_an_unacknowledged_nudge_is_escalated_once(db, case_id):
    [nid] = add_nudges(db, case_id, escalation=ESCALATE_TO_HR)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    d = dispatcher(db, clock, send)
    d.tick()
    assert nudge(db, nid).escalate_at == at(TUESDAY, 9)
    clock.set(at(TUESDAY, 8, 59))
    assert d.tick().escalated == 0
    clock.set(at(TUESDAY, 9))
    report = d.tick()
    assert (report.escalated, report.sent) == (1, 1)
    escalation = send.posts[-1]
    assert (escalation.recipient_role, escalation.escalation_level) == (c.HR, 1)
    assert "Not done yet" in escalation.message and "OPM 15-01-02" in escalation.message
    for hours in (1, 24, 48):
        clock.set(at(TUESDAY, 9) + timedelta(hours=hours))
        assert d.tick().escalated == 0
    assert len(send.posts) == 2
    root = nudge(db, nid)
    assert (root.escalation_level, root.escalate_at, root.state) == (1, None, SENT)


def test_an_acknowledged_nudge_is_not_escalated(db, case_id):
    [nid] = add_nudges(db, case_id, escalation=ESCALATE_TO_HR)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    d = dispatcher(db, clock, send)
    d.tick()
    NudgeService(db, clock, CAL).acknowledge(nid, "U_SUP", at(MONDAY, 11))
    clock.set(at(TUESDAY, 10))
    assert d.tick().escalated == 0
    assert nudge(db, nid).state == ACKNOWLEDGED and len(send.posts) == 1


def test_two_dispatchers_escalate_once(db, case_id, database_url):
    add_nudges(db, case_id, 5, escalation=ESCALATE_TO_HR)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    dispatcher(db, clock, send).tick()
    clock.set(at(TUESDAY, 9))
    other = Database(database_url)
    a, b = dispatcher(db, clock, send, "A"), dispatcher(other, clock, send, "B")
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
    escalations = [p for p in send.posts if p.escalation_level == 1]
    assert len(escalations) == 5 and len({p.nudge_id for p in escalations}) == 5


def test_a_snoozed_nudge_comes_back_later_and_only_then_escalates(db, case_id):
    [nid] = add_nudges(db, case_id, escalation=ESCALATE_TO_HR)
    clock, send = ManualClock(at(MONDAY, 9)), RecordingSend()
    d = dispatcher(db, clock, send)
    d.tick()
    clock.set(at(MONDAY, 16, 30))
    NudgeService(db, clock, CAL).snooze(nid, clock.now() + timedelta(days=1), "U_SUP")
    clock.set(at(TUESDAY, 9))  # the original escalation time passes while snoozed
    assert d.tick().escalated == 0
    clock.set(at(TUESDAY, 16, 30))
    report = d.tick()
    assert report.sent == 1 and report.escalated == 0
    assert send.counts() == {nid: 2}  # the reminder again, after the snooze
    # Escalation waits a grace hour after the re-send, and working hours.
    assert nudge(db, nid).escalate_at == at(date(2026, 1, 14), 9)
    clock.set(at(date(2026, 1, 14), 9))
    assert d.tick().escalated == 1
