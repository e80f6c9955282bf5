"""A burst, through `rtwbot serve --http` as a real process: 2,000 signed DMs from 32
concurrent senders on loopback. No connection hangs, every DM is acked, and every DM is
answered exactly once (counted after a graceful stop, when nothing is left in flight).
Runs on SQLite, and on PostgreSQL in CI's PostgreSQL leg (RTWBOT_TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rtwbot.sandbox import Sandbox
from rtwbot.store.db import upgrade
from tests.e2e.served import serve_http

pytestmark = [pytest.mark.e2e, pytest.mark.store, pytest.mark.timeout(240)]

DMS = int(os.environ.get("RTWBOT_LOAD_DMS", "2000"))
SENDERS = 32
INTRO = "I'm rtwbot"


def test_a_burst_of_signed_dms_is_acked_and_answered_exactly_once(database_url: str,
                                                                  tmp_path: Path) -> None:
    # A hang is an answer that never comes: allow more than Slack's 3 s on a shared CI box,
    # and report the slow ones separately.
    with Sandbox(signing_secret="load-secret", bot_token="xoxb-load",
                 delivery_timeout=20) as sandbox:
        senders = [sandbox.add_user(f"load{i:02d}", real_name=f"Load Sender {i}")
                   for i in range(SENDERS)]
        upgrade(database_url)
        with serve_http(sandbox, database_url, tmp_path) as served:
            per_sender = [DMS // SENDERS + (1 if i < DMS % SENDERS else 0)
                          for i in range(SENDERS)]

            def send_all(i: int) -> list[tuple[int | None, str | None, float]]:
                out = []
                for _ in range(per_sender[i]):
                    started = time.monotonic()
                    d = sandbox.dm(senders[i], "hello")
                    out.append((d.status, d.error, time.monotonic() - started))
                return out

            started = time.monotonic()
            with ThreadPoolExecutor(SENDERS) as pool:
                results = [r for batch in pool.map(send_all, range(SENDERS)) for r in batch]
            acked_in = time.monotonic() - started

            hung = [r for r in results if r[0] is None]
            assert hung == [], f"{len(hung)} deliveries got no answer: {hung[:5]}"
            assert Counter(r[0] for r in results) == {200: DMS}

            def answered() -> int:
                return sum(1 for u in senders for m in sandbox.dm_messages(u)
                           if INTRO in (m.get("text") or "") and m.get("bot_id"))

            # Cheap first (answered() renders every message; it runs on every change).
            sandbox.wait_for(lambda: sandbox.call_count() >= DMS and answered() >= DMS,
                             timeout=180, message=f"{DMS} answers")
            replied_in = time.monotonic() - started
            # Stop gracefully: whatever is still in flight finishes, then count again.
            served.proc.send_signal(signal.SIGTERM)
            assert served.proc.wait(timeout=60) == 0, served.log
        per_user = {u: sum(1 for m in sandbox.dm_messages(u)
                           if INTRO in (m.get("text") or "") and m.get("bot_id"))
                    for u in senders}
        assert per_user == dict(zip(senders, per_sender, strict=True))
        latencies = sorted(r[2] for r in results)
        p99 = latencies[int(0.99 * (len(latencies) - 1))]
        print(f"\n{DMS} DMs acked in {acked_in:.1f}s, answered in {replied_in:.1f}s; ack p50 "
              f"{latencies[len(latencies) // 2] * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
