"""The `rtwbot` command. Every operator-facing failure ends in one plain line, no traceback."""

from __future__ import annotations

import logging
import sys

import click

from rtwbot.config import ConfigError, Settings, load_settings
from rtwbot.store.crypto import KeyError_
from rtwbot.store.db import SchemaOutOfDate

KNOWN_FAILURES = (ConfigError, SchemaOutOfDate, KeyError_)


# Operator commands, imported when named (or listed): `rtwbot serve` starts without them.
LAZY_COMMANDS = {
    "backup": "rtwbot.ops.cli:backup_command",
    "directory": "rtwbot.directory_check:directory",
    "doctor": "rtwbot.doctor:doctor",
    "export": "rtwbot.ops.cli:export_command",
    "nudges": "rtwbot.nudges_cli:nudges",
    "outbox": "rtwbot.outbox_cli:outbox",
    "restore": "rtwbot.ops.cli:restore_command",
    "retention": "rtwbot.ops.cli:retention",
    "roster": "rtwbot.roster_cli:roster",
}


class RtwGroup(click.Group):
    """Turns the failures a person can fix into one line and exit code 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and name not in self.commands:
            import importlib

            module, attr = LAZY_COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return super().invoke(ctx)
        except KNOWN_FAILURES as exc:
            _fail(str(exc))
        except SQLAlchemyError as exc:  # a database that would not open or answer
            from rtwbot.preflight import describe_database_error

            _fail(describe_database_error(exc, _database_url()))
        except Exception as exc:  # noqa: BLE001 - the last net: one line, never a traceback
            if isinstance(exc, click.exceptions.ClickException | click.exceptions.Exit
                          | click.exceptions.Abort):
                raise
            _fail(describe_unexpected(exc))


def describe_unexpected(exc: BaseException) -> str:
    """One line for a failure no command foresaw: Slack unreachable or refusing, a file
    that cannot be read or written, or anything else (with --verbose for the detail)."""
    from urllib.error import URLError

    from slack_sdk.errors import SlackApiError

    if isinstance(exc, SlackApiError):
        error = (exc.response.data or {}).get("error", "") if exc.response is not None else ""
        return (f"Slack refused the request ({error or 'error'}): run `rtwbot doctor` to "
                "check the token and its scopes.")
    if isinstance(exc, URLError | ConnectionError | TimeoutError):
        reason = getattr(exc, "reason", None) or exc
        return (f"Slack is unreachable ({reason}): check the network, proxy and firewall, or "
                "RTWBOT_SLACK_API_URL.")
    if isinstance(exc, OSError) and exc.filename:
        return f"cannot use {exc.filename} ({exc.strerror}): check the path and its permissions."
    logging.getLogger("rtwbot").debug("Unexpected failure", exc_info=exc)
    # Not the exception's text: it may carry what someone typed about an injury.
    return (f"failed unexpectedly ({exc.__class__.__name__}); run again with --verbose for "
            "the detail.")


def _fail(message: str) -> None:
    for line in message.splitlines() or ["failed"]:
        click.echo(f"rtwbot: {line}", err=True)
    sys.exit(2)


def _database_url() -> str:
    try:
        return load_settings().database_url
    except ConfigError:
        return "the configured database"


def settings() -> Settings:
    return load_settings()


@click.group(cls=RtwGroup, context_settings={"max_content_width": 100, "terminal_width": 100})
@click.version_option(package_name="rtwbot", prog_name="rtwbot",
                      message="%(prog)s %(version)s")
@click.option("-v", "--verbose", is_flag=True, help="Log more (never message bodies).")
def main(verbose: bool) -> None:
    """rtwbot — a Slack bot for an Ontario Return-to-Work / Modified Work Program."""
    from rtwbot.logs import configure

    configure(logging.DEBUG if verbose else logging.INFO)  # RTWBOT_LOG_FORMAT: text or json
    # Alembic says every migration it runs at INFO: detail for --verbose, not for every start.
    logging.getLogger("alembic").setLevel(logging.INFO if verbose else logging.WARNING)


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create the tables, or bring them to the newest migration."""
    from rtwbot.preflight import check_database_url
    from rtwbot.store.db import upgrade

    url = settings().database_url
    check_database_url(url)
    upgrade(url)
    click.echo("The database is up to date.")


@main.command(short_help="Program metrics for a period, without names.")
@click.option("--from", "start", required=True, help="First day or month (2025-11-01, 2025-11).")
@click.option("--to", "end", required=True, help="Last day or month (2026-10-31, 2026-10).")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), help="Write the figures here.")
def metrics(start: str, end: str, csv_file: str | None) -> None:
    """Program metrics for a period (no names; counts under 5 shown as <5, figures of fewer
    than 5 cases not shown)."""
    from rtwbot.metrics.cli import run_metrics

    click.echo(run_metrics(settings(), start, end, csv_file))


