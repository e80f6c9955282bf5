"""`rtwbot outbox ...`: what the bot still has to say, what Slack refused, and putting a
refused row back in line once its cause is fixed. Shows no message text (it may be medical)."""

from __future__ import annotations

import click

from rtwbot.clock import SystemClock
from rtwbot.config import load_settings
from rtwbot.store import outbox as store
from rtwbot.store.db import Database, check_schema


def _db() -> Database:
    cfg = load_settings()
    db = Database(cfg.database_url)
    check_schema(db.engine)
    return db


@click.group("outbox")
def outbox() -> None:
    """Messages and uploads waiting for Slack, or refused by it."""


@outbox.command("list")
@click.option("--failed", is_flag=True, help="Only the rows Slack refused for good.")
@click.option("--limit", default=50, show_default=True)
def outbox_list(failed: bool, limit: int) -> None:
    """The newest rows: id, kind, where to, state, tries, and Slack's error."""
    db = _db()
    try:
        rows = store.list_rows(db, failed=failed, limit=limit)
        health = store.health(db, SystemClock().now())
    finally:
        db.dispose()
    click.echo(f"{health['outbox_pending']} waiting (oldest {health['outbox_lag_seconds']} s), "
               f"{health['outbox_failed']} failed")
    for r in rows:
        when = r["created_at"].strftime("%Y-%m-%d %H:%M")
        click.echo(f"#{r['id']:<6} {when}  {r['kind']:<7} {r['conversation']:<28} "
                   f"{r['status']:<8} tries={r['attempts']}  {r['error'] or ''}".rstrip())


@outbox.command("retry")
@click.argument("row_id", type=int)
def outbox_retry(row_id: int) -> None:
    """Send a failed row again (the running bot takes it at its next tick)."""
    db = _db()
    try:
        ok = store.retry(db, row_id, SystemClock().now())
    finally:
        db.dispose()
    if not ok:
        raise click.ClickException(f"There is no failed outbox row #{row_id}.")
    click.echo(f"Outbox #{row_id} is back in line.")
