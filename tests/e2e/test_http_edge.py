"""Hostile requests against `rtwbot serve --http` as a real process: each gets its 4xx, the
server stays up, and nothing changes — no message to Slack, no database row added, no
de-duplication row removed, no body in the log."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, table, text

from rtwbot.playground import email
from rtwbot.sandbox import Sandbox
from tests.e2e.served import serve_http

pytestmark = pytest.mark.e2e

SECRET = "edge-test-secret"
MARKER = "zq-marker-7741"  # in every hostile body; must never reach the log


def sign(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def raw_post(port: int, head: list[tuple[str, str]], body: bytes = b"", *,
             length: str | None = "auto", send: bytes | None = None,
             timeout: float = 15) -> int | str:
    """POST with exactly these headers; returns the status, or what went wrong."""
    lines = ["POST /slack/events HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in head]
    if length == "auto":
        lines.append(f"Content-Length: {len(body)}")
    elif length is not None:
        lines.append(f"Content-Length: {length}")
    payload = body if send is None else send
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())

        def push() -> None:  # a big body goes in the background: the answer may come first
            with contextlib.suppress(OSError):
                sock.sendall(payload)

        pusher = threading.Thread(target=push, daemon=True)
        pusher.start()
        answer = b""
        try:
            while b"\r\n" not in answer:
                chunk = sock.recv(4096)
                if not chunk:
                    return "closed without an answer"
                answer += chunk
        except TimeoutError:
            return "hung"
        except ConnectionResetError:
            return "reset without an answer"
    return int(answer.split(b" ", 2)[1])


@dataclass
class Case:
    name: str
    status: int
    request: Callable[[int, bytes, int], int | str]  # (port, handled event body, now)


def signed_headers(body: bytes, ts: str, secret: str = SECRET,
                   ctype: str = "application/json") -> list[tuple[str, str]]:
    return [("Content-Type", ctype), ("X-Slack-Request-Timestamp", ts),
            ("X-Slack-Signature", sign(secret, ts, body))]


def with_ts(ts: Callable[[int], str]) -> Callable[[int, bytes, int], int | str]:
    """The handled event's body, signed correctly but sent with timestamp `ts(now)`."""
    return lambda port, body, now: raw_post(port, signed_headers(body, ts(now)), body)


def signed(body: bytes, ctype: str = "application/json") -> Callable[[int, bytes, int], int | str]:
    return lambda port, _b, now: raw_post(port, signed_headers(body, str(now), ctype=ctype), body)


def unsigned(body: bytes, ctype: str = "application/json") -> Callable[[int, bytes, int], int | str]:
    return lambda port, _b, now: raw_post(
        port, [("Content-Type", ctype), ("X-Slack-Request-Timestamp", str(now)),
               ("X-Slack-Signature", "v0=" + "0" * 64)], body)


DEEP_JSON = b'{"type":"' + MARKER.encode() + b'","a":' + b'{"a":' * 50_000 + b"1" + b"}" * 50_001
DEEP_ARRAY = b"[" * 50_000 + b"]" * 50_000
TEN_MB = b"x" * (10 * 1024 * 1024)
INTERACTION = (
    "payload=" + json.dumps({"type": "block_actions", "user": {"id": "U0"},
                             "actions": [{"action_id": MARKER}]})
).encode()

CASES = [
    Case("no signature headers", 401, lambda p, b, n: raw_post(
        p, [("Content-Type", "application/json")], b)),
    Case("no timestamp header", 401, lambda p, b, n: raw_post(
        p, [("Content-Type", "application/json"),
            ("X-Slack-Signature", sign(SECRET, str(n), b))], b)),
    Case("no signature header", 401, lambda p, b, n: raw_post(
        p, [("Content-Type", "application/json"), ("X-Slack-Request-Timestamp", str(n))], b)),
    Case("empty timestamp", 401, with_ts(lambda n: "")),
    Case("timestamp abc", 401, with_ts(lambda n: "abc")),
    Case("timestamp 1e9", 401, with_ts(lambda n: "1e9")),
    Case("timestamp with a fraction", 401, with_ts(lambda n: f"{n}.0")),
    Case("negative timestamp", 401, with_ts(lambda n: "-1")),
    Case("huge timestamp", 401, with_ts(lambda n: "9" * 400)),
    Case("stale timestamp (6 min)", 401, with_ts(lambda n: str(n - 360))),
    Case("future timestamp (6 min)", 401, with_ts(lambda n: str(n + 360))),
    Case("signed with another secret", 401, lambda p, b, n: raw_post(
        p, signed_headers(b, str(n), secret="not-the-secret"), b)),
    Case("body altered after signing", 401, lambda p, b, n: raw_post(
        p, signed_headers(b, str(n)), b.replace(b"hello", b"HELLO"))),
    Case("unsigned interaction payload", 401, unsigned(
        INTERACTION, "application/x-www-form-urlencoded")),
    Case("unsigned malformed JSON (auth before parsing)", 401,
         unsigned(b'{"type": "' + MARKER.encode() + b'", ')),
    Case("unsigned invalid UTF-8 (auth before decoding)", 401,
         unsigned(b'{"t": "\xff\xfe' + MARKER.encode() + b'"}')),
    Case("signed invalid UTF-8", 400, signed(b'{"t": "\xff\xfe' + MARKER.encode() + b'"}')),
    Case("signed malformed JSON", 400, signed(b'{"type": "' + MARKER.encode() + b'", ')),
    Case("signed JSON that is not an object", 400, signed(b"[1, 2, 3]")),
    Case("signed form with a malformed payload", 400, signed(
        b"payload=%7B%22type%22%3A" + MARKER.encode(), "application/x-www-form-urlencoded")),
    Case("signed 50,000-deep JSON object", 400, signed(DEEP_JSON)),
    Case("signed 50,000-deep JSON array", 400, signed(DEEP_ARRAY)),
    Case("negative Content-Length", 400, lambda p, b, n: raw_post(
        p, signed_headers(b, str(n)), b, length="-1")),
    Case("non-numeric Content-Length", 400, lambda p, b, n: raw_post(
        p, signed_headers(b, str(n)), b, length="12abc")),
    Case("missing Content-Length", 400, lambda p, b, n: raw_post(
        p, signed_headers(b, str(n)), b, length=None)),
    Case("oversized Content-Length, short body", 413, lambda p, b, n: raw_post(
        p, signed_headers(b, str(n)), b, length=str(10 * 1024 * 1024))),
    Case("a 10 MB body", 413, lambda p, b, n: raw_post(
        p, signed_headers(TEN_MB, str(n)), TEN_MB)),
]


