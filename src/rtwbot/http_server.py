"""`rtwbot serve --http`: the WSGI edge (`rtwbot.slack.wsgi`) under gunicorn, threaded
workers (gthread) that read each request whole before a thread sees it
(`rtwbot.http_reading`). Why gunicorn, and how it is tuned: docs/http-server.md.

The master process binds the socket (listen backlog from settings) and supervises; each
worker process builds its own bot (database engine, listener pool, nudge scheduler) after
the fork, so no connection or thread crosses a fork. On SIGTERM the master stops the
workers gracefully: each stops accepting, answers the requests in flight, lets the
listeners that already acked finish, stops its scheduler and closes the database.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

from rtwbot.config import ConfigError, Settings
from rtwbot.logs import gunicorn_logconfig

log = logging.getLogger(__name__)


def gunicorn_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    from rtwbot.http_reading import reading_worker

    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        # gthread, reading each request whole in its event loop before a thread serves
        # it: a slow or silent sender costs no thread (rtwbot.http_reading).
        "worker_class": reading_worker(settings.http_read_seconds,
                                       settings.http_max_body_bytes),
        "workers": settings.http_workers,
        "threads": settings.http_threads,
        "backlog": settings.http_backlog,
        "graceful_timeout": settings.http_graceful_timeout,
        "timeout": max(30, settings.http_graceful_timeout + 5),
        "keepalive": 5,
        # Slack sends a few headers of its own; refuse absurd request lines and headers.
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "accesslog": None,  # no per-request log: paths carry nothing, bodies never logged
        "errorlog": "-",
        "loglevel": settings.log_level.lower(),
        "proc_name": "rtwbot",
        "preload_app": False,  # each worker builds its bot after the fork
        # gunicorn >= 24 opens a control socket under $HOME; the bot needs none, and two
        # servers on one host would fight over it.
        "control_socket_disable": True,
        **({"logconfig_dict": gunicorn_logconfig(settings.log_level)}
           if settings.log_format == "json" else {}),
    }


class WorkerApp:
    """What one worker runs: the WSGI application and how to close it."""

    def __init__(self, wsgi: Callable, close: Callable[[], None]):
        self.wsgi, self.close = wsgi, close


class GunicornServer(BaseApplication):
    """gunicorn, configured in code (no config file, no gunicorn command line)."""

    def __init__(self, build: Callable[[], WorkerApp], options: dict[str, Any],
                 ready_line: str = ""):
        self._build, self._options, self._ready_line = build, options, ready_line
        self._worker_app: WorkerApp | None = None
        super().__init__()

    def init(self, parser, opts, args):  # noqa: D401 - gunicorn's hook; no CLI parsing here
        return None

    def load_config(self) -> None:
        for key, value in self._options.items():
            if key in self.cfg.settings:  # a setting older gunicorns lack is left out
                self.cfg.set(key, value)
        self.cfg.set("post_worker_init", self._post_worker_init)
        self.cfg.set("worker_exit", self._worker_exit)

    def load(self) -> Callable:
        self._worker_app = self._build()
        return self._worker_app.wsgi

    def _post_worker_init(self, worker) -> None:
        if self._ready_line:
            print(f"{self._ready_line} (worker {worker.pid})", flush=True)

    def _worker_exit(self, server, worker) -> None:
        if self._worker_app is not None:
            self._worker_app.close()
            self._worker_app = None


def rtwbot_worker(settings: Settings) -> WorkerApp:
    """Builds the bot in a worker: its WSGI edge and its shutdown."""
    from rtwbot.runtime import create_bot
    from rtwbot.scheduler import start_scheduler
    from rtwbot.slack.wsgi import edge_for

    bot = create_bot(settings, check=False)  # the master checked the schema before forking
    scheduler = start_scheduler(bot)

    def close() -> None:
        scheduler.shutdown(wait=True)
        # Finishes what was acked (the listeners running, the deliveries waiting their
        # turn), then closes the database.
        bot.close(finish_within=settings.http_graceful_timeout * 0.8)
        log.info("rtwbot worker stopped cleanly")

    return WorkerApp(edge_for(bot), close)


def preflight(settings: Settings) -> None:
    """What would stop every worker, checked once so it ends in one line per problem: the
    settings, the key, the database and its schema, the directory. (Each worker's app asks
    Slack for its identity when it is built.)"""
    from rtwbot.preflight import check_for_serve
    from rtwbot.store import crypto

    settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "RTWBOT_ENCRYPTION_KEY")
    crypto.configure(settings.encryption_key or "")
    check_for_serve(settings, slack=False)


def preflight_in_child(settings: Settings, meanwhile: Callable[[], object] = lambda: None) -> None:
    """`preflight` in a short-lived forked child, so that what only the check needs (Alembic,
    about 8 MiB) never sits in the master, nor in every worker forked from it; `meanwhile`
    runs in the parent while the child checks. A failure the operator can fix is raised
    here again, as the same one line."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check, report, and leave without running any cleanup
        os.close(read_end)
        code, failure = 0, b""
        try:
            preflight(settings)
        except BaseException as exc:  # noqa: BLE001 - everything is reported to the parent
            code, failure = 2, f"{type(exc).__name__}\0{exc}".encode()
        os.write(write_end, failure)
        os._exit(code)
    os.close(write_end)
    try:
        meanwhile()
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            report = pipe.read().decode()
        _, status = os.waitpid(pid, 0)
    if report or os.waitstatus_to_exitcode(status) != 0:
        from rtwbot.store.crypto import KeyError_
        from rtwbot.store.db import SchemaOutOfDate

        known = {cls.__name__: cls for cls in (ConfigError, SchemaOutOfDate, KeyError_)}
        kind, _, message = report.partition("\0")
        raise known.get(kind, RuntimeError)(message or "the start-up check failed")


