"""Wires the parts together: settings, store, clock, Slack client and the Bolt app."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_bolt import App
from slack_sdk import WebClient

from rtwbot.clock import Clock, SystemClock
from rtwbot.config import Settings
from rtwbot.directory import Directory, load_directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.forms import FormRegistry
from rtwbot.nudges.scheduler import build_dispatcher
from rtwbot.slack.app import build_app
from rtwbot.slack.executor import TrackingExecutor
from rtwbot.slack.gateway import make_client
from rtwbot.slack.people import SlackPeople
from rtwbot.slack.sender import Sender
from rtwbot.store import crypto
from rtwbot.store.db import Database, check_schema
from rtwbot.workflow import case_nudges
from rtwbot.workflow.home import HomeWorkflow
from rtwbot.workflow.intake import IntakeWorkflow
from rtwbot.workflow.outbox import Say
from rtwbot.workflow.status import CaseViews, StatusWorkflow

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
    _handlers: dict[str, list[Callable[[int], list[Say] | None]]] = field(
        init=False, default_factory=dict
    )
    _dispatcher: object | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.sender = Sender(self.client)
        self.people = SlackPeople(self.client)
        self.intake = IntakeWorkflow(
            self.db, self.clock, self.calendar, self.directory, self.people.user,
            self.people.resolve,
        )
        views = CaseViews(self.directory, self.people.user, self.people.by_email)
        self.status = StatusWorkflow(self.db, self.clock, views)
        self.home = HomeWorkflow(self.db, self.clock, views)
        case_nudges.register(self)
        self.app = build_app(self)

    def on(self, event: str, handler: Callable[[int], list[Say] | None]) -> None:
        """Run `handler(case_id)` after any message carrying `event` has been sent."""
        self._handlers.setdefault(event, []).append(handler)

    def deliver(self, says: list[Say] | None) -> None:
        """Say everything, then do the follow-up work the events ask for (which may say more)."""
        pending = list(says or [])
        while pending:
            say = pending.pop(0)
            self.sender.send(say)
            for event, case_id in say.events:
                pending += self.emit(event, case_id)

    def emit(self, event: str, case_id: int) -> list[Say]:
        """Run the follow-ups of `event`; returns what they want said."""
        more: list[Say] = []
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
        """The periodic work: send due nudges; remind about, or discard, idle reports.
        Returns the dispatcher's report."""
        report = self.dispatcher.tick()
        self.deliver(self.intake.tend_idle())
        return report

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
