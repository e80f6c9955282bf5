"""The `rtwbot` command. Every operator-facing failure ends in one plain line, no traceback."""

from __future__ import annotations

import logging
import sys

import click

from rtwbot.config import ConfigError, Settings, load_settings
from rtwbot.store.crypto import KeyError_
from rtwbot.store.db import SchemaOutOfDate

KNOWN_FAILURES = (ConfigError, SchemaOutOfDate, KeyError_)


class RtwGroup(click.Group):
    """Turns the failures a person can fix into one line and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KNOWN_FAILURES as exc:
            click.echo(f"rtwbot: {exc}", err=True)
            sys.exit(2)


def settings() -> Settings:
    return load_settings()


@click.group(cls=RtwGroup)
@click.option("-v", "--verbose", is_flag=True, help="Log more (never message bodies).")
def main(verbose: bool) -> None:
    """rtwbot — a Slack bot for an Ontario Return-to-Work / Modified Work Program."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create the tables, or bring them to the newest migration."""
    from rtwbot.store.db import upgrade

    url = settings().database_url
    upgrade(url)
    click.echo("The database is up to date.")


@main.command()
@click.option("--http", "http_mode", is_flag=True, help="Serve HTTP instead of Socket Mode.")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=3000, show_default=True, type=int)
def serve(http_mode: bool, host: str, port: int) -> None:
    """Run the bot against Slack (Socket Mode, or HTTP with --http)."""
    from rtwbot.runtime import create_bot

    cfg = settings()
    if http_mode:
        cfg.require("SLACK_SIGNING_SECRET")
    elif not cfg.slack_app_token:
        raise ConfigError(
            "SLACK_APP_TOKEN is not set: set it to an app-level token (xapp-...) for "
            "Socket Mode, or run `rtwbot serve --http` with SLACK_SIGNING_SECRET."
        )
    bot = create_bot(cfg)
    from rtwbot.nudges.scheduler import start_scheduler

    scheduler = start_scheduler(bot)
    try:
        if http_mode:
            from rtwbot.slack.http import HttpServer

            server = HttpServer(bot.app, bot.db, host=host, port=port)
            click.echo(f"rtwbot is listening on {server.url} (health: /healthz)")
            server.serve_forever()
        else:
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
def sandbox_chat(as_user: str) -> None:
    """Chat with the bot in a terminal, as a sandbox user, with no Slack workspace."""
    from rtwbot.sandbox.chat import run_chat

    run_chat(as_user)


@main.group()
def keys() -> None:
    """Encryption keys."""


@keys.command("generate")
def keys_generate() -> None:
    """Print a new key for RTWBOT_ENCRYPTION_KEY."""
    from rtwbot.store.crypto import generate_key

    click.echo(generate_key())


@keys.command("rotate")
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


def _add_subcommands() -> None:
    from rtwbot.directory_check import directory
    from rtwbot.nudges.cli import nudges
    from rtwbot.roster_cli import roster

    main.add_command(nudges)
    main.add_command(directory)
    main.add_command(roster)


_add_subcommands()

if __name__ == "__main__":  # pragma: no cover
    main()
