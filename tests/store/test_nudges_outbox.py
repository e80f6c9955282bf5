"""The dispatcher's outbox path: a nudge becomes outbox rows in the transaction that marks it
sent, only while the dispatcher still holds it — so a slow dispatcher whose lease ran out
and the one that took the nudge over never both write it."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from rtwbot.clock import ManualClock
from rtwbot.nudges.dispatcher import Dispatcher, PermanentSendError
from rtwbot.store import outbox
from rtwbot.store.db import Database
from rtwbot.store.message_models import OutboxRow
from rtwbot.store.nudge_models import FAILED, SENT, Nudge
from rtwbot.workflow.outbox import Say
from tests.store import test_nudges_dispatch as base
from tests.store.test_nudges_dispatch import CAL, LEASE, MONDAY, add_nudges, at

pytestmark = pytest.mark.store


@pytest.fixture
def db(database_url: str):
    database = Database(database_url)
    yield database
    database.dispose()


case_id = base.case_id  # the same seeded case as the dispatcher's own tests


class FakePost:
    """compose/write as in production, without Slack: the Say goes to the outbox."""

    def __init__(self, clock, during_compose=None, refuse: str | None = None):
        self.clock, self.during_compose, self.refuse = clock, during_compose, refuse
        self.alerts: list[str] = []

    def compose(self, delivery):
        if self.refuse:
            raise PermanentSendError(self.refuse)
        if self.during_compose:
            hook, self.during_compose = self.during_compose, None
            hook()
        return [Say(text=delivery.message, to_user="U_SUP")]

    def write(self, s, delivery, effects):
        for say in effects:
            outbox.add(s, "say", {"to_user": say.to_user, "text": say.text,
                                  "nudge_id": delivery.nudge_id}, self.clock.now())

    def alert(self, text):
        self.alerts.append(text)


def written(db) -> Counter:
    with db.session() as s:
        return Counter(r.payload.get("nudge_id") for r in s.scalars(select(OutboxRow)))


def make(db, clock, post, worker):
    return Dispatcher(db, clock, CAL, post, worker, lease=LEASE, alert=post.alert)


def test_a_due_nudge_is_written_to_the_outbox_once_and_marked_sent(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock = ManualClock(at(MONDAY, 10))
    d = make(db, clock, FakePost(clock), "A")
    assert d.tick().sent == 1
    assert d.tick().claimed == 0
    assert written(db) == Counter({nid: 1})
    with db.session() as s:
        row = s.scalar(select(OutboxRow))
        assert row.status == "pending" and row.conversation == "user:U_SUP"


def test_a_dispatcher_that_outlived_its_lease_writes_nothing(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock = ManualClock(at(MONDAY, 10))
    b = make(db, clock, FakePost(clock), "B")
    reports = []

    def lease_runs_out_and_b_takes_over():
        clock.advance(LEASE * 2)
        reports.append(b.tick())

    a = make(db, clock, FakePost(clock, during_compose=lease_runs_out_and_b_takes_over), "A")
    report = a.tick()
    assert reports[0].sent == 1 and report.sent == 0 and report.lost == 1
    assert written(db) == Counter({nid: 1})  # B's row only


def test_a_refusal_before_writing_fails_the_nudge_and_alerts(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock = ManualClock(at(MONDAY, 10))
    post = FakePost(clock, refuse="the recipient's Slack account is deactivated")
    d = make(db, clock, post, "A")
    assert d.tick().failed == 1
    assert written(db) == Counter()
    assert len(post.alerts) == 1 and "deactivated" in post.alerts[0]
    with db.session() as s:
        assert s.get(Nudge, nid).state == FAILED


def test_a_post_the_relay_could_not_make_fails_the_sent_nudge_once(db, case_id):
    [nid] = add_nudges(db, case_id)
    clock = ManualClock(at(MONDAY, 10))
    post = FakePost(clock)
    d = make(db, clock, post, "A")
    d.tick()
    with db.session() as s:
        assert s.get(Nudge, nid).state == SENT
    assert d.fail_posted(nid, "Slack answered channel_not_found")
    assert not d.fail_posted(nid, "Slack answered channel_not_found")  # once
    with db.session() as s:
        row = s.get(Nudge, nid)
        assert row.state == FAILED and row.escalate_at is None and row.alerted_at is not None
    assert len(post.alerts) == 1 and "channel_not_found" in post.alerts[0]
