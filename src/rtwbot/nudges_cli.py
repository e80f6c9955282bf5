"""`rtwbot nudges ...`: see what is due, overdue or failed, and send what is due once."""

from __future__ import annotations

from datetime import datetime

import click
from sqlalchemy import select

from rtwbot.clock import SystemClock
from rtwbot.config import load_settings
from rtwbot.nudges.service import due_filter, overdue_filter
from rtwbot.store.db import Database, check_schema
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import FAILED, Nudge

SECTIONS = ("due", "overdue", "failed")
# "Overdue": posted, not marked done, and due more than this long ago.


@click.group("nudges")
def nudges() -> None:
    """Deadline reminders: list them, or send what is due now."""


def _rows(db: Database, section: str, now: datetime, limit: int) -> list:
    query = select(
        Nudge.id,
        Case.reference,
        Nudge.kind,
        Nudge.recipient_role,
        Nudge.state,
        Nudge.deliver_after,
        Nudge.attempts,
        Nudge.failure_reason,
    ).join(Case, Case.id == Nudge.case_id)
    if section == "due":
        query = query.where(due_filter(now)).order_by(Nudge.deliver_after)
    elif section == "overdue":
        query = query.where(overdue_filter(now))
        query = query.order_by(Nudge.due_at)
    else:
        query = query.where(Nudge.state == FAILED).order_by(Nudge.updated_at.desc())
    with db.session() as s:
        return list(s.execute(query.limit(limit)).all())


def _table(rows: list, tz) -> str:
    header = ("id", "case", "kind", "to", "state", "deliver after", "tries", "reason")
    body = [
        (
            str(r.id),
            r.reference,
            r.kind,
            r.recipient_role,
            r.state,
            f"{r.deliver_after.astimezone(tz):%Y-%m-%d %H:%M}",
            str(r.attempts),
            (r.failure_reason or "")[:60],
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in (header, *body)) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in (header, *body)
    ]
    return "\n".join(lines)


@nudges.command("list")
@click.option(
    "--section",
    type=click.Choice(SECTIONS),
    multiple=True,
    help="Only these sections (default: all three).",
)
@click.option("--limit", default=50, show_default=True, help="Rows per section.")
def list_nudges(section: tuple[str, ...], limit: int) -> None:
    """Due (ready to send), overdue (sent, not done) and failed nudges, as tables."""
    settings = load_settings()
    db = Database(settings.database_url)
    try:
        check_schema(db.engine)
        now = SystemClock().now()
        for name in section or SECTIONS:
            rows = _rows(db, name, now, limit)
            click.echo(f"{name.capitalize()} ({len(rows)})")
            click.echo(_table(rows, settings.tz) if rows else "  none")
            click.echo()
    finally:
        db.dispose()


@nudges.command("run-once")
def run_once() -> None:
    """Claim and send what is due now (one tick), then print what happened."""
    from rtwbot.preflight import slack_identity
    from rtwbot.runtime import create_bot

    settings = load_settings()
    settings.require("SLACK_BOT_TOKEN")
    slack_identity(settings)  # nothing is claimed when Slack cannot take it
    bot = create_bot(settings, clock=SystemClock())
    try:
        report = bot.dispatcher.tick()
        bot.relay.drain()  # the nudges go out through the outbox, like everything said
    finally:
        bot.close()
    if report.skipped:
        click.echo(f"Nothing sent: {report.skipped} ({settings.timezone}).")
        return
    click.echo(
        f"Sent {report.sent}, escalated {report.escalated}, "
        f"retrying {report.retried}, failed {report.failed}, cancelled {report.cancelled}."
    )
    for error in report.errors:
        click.echo(f"  error: {error}", err=True)
