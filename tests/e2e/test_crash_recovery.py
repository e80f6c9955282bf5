"""Issue 11: `kill -9` at each boundary of a real `rtwbot serve --http` process, then a
restart. The process ends itself at a named point (RTWBOT_CRASH_AT, rtwbot.faults) the way
`kill -9` would; the restarted process must answer, and answer once.

- after_ack: the delivery is in the inbox and Slack has its 200; nothing processed.
- before_post: the state and the reply are committed; nothing posted.
- after_post: Slack accepted the post; the outbox row is not marked (the documented window:
  the restart finds its own post by the outbox id in the message metadata).
- mid_upload: the files are uploaded, the upload not completed.
- after_upload: the upload is completed (shared), the row not marked.
- after_thread_commit: the IMWT thread is claimed, its parent, pin and invitation written to
  the outbox; nothing in Slack yet.
"""

from __future__ import annotations

import signal
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from rtwbot.playground import email
from rtwbot.sandbox import Sandbox
from rtwbot.store import crypto
from rtwbot.store.cases import next_reference
from rtwbot.store.db import Database, upgrade
from rtwbot.store.imwt_models import ImwtThread
from rtwbot.store.message_models import InboxRow, OutboxRow
from rtwbot.store.models import Case, Document, FunctionalInfo
from tests.e2e.served import Served, bot_env, start_server

pytestmark = pytest.mark.e2e

SECRET = "crash-test-secret"


# The server ends as `kill -9` ends it: the worker exits 137, the gunicorn master is killed.
KILLED = (137, -signal.SIGKILL)


@pytest.fixture
def world(database_url: str, tmp_path: Path):
    with Sandbox(signing_secret=SECRET, bot_token="xoxb-crash-test") as sandbox:
        users = {h: sandbox.add_user(h, real_name=f"{h.title()} Person", email=email(h))
                 for h in ("sam", "erin", "hana")}
        for name in ("rtw-hr", "rtw-imwt"):
            sandbox.add_channel(name, private=True, members=[users["hana"]], bot_member=True)
        upgrade(database_url)
        key = crypto.generate_key()
        crypto.configure(key)
        env = bot_env(sandbox, database_url, tmp_path, key=key,
                      RTWBOT_LEASE_SECONDS="1",  # a dead holder's lease runs out quickly
                      RTWBOT_TICK_SECONDS="1")
        db = Database(database_url)
        procs: list[Served] = []

        def start(crash_at: str | None = None) -> Served:
            proc = start_server({**env, "RTWBOT_CRASH_AT": crash_at or ""}, tmp_path)
            procs.append(proc)
            sandbox.request_url = proc.url
            return proc

        try:
            yield sandbox, users, db, start
        finally:
            for proc in procs:
                proc.stop()
            db.dispose()


def replies(sandbox: Sandbox, user: str) -> list[dict]:
    return [m for m in sandbox.dm_messages(user) if m.get("user") == sandbox.bot_user_id
            or m.get("bot_id")]


def until(predicate, timeout: float) -> None:
    """Wait for another process's database writes (no workspace change announces them):
    polled, since a real process's time cannot be injected."""
    done = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the restarted bot did not finish in time"
        done.wait(0.05)


def settled(db: Database) -> bool:
    with db.session() as s:
        inbox = s.scalars(select(InboxRow.status)).all()
        out = s.scalars(select(OutboxRow)).all()
    return bool(inbox) and all(x == "done" for x in inbox) and bool(out) and all(
        r.status == "sent" and r.events_done for r in out)


@pytest.mark.parametrize("point", ["after_ack", "before_post", "after_post"])
def test_a_crash_at_a_boundary_loses_no_reply_and_repeats_none(world, point) -> None:
    sandbox, users, db, start = world
    first = start(point)
    delivery = sandbox.dm(users["sam"], "hello")
    assert delivery.status == 200  # acked: Slack will not send it again
    assert first.exited() in KILLED, first.log
    assert len(replies(sandbox, users["sam"])) == (1 if point == "after_post" else 0)

    start()
    until(lambda: settled(db), timeout=30)
    [reply] = replies(sandbox, users["sam"])
    assert "I'm rtwbot" in reply["text"]
    assert len([c for c in sandbox.calls("chat.postMessage") if c.ok]) == 1


