"""The one adapter that puts a `ReportPost` into Slack: the message and its charts as a
single files v2 upload (`files_upload_v2`, the message as its initial comment), the same
sending path the forms use (`rtwbot.workflow.documents`). Says go through `Bot.deliver`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rtwbot.metrics.report import ReportPost
from rtwbot.workflow.outbox import Say

if TYPE_CHECKING:
    from rtwbot.workflow.wiring import Wiring as Bot

log = logging.getLogger(__name__)


def post_report(bot: Bot, post: ReportPost) -> str:
    """Upload; returns the channel id it went to."""
    if post.channel:
        channel = bot.sender.channels.id_of(post.channel) or post.channel
    else:
        channel = bot.sender.dm_channel(post.to_user or "")
    bot.client.files_upload_v2(
        channel=channel, initial_comment=post.text,
        file_uploads=[{"content": c.png, "filename": c.filename, "title": c.title}
                      for c in post.files])
    return channel


def deliver(bot: Bot, items: list[Say | ReportPost]) -> None:
    for item in items:
        if isinstance(item, ReportPost):
            post_report(bot, item)
        else:
            bot.deliver([item])


def tick_monthly(bot: Bot) -> str | None:
    """The committee's monthly report, when due (built once per bot: its worker id)."""
    from rtwbot.metrics.monthly import MonthlyReport
    from rtwbot.worker import worker_id

    if bot._monthly is None:
        bot._monthly = MonthlyReport(bot.metrics, bot.directory.channels.committee,
                                     lambda p: post_report(bot, p), worker_id())
    try:
        return bot._monthly.tick()
    except Exception:  # noqa: BLE001 - the next tick tries again; the row is the truth
        log.exception("Monthly report tick failed")
        return None
