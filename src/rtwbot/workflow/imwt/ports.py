"""What the IMWT workflow works with: the Slack look-ups and people look-ups it needs (as
protocols, so the sandbox and tests stand in), the outbox it writes its effects to, and the
bundle of everything it is built on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.forms import FormRegistry
from rtwbot.store.db import Database


class ThreadSlack(Protocol):
    """What the thread asks of Slack directly: look-ups, and making its channel (a call
    that must answer with the id at once; found again by name when repeated). All that it
    says or changes in Slack goes through the outbox (`Enqueue`)."""

    def channel_id(self, name: str) -> str | None: ...

    def members(self, channel: str) -> set[str]: ...

    def create_private(self, name: str) -> str | None: ...  # the channel id (made or found)


# Writes effects (Say, Update, Upload, Invite...) as outbox rows in the caller's
# transaction; returns the rows' ids (a later row may refer to a post: `posted_ts`).
Enqueue = Callable[[list[Any], Session], list[int]]


class PeoplePort(Protocol):
    def user(self, user_id: str) -> dict[str, Any] | None: ...

    def by_email(self, email: str) -> str | None: ...

    def name(self, user_id: str) -> str: ...


@dataclass(frozen=True)
class Deps:
    db: Database
    clock: Clock
    calendar: WorkCalendar
    directory: Directory
    forms: FormRegistry
    people: PeoplePort
    slack: ThreadSlack
    enqueue: Enqueue

    def today(self) -> date:
        return self.calendar.local_date(self.clock.now())
