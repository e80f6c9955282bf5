"""Wiring: build the dispatcher from the bot, and tick it every minute with APScheduler.

APScheduler 3.x cannot share a job store between processes, so it keeps no state here: it
only calls `tick()`. Every bot process may run this; the database claim makes each nudge
go out once.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from rtwbot.clock import Clock
from rtwbot.config import Settings
from rtwbot.directory import Directory, load_directory
from rtwbot.nudges.dispatcher import Dispatcher
from rtwbot.slack.nudge_outbox import OutboxNudges
from rtwbot.store import workers
from rtwbot.store.db import Database
from rtwbot.worker import process_id, worker_id

if TYPE_CHECKING:
    from rtwbot.slack.bot import Bot

log = logging.getLogger(__name__)

TICK_SECONDS = 60
JOB_ID = "rtwbot-nudges-tick"
PULSE_JOB_ID = "rtwbot-pulse"


def directory_of(bot: Bot) -> Directory:
    return getattr(bot, "directory", None) or load_directory(bot.settings.directory)


def make_dispatcher(
    *,
    db: Database,
    clock: Clock,
    settings: Settings,
    client: WebClient,
    directory: Directory,
    batch: int = 100,
) -> Dispatcher:
    """The production dispatcher: it writes each nudge (and each alert about a failed one)
    to the outbox; the relay posts them (`Bot.tick` drains it right after the dispatcher)."""
    calendar = settings.work_calendar()
    post = OutboxNudges(db, clock, client, directory,
                        today=lambda: calendar.local_date(clock.now()))
    return Dispatcher(db, clock, calendar, post, worker_id(), batch=batch, alert=post.alert)


def build_dispatcher(bot: Bot, *, batch: int = 100) -> Dispatcher:
    return make_dispatcher(
        db=bot.db,
        clock=bot.clock,
        settings=bot.settings,
        client=bot.client,
        directory=directory_of(bot),
        batch=batch,
    )


def _tick(bot: Bot) -> None:
    try:
        report = bot.tick()
    except Exception:  # noqa: BLE001 - the next tick tries again; the rows are the truth
        log.exception("Nudge tick failed")
        return
    if report.claimed or report.escalated or report.errors:
        log.info(
            "Nudges: %d sent, %d retried, %d failed, %d escalated",
            report.sent,
            report.retried,
            report.failed,
            report.escalated,
        )


def pulse(bot: Bot) -> None:
    """Every few seconds: this process's heartbeat; the rows of processes whose heartbeat
    stopped, taken over at once; then what is due and free (deliveries back from waiting,
    replies Slack could not take before, rows taken over): the safety net behind the reply
    path, which sends by id and never polls."""
    me, now = process_id(), bot.clock.now()
    try:
        if not workers.beat(bot.db, me, now):
            log.info("Heartbeat of %s registered", me)
        workers.take_over(bot.db, me, now)
        bot.recover()
    except Exception:  # noqa: BLE001 - the next pulse tries again; the rows are the truth
        log.exception("Pulse failed")


def start_scheduler(bot: Bot, *, seconds: int | None = None) -> BackgroundScheduler:
    """Start ticking in a background thread; call `.shutdown()` on the result to stop.
    The first tick and the first pulse run at once: the pulse registers this process's
    heartbeat and takes up what a crash left (inbox and outbox rows)."""
    seconds = seconds or int(os.environ.get("RTWBOT_TICK_SECONDS") or TICK_SECONDS)
    scheduler = BackgroundScheduler(
        timezone=UTC,
        # One tick at a time per process; a tick missed while the last one ran is dropped,
        # not queued (the next one sees the same rows).
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": seconds},
    )
    scheduler.add_job(
        _tick,
        "interval",
        seconds=seconds,
        args=[bot],
        id=JOB_ID,
        next_run_time=datetime.now(UTC),
    )
    beat = workers.heartbeat_seconds()
    scheduler.add_job(pulse, "interval", seconds=beat, args=[bot], id=PULSE_JOB_ID,
                      next_run_time=datetime.now(UTC), misfire_grace_time=max(1, int(beat)))
    scheduler.start()
    return scheduler
