"""`rtwbot serve --http` as an operator runs it: a separate process, configured by the
environment, answering Slack (the sandbox) on its Request URL."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml

from rtwbot.playground import directory_for_cast, email
from rtwbot.sandbox import Sandbox
from rtwbot.store import crypto
from rtwbot.store.db import upgrade

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_http_answers_a_signed_dm_and_the_health_probe(database_url: str,
                                                            tmp_path: Path) -> None:
    secret = "serve-test-secret"
    with Sandbox(signing_secret=secret, bot_token="xoxb-serve-test") as sandbox:
        sam = sandbox.add_user("sam", real_name="Sam Supervisor", email=email("sam"))
        directory = tmp_path / "directory.yaml"
        directory.write_text(yaml.safe_dump(directory_for_cast()))
        upgrade(database_url)
        port = free_port()
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": sandbox.bot_token,
            "SLACK_SIGNING_SECRET": secret,
            "SLACK_APP_TOKEN": "",
            "RTWBOT_DATABASE_URL": database_url,
            "RTWBOT_SLACK_API_URL": sandbox.api_url,
            "RTWBOT_DIRECTORY": str(directory),
            "RTWBOT_ENCRYPTION_KEY": crypto.generate_key(),
            "PYTHONUNBUFFERED": "1",
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "rtwbot.cli", "serve", "--http", "--host", "127.0.0.1",
             "--port", str(port)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
        )
        try:
            seen = []
            for line in proc.stdout:  # the log, then the line printed once it listens
                seen.append(line)
                if "listening on" in line or len(seen) > 50:
                    break
            assert "listening on" in seen[-1], "".join(seen)
            sandbox.request_url = f"http://127.0.0.1:{port}/slack/events"
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                assert json.loads(r.read()) == {"ok": True, "outbox_pending": 0,
                                                "outbox_failed": 0, "outbox_lag_seconds": 0.0}
            delivery = sandbox.dm(sam, "hello")
            assert delivery.status == 200
            reply = sandbox.wait_for_dm(sam, contains="I'm rtwbot", timeout=20)
            assert "Report an injury" in json.dumps(reply)
            stale = sandbox.dm(sam, "hello", timestamp_offset=-360)
            assert stale.status == 401
        finally:
            proc.terminate()
            proc.wait(timeout=20)
