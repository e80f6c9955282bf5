"""What the Slack layer needs of the bot, as a Protocol: listeners, the inbox and the
scheduler are typed against this, not against `rtwbot.runtime.Bot` (the composition root
that implements it), so no package imports the module that imports it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from slack_bolt import App
    from slack_sdk import WebClient
    from sqlalchemy.orm import Session

    from rtwbot.clock import Clock
    from rtwbot.config import Settings
    from rtwbot.directory import Directory
    from rtwbot.domain.calendar import WorkCalendar
    from rtwbot.forms import FormRegistry
    from rtwbot.slack.executor import TrackingExecutor
    from rtwbot.slack.inbox import Inbox
    from rtwbot.slack.people import SlackPeople
    from rtwbot.slack.relay import Relay
    from rtwbot.slack.sender import Sender
    from rtwbot.store.db import Database
    from rtwbot.workflow.case_updates import CaseUpdates
    from rtwbot.workflow.duties import Duties
    from rtwbot.workflow.form7_filed import Form7Filing
    from rtwbot.workflow.home import HomeWorkflow
    from rtwbot.workflow.intake import IntakeWorkflow
    from rtwbot.workflow.outbox import Effect
    from rtwbot.workflow.status import StatusWorkflow


class Bot(Protocol):
    settings: Settings
    db: Database
    clock: Clock
    client: WebClient
    executor: TrackingExecutor
    directory: Directory
    calendar: WorkCalendar
    forms: FormRegistry
    sender: Sender
    people: SlackPeople
    intake: IntakeWorkflow
    status: StatusWorkflow
    home: HomeWorkflow
    duties: Duties
    inbox: Inbox
    relay: Relay
    metrics: Any
    case_updates: CaseUpdates
    form7: Form7Filing
    app: App

    def on(self, event: str, handler: Callable[[int], Sequence[Effect] | None]) -> None: ...

    def deliver(self, says: list[Any] | None) -> None: ...

    def enqueue(self, effects: list[Any], s: Session | None = None) -> list[int]: ...

    def enqueue_leased(self, effects: list[Any], s: Session) -> list[Any]: ...

    def send_now(self, rows: list[Any]) -> None: ...

    def emit(self, event: str, case_id: int) -> list[Effect]: ...

    def begin_batch(self) -> None: ...

    def take_batch(self) -> list[Any]: ...

    def tick(self) -> Any: ...

    def recover(self) -> Any: ...

    @property
    def dispatcher(self) -> Any: ...
