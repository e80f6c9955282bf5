"""gunicorn's threaded worker (gthread), reading each request whole before a thread sees it.

gthread hands a connection to a thread as soon as it is accepted; the thread then reads
the request line, the headers and the body with blocking reads. A client that declares
`Content-Length: 1000` and sends 10 bytes, or opens a connection and sends nothing, holds
that thread: sixteen of them held all sixteen, `/healthz` timed out and a signed DM was
acked after 78 s.

`ReadingWorker` reads in the worker's event loop instead (non-blocking, with the other
connections): a connection becomes a thread's work only once its request is complete —
the headers, and the body its Content-Length declares. Each request must be complete
within `read_seconds` of its first byte (or of the connection's opening); a slower sender
is closed without an answer, having cost no thread. A body over the limit or a chunked
body is refused from the loop, before a byte of it is read. Idle kept-alive connections
wait in the loop as before (gunicorn's keep-alive timeout), also costing no thread.
"""

from __future__ import annotations

import contextlib
import errno
import re
import selectors
import time
from functools import partial
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker

READ_SECONDS = 5.0  # Slack sends a few KiB at once; this is generous for a real client
HEAD_LIMIT = 64 * 1024  # request line and headers; gunicorn's own limits apply after
_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*([^\r\n]*)", re.IGNORECASE | re.MULTILINE)
_CHUNKED = re.compile(rb"^transfer-encoding[ \t]*:", re.IGNORECASE | re.MULTILINE)

NEED_MORE = "more"
WHOLE = "whole"


def request_state(buf: bytes | bytearray, max_body: int) -> tuple[str | int, int]:
    """(what to do, how many bytes the first request takes) for what a connection has sent:
    NEED_MORE, WHOLE (hand it to a thread), or an HTTP status to answer from the loop."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return (431 if len(buf) > HEAD_LIMIT else NEED_MORE), 0
    head = bytes(buf[:end])
    if end > HEAD_LIMIT:
        return 431, 0
    if _CHUNKED.search(head):
        return 400, 0  # Slack declares its lengths; the app refuses chunked bodies too
    lengths = _LENGTH.findall(head)
    if not lengths:
        return WHOLE, end + 4  # no body (GET /healthz), or the app's 400 for a POST
    raw = lengths[0].strip()
    if len(lengths) > 1 or not raw.isdigit() or len(raw) > 18:
        return WHOLE, end + 4  # gunicorn's parser refuses it, reading nothing more
    length = int(raw)
    if length > max_body:
        return 413, 0
    total = end + 4 + length
    return (WHOLE if len(buf) >= total else NEED_MORE), total


_REASONS = {400: "Bad Request", 413: "Content Too Large",
            431: "Request Header Fields Too Large"}


def refusal(status: int) -> bytes:
    body = b'{"error": "request refused"}'
    return (f"HTTP/1.1 {status} {_REASONS.get(status, 'Refused')}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode() + body


class ReadingWorker(ThreadWorker):
    """gthread, with requests read whole in the event loop (see the module's doc)."""

    read_seconds = READ_SECONDS
    max_body = 1024 * 1024

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.reading: dict[TConn, float] = {}  # connection -> its deadline (monotonic)

    def accept(self, listener: Any) -> None:
        if self.cfg.is_ssl:  # TLS ends at the proxy in front (docs/http-server.md)
            return super().accept(listener)
        try:
            client, address = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client, address, listener.getsockname())  # non-blocking
        conn.rbuf = bytearray()
        self._read(conn)

    def on_client_socket_readable(self, conn: TConn, client: Any) -> None:
        """A kept-alive connection sends its next request: read it in the loop too."""
        if self.cfg.is_ssl:
            return super().on_client_socket_readable(conn, client)
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        conn.sock.setblocking(False)
        self._read(conn)
        self._on_readable(conn, client)

    def _read(self, conn: TConn) -> None:
        self.reading[conn] = time.monotonic() + self.read_seconds
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn: TConn, _client: Any) -> None:
        if conn not in self.reading:
            return
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            data = None
        except OSError:
            data = b""
        if data == b"":
            return self._drop(conn)
        if data:
            conn.rbuf += data
        state, size = request_state(conn.rbuf, self.max_body)
        if state == NEED_MORE:
            return None
        if state != WHOLE:
            return self._refuse(conn, int(state))
        self._hand_over(conn, size)
        return None

    def _hand_over(self, conn: TConn, size: int) -> None:
        """The request is whole: a thread serves it from the bytes already read; bytes of a
        next (pipelined) request stay for the loop to read on."""
        self._stop_reading(conn)
        request, conn.rbuf = bytes(conn.rbuf[:size]), conn.rbuf[size:]
        conn.data_ready = True
        conn.init()  # the parser (a no-op for a kept-alive connection)
        conn.sock.setblocking(True)
        conn.parser.unreader.unread(request)
        self.enqueue_req(conn)

    def finish_request(self, conn: TConn, fs: Any) -> None:
        super().finish_request(conn, fs)
        if getattr(conn, "rbuf", None) and conn in self.keepalived_conns:
            self.on_client_socket_readable(conn, conn.sock)  # a pipelined request

    def _refuse(self, conn: TConn, status: int) -> None:
        self._stop_reading(conn)
        with contextlib.suppress(OSError):
            conn.sock.send(refusal(status))
        self.nr_conns -= 1
        conn.close()

    def _drop(self, conn: TConn) -> None:
        self._stop_reading(conn)
        self.nr_conns -= 1
        conn.close()

    def _stop_reading(self, conn: TConn) -> None:
        self.reading.pop(conn, None)
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(conn.sock)

    def murder_pending(self) -> None:
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c, deadline in self.reading.items() if deadline <= now]:
            self._drop(conn)  # too slow: it never reached a thread


def reading_worker(read_seconds: float, max_body: int) -> type[ReadingWorker]:
    """The worker class for gunicorn's `worker_class`, with this server's limits."""
    return type("ReadingWorker", (ReadingWorker,),
                {"read_seconds": read_seconds, "max_body": max_body})
