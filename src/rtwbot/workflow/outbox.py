"""What the workflow wants said, to whom — plain data the Slack layer renders.

The workflow never builds Block Kit: it says "tell this person this, with these buttons",
and `rtwbot.slack.render` turns that into blocks within Slack's limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

# The one definition of Slack's escaping lives with the pure intake rules.
from rtwbot.intake.typed_text import escape
from rtwbot.waiting import TryLater  # noqa: F401 - the ports raise it from here too

__all__ = ["Archive", "Button", "FileToSend", "HomeTab", "Invite", "Pin", "Remove", "Say",
           "TryLater", "Update", "Upload", "escape", "posted_ts", "posted_row"]

# A message ts only Slack knows yet: that of an earlier outbox row, filled in by the relay
# when it performs a later row (the thread parent's ts for its replies, edits and pin).
POSTED_TS_PREFIX = "outbox:"


def posted_ts(row_id: int) -> str:
    return f"{POSTED_TS_PREFIX}{row_id}"


def posted_row(ts: str | None) -> int | None:
    """The outbox row whose post `ts` stands for, or None for a real Slack ts."""
    if ts and ts.startswith(POSTED_TS_PREFIX) and ts[len(POSTED_TS_PREFIX):].isdigit():
        return int(ts[len(POSTED_TS_PREFIX):])
    return None


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: str = ""
    style: str | None = None  # "primary" | "danger"


@dataclass(frozen=True)
class Say:
    text: str  # Slack mrkdwn; anything a user typed is already escaped
    to_user: str | None = None  # a DM to this user
    channel: str | None = None
    thread_ts: str | None = None
    buttons: tuple[Button, ...] = ()
    # Extra structured content for richer renderers (e.g. an intake question).
    extra: dict[str, Any] = field(default_factory=dict)
    ephemeral_for: str | None = None  # shown only to this user in `channel`
    # Things that happened, for follow-up work once this is said: ("case_filed", case_id).
    events: tuple[tuple[str, int], ...] = ()


# Sibling effects of `Say`: what else the bot must do in Slack. Like a Say they are data,
# written to the outbox and performed by the relay (rtwbot.slack.relay).
@dataclass(frozen=True)
class FileToSend:
    filename: str  # the case reference and the form's name only
    title: str
    content: bytes


@dataclass(frozen=True)
class Upload:
    """Files posted as one message (files v2) into a DM or channel, with a comment."""

    files: tuple[FileToSend, ...]
    to_user: str | None = None
    channel: str | None = None
    thread_ts: str | None = None
    comment: str = ""
    # Document rows that get the uploaded files' Slack ids, in order (see workflow.documents).
    documents: tuple[int, ...] = ()
    events: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Update:
    """Replace the text (and blocks) of a message the bot posted."""

    channel: str
    ts: str
    text: str
    blocks: tuple[dict[str, Any], ...] | None = None
    say: Say | None = None  # rendered like a post, when given instead of blocks

    @classmethod
    def to(cls, channel: str, ts: str, say: Say) -> Update:
        """Show `say` in place of the message at `ts`."""
        return cls(channel=channel, ts=ts, text=say.text, say=say)


@dataclass(frozen=True)
class HomeTab:
    user: str
    view: dict[str, Any]


# Changes to a channel, performed by the relay like a message (in order within the channel).
@dataclass(frozen=True)
class Invite:
    """Bring people into a channel; someone already in it counts as brought in."""

    channel: str
    users: tuple[str, ...]


@dataclass(frozen=True)
class Remove:
    """Take someone out of a private channel (no longer on the team that reads it)."""

    channel: str
    user: str


@dataclass(frozen=True)
class Pin:
    channel: str
    ts: str


@dataclass(frozen=True)
class Archive:
    """Archive a channel once what is before it in the outbox has been said there."""

    channel: str


# Whatever a use case may hand the outbox (a follow-up may return any of them).
Effect: TypeAlias = "Say | Upload | Update | HomeTab | Invite | Remove | Pin | Archive | Later"


@dataclass(frozen=True)
class Later:
    """Run the follow-ups of `event` for a case again in `seconds`: work that needed Slack
    and found it unavailable (creating a case's channel in an outage) is delayed, not
    dropped. Nothing is said; the outbox row carries the event until it is due."""

    event: str
    case_id: int
    seconds: int = 60