@main.command()
@click.option("--http", "http_mode", is_flag=True, help="Serve HTTP instead of Socket Mode.")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=3000, show_default=True, type=int)
def serve(http_mode: bool, host: str, port: int) -> None:
    """Run the bot against Slack (Socket Mode, or HTTP with --http).

    HTTP mode runs under gunicorn (RTWBOT_HTTP_WORKERS, RTWBOT_HTTP_THREADS,
    RTWBOT_HTTP_BACKLOG, RTWBOT_HTTP_MAX_BODY_BYTES, RTWBOT_HTTP_GRACEFUL_TIMEOUT);
    SIGTERM stops it gracefully."""
    cfg = settings()
    needed = ["SLACK_BOT_TOKEN", "RTWBOT_ENCRYPTION_KEY"]
    missing = [] if http_mode or cfg.slack_app_token else [
        "SLACK_APP_TOKEN is not set: set it to an app-level token (xapp-...) for "
        "Socket Mode, or run `rtwbot serve --http` with SLACK_SIGNING_SECRET."]
    if http_mode:
        needed.insert(1, "SLACK_SIGNING_SECRET")
    try:
        cfg.require(*needed)
    except ConfigError as exc:
        missing = str(exc).splitlines() + missing
    if missing:
        raise ConfigError("\n".join(missing))  # every missing setting at once
    if http_mode:
        from rtwbot.http_server import serve_http

        serve_http(cfg, host, port)  # the same checks, in a short-lived child
        return
    from rtwbot.preflight import check_for_serve
    from rtwbot.runtime import create_bot

    check_for_serve(cfg)  # the database opens, Slack answers and accepts the token
    bot = create_bot(cfg)
    from rtwbot.scheduler import start_scheduler

    scheduler = start_scheduler(bot)
    try:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        SocketModeHandler(bot.app, cfg.slack_app_token).start()
    except KeyboardInterrupt:
        pass
    finally:
        scheduler.shutdown(wait=False)
        bot.close()


@main.command()
@click.option("--out", default="rtwbot-demo-output", show_default=True,
              help="Folder for the documents the demo generates.")
def demo(out: str) -> None:
    """Play a scripted scene through the Slack sandbox and print the conversation."""
    from rtwbot.demo import run_demo

    run_demo(out_dir=out)


@main.command("sandbox")
@click.option("--as", "as_user", default="sam", show_default=True,
              help="The sandbox user you type as (sam: supervisor, erin: employee, hana: HR).")
@click.option("--web", is_flag=True, help="Serve a Slack-like workspace page instead.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="With --web: the address to listen on (loopback unless you change it).")
@click.option("--port", default=8080, show_default=True, type=int, help="With --web.")
def sandbox_chat(as_user: str, web: bool, host: str, port: int) -> None:
    """Chat with the bot with no Slack workspace: in a terminal, or in a browser (--web)."""
    if web:
        from rtwbot.tryout.server import run_web

        try:
            run_web(as_user, host=host, port=port, echo=click.echo)
        except OSError as exc:
            raise click.ClickException(
                f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port"
            ) from None
        return
    from rtwbot.playground_chat import run_chat

    run_chat(as_user)


@main.group()
def keys() -> None:
    """Encryption keys."""


@keys.command("generate")
def keys_generate() -> None:
    """Print a new key for RTWBOT_ENCRYPTION_KEY."""
    from rtwbot.store.crypto import generate_key

    click.echo(generate_key())


@keys.command("rotate", short_help="Re-encrypt every stored secret under the newest key.")
def keys_rotate() -> None:
    """Re-encrypt every stored secret under the newest key (the first in
    RTWBOT_ENCRYPTION_KEY); older keys may then be removed from the list."""
    from rtwbot.store import crypto
    from rtwbot.store.db import Database
    from rtwbot.store.keyrotation import rotate_all

    cfg = settings()
    cfg.require("RTWBOT_ENCRYPTION_KEY")
    crypto.configure(cfg.encryption_key or "")
    db = Database(cfg.database_url)
    try:
        counts = rotate_all(db)
    finally:
        db.dispose()
    total = sum(counts.values())
    click.echo(f"Re-encrypted {total} value(s) under the newest key.")
    for column, n in sorted(counts.items()):
        click.echo(f"  {column}: {n}")


@main.command()
@click.argument("reference")
def audit(reference: str) -> None:
    """Print a case's timeline: every change and every look at it."""
    from rtwbot.store import crypto
    from rtwbot.store.audit_log import format_timeline, timeline
    from rtwbot.store.db import Database

    cfg = settings()
    cfg.require("RTWBOT_ENCRYPTION_KEY")
    crypto.configure(cfg.encryption_key or "")
    db = Database(cfg.database_url)
    try:
        with db.session() as s:
            rows = timeline(s, reference)
    finally:
        db.dispose()
    if not rows:
        raise click.ClickException(f"There is no case {reference.upper()} in this database.")
    click.echo(f"Audit timeline of {reference.upper()}")
    click.echo(format_timeline(rows, cfg.timezone))


if __name__ == "__main__":  # pragma: no cover
    main()
