"""Nudge rows follow the catalogue; Done / Snooze / Open case / the day-8 answer act once."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from rtwbot.clock import ManualClock
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.stages import Stage
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.catalogue import CaseSnapshot, nudges_for
from rtwbot.nudges.dispatcher import Dispatcher
from rtwbot.nudges.fakes import RecordingPost
from rtwbot.nudges.service import (
    NudgeService,
    cancel_case_nudges,
    recompute_case_nudges,
    sync_case_nudges,
)
from rtwbot.store.db import Database
from rtwbot.store.models import AuditEvent, Case
from rtwbot.store.nudge_models import ACKNOWLEDGED, CANCELLED, PENDING, SNOOZED, Nudge

pytestmark = pytest.mark.store

TORONTO = ZoneInfo("America/Toronto")
CAL = WorkCalendar()
FRIDAY = date(2026, 1, 9)
MONDAY = date(2026, 1, 12)


def at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm), tzinfo=TORONTO)


@pytest.fixture
def db(database_url: str):
    database = Database(database_url)
    yield database
    database.dispose()


def add_case(db: Database, reference: str = "RTW-2026-0001", **kw) -> int:
    now = datetime(2026, 1, 9, 23, tzinfo=UTC)
    values = dict(
        reference=reference,
        kind="work_injury",
        stage="reported",
        employee_user_id="U_EMP",
        supervisor_id="U_SUP",
        division="Parks and Recreation",
        job_title="Gardener",
        occurred_at=at(FRIDAY, 17),
        learned_at=at(FRIDAY, 19),
        reportable="reportable",
        form7_due=date(2026, 1, 14),
        answers={},
        filed_at=now,
        updated_at=now,
    )
    values.update(kw)
    with db.session() as s:
        case = Case(**values)
        s.add(case)
        s.flush()
        return case.id


def snapshot(**kw) -> CaseSnapshot:
    base = CaseSnapshot(
        "RTW-2026-0001",
        "work_injury",
        Stage.FUNCTIONAL_INFO_RECEIVED,
        at(FRIDAY, 17),
        at(FRIDAY, 19),
        reportability="reportable",
        obligation_date=FRIDAY,
        form7_due=date(2026, 1, 14),
    )
    return replace(base, **kw)


def rows(db: Database, case_id: int) -> dict[str, Nudge]:
    with db.session() as s:
        return {
            n.idempotency_key: n for n in s.scalars(select(Nudge).where(Nudge.case_id == case_id))
        }


def sync(db: Database, case_id: int, snap: CaseSnapshot, now: datetime):
    with db.session() as s:
        return sync_case_nudges(s, case_id, nudges_for(snap, CAL), now)


# --- sync ---------------------------------------------------------------------------------
def test_sync_creates_once_updates_pending_and_cancels_what_is_gone(db):
    case_id = add_case(db)
    now = at(FRIDAY, 20)
    snap = snapshot(off_work=True)
    first = sync(db, case_id, snap, now)
    # Off work: the check-in, the stall watch and the first contact (WSIA s.40) too.
    assert len(first.created) == len(nudges_for(snap, CAL)) == 6
    again = sync(db, case_id, snap, now)
    assert (again.created, again.updated, again.cancelled) == ([], [], [])

    stored = rows(db, case_id)
    check_in = stored["RTW-2026-0001:check_in:2026-01-16"]
    assert check_in.state == PENDING
    assert check_in.deliver_after == at(date(2026, 1, 16), 9)
    assert check_in.escalation == [{"role": "hr", "business_days": 2}]

    # Form 7 filed, employee back at work: those nudges go, the worker-copy one comes.
    filed = replace(snap, form7_filed=True, form7_filed_at=at(MONDAY, 10), off_work=False)
    result = sync(db, case_id, filed, at(MONDAY, 10))
    assert sorted(result.cancelled) == sorted(
        k for k in stored
        if "form7" in k or "check_in" in k or "stalled" in k or "first_contact" in k
    )
    assert result.created == ["RTW-2026-0001:form7_copy:2026-01-09"]
    after = rows(db, case_id)
    assert {k: n.state for k, n in after.items() if n.state != CANCELLED} == {
        "RTW-2026-0001:form7_copy:2026-01-09": PENDING
    }


def test_sync_updates_wording_of_a_pending_nudge_in_place(db):
    case_id = add_case(db)
    sync(db, case_id, snapshot(), at(FRIDAY, 20))
    with db.session() as s:
        specs = [
            replace(sp, message="New words (OPM 15-01-02).") for sp in nudges_for(snapshot(), CAL)
        ]
        result = sync_case_nudges(s, case_id, specs, at(FRIDAY, 21))
    assert len(result.updated) == 3
    assert {n.message for n in rows(db, case_id).values()} == {"New words (OPM 15-01-02)."}


def test_sync_skips_nudges_whose_moment_has_passed(db):
    # Entered a week late: the reminders are past their use; the late flag remains.
    case_id = add_case(db)
    result = sync(db, case_id, snapshot(), at(date(2026, 1, 19), 10))
    assert result.created == ["RTW-2026-0001:form7_late:2026-01-14"]
    assert len(result.skipped_expired) == 2


def test_closing_keeps_statutory_nudges_unless_told_otherwise(db):
    case_id = add_case(db)
    sync(db, case_id, snapshot(off_work=True), at(FRIDAY, 20))
    with db.session() as s:
        cancelled = cancel_case_nudges(s, case_id, at(MONDAY, 8))
    assert cancelled == 3  # check-in, stalled and the first contact
    live = {n.kind for n in rows(db, case_id).values() if n.state == PENDING}
    assert live == {c.FORM7_DUE, c.FORM7_LATE}
    with db.session() as s:
        assert (
            cancel_case_nudges(s, case_id, at(MONDAY, 8), "filed in error", keep_kinds=frozenset())
            == 3
        )
    assert {n.state for n in rows(db, case_id).values()} == {CANCELLED}


def test_recompute_on_close_keeps_only_the_statutory_nudges(db):
    case_id = add_case(db)
    with db.session() as s:
        recompute_case_nudges(s, case_id, snapshot(off_work=True), CAL, at(FRIDAY, 20))
    with db.session() as s:
        result = recompute_case_nudges(
            s, case_id, snapshot(off_work=True, stage=Stage.CLOSED), CAL, at(MONDAY, 8)
        )
    assert sorted(result.cancelled) == [
        "RTW-2026-0001:check_in:2026-01-16",
        "RTW-2026-0001:first_contact",
        "RTW-2026-0001:stalled:2026-04-09",
    ]
    live = {n.kind for n in rows(db, case_id).values() if n.state == PENDING}
    assert live == {c.FORM7_DUE, c.FORM7_LATE}


# --- buttons ------------------------------------------------------------------------------
def sent_nudge(db: Database, clock: ManualClock) -> tuple[int, RecordingPost]:
    """The case's Form 7 reminders, sent on Monday morning; returns the supervisor's."""
    case_id = add_case(db)
    sync(db, case_id, snapshot(), at(FRIDAY, 20))
    post = RecordingPost()
    clock.set(at(MONDAY, 9))
    Dispatcher(db, clock, CAL, post, "A", alert=post.alert).tick()
    nudge = next(d for d in post.posts if d.recipient_role == c.SUPERVISOR)
    return nudge.nudge_id, post


def test_done_pressed_twice_acts_once(db):
    clock = ManualClock(at(FRIDAY, 20))
    nudge_id, _ = sent_nudge(db, clock)
    service = NudgeService(db, clock, CAL)
    first = service.acknowledge(nudge_id, "U_SUP", at(MONDAY, 10, 14))
    second = service.acknowledge(nudge_id, "U_HR", at(MONDAY, 10, 15))
    assert first.done and not second.done
    assert second.text == "Already done by <@U_SUP> on Monday, January 12, 2026 at 10:14 AM."
    assert second.by == "U_SUP"
    with db.session() as s:
        row = s.get(Nudge, nudge_id)
        assert (row.state, row.acknowledged_by) == (ACKNOWLEDGED, "U_SUP")
        assert row.escalate_at is None
        acks = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "nudge_acknowledged")
        )
        assert acks == 1


def test_done_pressed_at_the_same_time_by_two_people_acts_once(db, database_url):
    clock = ManualClock(at(FRIDAY, 20))
    nudge_id, _ = sent_nudge(db, clock)
    other = Database(database_url)
    services = [NudgeService(db, clock, CAL), NudgeService(other, clock, CAL)]
    barrier = threading.Barrier(2)
    outcomes = []

    def press(service, user):
        barrier.wait()
        outcomes.append(service.acknowledge(nudge_id, user))

    threads = [
        threading.Thread(target=press, args=(sv, u))
        for sv, u in zip(services, ("U1", "U2"), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.dispose()
    assert sorted(o.done for o in outcomes) == [False, True]
    winner = next(o for o in outcomes if o.done).by
    assert next(o for o in outcomes if not o.done).text.startswith(f"Already done by <@{winner}>")


def test_snooze_moves_the_nudge_into_working_hours_and_acts_once(db):
    clock = ManualClock(at(FRIDAY, 20))
    nudge_id, post = sent_nudge(db, clock)
    service = NudgeService(db, clock, CAL)
    friday_late = at(date(2026, 1, 16), 16, 30)
    first = service.snooze(nudge_id, friday_late + timedelta(days=1), "U_SUP", friday_late)
    assert first.done and "Monday, January 19, 2026 at 9:00 AM" in first.text
    second = service.snooze(nudge_id, friday_late + timedelta(days=1), "U_SUP", friday_late)
    assert not second.done and second.text.startswith("Already snoozed by <@U_SUP>")
    with db.session() as s:
        row = s.get(Nudge, nudge_id)
        assert row.state == SNOOZED
        assert row.deliver_after == at(date(2026, 1, 19), 9)
        assert (row.channel, row.ts, row.escalate_at) == (None, None, None)
    # Done after a snooze still works.
    assert service.acknowledge(nudge_id, "U_SUP", at(date(2026, 1, 19), 8)).done


def test_open_case_shows_the_reference_and_stage_and_is_audited(db):
    clock = ManualClock(at(FRIDAY, 20))
    nudge_id, _ = sent_nudge(db, clock)
    outcome = NudgeService(db, clock, CAL).open_case(nudge_id, "U_HR", at(MONDAY, 11))
    assert outcome.text.startswith("*RTW-2026-0001* — Reported.")
    assert "OPM 15-01-02" in outcome.text
    with db.session() as s:
        viewed = s.scalars(select(AuditEvent).where(AuditEvent.action == "case_viewed")).all()
        assert [(v.actor, v.detail["nudge_id"]) for v in viewed] == [("U_HR", nudge_id)]


def test_unknown_nudge_is_answered_politely(db):
    service = NudgeService(db, ManualClock(at(MONDAY, 9)), CAL)
    assert service.acknowledge(999, "U1").text == "That reminder no longer exists."
    assert not service.snooze(999, at(MONDAY, 12), "U1").done


# --- the day-8 answer ---------------------------------------------------------------------
def day8_case(db: Database) -> tuple[int, int, ManualClock]:
    accident = at(date(2026, 3, 2), 10)
    case_id = add_case(
        db,
        reference="RTW-2026-0002",
        occurred_at=accident,
        learned_at=accident + timedelta(hours=1),
        reportable="watch",
        form7_due=None,
        recheck_on=date(2026, 3, 10),
    )
    snap = CaseSnapshot(
        "RTW-2026-0002",
        "work_injury",
        Stage.FUNCTIONAL_INFO_RECEIVED,
        accident,
        accident + timedelta(hours=1),
        reportability="watch",
        recheck_on=date(2026, 3, 10),
    )
    with db.session() as s:
        sync_case_nudges(s, case_id, nudges_for(snap, CAL), accident)
    clock = ManualClock(at(date(2026, 3, 10), 9))
    post = RecordingPost()
    Dispatcher(db, clock, CAL, post, "A").tick()
    [question] = post.posts
    assert question.kind == c.DAY8_QUESTION
    return case_id, question.nudge_id, clock


def test_yes_on_day8_makes_the_case_reportable_and_creates_form7_nudges_once(db):
    case_id, nudge_id, clock = day8_case(db)
    service = NudgeService(db, clock, CAL)
    outcome = service.answer_day8(nudge_id, True, "U_SUP", at(date(2026, 3, 10), 9, 30))
    assert outcome.done and "Friday, March 13, 2026" in outcome.text
    again = service.answer_day8(nudge_id, True, "U_SUP", at(date(2026, 3, 10), 9, 31))
    assert not again.done and again.text.startswith("Already done by <@U_SUP>")
    with db.session() as s:
        case = s.get(Case, case_id)
        assert (case.reportable, case.form7_due, case.recheck_on) == (
            "reportable",
            date(2026, 3, 13),
            None,
        )
    stored = rows(db, case_id)
    assert sorted(k for k, n in stored.items() if n.state == PENDING) == [
        "RTW-2026-0002:form7:2026-03-13:hr",
        "RTW-2026-0002:form7:2026-03-13:supervisor",
        "RTW-2026-0002:form7_late:2026-03-13",
    ]
    assert stored["RTW-2026-0002:day8:2026-03-10"].state == ACKNOWLEDGED


def test_no_on_day8_leaves_the_case_not_reportable(db):
    case_id, nudge_id, clock = day8_case(db)
    outcome = NudgeService(db, clock, CAL).answer_day8(nudge_id, False, "U_SUP")
    assert outcome.done
    with db.session() as s:
        assert s.get(Case, case_id).reportable == "not_reportable"
    assert [n.state for n in rows(db, case_id).values()] == [ACKNOWLEDGED]


def test_acknowledging_an_escalation_closes_the_family(db):
    clock = ManualClock(at(FRIDAY, 20))
    nudge_id, post = sent_nudge(db, clock)
    clock.set(at(date(2026, 1, 13), 9))  # Tuesday: escalated to HR
    Dispatcher(db, clock, CAL, post, "A").tick()
    escalation = next(d for d in post.posts if d.escalation_level == 1)
    assert NudgeService(db, clock, CAL).acknowledge(escalation.nudge_id, "U_HR").done
    with db.session() as s:
        assert s.get(Nudge, nudge_id).state == ACKNOWLEDGED
        assert s.get(Nudge, escalation.nudge_id).state == ACKNOWLEDGED
