"""The bot's HTTP edge as one WSGI application: `POST /slack/events` (events, commands and
interactions, as Bolt expects) and `GET /healthz` (the operator's probe).

Every server runs this same application: gunicorn in production (`rtwbot serve --http`,
see `rtwbot.http_server`) and the in-process thread server of the tests and the sandbox
(`rtwbot.slack.http`). The order on `POST /slack/events` is the point of this module:

1. the declared length: missing or not a number -> 400; over the limit -> 413, unread;
2. the raw bytes, exactly that many (a short body -> 400);
3. authentication (`verification.authenticate`) -> 401 with no effect;
4. only then decoding and parsing (not UTF-8, not JSON / form, nested too deep -> 400);
5. only then Bolt: its middleware, listeners and error handler.

Nothing before step 3 parses, logs or touches the database; no log line ever holds a body.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from rtwbot.clock import Clock
from rtwbot.slack.verification import authenticate

if TYPE_CHECKING:
    from rtwbot.slack.bot import Bot

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"  # Prometheus' text format (rtwbot.monitoring)
MAX_BODY_BYTES = 1024 * 1024  # Slack's payloads are a few KiB; 1 MiB is ample
MAX_NESTING = 64  # Slack's deepest payloads (a modal's state) are around 10 levels
_LENGTH = re.compile(r"[0-9]{1,18}")

StartResponse = Callable[..., Any]


class Refused(Exception):
    """A request answered with a 4xx before it reaches Bolt."""

    def __init__(self, status: int, error: str):
        super().__init__(error)
        self.status, self.error = status, error


def declared_length(environ: dict[str, Any], limit: int) -> int:
    """The body length the client declared; refuses what cannot be read safely."""
    if environ.get("HTTP_TRANSFER_ENCODING"):
        raise Refused(400, "chunked bodies are not accepted; send Content-Length")
    raw = (environ.get("CONTENT_LENGTH") or "").strip()
    if not raw:
        raise Refused(400, "Content-Length is required")
    if not _LENGTH.fullmatch(raw):
        raise Refused(400, "bad Content-Length")
    length = int(raw)
    if length > limit:
        raise Refused(413, "request body too large")
    return length


def read_body(stream: Any, length: int) -> bytes:
    chunks, left = [], length
    while left > 0:
        chunk = stream.read(min(left, 65536))
        if not chunk:
            raise Refused(400, "body shorter than Content-Length")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def nesting_depth(value: Any, limit: int) -> int:
    """How deeply `value` nests (iteratively, so a deep value cannot exhaust the stack);
    stops counting past `limit`."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return deepest


