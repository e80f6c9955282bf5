"""`/metrics` on a real server process: the queues read from the database, deliveries per
listener with their latency — and nothing anyone typed, there or in the JSON log lines."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

import pytest

from rtwbot.sandbox import Sandbox
from rtwbot.store.db import upgrade
from tests.e2e.served import serve_http

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

SECRET_WORDS = "my torn rotator cuff zq7"


def scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
        assert r.headers["Content-Type"].startswith("text/plain")
        text = r.read().decode()
    assert SECRET_WORDS not in text
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def test_metrics_show_queues_and_deliveries_and_json_logs_carry_no_bodies(
        database_url: str, tmp_path: Path) -> None:
    with Sandbox(signing_secret="mon-secret", bot_token="xoxb-mon") as sandbox:
        user = sandbox.add_user("mona", real_name="Mona Monitor")
        upgrade(database_url)
        with serve_http(sandbox, database_url, tmp_path, RTWBOT_LOG_FORMAT="json") as served:
            before = scrape(served.port)
            assert before['rtwbot_inbox_rows{state="pending"}'] == 0
            for name in ('rtwbot_outbox_rows{state="failed"}',
                         "rtwbot_outbox_oldest_pending_seconds",
                         'rtwbot_reminders{condition="due"}',
                         'rtwbot_reminders{condition="overdue"}',
                         'rtwbot_reminders{condition="escalated"}'):
                assert name in before, name
            for text in ("hello", SECRET_WORDS, "status"):
                assert sandbox.dm(user, text).status == 200
            label = '{listener="event:message",outcome="ok"}'
            sandbox.wait_for(lambda: len(sandbox.dm_messages(user)) >= 3, timeout=30)
            # The count is taken as each delivery is marked done, just after its reply.
            deadline = time.monotonic() + 10
            while (scrape(served.port).get(f"rtwbot_deliveries_total{label}", 0) < 3
                   and time.monotonic() < deadline):
                pass
            after = scrape(served.port)
            assert after[f"rtwbot_deliveries_total{label}"] >= 3
            assert after['rtwbot_delivery_seconds_count{listener="event:message"}'] >= 3
        log = served.log
    assert SECRET_WORDS not in log
    records = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert records and all({"time", "level", "logger", "message"} <= set(r) for r in records)
    # Start-up says nothing of the schema check (alembic's lines are for --verbose).
    assert not [r for r in records if r["logger"].startswith("alembic")]
    assert not [line for line in log.splitlines()
                if line.strip() and not line.startswith("{") and re.match(r"\[?\d{4}-", line)]
