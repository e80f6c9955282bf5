"""Nudges through the transactional outbox: the `post` and `alert` the dispatcher is given.

`compose` resolves a delivery's recipients (asking Slack who an email is, and whether the
account is still active: Slack accepts posts into a deactivated person's DM, where nobody
reads them) and builds the message with its buttons; `write` adds it to the outbox in the
dispatcher's transaction. The relay posts it with its back-off, metadata look-up and
permanent-error handling; a permanent refusal comes back through `nudge_of` so the nudge
row is marked failed (see `Dispatcher.fail_posted`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.directory import Directory
from rtwbot.nudges.delivery import Delivery
from rtwbot.slack import render
from rtwbot.slack.nudge_send import NudgeRecipients, nudge_say
from rtwbot.slack.relay import encode
from rtwbot.store import outbox
from rtwbot.store.db import Database
from rtwbot.store.message_models import OutboxRow
from rtwbot.workflow.outbox import Say

NUDGE_KEY = "nudge_id"  # in the outbox row's (encrypted) payload: which nudge it posts


def nudge_of(row: OutboxRow) -> int | None:
    """The nudge an outbox row posts, if any."""
    value = (row.payload or {}).get(NUDGE_KEY)
    return int(value) if value is not None else None


class OutboxNudges:
    def __init__(self, db: Database, clock: Clock, client: WebClient,
                 directory: Directory, today: Callable[[], date] | None = None):
        self.db, self.clock = db, clock
        self.recipients = NudgeRecipients(client, directory)
        self.today = today  # the employer's date now, so "due today" says so
        self.hr_channel = directory.channels.hr

    def compose(self, delivery: Delivery) -> list[Say]:
        today = self.today() if self.today else None
        says = []
        for target in self.recipients.resolve_all(delivery):
            if target.user:
                self.recipients.check_active(target.user)
            says.append(nudge_say(delivery, target, today))
        return says

    def write(self, s: Session, delivery: Delivery, effects: list[Any]) -> None:
        now = self.clock.now()
        for say in effects:
            kind, payload, events = encode(say, render.say_blocks, render.fallback_text)
            outbox.add(s, kind, {**payload, NUDGE_KEY: delivery.nudge_id}, now, events)

    def alert(self, text: str) -> None:
        """HR hears of a failed nudge through the outbox too."""
        say = Say(text=f":warning: {text}", channel=self.hr_channel)
        kind, payload, events = encode(say, render.say_blocks, render.fallback_text)
        with self.db.session() as s:
            outbox.add(s, kind, payload, self.clock.now(), events)
