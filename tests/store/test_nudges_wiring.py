"""The thin adapters around the nudges: button listeners, the scheduler, the CLI."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from click.testing import CliRunner
from sqlalchemy import insert, select

from rtwbot import scheduler as sched
from rtwbot.clock import ManualClock
from rtwbot.config import ConfigError, load_settings
from rtwbot.directory import Channels, Directory
from rtwbot.nudges_cli import nudges
from rtwbot.slack.listeners import nudges as listener
from rtwbot.slack.nudge_send import (
    ACTION_DAY8_YES,
    ACTION_DONE,
    ACTION_OPEN,
    ACTION_SNOOZE,
)
from rtwbot.store.db import Database
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import ACKNOWLEDGED, FAILED, PENDING, SENT, SNOOZED, Nudge
from rtwbot.workflow.outbox import Update

pytestmark = pytest.mark.store

TORONTO = ZoneInfo("America/Toronto")
MONDAY_10 = datetime.combine(date(2026, 1, 12), time(10), tzinfo=TORONTO)


@pytest.fixture
def db(database_url: str):
    database = Database(database_url)
    yield database
    database.dispose()


def seed(db: Database, *rows: dict) -> list[int]:
    created = datetime(2026, 1, 9, tzinfo=UTC)
    with db.session() as s:
        case = Case(
            reference="RTW-2026-0009",
            kind="work_injury",
            stage="reported",
            supervisor_id="U_SUP",
            division="Parks and Recreation",
            job_title="Gardener",
            occurred_at=created,
            learned_at=created,
            reportable="watch",
            answers={},
            filed_at=created,
            updated_at=created,
        )
        s.add(case)
        s.flush()
        base = dict(
            case_id=case.id,
            kind="form7_due",
            recipient_role="supervisor",
            due_at=MONDAY_10,
            deliver_after=MONDAY_10,
            state=SENT,
            attempts=1,
            escalation_level=0,
            escalation=[],
            message="File Form 7 (OPM 15-01-02).",
            basis="OPM 15-01-02",
            created_at=created,
            updated_at=created,
            channel="D_DM",
            ts="1.1",
            sent_at=MONDAY_10,
        )
        s.execute(
            insert(Nudge), [{**base, "idempotency_key": f"k{i}", **r} for i, r in enumerate(rows)]
        )
    with db.session() as s:
        return list(s.scalars(select(Nudge.id).order_by(Nudge.id)))


# --- listeners ----------------------------------------------------------------------------
class FakeApp:
    def __init__(self):
        self.handlers = {}

    def action(self, action_id):
        def register(fn):
            self.handlers[action_id] = fn
            return fn

        return register


class Recorder:
    def __init__(self):
        self.updates, self.sent = [], []

    def chat_update(self, **kw):
        self.updates.append(kw)

    def send(self, say):
        self.sent.append(say)
        return {"channel": say.channel, "ts": "9.9"}

    def deliver(self, effects):
        """The bot's outbox, as the listeners use it (updates and messages are effects)."""
        for effect in effects or []:
            if isinstance(effect, Update):
                self.updates.append({"channel": effect.channel, "ts": effect.ts,
                                     "blocks": list(effect.blocks), "text": effect.text})
            else:
                self.sent.append(effect)


@pytest.fixture
def wired(db):
    slack = Recorder()
    emitted: list[tuple[str, int]] = []
    settings = load_settings()
    bot = SimpleNamespace(
        db=db, clock=ManualClock(MONDAY_10), settings=settings, client=slack, sender=slack,
        calendar=settings.work_calendar(),
        emitted=emitted, emit=lambda event, case_id: emitted.append((event, case_id)) or [],
        deliver=slack.deliver,
    )
    app = FakeApp()
    listener.register(app, bot)
    return app, bot, slack


def press(app, action_id, nudge_id, user="U_SUP", acks=None):
    body = {
        "actions": [{"action_id": action_id, "value": str(nudge_id)}],
        "user": {"id": user},
        "channel": {"id": "D_DM"},
        "message": {
            "ts": "1.1",
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": "*Reminder*"}},
                {"type": "actions", "elements": []},
            ],
        },
    }
    app.handlers[action_id](
        ack=lambda: acks.append(action_id) if acks is not None else None, body=body
    )


