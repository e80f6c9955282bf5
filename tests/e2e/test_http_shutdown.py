"""SIGTERM during a burst: `rtwbot serve --http` stops accepting, answers what it accepted,
finishes the work it acked, closes the database and exits 0. Nothing acked goes unanswered;
nothing hangs."""

from __future__ import annotations

import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rtwbot.sandbox import Sandbox
from rtwbot.store.db import upgrade
from tests.e2e.served import serve_http

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

SENDERS = 8
INTRO = "I'm rtwbot"


def test_sigterm_finishes_what_was_acked_and_exits_cleanly(database_url: str,
                                                            tmp_path: Path) -> None:
    with Sandbox(signing_secret="stop-secret", bot_token="xoxb-stop",
                 delivery_timeout=20) as sandbox:
        senders = [sandbox.add_user(f"stop{i}", real_name=f"Stop Sender {i}")
                   for i in range(SENDERS)]
        upgrade(database_url)
        acked = {u: 0 for u in senders}
        failures: list[str] = []
        enough = threading.Event()
        stop = threading.Event()
        lock = threading.Lock()

        with serve_http(sandbox, database_url, tmp_path) as served:

            def send(user: str) -> None:
                while not stop.is_set():
                    d = sandbox.dm(user, "hello")
                    with lock:
                        if d.status == 200:
                            acked[user] += 1
                            if sum(acked.values()) >= 60:
                                enough.set()
                        elif d.status is not None or d.error == "http_timeout":
                            failures.append(f"{d.status} {d.error}")
                        else:  # refused or reset: the server no longer accepts
                            return

            with ThreadPoolExecutor(SENDERS) as pool:
                for user in senders:
                    pool.submit(send, user)
                assert enough.wait(60), "the burst never got going"
                served.proc.send_signal(signal.SIGTERM)
                code = served.proc.wait(timeout=60)
                stop.set()
            assert code == 0, served.log
        assert failures == [], failures  # no 5xx, no hung connection
        assert "rtwbot worker stopped cleanly" in served.log, served.log
        answered = {u: sum(1 for m in sandbox.dm_messages(u) if INTRO in (m.get("text") or ""))
                    for u in senders}
        assert answered == acked  # every acked DM answered, once; nothing more
