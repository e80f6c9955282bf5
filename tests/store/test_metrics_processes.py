"""Two bot *processes*, each with its own engine, tick on the first business day of a month:
the committee's channel gets last month's report exactly once (issue 15). On PostgreSQL in
CI's second leg, SQLite otherwise.

Each process posts through the production adapter (`metrics.post.post_report`: a files v2
upload into the committee channel, written to the outbox) and relay to one Slack sandbox; the test counts the messages that channel received. The
processes start together on a line written to their stdin (no sleeping), and run this file
as a script (see the bottom).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient

from rtwbot.clock import ManualClock
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.metrics.monthly import MonthlyReport
from rtwbot.metrics.post import post_report
from rtwbot.metrics.report import MetricsWorkflow, ReportPost
from rtwbot.metrics.seed import seed_year
from rtwbot.sandbox import Sandbox
from rtwbot.slack import render
from rtwbot.slack.relay import Relay, encode
from rtwbot.slack.sender import Sender
from rtwbot.store import crypto, outbox
from rtwbot.store.db import Database
from rtwbot.store.report_models import SENT, ScheduledReport
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.store

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime.combine(date(2026, 12, 1), time(10), tzinfo=TORONTO)  # Tuesday, 1st business day


def test_two_processes_post_the_monthly_report_once(database_url) -> None:
    crypto.configure(TEST_KEY)  # an earlier test's bot may have configured its own key
    db = Database(database_url)
    seed_year(db, NOW.date(), 60, WorkCalendar())
    db.dispose()
    with Sandbox(signing_secret="unused", bot_token="xoxb-metrics") as sandbox:
        hana = sandbox.add_user("hana", real_name="Hana HR")
        channel = sandbox.add_channel("rtw-committee", private=True, members=[hana],
                                      bot_member=True)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        procs = [subprocess.Popen(
            [sys.executable, __file__, database_url, sandbox.api_url, sandbox.bot_token,
             channel, f"worker-{i}", TEST_KEY],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env) for i in range(2)]
        for p in procs:
            assert p.stdout.readline().strip() == "ready", p.stderr.read()
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        posted = []
        for p in procs:
            out, err = p.communicate(timeout=240)
            assert p.returncode == 0, err
            posted.append(out.split()[-1])
        messages = sandbox.messages(channel)
    assert sorted(posted) == ["None", "committee:2026-11"]
    assert len(messages) == 1
    assert "November 2026" in messages[0]["text"]
    db = Database(database_url)
    with db.session() as s:
        assert [(r.key, r.state) for r in s.query(ScheduledReport)] == [
            ("committee:2026-11", SENT)]
    db.dispose()


def _worker(url: str, api_url: str, token: str, channel: str, worker_id: str,
            key: str) -> None:
    crypto.configure(key)
    db = Database(url)
    with db.engine.connect():
        pass
    client = WebClient(token=token, base_url=api_url)
    clock = ManualClock(NOW)
    # The production adapter and relay, with the parts of a bot they use.
    relay = Relay(db, client, clock, Sender(client), None, follow_up=lambda row: None)

    def enqueue(effects: list, s) -> list[int]:
        return [outbox.add(s, *encode(e, lambda say: [], render.fallback_text)[:2],
                           clock.now()).id for e in effects]

    bot = SimpleNamespace(enqueue=enqueue)

    def post(p: ReportPost, s) -> str:
        return post_report(bot, p, s)

    flow = MetricsWorkflow(db, clock, WorkCalendar(), Directory(), lambda r: None)
    monthly = MonthlyReport(flow, channel, post, worker_id)
    print("ready", flush=True)
    sys.stdin.readline()
    first = monthly.tick()
    again = monthly.tick()  # the row is sent: never twice, even from the winner
    assert again is None
    relay.drain()
    print(first, flush=True)
    db.dispose()


if __name__ == "__main__":
    _worker(*sys.argv[1:7])
