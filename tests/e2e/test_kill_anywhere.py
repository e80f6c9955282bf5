"""kill -9 of the whole server (gunicorn's master and its workers) at 20+ points of a full
report conversation, chosen by a seeded random over its steps and a delay after the ack.
After each kill the server is started again: the acked answer is answered within 10 s of
the restart, once, in order; when the supervisor types the same answer again during the
outage (Slack delivers it, retried, after the restart), it never lands on another question. What she reads is, word for word, what
a supervisor whose server never died reads (Tess, the same report on the same server).
On SQLite, and on PostgreSQL in CI's PostgreSQL leg."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import time
from pathlib import Path

import pytest

from rtwbot.playground import email
from rtwbot.sandbox import Sandbox
from rtwbot.store.db import upgrade
from tests.e2e.conftest import text_of
from tests.e2e.served import Served, bot_env, start_server
from tests.e2e.test_intake import work_injury_answers

pytestmark = [pytest.mark.e2e, pytest.mark.store, pytest.mark.timeout(600)]

SEED = 20
KILLS = 21
WITHIN = 10.0


def descendants(pid: int) -> list[int]:
    """The process and everything it started (from /proc: gunicorn's workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def kill_9(served: Served) -> None:
    for pid in descendants(served.proc.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    served.proc.wait(30)


def bot_says(sandbox: Sandbox, user: str) -> list[str]:
    return [text_of(m) for m in sandbox.dm_messages(user) if m.get("bot_id")]


def plain(texts: list[str], name: str, uid: str) -> list[str]:
    return [t.replace(name, "<supervisor>").replace(uid, "<uid>") for t in texts]


def test_kill_9_anywhere_in_a_report_loses_nothing_and_doubles_nothing(
        database_url: str, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    with Sandbox(signing_secret="kill-secret", bot_token="xoxb-kill") as sandbox:
        users = {h: sandbox.add_user(h, real_name=f"{h.title()} Person", email=email(h))
                 for h in ("sam", "tess", "erin", "hana")}
        upgrade(database_url)
        env = bot_env(sandbox, database_url, tmp_path)
        env.pop("RTWBOT_LEASE_SECONDS", None)  # the production lease
        steps = ["report an injury", *work_injury_answers(users["erin"])]
        servers: list[Served] = []

        def start() -> Served:
            served = start_server({**env, "RTWBOT_CRASH_AT": ""}, tmp_path)
            servers.append(served)
            sandbox.request_url = served.url
            return served

        def replies_to(user: str, count: int, since: float, what: str) -> None:
            sandbox.wait_for(lambda: len(bot_says(sandbox, user)) >= count,
                             timeout=max(0.1, WITHIN - (time.monotonic() - since)),
                             message=what)

        try:
            server = start()
            # Tess's report: the server never dies. How many replies each step brings.
            after_step = []
            for text in steps:
                assert sandbox.dm(users["tess"], text).status == 200
                replies_to(users["tess"], len(after_step) + 1, time.monotonic(), "tess")
                after_step.append(len(bot_says(sandbox, users["tess"])))
            # Sam's: killed at KILLS points (a step may be hit more than once).
            kills: dict[int, list[float]] = {}
            for _ in range(KILLS):
                kills.setdefault(rng.randrange(len(steps)), []).append(rng.uniform(0, 0.08))
            waits: list[float] = []
            repeats = 0
            trail: list[tuple] = []
            for i, text in enumerate(steps):
                assert sandbox.dm(users["sam"], text).status == 200  # acked
                for delay in sorted(kills.get(i, [])):
                    time.sleep(delay)  # somewhere in its processing, or after it
                    kill_9(server)
                    trail.append((i, text, f"killed {delay:.3f} s after", len(
                        bot_says(sandbox, users["sam"])), after_step[i]))
                    again = None
                    unanswered = len(bot_says(sandbox, users["sam"])) < after_step[i]
                    if rng.random() < 0.5 and unanswered:  # she hears nothing, types it again
                        again = sandbox.dm(users["sam"], text)
                        assert not again.ok  # the server is down: Slack will retry it
                        repeats += 1
                        trail.append((i, text, "repeat typed in the outage"))
                    server = start()
                    restarted = time.monotonic()
                    if again is not None:  # Slack's retry reaches the new server
                        assert sandbox.redeliver(again, reason="http_error").ok
                    replies_to(users["sam"], after_step[i], restarted,
                               f"step {i} ({text!r}) answered within {WITHIN:.0f} s")
                    waits.append(time.monotonic() - restarted)
                replies_to(users["sam"], after_step[i], time.monotonic(), f"step {i}")
            server.stop()
            sam = plain(bot_says(sandbox, users["sam"]), "Sam Person", users["sam"])
            tess = plain(bot_says(sandbox, users["tess"]), "Tess Person", users["tess"])
            if sam != tess:
                for served in servers:
                    print("".join(line for line in served.output
                                  if "nbox" in line or "crash" in line or "Took" in line))
                print(trail)
            assert sam == tess
            assert len(waits) == KILLS
            print(f"{KILLS} kills, {repeats} repeats; reply after restart: max "
                  f"{max(waits):.1f} s")
        finally:
            for served in servers:
                served.stop()
