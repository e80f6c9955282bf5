"""Wires the parts together: settings, store, clock, Slack client and the Bolt app."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
from rtwbot.slack.gateway import for_lookups, make_client
from rtwbot.slack.inbox import Inbox
from rtwbot.slack.nudge_outbox import nudge_of
from rtwbot.slack.people import SlackPeople
from rtwbot.slack.relay import Relay, encode
from rtwbot.slack.sender import Sender
from rtwbot.store import crypto, outbox, workers
from rtwbot.store import inbox as inbox_store
from rtwbot.store.db import Database, check_schema
from rtwbot.store.message_models import OutboxRow
from rtwbot.worker import process_id
from rtwbot.workflow import case_nudges, critical_injury, reemployment
from rtwbot.workflow.case_updates import CaseUpdates
from rtwbot.workflow.documents import DocumentsWorkflow, record_posted
from rtwbot.workflow.documents import register as register_documents
from rtwbot.workflow.duties import Duties
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
    duties: Duties = field(init=False)
    metrics: MetricsWorkflow = field(init=False)
    _handlers: dict[str, list[Callable[[int], Sequence[Effect] | None]]] = field(
        init=False, default_factory=dict
    )
    _dispatcher: object | None = field(init=False, default=None)
    _monthly: MonthlyReport | None = field(init=False, default=None)
    _retention: Any = field(init=False, default=None)
    relay: Relay = field(init=False)
    inbox: Inbox = field(init=False)  # set by slack.app.build_app
    _batch: threading.local = field(init=False, default_factory=threading.local)

    def __post_init__(self) -> None:
        self.sender = Sender(self.client)
        self.people = SlackPeople(for_lookups(self.client))
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
        self.duties = Duties(self.db, self.clock, self.calendar, views)
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
        if not says:
            self.send_now([])
            return
        with self.db.session() as s:
            rows = self.enqueue_leased(says, s)
        crash_point("before_post")
        self.send_now(rows)

    def send_now(self, rows: list[OutboxRow]) -> None:
        """Perform rows leased by `enqueue_leased`, by id; when this thread also wrote rows
        through `enqueue` (a use case's own transaction: the forms, the team's thread),
        everything due first (those rows were written first)."""
        if getattr(self._batch, "unleased", False):  # written first: sent first
            self._batch.unleased = False
            self.relay.drain()
        self.relay.perform_leased(rows)

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
        self._batch.unleased = True
        now = self.clock.now()
        ids: list[int] = []
        conversations: set[str] = set()
        for effect in effects:
            kind, payload, events = encode(effect, render_imwt.message_blocks,
                                           render.fallback_text)
            row = outbox.add(s, kind, payload, now, events)
            ids.append(row.id)
            conversations.add(row.conversation)
        # A row of these conversations may be on its way out in this process now (a leased
        # reply): whoever sends it drains after it, so these follow it at once, not at the
        # next tick.
        self.relay.behind(conversations)
        return ids

    def enqueue_leased(self, effects: list[Say] | list[Effect], s: Session) -> list[OutboxRow]:
        """Outbox rows for `effects` in the caller's transaction, leased to this process in
        it; the rows this process may perform by id once it commits (`Relay.perform_leased`:
        those not waiting behind an earlier row of their conversation)."""
        now, me = self.clock.now(), process_id()
        rows = []
        for effect in effects:
            kind, payload, events = encode(effect, render_imwt.message_blocks,
                                           render.fallback_text)
            rows.append(outbox.add(s, kind, payload, now, events, holder=me))
        ready, blocked = outbox.release_blocked(s, rows)
        self.relay.behind(blocked)
        return ready

    def _follow_up(self, row: OutboxRow) -> None:
        """The follow-ups of a sent row; what they say joins the outbox as they are marked
        done (at least once: a crash in between runs them again, and they are idempotent)."""
        more: list[Effect] = []
        for event, case_id in row.events or []:
            more += self.emit(event, case_id)
        with self.db.session() as s:
            rows = self.enqueue_leased(more, s)
            outbox.follow_ups_done(s, row.id)
        self.send_now(rows)

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
        with self.db.unit() as s:  # the idle reports' marks and their reminders: one commit
            rows = self.enqueue_leased(self.intake.tend_idle(), s)
        self.send_now(rows)
        metrics_post.tick_monthly(self)
        self._retention_tick()
        self.relay.drain()  # the reminders the dispatcher wrote, and the safety net
        now = self.clock.now()
        inbox_store.archive(self.db, now)
        outbox.archive(self.db, now)
        return report

    def _retention_tick(self) -> None:
        """Once a day: dispose of closed cases' records past the retention schedule."""
        if self._retention is None:
            from rtwbot.ops.retention import DailyRun, slack_deleter
            from rtwbot.worker import worker_id

            self._retention = DailyRun(self.db, self.clock, self.calendar,
                                       self.directory.retention.schedule,
                                       slack_deleter(self.client), worker_id())
        try:
            self._retention.tick()
        except Exception:  # noqa: BLE001 - the next day's run tries again
            log.exception("Retention run failed")

    def recover(self) -> None:
        """Take up what is unfinished: inbox rows not done (a crash, a failed listener whose
        back-off is over) and outbox rows not sent. Run at start-up and by every tick."""
        self.inbox.recover()
        self.relay.renew_leases()
        self.relay.drain()

    def wait_idle(self, timeout: float = 10.0) -> None:
        self.executor.wait_idle(timeout)

    def close(self, finish_within: float = 0.0) -> None:
        """Stop: with `finish_within` seconds (a graceful stop), first finish the deliveries
        already acked, including those waiting their turn behind an earlier one of their
        conversation; then let the listeners running end, and close the database."""
        deadline = time.monotonic() + finish_within
        while time.monotonic() < deadline:
            try:
                self.executor.wait_idle(max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                break
            if self.inbox.recover() == 0:
                break
        self.executor.shutdown(wait=True)
        try:  # what this process still holds may be taken by another at once
            workers.leave(self.db, process_id())
        except Exception:  # noqa: BLE001 - a clean stop still closes the database
            log.exception("Could not give back this process's rows")
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
    directory = load_directory(settings.directory)
    return Bot(
        settings=settings,
        db=db,
        clock=clock,
        client=client,
        executor=TrackingExecutor(),
        directory=directory,
        calendar=settings.work_calendar(directory.employer),
        forms=FormRegistry.load(),
    )