def bolt_request(raw: bytes, environ: dict[str, Any]) -> BoltRequest:
    """Decode and parse an authenticated body, once, the way Bolt does (Bolt parses it
    while building its request); refuses what is not UTF-8, not a JSON object / form, or
    nested deeper than any Slack payload."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "body is not UTF-8") from None
    try:
        req = BoltRequest(body=text, query=environ.get("QUERY_STRING", ""),
                          headers=request_headers(environ))
    except (ValueError, RecursionError):  # json.JSONDecodeError is a ValueError
        raise Refused(400, "body is not valid JSON or form data") from None
    except Exception:  # noqa: BLE001 - a body Bolt cannot take is the client's error
        raise Refused(400, "body is not a Slack request") from None
    if not isinstance(req.body, dict):
        raise Refused(400, "body is not a JSON object")
    if nesting_depth(req.body, MAX_NESTING) > MAX_NESTING:
        raise Refused(400, "body nests too deeply")
    return req


def request_headers(environ: dict[str, Any]) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").lower()] = [value]
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = [environ[key]]
    return headers


class SlackEdge:
    """The WSGI application. `dispatch` is Bolt's (`App.dispatch`); `health` returns the
    probe's fields and raises when the bot is not healthy."""

    def __init__(
        self,
        dispatch: Callable[[BoltRequest], BoltResponse],
        *,
        signing_secret: str,
        clock: Clock,
        health: Callable[[], dict[str, Any]],
        max_body: int = MAX_BODY_BYTES,
        metrics: Callable[[], bytes] | None = None,
    ):
        if not signing_secret:
            raise ValueError("the HTTP edge needs the signing secret")
        self.dispatch, self.secret, self.clock = dispatch, signing_secret, clock
        self.health, self.max_body, self.metrics = health, max_body, metrics

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO") or "/", environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return self._health(start_response)
        if path == METRICS_PATH and method == "GET" and self.metrics is not None:
            return self._metrics(start_response)
        if path != EVENTS_PATH:
            return _json(start_response, 404, {"error": "not found"})
        if method != "POST":
            return _json(start_response, 405, {"error": "method not allowed"},
                         [("Allow", "POST")])
        try:
            return self._post(environ, start_response)
        except Refused as refused:
            # A body left unread is the server's to discard or close on (gunicorn drains a
            # bounded amount under a deadline, then closes); the app reads no more of it.
            return _json(start_response, refused.status, {"error": refused.error})

    def _post(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        length = declared_length(environ, self.max_body)
        try:
            raw = read_body(environ["wsgi.input"], length)
        except Refused:
            raise
        except Exception:  # noqa: BLE001 - the client went away or sent garbage framing
            raise Refused(400, "could not read the body") from None
        if not authenticate(
            self.secret,
            self.clock,
            environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
            environ.get("HTTP_X_SLACK_SIGNATURE"),
            raw,
        ):
            log.warning("Refused a request with a missing, bad or stale Slack signature")
            raise Refused(401, "invalid request")
        req = bolt_request(raw, environ)
        try:
            resp = self.dispatch(req)
        except Exception:  # noqa: BLE001 - authenticated, but Slack still gets an answer
            log.exception("Bolt failed to dispatch a request")
            return _json(start_response, 500, {"error": "internal error"})
        return _bolt_answer(start_response, resp)

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        try:
            fields = self.health()
        except Exception as exc:  # noqa: BLE001 - a probe reports, it does not crash
            return _json(start_response, 503, {"ok": False, "database": type(exc).__name__})
        return _json(start_response, 200, {"ok": True, **fields})


    def _metrics(self, start_response: StartResponse) -> Iterable[bytes]:
        from rtwbot.monitoring import CONTENT_TYPE_LATEST

        assert self.metrics is not None
        try:
            data = self.metrics()
        except Exception as exc:  # noqa: BLE001 - a scrape reports, it does not crash
            return _json(start_response, 503, {"ok": False, "database": type(exc).__name__})
        start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST),
                                  ("Content-Length", str(len(data)))])
        return [data]


def _json(start_response: StartResponse, status: int, body: dict,
          extra: list[tuple[str, str]] | None = None) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(_status_line(status), [
        ("Content-Type", "application/json"), ("Content-Length", str(len(data))), *(extra or [])
    ])
    return [data]


def _bolt_answer(start_response: StartResponse, resp: BoltResponse) -> list[bytes]:
    payload = resp.body.encode("utf-8") if isinstance(resp.body, str) else (resp.body or b"")
    headers = [
        (name, value)
        for name, values in resp.headers.items()
        if name.lower() not in ("content-length", "connection")
        for value in values
    ]
    headers.append(("Content-Length", str(len(payload))))
    start_response(_status_line(resp.status), headers)
    return [payload]


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
            405: "Method Not Allowed", 413: "Content Too Large", 500: "Internal Server Error",
            503: "Service Unavailable"}


def _status_line(status: int) -> str:
    return f"{status} {_REASONS.get(status, 'Status')}"


def edge_for(bot: Bot, *, max_body: int | None = None) -> SlackEdge:
    """The WSGI application serving `bot`."""
    from rtwbot.slack.health import health_fields

    return SlackEdge(
        bot.app.dispatch,
        signing_secret=bot.settings.slack_signing_secret or "",
        clock=bot.clock,
        health=lambda: health_fields(bot),
        max_body=max_body or bot.settings.http_max_body_bytes,
        metrics=lambda: _scrape(bot),
    )


def _scrape(bot: Bot) -> bytes:
    from rtwbot.monitoring import render

    return render(bot.db, bot.clock.now)
