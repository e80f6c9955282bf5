"""What the workflow wants said, to whom — plain data the Slack layer renders.

The workflow never builds Block Kit: it says "tell this person this, with these buttons",
and `rtwbot.slack.render` turns that into blocks within Slack's limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The one definition of Slack's escaping lives with the pure intake rules.
from rtwbot.intake.typed_text import escape

__all__ = ["Button", "FileToSend", "HomeTab", "Say", "Update", "Upload", "escape"]


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


@dataclass(frozen=True)
class HomeTab:
    user: str
    view: dict[str, Any]
