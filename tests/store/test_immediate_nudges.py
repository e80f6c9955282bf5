"""Immediate nudges (a critical injury, OHSA s.51) go out at any hour and escalate in clock
hours; everything else still waits for working hours (17:00 is after hours)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from rtwbot.clock import ManualClock
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.fakes import RecordingPost
from rtwbot.nudges.service import NudgeService
from rtwbot.store.db import Database
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import SENT, Nudge
from tests.store.test_nudges_dispatch import CAL, MONDAY, add_nudges, at, dispatcher

pytestmark = pytest.mark.store

SATURDAY = date(2026, 1, 10)


@pytest.fixture(name="db")
def _db(database_url: str):
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture(name="case_id")
def _case_id(db) -> int:
    now = datetime(2026, 1, 9, 23, tzinfo=UTC)
    with db.session() as s:
        case = Case(reference="RTW-2026-0001", kind="work_injury", stage="reported",
                    supervisor_id="U_SUP", division="Parks and Recreation",
                    job_title="Gardener", occurred_at=now, learned_at=now,
                    reportable="reportable", answers={}, filed_at=now, updated_at=now)
        s.add(case)
        s.flush()
        return case.id


def immediate(db, case_id, due, escalation=None) -> int:
    [nid] = add_nudges(db, case_id, due=due, kind=c.CRITICAL_INJURY, escalation=escalation)
    with db.session() as s:  # as the catalogue stores it: deliverable when due
        s.execute(update(Nudge).where(Nudge.id == nid).values(deliver_after=due))
    return nid


def test_at_2am_on_saturday_only_the_immediate_kind_goes_out(db, case_id):
    [form7] = add_nudges(db, case_id, due=at(SATURDAY, 2))
    urgent = immediate(db, case_id, at(SATURDAY, 2, 5))
    post = RecordingPost()
    report = dispatcher(db, ManualClock(at(SATURDAY, 2, 5)), post).tick()
    assert report.sent == 1 and [p.nudge_id for p in post.posts] == [urgent]
    with db.session() as s:
        assert s.get(Nudge, form7).state == "pending"


def test_at_17_00_an_ordinary_nudge_waits_but_an_immediate_one_does_not(db, case_id):
    [form7] = add_nudges(db, case_id, due=at(MONDAY, 16))
    with db.session() as s:
        s.execute(update(Nudge).where(Nudge.id == form7).values(deliver_after=at(MONDAY, 16)))
    urgent = immediate(db, case_id, at(MONDAY, 17))
    post = RecordingPost()
    dispatcher(db, ManualClock(at(MONDAY, 17)), post).tick()
    assert [p.nudge_id for p in post.posts] == [urgent]
    with db.session() as s:
        assert s.get(Nudge, form7).state == "pending"  # 17:00 is after hours


def test_an_immediate_nudge_escalates_every_3_hours_through_the_night(db, case_id):
    ladder = [{"role": c.HR, "seconds": 3 * 3600 * k} for k in (1, 2)]
    nid = immediate(db, case_id, at(SATURDAY, 2, 5), escalation=ladder)
    clock, post = ManualClock(at(SATURDAY, 2, 5)), RecordingPost()
    d = dispatcher(db, clock, post)
    d.tick()
    with db.session() as s:
        assert s.get(Nudge, nid).escalate_at == at(SATURDAY, 5, 5)
    clock.set(at(SATURDAY, 5, 5))
    assert d.tick().escalated == 1
    assert [p.recipient_role for p in post.posts] == [c.SUPERVISOR, c.HR]
    assert post.posts[-1].escalation_level == 1
    with db.session() as s:
        assert s.get(Nudge, nid).escalate_at == at(SATURDAY, 8, 5)


def test_an_immediate_nudge_cannot_be_snoozed(db, case_id):
    nid = immediate(db, case_id, at(SATURDAY, 2, 5))
    dispatcher(db, ManualClock(at(SATURDAY, 2, 5)), RecordingPost()).tick()
    outcome = NudgeService(db, ManualClock(at(SATURDAY, 3)), CAL).snooze(
        nid, at(SATURDAY, 3) + timedelta(days=1), "U_HR")
    assert not outcome.done and "cannot be snoozed" in outcome.text
    with db.session() as s:
        assert s.scalar(select(Nudge.state).where(Nudge.id == nid)) == SENT
