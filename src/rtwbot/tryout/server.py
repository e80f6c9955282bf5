"""``rtwbot sandbox --web``: the workspace page served on loopback, backed by a playground."""

from __future__ import annotations

import mimetypes
import threading
from email.parser import BytesParser
from email.policy import HTTP
from email.utils import collapse_rfc2231_value
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from .actions import Form, TryOut
from .page import url

MAX_BODY = 20 * 1024 * 1024


def parse_form(content_type: str, body: bytes) -> Form:
    """A urlencoded or multipart form (files kept as (name, bytes))."""
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        values: dict[str, list[str]] = {}
        files: dict[str, tuple[str, bytes]] = {}
        for part in message.iter_parts():
            param = part.get_param("name", header="content-disposition")
            if not param:
                continue
            # An RFC 2231 encoded name comes as a (charset, language, value) triple.
            name = param if isinstance(param, str) else collapse_rfc2231_value(param)
            filename = part.get_filename()
            # A leaf part decodes to bytes (a nested multipart to None).
            payload = part.get_payload(decode=True)
            payload = payload if isinstance(payload, bytes) else b""
            if filename is not None:
                if filename:
                    files[name] = (filename, payload)
            else:
                values.setdefault(name, []).append(payload.decode("utf-8", "replace"))
        return Form(values, files)
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return Form(parsed, {})


class WebServer:
    """Serves a ``TryOut`` on ``host:port`` (port 0: any free port) in a background thread."""

    def __init__(self, tryout: TryOut, host: str = "127.0.0.1", port: int = 0) -> None:
        self.tryout = tryout
        handler = _handler(tryout)
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        assert isinstance(host, str)  # an IPv4/IPv6 server's address is (host, port, ...)
        return f"http://{host}:{port}/"

    def start(self) -> WebServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True,
                                        name="rtwbot-tryout")
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(tryout: TryOut) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "rtwbot-tryout"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet
            return

        def _send(self, status: int, body: bytes, content_type: str,
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, where: str) -> None:
            self._send(303, b"", "text/plain", {"Location": where})

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            handle = query.get("as", "sam")
            if handle not in tryout.pg.users:
                handle = "sam"
            if parts.path == "/":
                page = tryout.page(handle, query.get("c", ""), query.get("t", ""))
                self._send(200, page.encode(), "text/html; charset=utf-8")
            elif parts.path == "/home":
                self._redirect(tryout.act(Form({"as": [handle], "op": ["home"]}, {})))
            elif parts.path.startswith("/file/"):
                self._file(parts.path[len("/file/"):])
            elif parts.path == "/healthz":
                self._send(200, b"ok", "text/plain")
            else:
                self._send(404, b"not found", "text/plain")

        def _file(self, file_id: str) -> None:
            found = [f for f in tryout.pg.sandbox.files() if f["id"] == file_id]
            if not found:
                self._send(404, b"no such file", "text/plain")
                return
            name = found[0]["name"]
            content = tryout.pg.sandbox.file_content(file_id)
            kind = found[0].get("mimetype") or mimetypes.guess_type(name)[0] or \
                "application/octet-stream"
            self._send(200, content, kind,
                       {"Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}"})

        def do_POST(self) -> None:  # noqa: N802
            if urlsplit(self.path).path != "/act":
                self._send(404, b"not found", "text/plain")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._send(413, b"too large", "text/plain")
                return
            form = parse_form(self.headers.get("Content-Type", ""), self.rfile.read(length))
            self._redirect(tryout.act(form))

    return Handler


def run_web(handle: str = "sam", host: str = "127.0.0.1", port: int = 8080,
            echo=print) -> None:
    """Run the web try-out until interrupted."""
    from rtwbot.playground import Playground

    with Playground() as pg:
        server = WebServer(TryOut(pg), host, port)
        echo(f"rtwbot's sandbox workspace is at {server.url[:-1]}{url(handle)}")
        echo("It is a stand-in for Slack on this machine; press Ctrl-C to stop.")
        try:
            server.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.httpd.server_close()
