"""HTTP mode: one Request URL (`POST /slack/events`) for events, commands and interactions,
as Bolt expects, plus `GET /healthz` for the operator's probe."""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from slack_bolt import App
from slack_bolt.request import BoltRequest
from sqlalchemy import text

from rtwbot.store.db import Database
from rtwbot.store.outbox import health as outbox_health

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def make_handler(app: App, db: Database) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "rtwbot"

        def log_message(self, fmt: str, *args) -> None:  # no request lines with bodies
            log.debug("http: " + fmt, *args)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if urlsplit(self.path).path != "/healthz":
                return self._send(404, {"error": "not found"})
            try:
                with db.engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                lag = outbox_health(db, datetime.now(UTC))
            except Exception as exc:  # noqa: BLE001 - a probe reports, it does not crash
                return self._send(503, {"ok": False, "database": type(exc).__name__})
            self._send(200, {"ok": True, **lag})

        def do_POST(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            if parts.path != EVENTS_PATH:
                return self._send(404, {"error": "not found"})
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            headers: dict[str, list[str]] = {}
            for k, v in self.headers.items():
                headers.setdefault(k.lower(), []).append(v)
            resp = app.dispatch(BoltRequest(body=body, query=parts.query, headers=headers))
            self.send_response(resp.status)
            for k, values in resp.headers.items():
                for v in values:
                    self.send_header(k, v)
            payload = resp.body.encode("utf-8") if isinstance(resp.body, str) else resp.body
            self.send_header("Content-Length", str(len(payload or b"")))
            self.end_headers()
            if payload:
                self.wfile.write(payload)

        def _send(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


class HttpServer:
    """The bot's Request URL on a loopback (or given) address, served from a thread."""

    def __init__(self, app: App, db: Database, host: str = "127.0.0.1", port: int = 0):
        self.httpd = ThreadingHTTPServer((host, port), make_handler(app, db))
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        host = self.httpd.server_address[0]
        return f"http://{host}:{self.port}{EVENTS_PATH}"

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
