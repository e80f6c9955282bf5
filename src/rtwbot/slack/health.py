"""What `GET /healthz` reports. The hook for other parts of the bot: add fields here
(for example the outbox lag) by returning them from `health_fields`; raise to report
the bot unhealthy (the probe then answers 503)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from rtwbot.store.outbox import health as outbox_health

if TYPE_CHECKING:
    from rtwbot.slack.bot import Bot


def database_ok(bot: Bot) -> None:
    """Raises when the database cannot be reached."""
    with bot.db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def health_fields(bot: Bot) -> dict[str, Any]:
    """The probe's fields beside `"ok": true`; raising makes the probe answer 503."""
    database_ok(bot)
    return extra_health_fields(bot)


def extra_health_fields(bot: Bot) -> dict[str, Any]:
    """Extra fields for /healthz: the outbox lag (how many wait, the oldest's wait, failed)."""
    return outbox_health(bot.db, bot.clock.now())
