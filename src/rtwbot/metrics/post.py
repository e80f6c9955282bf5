"""Puts a `ReportPost` into Slack: the message and its charts as one upload (files v2, the
message as its initial comment), written to the outbox like every other effect, so an
outage delays the committee's report and a crash does not post it twice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from rtwbot.metrics.report import MetricsWorkflow, ReportPost
from rtwbot.workflow.outbox import FileToSend, Say, Upload

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtwbot.metrics.monthly import MonthlyReport
    from rtwbot.workflow.wiring import Wiring as Bot

    class MonthlyHost(Bot, Protocol):
        """The bot as the monthly tick sees it: it keeps the report, built on the first tick."""

        metrics: MetricsWorkflow
        _monthly: MonthlyReport | None

log = logging.getLogger(__name__)


def as_upload(post: ReportPost) -> Upload:
    return Upload(files=tuple(FileToSend(c.filename, c.title, c.png) for c in post.files),
                  to_user=None if post.channel else post.to_user, channel=post.channel,
                  comment=post.text)


def post_report(bot: Bot, post: ReportPost, s: Session) -> str:
    """The report's upload, written to the outbox in `s`; returns where it goes."""
    bot.enqueue([as_upload(post)], s)
    return post.channel or post.to_user or ""


def deliver(bot: Bot, items: list[Say | ReportPost]) -> None:
    bot.deliver([as_upload(i) if isinstance(i, ReportPost) else i for i in items])


def tick_monthly(bot: MonthlyHost) -> str | None:
    """The committee's monthly report, when due (built once per bot: its worker id)."""
    from rtwbot.metrics.monthly import MonthlyReport
    from rtwbot.worker import worker_id

    if bot._monthly is None:
        bot._monthly = MonthlyReport(bot.metrics, bot.directory.channels.committee,
                                     lambda p, s: post_report(bot, p, s), worker_id())
    try:
        key = bot._monthly.tick()
    except Exception:  # noqa: BLE001 - the next tick tries again; the row is the truth
        log.exception("Monthly report tick failed")
        return None
    if key:
        bot.deliver([])  # the relay sends it now (or, in an outage, later)
    return key
