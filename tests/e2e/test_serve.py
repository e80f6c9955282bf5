"""`rtwbot serve --http` as an operator runs it: a separate process, configured by the
environment, answering Slack (the sandbox) on its Request URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rtwbot.playground import email
from rtwbot.sandbox import Sandbox
from rtwbot.store.db import upgrade
from tests.e2e.served import serve_http

pytestmark = pytest.mark.e2e


def test_serve_http_answers_a_signed_dm_and_the_health_probe(database_url: str,
                                                            tmp_path: Path) -> None:
    with Sandbox(signing_secret="serve-test-secret", bot_token="xoxb-serve-test") as sandbox:
        sam = sandbox.add_user("sam", real_name="Sam Supervisor", email=email("sam"))
        upgrade(database_url)
        with serve_http(sandbox, database_url, tmp_path) as served:
            assert served.health() == {"ok": True, "outbox_pending": 0,
                                       "outbox_failed": 0, "outbox_lag_seconds": 0.0}
            delivery = sandbox.dm(sam, "hello")
            assert delivery.status == 200
            reply = sandbox.wait_for_dm(sam, contains="I'm rtwbot", timeout=20)
            assert "Report an injury" in json.dumps(reply)
            stale = sandbox.dm(sam, "hello", timestamp_offset=-360)
            assert stale.status == 401
