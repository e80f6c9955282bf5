"""What the IMWT workflow works with: the Slack calls and people look-ups it needs (as
protocols, so the sandbox and tests stand in), and the bundle of everything it is built on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from rtwbot.clock import Clock
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.forms import FormRegistry
from rtwbot.store.db import Database
from rtwbot.workflow.outbox import Say


class ThreadSlack(Protocol):
    def channel_id(self, name: str) -> str | None: ...

    def post(self, say: Say) -> str | None: ...  # the message ts

    def update(self, channel: str, ts: str, say: Say) -> None: ...

    def members(self, channel: str) -> set[str]: ...

    def invite(self, channel: str, users: Sequence[str]) -> dict[str, str]: ...  # failures

    def upload(self, channel: str, thread_ts: str | None, filename: str, content: bytes,
               title: str, comment: str) -> str | None: ...  # the file id

    def dm_channel(self, user: str) -> str: ...

    def create_private(self, name: str) -> str | None: ...  # the channel id (made or found)

    def pin(self, channel: str, ts: str) -> None: ...

    def archive(self, channel: str) -> None: ...

    def remove(self, channel: str, user: str) -> None: ...


class PeoplePort(Protocol):
    def user(self, user_id: str) -> dict | None: ...

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

    def today(self) -> date:
        return self.calendar.local_date(self.clock.now())