def snapshot(url: str) -> dict:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            counts = {
                name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
                for name in inspect(conn).get_table_names()
                if name != "alembic_version"
            }
            keys = set(conn.execute(text("SELECT key FROM processed_events")).scalars())
    finally:
        engine.dispose()
    return {"counts": counts, "ledger": keys}


def test_hostile_requests_get_their_4xx_and_change_nothing(database_url: str,
                                                           tmp_path: Path) -> None:
    with Sandbox(signing_secret=SECRET, bot_token="xoxb-edge-test") as sandbox:
        sam = sandbox.add_user("sam", real_name="Sam Supervisor", email=email("sam"))
        from rtwbot.store.db import upgrade

        upgrade(database_url)
        with serve_http(sandbox, database_url, tmp_path) as served:
            # One genuine DM, handled: its ledger rows exist and sam got one answer.
            handled = sandbox.dm(sam, f"hello {MARKER}")
            assert handled.status == 200, handled
            sandbox.wait_for_dm(sam, contains="I'm rtwbot", timeout=20)
            body = handled.body.encode()
            before = snapshot(database_url)
            assert before["ledger"], "the genuine DM should have claimed its ledger keys"
            calls_before = len(sandbox.calls())

            wrong = []
            for case in CASES:
                got = case.request(served.port, body, int(sandbox.clock.now()))
                if got != case.status:
                    wrong.append(f"{case.name}: expected {case.status}, got {got}")
                assert served.proc.poll() is None, f"server died on {case.name}"
            assert not wrong, "\n".join(wrong)

            assert served.health()["ok"] is True
            after = snapshot(database_url)
            assert after == before
            new_calls = sandbox.calls()[calls_before:]
            assert [c.method for c in new_calls] == []
            assert len(sandbox.dm_messages(sam)) == 1
            # A genuine request is still served after all that.
            again = sandbox.dm(sam, "hello")
            assert again.status == 200
            deadline = time.monotonic() + 20
            while len(sandbox.dm_messages(sam)) < 2 and time.monotonic() < deadline:
                sandbox.wait_for(lambda: len(sandbox.dm_messages(sam)) >= 2, timeout=20)
        assert MARKER not in served.log, "a request body reached the server's log"
        assert "Traceback" not in served.log, served.log


def test_the_in_process_server_runs_the_same_edge(pg) -> None:
    """The tests' thread server serves the same WSGI application: a handled event replayed
    with the timestamp "abc" (which once reached Bolt's error handler, DMed the person
    and released the ledger) and an unsigned interaction are refused with no effect."""
    sam = pg.users["sam"]
    handled = pg.sandbox.dm(sam, "hello")
    assert handled.status == 200
    pg.settle()
    before = snapshot(pg.settings.database_url)
    dms = len(pg.sandbox.dm_messages(sam))
    body = handled.body.encode()
    port = pg.server.port
    now = int(pg.sandbox.clock.now())
    head = [("Content-Type", "application/json"), ("X-Slack-Request-Timestamp", "abc"),
            ("X-Slack-Signature", sign(pg.signing_secret, "abc", body))]
    assert raw_post(port, head, body) == 401
    assert unsigned(INTERACTION, "application/x-www-form-urlencoded")(port, body, now) == 401
    assert raw_post(port, signed_headers(body, str(now), secret=pg.signing_secret),
                    body, length="-1") == 400
    pg.settle()
    assert snapshot(pg.settings.database_url) == before
    assert len(pg.sandbox.dm_messages(sam)) == dms
