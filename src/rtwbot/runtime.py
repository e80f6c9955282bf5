"""Wires the parts together: settings, store, clock, Slack client and the Bolt app."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from rtwbot.clock import Clock, SystemClock
from rtwbot.config import Settings
from rtwbot.directory import Directory, load_directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.faults import crash_point
from rtwbot.forms import FormRegistry
from rtwbot.metrics import post as metrics_post
from rtwbot.metrics.report import MetricsWorkflow
from rtwbot.scheduler import build_dispatcher
from rtwbot.slack import render, render_imwt
from rtwbot.slack.app import build_app
from rtwbot.slack.executor import TrackingExecutor
from rtwbot.slack.gateway import make_client
from rtwbot.slack.inbox import Inbox
from rtwbot.slack.nudge_outbox import nudge_of
from rtwbot.slack.people import SlackPeople
from rtwbot.slack.relay import Relay, encode
from rtwbot.slack.sender import Sender
from rtwbot.store import crypto, outbox
from rtwbot.store.db import Database, check_schema
from rtwbot.store.message_models import OutboxRow
from rtwbot.workflow import case_nudges, critical_injury, reemployment
from rtwbot.workflow.case_updates import CaseUpdates
from rtwbot.workflow.documents import DocumentsWorkflow, record_posted
from rtwbot.workflow.documents import register as register_documents
from rtwbot.workflow.form7_filed import Form7Filing
from rtwbot.workflow.home import HomeWorkflow
from rtwbot.workflow.intake import IntakeWorkflow
from rtwbot.workflow.outbox import Effect, Say
from rtwbot.workflow.status import CaseViews, StatusWorkflow

if TYPE_CHECKING:
    from rtwbot.metrics.monthly import MonthlyReport

log = logging.getLogger(__name__)


def quiet_slack_loggers() -> None:
    # slack_sdk at DEBUG logs whole request bodies; those can carry what people typed.
    for name in ("slack_sdk", "slack_bolt", "urllib3"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger(name).level))


@dataclass
class Bot:
    settings: Settings
    db: Database
    clock: Clock
    client: WebClient
    executor: TrackingExecutor
    directory: Directory
    calendar: WorkCalendar
    forms: FormRegistry
    app: App = field(init=False)
    sender: Sender = field(init=False)
    people: SlackPeople = field(init=False)
    intake: IntakeWorkflow = field(init=False)
    status: StatusWorkflow = field(init=False)
    home: HomeWorkflow = field(init=False)
    case_updates: CaseUpdates = field(init=False)
    form7: Form7Filing = field(init=False)
    metrics: MetricsWorkflow = field(init=False)
    _handlers: dict[str, list[Callable[[int], Sequence[Effect] | None]]] = field(
        init=False, default_factory=dict
    )
    _dispatcher: object | None = field(init=False, default=None)
    _monthly: MonthlyReport | None = field(init=False, default=None)
    relay: Relay = field(init=False)
    inbox: Inbox = field(init=False)  # set by slack.app.build_app
    _batch: threading.local = field(init=False, default_factory=threading.local)

    def __post_init__(self) -> None:
        self.sender = Sender(self.client)
        self.people = SlackPeople(self.client)
        self.relay = Relay(self.db, self.client, self.clock, self.sender,
                           self.directory.channels.hr, follow_up=self._follow_up,
                           uploaded=record_posted, refused=self._refused)
        self.intake = IntakeWorkflow(
            self.db, self.clock, self.calendar, self.directory, self.people.user,
            self.people.resolve,
        )
        views = CaseViews(self.directory, self.people.user, self.people.by_email,
                          self.calendar)
        self.status = StatusWorkflow(self.db, self.clock, views)
        self.home = HomeWorkflow(self.db, self.clock, views)
        self.case_updates = CaseUpdates(self.db, self.clock, self.calendar, views)
        self.form7 = Form7Filing(self.db, self.clock, self.calendar, views)
        self.metrics = MetricsWorkflow(self.db, self.clock, self.calendar, self.directory,
                                       self.people.resolve)
        case_nudges.register(self)
        critical_injury.register(self)
        reemployment.register(self)
        register_documents(DocumentsWorkflow(self.db, self.clock, self.calendar,
                                             self.directory, self.people, self.forms,
                                             self.enqueue), self.on)
        self.app = build_app(self)

    def on(self, event: str, handler: Callable[[int], Sequence[Effect] | None]) -> None:
        """Run `handler(case_id)` after any message carrying `event` has been sent."""
        self._handlers.setdefault(event, []).append(handler)

    def deliver(self, says: list[Say] | list[Effect] | None) -> None:
        """Write what is to be said to the outbox, then have the relay say it now (what it
        cannot say now, it says later). Follow-up events run once their message is sent.

        Inside a listener run by the inbox, the effects are kept until the listener has
        finished; they are then written in the transaction that marks the delivery done
        (slack.inbox), so a crash either redoes the delivery or posts its replies, never both.
        """
        batch = getattr(self._batch, "effects", None)
        if batch is not None:
            batch.extend(says or [])
            return
        if says:
            self.enqueue(says)
        crash_point("before_post")
        self.relay.drain()

    def begin_batch(self) -> None:
        self._batch.effects = []

    def take_batch(self) -> list[Effect]:
        effects = getattr(self._batch, "effects", None) or []
        self._batch.effects = None
        return effects

    def enqueue(self, effects: list[Say] | list[Effect], s: Session | None = None) -> list[int]:
        """Outbox rows for `effects`, in the caller's transaction when given one; their ids."""
        if s is None:
            with self.db.session() as s2:
                return self.enqueue(effects, s2)
        now = self.clock.now()
        ids = []
        for effect in effects:
            kind, payload, events = encode(effect, render_imwt.message_blocks,
                                           render.fallback_text)
            ids.append(outbox.add(s, kind, payload, now, events).id)
        return ids

    def _follow_up(self, row: OutboxRow) -> None:
        """The follow-ups of a sent row; what they say joins the outbox as they are marked
        done (at least once: a crash in between runs them again, and they are idempotent)."""
        more: list[Effect] = []
        for event, case_id in row.events or []:
            more += self.emit(event, case_id)
        with self.db.session() as s:
            self.enqueue(more, s)
            outbox.follow_ups_done(s, row.id)

    def _refused(self, row: OutboxRow, error: str) -> bool:
        """Slack refused an outbox row for good: when it posted a nudge, the nudge has
        failed and the dispatcher alerts HR (True); anything else, the relay's own alert."""
        nudge_id = nudge_of(row)
        if nudge_id is None:
            return False
        self.dispatcher.fail_posted(nudge_id, f"Slack answered {error}")
        return True

    def emit(self, event: str, case_id: int) -> list[Effect]:
        """Run the follow-ups of `event`; returns what they want said."""
        more: list[Effect] = []
        for handler in self._handlers.get(event, []):
            try:
                more += handler(case_id) or []
            except Exception:  # noqa: BLE001 - one failed follow-up must not stop others
                log.exception("Follow-up %s for case %s failed", event, case_id)
        return more

    @property
    def dispatcher(self):
        if self._dispatcher is None:
            self._dispatcher = build_dispatcher(self)
        return self._dispatcher

    def tick(self):
        """The periodic work: take up what is unfinished, send due nudges, remind about
        or discard idle reports, post the committee's monthly report when due. Returns the
        dispatcher's report."""
        self.recover()
        report = self.dispatcher.tick()
        self.deliver(self.intake.tend_idle())
        metrics_post.tick_monthly(self)
        return report

    def recover(self) -> None:
        """Take up what is unfinished: inbox rows not done (a crash, a failed listener whose
        back-off is over) and outbox rows not sent. Run at start-up and by every tick."""
        self.inbox.recover()
        self.relay.renew_leases()
        self.relay.drain()

    def wait_idle(self, timeout: float = 10.0) -> None:
        self.executor.wait_idle(timeout)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.db.dispose()


def create_bot(settings: Settings, *, clock: Clock | None = None, check: bool = True) -> Bot:
    """Build the bot; refuses an out-of-date schema or a missing key with one clear line."""
    quiet_slack_loggers()
    settings.require("SLACK_BOT_TOKEN", "RTWBOT_ENCRYPTION_KEY")
    crypto.configure(settings.encryption_key or "")
    clock = clock or SystemClock()
    db = Database(settings.database_url)
    if check:
        check_schema(db.engine)
    client = make_client(settings.slack_bot_token or "", settings.slack_api_url, clock)
    return Bot(
        settings=settings,
        db=db,
        clock=clock,
        client=client,
        executor=TrackingExecutor(),
        directory=load_directory(settings.directory),
        calendar=settings.work_calendar(),
        forms=FormRegistry.load(),
    )
