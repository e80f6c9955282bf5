"""The WSGI edge on its own: authentication before anything, lengths, parsing, health."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from datetime import UTC, datetime

import pytest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from rtwbot.clock import ManualClock
from rtwbot.slack.verification import SignedRequestsOnly, authenticate
from rtwbot.slack.wsgi import SlackEdge

SECRET = "unit-secret"
NOW = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)
TS = str(int(NOW.timestamp()))


def sign(body: bytes, ts: str = TS, secret: str = SECRET) -> str:
    return "v0=" + hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body,
                            hashlib.sha256).hexdigest()


class Recorder:
    def __init__(self):
        self.requests: list[BoltRequest] = []

    def __call__(self, req: BoltRequest) -> BoltResponse:
        self.requests.append(req)
        return BoltResponse(status=200, body="")


def call(edge: SlackEdge, body: bytes = b"", *, method: str = "POST",
         path: str = "/slack/events", **environ) -> tuple[int, dict]:
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "wsgi.input": io.BytesIO(body),
           "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": "application/json", **environ}
    got = {}

    def start_response(status, headers):
        got["status"] = int(status.split()[0])

    data = b"".join(edge(env, start_response))
    return got["status"], (json.loads(data) if data else {})


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def edge(recorder: Recorder) -> SlackEdge:
    return SlackEdge(recorder, signing_secret=SECRET, clock=ManualClock(NOW),
                     health=lambda: {"outbox_lag_seconds": 0}, max_body=1024)


def signed_env(body: bytes, ts: str = TS) -> dict:
    return {"HTTP_X_SLACK_REQUEST_TIMESTAMP": ts, "HTTP_X_SLACK_SIGNATURE": sign(body, ts)}


BODY = json.dumps({"type": "event_callback", "event_id": "Ev1",
                   "event": {"type": "message", "user": "U1"}}).encode()


def test_a_signed_request_reaches_bolt_once(edge: SlackEdge, recorder: Recorder) -> None:
    status, _ = call(edge, BODY, **signed_env(BODY))
    assert status == 200
    assert [r.body["event_id"] for r in recorder.requests] == ["Ev1"]


@pytest.mark.parametrize("environ, status", [
    ({"CONTENT_LENGTH": ""}, 400),
    ({"CONTENT_LENGTH": "-1"}, 400),
    ({"CONTENT_LENGTH": "1e3"}, 400),
    ({"CONTENT_LENGTH": "5000"}, 413),  # over this edge's 1 KiB limit, never read
    ({"CONTENT_LENGTH": "20"}, 400),  # shorter than declared: refused, not a hang
    ({"HTTP_TRANSFER_ENCODING": "chunked"}, 400),
    ({"HTTP_X_SLACK_REQUEST_TIMESTAMP": "abc"}, 401),
    ({"HTTP_X_SLACK_SIGNATURE": "v0=" + "0" * 64}, 401),
])
def test_refusals_never_reach_bolt(edge: SlackEdge, recorder: Recorder, environ: dict,
                                   status: int) -> None:
    body = b"{}" if environ.get("CONTENT_LENGTH") == "20" else BODY
    assert call(edge, body, **{**signed_env(body), **environ})[0] == status
    assert recorder.requests == []


def test_a_refused_oversized_body_is_not_read(edge: SlackEdge) -> None:
    stream = io.BytesIO(b"x" * 5000)
    call(edge, **signed_env(b""), **{"wsgi.input": stream, "CONTENT_LENGTH": "5000"})
    assert stream.tell() == 0


@pytest.mark.parametrize("body", [
    b'{"a": "\xff"}', b'{"a": ', b"[1]", b"payload=%7B", b'{"a":' * 70 + b"1" + b"}" * 70,
    b'[' * 50_000 + b']' * 50_000,
])
def test_authenticated_but_malformed_bodies_get_400(edge: SlackEdge, recorder: Recorder,
                                                    body: bytes) -> None:
    edge.max_body = 1 << 20
    assert call(edge, body, **signed_env(body))[0] == 400
    assert recorder.requests == []


def test_health_carries_the_extra_fields_and_reports_failure() -> None:
    def broken() -> dict:
        raise ConnectionError("db down")

    ok = SlackEdge(Recorder(), signing_secret=SECRET, clock=ManualClock(NOW),
                   health=lambda: {"outbox_lag_seconds": 2})
    assert call(ok, method="GET", path="/healthz") == (200, {"ok": True, "outbox_lag_seconds": 2})
    bad = SlackEdge(Recorder(), signing_secret=SECRET, clock=ManualClock(NOW), health=broken)
    assert call(bad, method="GET", path="/healthz")[0] == 503
    assert call(ok, method="GET", path="/slack/events")[0] == 405
    assert call(ok, method="GET", path="/other")[0] == 404


@pytest.mark.parametrize("timestamp, ok", [
    (TS, True), (str(int(TS) - 300), True), (str(int(TS) - 301), False),
    (str(int(TS) + 301), False), ("", False), ("abc", False), ("1e9", False),
    ("-1", False), ("9" * 400, False), (" " + TS, False), ("\u0661\u0662", False),
])
def test_authenticate_never_raises(timestamp: str, ok: bool) -> None:
    clock = ManualClock(NOW)
    assert authenticate(SECRET, clock, timestamp, sign(BODY, timestamp), BODY) is ok
    assert authenticate(SECRET, clock, timestamp, None, BODY) is False
    assert authenticate(SECRET, clock, None, sign(BODY), BODY) is False


def test_the_bolt_middleware_refuses_a_non_numeric_timestamp_without_raising() -> None:
    middleware = SignedRequestsOnly(SECRET, ManualClock(NOW))
    req = BoltRequest(body=BODY.decode(), headers={
        "x-slack-request-timestamp": "abc", "x-slack-signature": sign(BODY, "abc")})
    resp = middleware.process(req=req, resp=BoltResponse(status=200),
                              next=lambda: pytest.fail("passed an unsigned request on"))
    assert resp.status == 401


def test_the_server_settings_reach_gunicorn_and_refuse_a_small_backlog() -> None:
    from rtwbot.config import ConfigError, load_settings
    from rtwbot.http_reading import ReadingWorker
    from rtwbot.http_server import gunicorn_options

    cfg = load_settings(RTWBOT_HTTP_WORKERS="3", RTWBOT_HTTP_THREADS="8",
                        RTWBOT_HTTP_BACKLOG="256", RTWBOT_HTTP_GRACEFUL_TIMEOUT="12",
                        RTWBOT_HTTP_READ_SECONDS="3", RTWBOT_HTTP_MAX_BODY_BYTES="4096")
    options = gunicorn_options(cfg, "127.0.0.1", 3000)
    worker = options["worker_class"]
    assert issubclass(worker, ReadingWorker)
    assert (worker.read_seconds, worker.max_body) == (3.0, 4096)
    assert (options["workers"], options["threads"], options["backlog"]) == (3, 8, 256)
    assert options["graceful_timeout"] == 12 and options["bind"] == ["127.0.0.1:3000"]
    assert load_settings().http_backlog >= 128
    with pytest.raises(ConfigError, match="RTWBOT_HTTP_BACKLOG"):
        load_settings(RTWBOT_HTTP_BACKLOG="5")


@pytest.mark.parametrize(("sent", "state"), [
    (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345",
     "more"),
    (b"POST /slack/events HTTP/1.1\r\nContent-Length: 5\r\n\r\n12345", "whole"),
    (b"POST /slack/events HTTP/1.1\r\ncontent-length:5\r\n\r\n123456", "whole"),
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "whole"),
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\n", "more"),
    (b"", "more"),
    (b"POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n", 413),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n", 400),
    (b"GET / HTTP/1.1\r\nX: " + b"a" * 70_000, 431),
    (b"POST / HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n", "whole"),  # gunicorn's 400
])
def test_a_request_reaches_a_thread_only_once_it_is_whole(sent: bytes, state) -> None:
    from rtwbot.http_reading import request_state

    assert request_state(sent, max_body=1024)[0] == state


def test_the_bytes_of_a_pipelined_request_are_not_given_to_the_first() -> None:
    from rtwbot.http_reading import request_state

    first = b"POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nok"
    assert request_state(first + b"GET /b HTTP/1.1\r\n", 1024) == ("whole", len(first))