@pytest.mark.parametrize("point", ["mid_upload", "after_upload"])
def test_a_crash_in_the_middle_of_a_file_upload_posts_each_form_once(world, point) -> None:
    sandbox, users, db, start = world
    first = start(point)
    delivery = sandbox.command(users["sam"], "/rtw", "report")
    assert delivery.status == 200
    view = sandbox.wait_for(lambda: sandbox.views(users["sam"]), timeout=20)[0]
    sandbox.submit_view(users["sam"], view, {
        "employee.v": users["erin"], "division.v": "Parks and Recreation", "job_title.v": "Gardener",
        "case_kind.v": "work_injury", "critical_injury.critical_now": "no",
        "occurred_at.v": "yesterday 3pm",
        "learned_at.v": "same time", "location.v": "North yard greenhouse",
        "description.v": "Slipped on a wet floor carrying soil bags",
        "accident_type.v": ["slip_trip"],
        "body_parts.v": "left wrist and lower back", "health_care.v": "yes",
        "absent.v": "no", "lower_pay.v": "no", "modified_work.v": "regular_pay",
        "hired_on.v": "2015-06-01", "hours_per_week.v": "37.5"})
    assert first.exited() in KILLED, first.log
    with db.session() as s:
        assert len(s.scalars(select(Case)).all()) == 1
        assert all(d.slack_file_id is None for d in s.scalars(select(Document)))
    done_before = len([c for c in sandbox.calls("files.completeUploadExternal") if c.ok])
    # The crash stops the upload it names; another thread may have completed a different
    # upload (another conversation) just before the kill. What matters is below: after the
    # restart, every upload is completed exactly once.
    if point == "after_upload":
        assert 1 <= done_before < 3
    else:
        assert done_before < 3

    start()
    until(lambda: settled(db), timeout=60)
    with db.session() as s:
        docs = s.scalars(select(Document)).all()
    # Four forms and HR's eForm 7 worksheet, each uploaded once.
    assert len(docs) == 5 and all(d.slack_file_id for d in docs)
    shared = [f for f in sandbox.files() if f["user"] == sandbox.bot_user_id and f.get("ims")]
    assert sorted(f["id"] for f in shared) == sorted(d.slack_file_id for d in docs)
    completes = [c for c in sandbox.calls("files.completeUploadExternal") if c.ok]
    assert len(completes) == 3  # sam's report, hana's report, erin's package: once each


def _case_with_functional_info(db: Database, users: dict[str, str]) -> str:
    """A filed case whose functional information is recorded: HR may open its thread."""
    now = datetime.now(UTC)
    with db.session() as s:
        reference = next_reference(s, now.year)
        case = Case(reference=reference, kind="work_injury", stage="functional_info_received",
                    employee_user_id=users["erin"], employee_name="Erin E.",
                    employee_number="10234", division="Parks and Recreation",
                    job_title="Gardener", supervisor_id=users["sam"],
                    occurred_at=now - timedelta(days=1), learned_at=now - timedelta(days=1),
                    reportable="reportable", form7_due=now.date() + timedelta(days=2),
                    answers={"case_kind": "work_injury", "division": "Parks and Recreation",
                             "job_title": "Gardener", "location": "North yard",
                             "employee": {"slack_user_id": users["erin"], "name": "Erin"}},
                    filed_at=now, updated_at=now)
        s.add(case)
        s.flush()
        s.add(FunctionalInfo(case_id=case.id, received_at=now, recorded_by=users["hana"],
                             source="modal",
                             abilities={"return_status": "with_restrictions",
                                        "restrictions": ["Lifting: up to 5 kg"],
                                        "expected_duration": "14+ days"},
                             comments={}))
    return reference


def test_a_crash_after_the_thread_is_claimed_invites_the_team_and_posts_the_parent_once(
        world) -> None:
    """Killed after the thread's claim (its parent, pin and invitation written to the
    outbox) and before the delivery's one commit: nothing of it is kept, and the restart
    opens the thread once, in the channel the first attempt made."""
    sandbox, users, db, start = world
    reference = _case_with_functional_info(db, users)
    first = start("after_thread_commit")
    delivery = sandbox.command(users["hana"], "/rtw", f"team {reference}")
    assert delivery.status == 200
    assert first.exited() in KILLED, first.log
    with db.session() as s:  # one unit of work: the claim dies with the delivery
        assert s.scalars(select(ImwtThread)).all() == []
    assert not [c for c in sandbox.calls("conversations.invite") if c.ok]

    start()  # the delivery is redone: the channel Slack made is found by its name
    until(lambda: settled(db), timeout=60)
    with db.session() as s:
        channel = s.scalar(select(ImwtThread.channel))
    invited = [u for c in sandbox.calls("conversations.invite") if c.ok
               for u in c.args["users"].split(",")]
    assert sorted(invited) == sorted([users["sam"], users["hana"]])  # each once
    parents = [m for m in sandbox.messages(channel) if m.get("thread_ts") in (None, m["ts"])]
    assert len(parents) == 1 and reference in parents[0]["text"]
    with db.session() as s:
        assert s.scalar(select(ImwtThread.ts)) == parents[0]["ts"]