def _import_the_bot() -> None:
    import rtwbot.runtime  # noqa: F401


def serve_http(settings: Settings, host: str, port: int) -> None:
    """Run the production HTTP server until SIGTERM (graceful) or SIGINT (quick)."""
    # While the child checks, import the bot's code once, here: every worker inherits it
    # (copy-on-write) instead of importing it again. Nothing is built before the fork.
    from rtwbot.preflight import slack_identity
    from rtwbot.store.crypto import KeyError_
    from rtwbot.store.db import SchemaOutOfDate

    problems: list[str] = []
    # Importing the bot makes a few hundred thousand objects that live as long as the
    # process: collecting while they are made frees nothing and costs a tenth of the start.
    # Frozen afterwards, the workers' collections never scan (nor touch, copying the
    # pages) what they inherited.
    gc.disable()
    try:
        preflight_in_child(settings, meanwhile=_import_the_bot)
    except (ConfigError, SchemaOutOfDate, KeyError_) as exc:
        problems += str(exc).splitlines()
    finally:
        gc.freeze()
        gc.enable()
    try:  # in the master, not the forked child: an HTTP client after fork is not safe
        slack_identity(settings)
    except ConfigError as exc:
        problems += str(exc).splitlines()
    if problems:
        raise ConfigError("\n".join(problems))  # everything to fix, in one run
    from rtwbot.faults import SERVER_PID_VARIABLE

    os.environ[SERVER_PID_VARIABLE] = str(os.getpid())  # the workers inherit it
    if settings.http_workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # /metrics sums every worker's delivery counts (prometheus_client's multiprocess
        # mode reads this folder); it must be set before the workers import the client.
        import tempfile

        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="rtwbot-metrics-")
    ready = (f"rtwbot is listening on http://{host}:{port}/slack/events "
             "(health: /healthz, metrics: /metrics)")
    GunicornServer(lambda: rtwbot_worker(settings), gunicorn_options(settings, host, port),
                   ready_line=ready).run()
