"""The in-process HTTP server of the tests, the demo and the sandbox harness: a thread per
connection, serving the SAME WSGI application as production (`rtwbot.slack.wsgi`), so
the auth-first edge is what every test drives. `rtwbot serve --http` does not use this
server: it runs gunicorn (`rtwbot.http_server`)."""

from __future__ import annotations

import logging
import threading
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from rtwbot.slack.wsgi import EVENTS_PATH, edge_for

if TYPE_CHECKING:
    from rtwbot.slack.bot import Bot

log = logging.getLogger(__name__)

__all__ = ["EVENTS_PATH", "HttpServer"]


class _Handler(WSGIRequestHandler):
    timeout = 30  # a client that stops sending mid-body frees its thread

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        log.debug("http: " + format, *args)


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128  # the listen backlog (the stdlib default of 5 drops bursts)


class HttpServer:
    """A WSGI application on a loopback (or given) address, served from a thread."""

    def __init__(self, wsgi_app, host: str = "127.0.0.1", port: int = 0):
        self.httpd = _ThreadingWSGIServer((host, port), _Handler)
        self.httpd.set_app(wsgi_app)
        self._thread: threading.Thread | None = None

    @classmethod
    def for_bot(cls, bot: Bot, host: str = "127.0.0.1", port: int = 0) -> HttpServer:
        return cls(edge_for(bot), host, port)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        host = self.httpd.server_address[0]
        assert isinstance(host, str)  # an IP address (not a Unix socket's path)
        return f"http://{host}:{self.port}{EVENTS_PATH}"

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
