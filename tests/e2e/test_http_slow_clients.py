"""Slow and silent clients against `rtwbot serve --http` as a real process: connections that
declare a body and send a few bytes of it, connections that send nothing, and idle
kept-alive connections, many more of them than the worker has threads, held open while
signed DMs are acked in well under a second and `/healthz` answers. A sender slower than
the reading deadline is closed without having cost a thread."""

from __future__ import annotations

import contextlib
import socket
import time
import urllib.request
from pathlib import Path

import pytest

from rtwbot.playground import email
from rtwbot.sandbox import Sandbox
from rtwbot.store.db import upgrade
from tests.e2e.served import serve_http

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

READ_SECONDS = 2  # the server's reading deadline in this test (RTWBOT_HTTP_READ_SECONDS)
THREADS = 4  # fewer threads than slow connections of each kind, to show none is held


def slow_body(port: int) -> socket.socket:
    """Declares 1,000 bytes, sends 10."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"X-Slack-Request-Timestamp: 1\r\nX-Slack-Signature: v0=00\r\n"
                 b"Content-Length: 1000\r\n\r\n" + b'{"type": "')
    return sock


def half_open(port: int) -> socket.socket:
    """Connects, sends nothing."""
    return socket.create_connection(("127.0.0.1", port), timeout=30)


def slow_headers(port: int) -> socket.socket:
    """Starts a request line and stops."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
    return sock


def probe_on(sock: socket.socket) -> bytes:
    """GET /healthz on an open connection, keeping it alive; the whole answer."""
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(4096)
    head, _, body = answer.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(4096)
    return head


def kept_alive(port: int) -> socket.socket:
    """One answered request, then the connection stays open, idle."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    assert probe_on(sock).startswith(b"HTTP/1.1 200")
    return sock


def closed_by_server(sock: socket.socket, deadline: float) -> bool:
    sock.settimeout(max(0.1, deadline - time.monotonic()))
    try:
        while True:
            if not sock.recv(4096):
                return True
    except TimeoutError:
        return False
    except OSError:
        return True


def healthz(port: int) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as r:
        assert r.status == 200
    return time.monotonic() - started


def test_slow_and_idle_connections_never_starve_signed_requests_or_the_probe(
        database_url: str, tmp_path: Path) -> None:
    with Sandbox(signing_secret="slow-secret", bot_token="xoxb-slow") as sandbox:
        people = [sandbox.add_user(f"p{i}", real_name=f"Person {i}", email=email(f"p{i}"))
                  for i in range(4)]
        upgrade(database_url)
        with serve_http(sandbox, database_url, tmp_path, RTWBOT_HTTP_THREADS=str(THREADS),
                        RTWBOT_HTTP_READ_SECONDS=str(READ_SECONDS)) as served:
            port = served.port
            held: list[socket.socket] = []
            idle: list[socket.socket] = []
            try:
                held += [slow_body(port) for _ in range(16)]
                held += [half_open(port) for _ in range(16)]
                held += [slow_headers(port) for _ in range(16)]
                idle = [kept_alive(port) for _ in range(64)]
                # All of them are open at once, several times the worker's threads.
                acks, probes = [], []
                for person in people:
                    started = time.monotonic()
                    d = sandbox.dm(person, "hello")
                    acks.append(time.monotonic() - started)
                    assert d.status == 200, d
                    probes.append(healthz(port))
                assert max(acks) < 1.0, acks
                assert max(probes) < 1.0, probes
                # An idle kept-alive connection is still good for its next request.
                assert probe_on(idle[0]).startswith(b"HTTP/1.1 200")
                for person in people:
                    sandbox.wait_for_dm(person, contains="I'm rtwbot", timeout=20)
                # The slow senders are cut off at the reading deadline, without an answer.
                deadline = time.monotonic() + READ_SECONDS + 5
                assert all(closed_by_server(s, deadline) for s in held)
            finally:
                for sock in held + idle:
                    with contextlib.suppress(OSError):
                        sock.close()
            assert served.proc.poll() is None
        assert "Traceback" not in served.log, served.log
