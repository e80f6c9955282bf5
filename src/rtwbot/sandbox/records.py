"""What the emulated workspace stores, one record a thing: users, conversations, messages,
ephemerals, files, views, triggers, response URLs, the bot's calls and injected failures.
Plain data; ``workspace.Workspace`` holds and guards them."""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass, field
from typing import Any


@dataclass
class User:
    id: str
    name: str
    real_name: str
    email: str | None
    tz: str
    display_name: str = ""
    deleted: bool = False
    is_admin: bool = False
    is_bot: bool = False
    bot_id: str | None = None
    app_id: str | None = None
    updated: int = 0


@dataclass
class Channel:
    id: str
    name: str
    created: int
    creator: str
    members: list[str]
    is_private: bool = False
    is_im: bool = False
    is_mpim: bool = False
    is_archived: bool = False
    im_user: str | None = None  # the person on the other side of a bot DM
    topic: str = ""
    purpose: str = ""

    @property
    def kind(self) -> str:
        """Slack's ``channel_type`` for events: channel, group, im or mpim."""
        if self.is_im:
            return "im"
        if self.is_mpim:
            return "mpim"
        return "group" if self.is_private else "channel"


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    user: str | None
    bot_id: str | None = None
    blocks: list[dict[str, Any]] | None = None
    attachments: list[dict[str, Any]] | None = None
    thread_ts: str | None = None
    subtype: str | None = None
    files: list[str] = field(default_factory=list)
    edited: dict[str, str] | None = None
    reply_users: list[str] = field(default_factory=list)
    reply_count: int = 0
    latest_reply: str | None = None
    client_msg_id: str | None = None
    metadata: dict[str, Any] | None = None
    reply_broadcast: bool = False

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts


@dataclass
class Ephemeral:
    channel: str
    user: str  # who sees it
    ts: str
    text: str
    blocks: list[dict[str, Any]] | None
    attachments: list[dict[str, Any]] | None
    thread_ts: str | None
    bot_id: str | None
    deleted: bool = False


@dataclass
class File:
    id: str
    name: str
    title: str
    user: str
    created: int
    size: int
    mimetype: str
    filetype: str
    upload_key: str
    content: bytes | None = None
    alt_txt: str | None = None
    completed: bool = False
    shares: dict[str, list[str]] = field(default_factory=dict)  # channel -> message ts list


@dataclass
class View:
    id: str
    user: str
    type: str  # modal | home
    data: dict[str, Any]
    hash: str
    root_view_id: str
    updated: float
    previous_view_id: str | None = None
    external_id: str = ""
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    closed: bool = False


@dataclass
class Trigger:
    id: str
    user: str
    created: float
    used: bool = False


@dataclass
class ResponseUrl:
    key: str
    user: str
    channel: str | None
    created: float
    message_ts: str | None = None  # the message a block_actions click came from
    ephemeral: bool = False
    uses: int = 0


@dataclass
class CallRecord:
    """One request the sandbox answered: a Web API method or a pseudo-method.

    Pseudo-methods: ``upload_url`` (bytes POSTed to an upload URL), ``response_url``,
    ``file_download`` (GET of ``url_private``).
    """

    method: str
    args: dict[str, Any]
    ok: bool
    error: str | None
    status: int
    response: dict[str, Any] | None
    at: float


@dataclass
class InjectedFailure:
    """A planned refusal of the next call(s) of one method (see ``Sandbox.fail_next``)."""

    status: int
    retry_after: int | None
    error: str | None
    remaining: int
    until: float | None = None  # fail every call until this clock time (an outage)
    # Slack did the work, then the answer was lost: a 5xx, or (status 0) the connection
    # dropped without an answer.
    after: bool = False
    delay: float = 0.0  # real seconds before answering (a slow Slack), then a normal answer
    match: dict[str, str] | None = None  # only calls with these arguments (one user, one channel)


def with_block_ids(blocks: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    """A copy of ``blocks`` where every block has a ``block_id``, as Slack stores them."""
    if blocks is None:
        return None
    stored = copy.deepcopy(blocks)
    for block in stored:
        if isinstance(block, dict) and not block.get("block_id"):
            block["block_id"] = secrets.token_urlsafe(4)[:5]
    return stored
