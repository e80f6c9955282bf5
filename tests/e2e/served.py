"""`rtwbot serve --http` as a real process (gunicorn), wired to a sandbox: what the edge,
load and shutdown tests drive from outside, as Slack would."""

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
from pathlib import Path

import yaml

from rtwbot.playground import directory_for_cast
from rtwbot.sandbox import Sandbox
from rtwbot.store import crypto


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    proc: subprocess.Popen
    port: int
    output: list[str] = field(default_factory=list)

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


@contextmanager
def serve_http(sandbox: Sandbox, database_url: str, tmp_path: Path,
               **env_extra: str) -> Iterator[Served]:
    """Start the server on a free loopback port; yields once a worker is listening; stops
    it with SIGTERM (as an operator's service manager does) and waits for it to exit."""
    directory = tmp_path / "directory.yaml"
    directory.write_text(yaml.safe_dump(directory_for_cast()))
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": sandbox.bot_token,
        "SLACK_SIGNING_SECRET": sandbox.signing_secret,
        "SLACK_APP_TOKEN": "",
        "RTWBOT_DATABASE_URL": database_url,
        "RTWBOT_SLACK_API_URL": sandbox.api_url,
        "RTWBOT_DIRECTORY": str(directory),
        "RTWBOT_ENCRYPTION_KEY": crypto.generate_key(),
        "PYTHONUNBUFFERED": "1",
        **env_extra,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "rtwbot.cli", "serve", "--http", "--host", "127.0.0.1",
         "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
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

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        ready.wait(60)
        assert proc.poll() is None and "listening on" in served.log, served.log
        sandbox.request_url = served.url
        yield served
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(5)
