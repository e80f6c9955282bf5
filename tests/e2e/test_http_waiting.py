"""Waiting never holds a listener thread, in `rtwbot serve --http` as a real process: eight
people whose reports need a Slack lookup that takes 20 s, and one whose lookup Slack
answers with 429 + Retry-After: 30, while other people say hello. The others are answered
at once; the slow lookups give up after a few seconds and their deliveries wait in the
inbox, then are answered; the rate-limited one waits, acked, until Slack's time is up."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from rtwbot.sandbox import Sandbox
from rtwbot.store.db import Database, upgrade
from rtwbot.store.message_models import InboxRow
from tests.e2e.served import serve_http

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

SLOW = 8
INTRO = "I'm rtwbot"
SECOND = "Which division"


def test_slow_lookups_and_a_long_rate_limit_do_not_delay_other_people(
        database_url: str, tmp_path: Path) -> None:
    with Sandbox(signing_secret="wait-secret", bot_token="xoxb-wait") as sandbox:
        reporters = [sandbox.add_user(f"rep{i}", real_name=f"Reporter {i}")
                     for i in range(SLOW + 1)]
        injured = [sandbox.add_user(f"inj{i}", real_name=f"Injured {i}")
                   for i in range(SLOW + 1)]
        others = [sandbox.add_user(f"oth{i}", real_name=f"Other {i}") for i in range(4)]
        upgrade(database_url)
        with serve_http(sandbox, database_url, tmp_path) as served:
            sandbox.dm(others[0], "hello")  # the directory's lookups, done and cached
            sandbox.wait_for_dm(others[0], contains=INTRO, timeout=20)
            for who in reporters:
                assert sandbox.dm(who, "report").status == 200
                sandbox.wait_for(lambda w=who: len(sandbox.dm_messages(w)) >= 1, timeout=20)
            for i in range(SLOW):
                sandbox.slow_next("users.info", 20, match={"user": injured[i]})
            limited = injured[SLOW]
            sandbox.fail_next("users.info", status=429, retry_after=30,
                              match={"user": limited})

            with ThreadPoolExecutor(SLOW + 1) as pool:
                acks = list(pool.map(lambda i: sandbox.dm(reporters[i], f"<@{injured[i]}>"),
                                     range(SLOW + 1)))
            assert [d.status for d in acks] == [200] * (SLOW + 1)
            started = time.monotonic()
            waits = []
            for who in others[1:]:
                sent = time.monotonic()
                assert sandbox.dm(who, "hello").status == 200
                sandbox.wait_for_dm(who, contains=INTRO, timeout=20)
                waits.append(time.monotonic() - sent)
            assert max(waits) < 2.0, waits  # while eight lookups hang and one waits 30 s

            # The slow ones: given up after a few seconds, waited in the inbox, answered.
            for who in reporters[:SLOW]:
                sandbox.wait_for_dm(who, contains=SECOND, timeout=60)
            # The rate-limited one waits out Slack's 30 s, acked, holding nothing.
            assert not [m for m in sandbox.dm_messages(reporters[SLOW])
                        if SECOND in (m.get("text") or "")]
            db = Database(database_url)
            try:
                with db.session() as s:  # (not the body: the server has its own key)
                    row = s.execute(select(
                        InboxRow.next_attempt_at, InboxRow.attempts, InboxRow.waits).where(
                        InboxRow.user_id == reporters[SLOW], InboxRow.status == "pending")
                    ).one()
                    due_in = row.next_attempt_at - datetime.now(UTC)
            finally:
                db.dispose()
            assert timedelta(seconds=30) - timedelta(seconds=time.monotonic() - started + 5) \
                < due_in <= timedelta(seconds=30)
            assert row.attempts == 0 and row.waits == 1  # waiting is not failing
            assert sandbox.dm_messages(reporters[SLOW])[-1]["text"].startswith("Let's report")
        assert "Traceback" not in served.log, served.log
