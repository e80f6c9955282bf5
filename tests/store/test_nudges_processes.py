"""Two dispatcher *processes*, each with its own engine, over the same due nudges: each nudge
is posted exactly once. On PostgreSQL this exercises FOR UPDATE SKIP LOCKED; a smaller run
on SQLite exercises the compare-and-set claim across processes.

Each process posts through the production path (the dispatcher writes each nudge to the
outbox in the transaction that marks it sent; a relay in each process posts the outbox rows
through slack_sdk's WebClient) into one Slack sandbox; the test counts the messages the
sandbox received, and the outbox rows written: no nudge missing, none twice. The processes start together on a line written to their stdin (no
sleeping), and run this file as a script (see the bottom).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from sqlalchemy import insert, select

from rtwbot.clock import ManualClock
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.nudges.dispatcher import Dispatcher
from rtwbot.sandbox import Sandbox
from rtwbot.slack.nudge_outbox import OutboxNudges, nudge_of
from rtwbot.slack.nudge_send import ACTION_DONE
from rtwbot.slack.relay import Relay
from rtwbot.slack.sender import Sender
from rtwbot.store import crypto
from rtwbot.store.db import Database
from rtwbot.store.message_models import OutboxRow
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import PENDING, SENT, Nudge

pytestmark = pytest.mark.store

PG = bool(os.environ.get("RTWBOT_TEST_DATABASE_URL"))
TORONTO = ZoneInfo("America/Toronto")
NOW = datetime.combine(date(2026, 1, 12), time(10), tzinfo=TORONTO)  # a Monday morning


def _seed(url: str, n: int, supervisor: str) -> set[int]:
    db = Database(url)
    created = datetime(2026, 1, 9, tzinfo=UTC)
    with db.session() as s:
        case = Case(
            reference="RTW-2026-0001",
            kind="work_injury",
            stage="reported",
            supervisor_id=supervisor,
            division="Parks and Recreation",
            job_title="Gardener",
            occurred_at=created,
            learned_at=created,
            reportable="reportable",
            answers={},
            filed_at=created,
            updated_at=created,
        )
        s.add(case)
        s.flush()
        s.execute(
            insert(Nudge),
            [
                dict(
                    case_id=case.id,
                    kind="form7_due",
                    recipient_role="supervisor",
                    due_at=NOW,
                    deliver_after=NOW,
                    state=PENDING,
                    attempts=0,
                    escalation_level=0,
                    escalation=[],
                    idempotency_key=f"k{i}",
                    message="File Form 7 (OPM 15-01-02).",
                    basis="OPM 15-01-02",
                    created_at=created,
                    updated_at=created,
                )
                for i in range(n)
            ],
        )
    with db.session() as s:
        ids = set(s.scalars(select(Nudge.id)))
    db.dispose()
    return ids


def _run_two_processes(url: str, n: int, *, both_work: bool) -> None:
    crypto.configure(crypto_key())  # an earlier test's bot may have configured its own key
    with Sandbox(signing_secret="unused", bot_token="xoxb-processes") as sandbox:
        supervisor = sandbox.add_user("sam", real_name="Sam Supervisor")
        expected = _seed(url, n, supervisor)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        procs = [
            subprocess.Popen(
                [sys.executable, __file__, url, sandbox.api_url, sandbox.bot_token,
                 f"worker-{i}", crypto_key()],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for i in range(2)
        ]
        for p in procs:  # each prints "ready" once its engine is connected
            assert p.stdout.readline().strip() == "ready", p.stderr.read()
        for p in procs:  # ...and both start on the same line
            p.stdin.write("go\n")
            p.stdin.flush()
        sent_by = []
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            sent_by.append(int(out.split()[-1]))  # each worker ends by printing its count

        posted: Counter[int] = Counter()
        for message in sandbox.dm_messages(supervisor):
            for block in message.get("blocks") or []:
                for element in block.get("elements") or []:
                    if element.get("action_id") == ACTION_DONE:
                        posted[int(element["value"])] += 1
    assert set(posted) == expected, "some nudges were never posted"
    assert [i for i, k in posted.items() if k > 1] == [], "some nudges were posted twice"

    db = Database(url)
    with db.session() as s:
        assert set(s.scalars(select(Nudge.state))) == {SENT}
        written = Counter(nudge_of(r) for r in s.scalars(select(OutboxRow)))
        assert set(s.scalars(select(OutboxRow.status))) == {"sent"}
    db.dispose()
    assert written == Counter({i: 1 for i in expected}), "an outbox row per nudge, once"
    assert sum(sent_by) == n
    if both_work:
        # Proof the two really overlapped. Not asked of SQLite: its busy handler backs off,
        # so one writer may legitimately win every round of a short run.
        assert all(sent_by), f"one process did all the work: {sent_by}"


@pytest.mark.skipif(not PG, reason="needs RTWBOT_TEST_DATABASE_URL (PostgreSQL)")
def test_two_processes_post_1000_nudges_exactly_once_on_postgresql(database_url, tmp_path):
    _run_two_processes(database_url, 1000, both_work=True)


@pytest.mark.skipif(PG, reason="the SQLite variant; PostgreSQL runs the test above")
def test_two_processes_post_each_nudge_exactly_once_on_sqlite(database_url, tmp_path):
    _run_two_processes(database_url, 200, both_work=False)


def crypto_key() -> str:
    from tests.conftest import TEST_KEY

    return TEST_KEY


def _worker(url: str, api_url: str, token: str, worker_id: str, key: str) -> None:
    crypto.configure(key)
    db = Database(url)
    with db.engine.connect():
        pass
    client = WebClient(token=token, base_url=api_url)
    clock = ManualClock(NOW)
    sender = Sender(client)
    post = OutboxNudges(db, clock, client, Directory())
    relay = Relay(db, client, clock, sender, None, follow_up=lambda row: None)
    # Small batches make the two processes interleave many times.
    dispatcher = Dispatcher(db, clock, WorkCalendar(), post, worker_id, batch=10,
                            alert=post.alert)
    print("ready", flush=True)
    sys.stdin.readline()
    sent = 0
    while (report := dispatcher.tick()).claimed:
        sent += report.sent
        relay.drain()
    relay.drain()
    print(sent, flush=True)
    db.dispose()


if __name__ == "__main__":
    _worker(*sys.argv[1:6])