def test_done_acks_then_edits_the_message_and_a_second_press_is_told_who(db, wired):
    app, bot, slack = wired
    [nid] = seed(db, {})
    acks = []
    press(app, ACTION_DONE, nid, acks=acks)
    assert acks == [ACTION_DONE]
    [update] = slack.updates
    assert (update["channel"], update["ts"]) == ("D_DM", "1.1")
    assert [b["type"] for b in update["blocks"]] == ["section", "section"]  # buttons gone
    assert "Done — marked by <@U_SUP>" in update["blocks"][-1]["text"]["text"]
    press(app, ACTION_DONE, nid, user="U_HR")
    assert len(slack.updates) == 1
    with db.session() as s:
        case_id = s.get(Nudge, nid).case_id
    assert bot.emitted == [("nudge_done", case_id)]  # once: the case's nudges follow it
    [told] = slack.sent
    assert told.ephemeral_for == "U_HR" and told.text.startswith("Already done by <@U_SUP>")
    with db.session() as s:
        assert s.get(Nudge, nid).state == ACKNOWLEDGED


def test_snooze_and_open_case(db, wired):
    app, _, slack = wired
    [nid] = seed(db, {})
    press(app, ACTION_OPEN, nid, user="U_HR")
    [shown] = slack.sent
    assert shown.ephemeral_for == "U_HR" and shown.text.startswith("*RTW-2026-0009*")
    press(app, ACTION_SNOOZE, nid)
    assert (
        "Snoozed by <@U_SUP> until Tuesday, January 13, 2026 at 10:00 AM"
        in (slack.updates[-1]["blocks"][-1]["text"]["text"])
    )
    with db.session() as s:
        assert s.get(Nudge, nid).state == SNOOZED


def test_day8_yes_button_records_the_answer(db, wired):
    app, _, slack = wired
    [nid] = seed(db, {"kind": "modified_work_day8"})
    press(app, ACTION_DAY8_YES, nid)
    assert "reportable" in slack.updates[-1]["blocks"][-1]["text"]["text"]
    with db.session() as s:
        assert s.scalar(select(Case.reportable)) == "reportable"


# --- scheduler ----------------------------------------------------------------------------
def test_the_scheduler_ticks_every_minute_and_pulses_every_heartbeat(db, database_url):
    settings = load_settings(database_url=database_url)
    bot = SimpleNamespace(
        db=db,
        clock=ManualClock(datetime(2026, 1, 10, 12, tzinfo=UTC)),
        settings=settings,
        client=Recorder(),
        sender=Recorder(),
        directory=Directory(channels=Channels(hr="C_HR")),
    )
    scheduler = sched.start_scheduler(bot)
    try:
        job, pulse = scheduler.get_job(sched.JOB_ID), scheduler.get_job(sched.PULSE_JOB_ID)
        assert len(scheduler.get_jobs()) == 2
        # The pulse: this process's heartbeat, the rows of dead ones taken over, what is due.
        assert pulse.trigger.interval == timedelta(seconds=2) and pulse.max_instances == 1
        assert isinstance(job.trigger, IntervalTrigger)
        assert job.trigger.interval == timedelta(seconds=60)
        assert job.max_instances == 1 and job.coalesce
        assert job.args[0] is bot  # the tick is the bot's: nudges, then idle reports
        dispatcher = sched.build_dispatcher(bot)
        assert dispatcher.calendar.tz == ZoneInfo(settings.timezone)
        assert dispatcher.tick().skipped == "outside working hours"  # a Saturday
    finally:
        scheduler.shutdown(wait=True)


def test_a_failing_tick_is_logged_not_raised(caplog):
    class Broken:
        def tick(self):
            raise RuntimeError("database down")

    sched._tick(Broken())
    assert "Nudge tick failed" in caplog.text


def test_worker_ids_are_unique_per_start():
    assert sched.worker_id() != sched.worker_id()


# --- CLI ------------------------------------------------------------------------------------
def test_list_shows_due_overdue_and_failed(db, database_url):
    now = datetime.now(UTC)
    seed(
        db,
        {"state": PENDING, "deliver_after": now - timedelta(minutes=5), "ts": None},
        {"state": SENT, "due_at": now - timedelta(days=3)},
        {"state": FAILED, "failure_reason": "Slack answered user_disabled"},
        {"state": PENDING, "deliver_after": now + timedelta(days=5), "ts": None},
    )
    result = CliRunner().invoke(nudges, ["list"], env={"RTWBOT_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Due (1)" in out and "Overdue (1)" in out and "Failed (1)" in out
    assert "user_disabled" in out and "RTW-2026-0009" in out
    only = CliRunner().invoke(
        nudges, ["list", "--section", "failed"], env={"RTWBOT_DATABASE_URL": database_url}
    )
    assert "Due (" not in only.output and "Failed (1)" in only.output


def test_run_once_needs_the_bot_token(database_url):
    result = CliRunner().invoke(
        nudges, ["run-once"], env={"RTWBOT_DATABASE_URL": database_url, "SLACK_BOT_TOKEN": ""}
    )
    assert isinstance(result.exception, ConfigError)
    assert "SLACK_BOT_TOKEN" in str(result.exception)
