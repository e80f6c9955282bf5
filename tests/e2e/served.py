"""`rtwbot serve --http` as a real process (gunicorn), wired to a sandbox: what the serve,
edge, load, shutdown and crash tests drive from outside, as Slack would. One way to start
it: `serve_http` (a context manager) or, for a test that starts it more than once,
`bot_env` + `start_server`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from rtwbot.playground import directory_for_cast
from rtwbot.sandbox import Sandbox
from rtwbot.store import crypto


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bot_env(sandbox: Sandbox, database_url: str, tmp_path: Path, *, key: str | None = None,
            **extra: str) -> dict[str, str]:
    """The environment an operator gives the server: the sandbox's tokens and API, the
    cast's directory, a database and an encryption key (a fresh one unless given)."""
    directory = tmp_path / "directory.yaml"
    directory.write_text(yaml.safe_dump(directory_for_cast()))
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": sandbox.bot_token,
        "SLACK_SIGNING_SECRET": sandbox.signing_secret,
        "SLACK_APP_TOKEN": "",
        "RTWBOT_DATABASE_URL": database_url,
        "RTWBOT_SLACK_API_URL": sandbox.api_url,
        "RTWBOT_DIRECTORY": str(directory),
        "RTWBOT_ENCRYPTION_KEY": key or crypto.generate_key(),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


@dataclass
class Served:
    proc: subprocess.Popen
    port: int
    output: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def health(self, timeout: float = 5) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz",
                                    timeout=timeout) as r:
            return json.loads(r.read())

    @property
    def log(self) -> str:
        return "".join(self.output)

    def exited(self, timeout: float = 30) -> int:
        """Wait for the process to end by itself (a crash point); its exit code."""
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        """SIGTERM, as an operator's service manager sends it; then wait for the exit."""
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.reader is not None:
            self.reader.join(5)


def last_month_reported(database_url: str) -> None:
    """The committee's report for last month counts as posted, as in a deployment on all
    but one morning a month: a served bot's first tick does not depend on the time of day
    these tests run at (in working hours from the month's first business day it would
    render a year of charts and post them). The monthly report is tested with a controlled
    clock in test_metrics.py."""
    from rtwbot.domain.calendar import WorkCalendar
    from rtwbot.metrics.monthly import record_last_month_posted

    record_last_month_posted(database_url, datetime.now(UTC), WorkCalendar())


def start_server(env: dict[str, str], cwd: Path) -> Served:
    """Start the server on a free loopback port; returns once a worker is listening."""
    last_month_reported(env["RTWBOT_DATABASE_URL"])
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rtwbot.cli", "serve", "--http", "--host", "127.0.0.1",
         "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd,
    )
    served = Served(proc, port)
    ready = threading.Event()

    def pump() -> None:  # keep reading, so the server never blocks on a full pipe
        assert proc.stdout is not None
        for line in proc.stdout:
            served.output.append(line)
            if "listening on" in line:
                ready.set()
        ready.set()

    served.reader = threading.Thread(target=pump, daemon=True)
    served.reader.start()
    ready.wait(60)
    if proc.poll() is not None or "listening on" not in served.log:
        served.stop()
        raise AssertionError(served.log)
    return served


@contextmanager
def serve_http(sandbox: Sandbox, database_url: str, tmp_path: Path,
               **env_extra: str) -> Iterator[Served]:
    """The server, answering the sandbox on its Request URL; stopped on leaving."""
    served = start_server(bot_env(sandbox, database_url, tmp_path, **env_extra), tmp_path)
    try:
        sandbox.request_url = served.url
        yield served
    finally:
        served.stop()
