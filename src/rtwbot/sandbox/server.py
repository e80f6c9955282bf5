"""The loopback HTTP server standing in for slack.com, files.slack.com and hooks.slack.com.

Routes:

* ``/api/<method>`` — the Web API (GET query or POST form/JSON; token from
  ``Authorization: Bearer`` or a ``token`` field; JSON bodies need the header, as on Slack);
* ``/upload/v1/<key>`` — where ``files.getUploadURLExternal`` sends the bytes;
* ``/files-pri/<team>-<file>/[download/]<name>`` — ``url_private`` downloads, which need the
  bot token; without it Slack redirects to a sign-in page, and so does the sandbox;
* ``/commands/...`` and ``/actions/...`` — ``response_url`` endpoints.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import traceback
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from . import responses, webapi
from .workspace import CallRecord, Workspace

_SIGNIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sign in | Slack</title></head>"
    b"<body><h1>Sign in to your workspace</h1></body></html>"
)


class _BodyError(Exception):
    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def _single(values: dict[str, list[str]]) -> dict[str, str]:
    return {key: items[0] for key, items in values.items()}


def parse_body(content_type: str, raw: bytes) -> tuple[dict[str, Any], bool]:
    """A request body as arguments, and whether it was JSON (Slack ignores ``token`` in JSON)."""
    if not raw:
        return {}, False
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError:
            raise _BodyError("invalid_json") from None
        if not isinstance(data, dict):
            raise _BodyError("json_not_object")
        return data, True
    if kind in ("application/x-www-form-urlencoded", "text/plain", ""):
        try:
            return _single(parse_qs(raw.decode("utf-8"), keep_blank_values=True)), False
        except UnicodeDecodeError:
            raise _BodyError("invalid_form_data") from None
    if kind == "multipart/form-data":
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw
        )
        fields: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                # A leaf part decodes to bytes (a nested multipart to None).
                payload = part.get_payload(decode=True)
                payload = payload if isinstance(payload, bytes) else b""
                fields[str(name)] = payload if part.get_filename() else payload.decode("utf-8")
        return fields, False
    raise _BodyError("invalid_post_type")


class _Handler(BaseHTTPRequestHandler):
    server_version = "SlackSandbox/1.0"
    workspace: Workspace  # set on the subclass the server builds

    # ---------------------------------------------------------------- plumbing
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: every request is in the call log instead."""

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting (its timeout)

    def _send_json(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        self._send(status, json.dumps(body).encode(), "application/json; charset=utf-8", headers)

    def _bearer(self) -> str | None:
        header = self.headers.get("Authorization") or ""
        return header[7:].strip() if header.lower().startswith("bearer ") else None

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        self._dispatch("POST")

    def _dispatch(self, verb: str) -> None:
        path = urlsplit(self.path).path
        try:
            if path.startswith("/api/"):
                self._api(path[len("/api/") :])
            elif path.startswith("/upload/v1/") and verb == "POST":
                self._upload(path[len("/upload/v1/") :])
            elif path.startswith("/files-pri/") and verb == "GET":
                self._download(path)
            elif path.startswith(("/commands/", "/actions/")) and verb == "POST":
                self._response_url(path)
            elif path == "/signin":
                self._send(200, _SIGNIN_PAGE, "text/html; charset=utf-8")
            else:
                self._send(404, b"Not Found", "text/plain")
        except Exception:  # keep serving; surface the sandbox bug to the test
            trace = traceback.format_exc()
            self.workspace.internal_errors.append(trace)
            print(f"slack sandbox internal error on {verb} {path}:\n{trace}", file=sys.stderr)
            self._send_json(500, {"ok": False, "error": "fatal_error"})

    # ---------------------------------------------------------------- routes
    def _api(self, method: str) -> None:
        query = _single(parse_qs(urlsplit(self.path).query, keep_blank_values=True))
        try:
            body, is_json = parse_body(self.headers.get("Content-Type") or "", self._body())
        except _BodyError as bad:
            answer = {"ok": False, "error": bad.error}
            self.workspace.record(
                CallRecord(method, query, False, bad.error, 200, answer, self.workspace.now())
            )
            self._send_json(200, answer)
            return
        args = {**query, **body}
        token = self._bearer()
        form_token = query.get("token") if is_json else args.get("token")
        args.pop("token", None)
        status, headers, answer = webapi.call(self.workspace, method, args, token or form_token)
        if status == webapi.DROPPED:  # Slack did it; the answer never arrives
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if status >= 500:
            self._send(status, f"{status} {answer['error']}".encode(), "text/plain", headers)
        else:
            self._send_json(status, answer, headers)

    def _upload(self, key: str) -> None:
        ws = self.workspace
        data = self._body()
        with ws.lock:
            file = ws.file_by_upload_key(key)
            if file is None or file.completed:
                record = CallRecord(
                    "upload_url", {"bytes": len(data)}, False, "not_found", 404, None, ws.now()
                )
                ws.record(record)
                self._send(404, b"Not Found", "text/plain")
                return
            file.content = data
            file.size = len(data)
            ws.record(
                CallRecord(
                    "upload_url",
                    {"file_id": file.id, "bytes": len(data)},
                    True,
                    None,
                    200,
                    None,
                    ws.now(),
                )
            )
        self._send(200, f"OK - {len(data)}".encode(), "text/plain; charset=utf-8")

    def _download(self, path: str) -> None:
        ws = self.workspace
        parts = path.split("/")  # ['', 'files-pri', 'T…-F…', ('download',) name]
        file_id = parts[2].rsplit("-", 1)[-1] if len(parts) > 3 else ""
        token = self._bearer()
        with ws.lock:
            file = ws.files.get(file_id)
            args = {"file_id": file_id, "authorized": token == ws.bot_token}
            if token != ws.bot_token:
                ws.record(
                    CallRecord("file_download", args, False, "not_authed", 302, None, ws.now())
                )
                location = f"{ws.base_url}/signin?redir={quote(path)}"
                self._send(302, b"", "text/html", {"Location": location})
                return
            if file is None or file.content is None:
                ws.record(
                    CallRecord("file_download", args, False, "file_not_found", 404, None, ws.now())
                )
                self._send(404, b"Not Found", "text/plain")
                return
            content, mimetype = file.content, file.mimetype
            ws.record(CallRecord("file_download", args, True, None, 200, None, ws.now()))
        disposition = "attachment" if "/download/" in path else "inline"
        self._send(
            200,
            content,
            mimetype,
            {"Content-Disposition": f'{disposition}; filename="{file.name}"'},
        )

    def _response_url(self, path: str) -> None:
        parts = path.split("/", 3)  # ['', kind, team, key]
        key = parts[3] if len(parts) == 4 else ""
        raw = self._body()
        try:
            body, _ = parse_body(self.headers.get("Content-Type") or "application/json", raw)
            if not body and raw:
                body = json.loads(raw)
        except (_BodyError, ValueError):
            self._send_json(400, {"ok": False, "error": "invalid_payload"})
            return
        status, answer = responses.post(self.workspace, key, body)
        self._send_json(status, answer)


class ApiServer:
    """Owns the listening socket and its serving thread."""

    def __init__(self, workspace: Workspace, host: str = "127.0.0.1", port: int = 0) -> None:
        self.workspace = workspace
        self._address = (host, port)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the sandbox server is not started")
        host, port = self._httpd.server_address[:2]
        assert isinstance(host, str)  # an IPv4/IPv6 server's address is (host, port, ...)
        return f"http://{host}:{port}"

    def start(self) -> None:
        handler = type("SandboxHandler", (_Handler,), {"workspace": self.workspace})
        self._httpd = ThreadingHTTPServer(self._address, handler)
        self._httpd.daemon_threads = True
        self.workspace.base_url = self.base_url
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.02},  # how quickly stop() is noticed
            name="slack-sandbox",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None
