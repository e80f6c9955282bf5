"""Channel names from the directory, as the ids Slack wants (private channels cannot be
addressed by name). Only channels the bot is in are visible, which is what it can use."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

from slack_sdk import WebClient

CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{6,}$")


class Channels:
    def __init__(self, client: WebClient):
        self.client = client
        self._ids: dict[str, str] = {}
        self._lock = threading.Lock()

    def member_channels(self) -> Iterator[dict]:
        """Every channel the bot is a member of (paged as Slack pages them)."""
        cursor = None
        while True:
            resp = self.client.conversations_list(
                types="public_channel,private_channel", exclude_archived=True, limit=200,
                cursor=cursor)
            yield from (c for c in resp.get("channels") or [] if c.get("is_member"))
            cursor = (resp.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return

    def id_of(self, name_or_id: str) -> str | None:
        """The channel's id, or None when the bot is in no channel of that name."""
        name = name_or_id.lstrip("#")
        if CHANNEL_ID.match(name):
            return name
        with self._lock:
            if name not in self._ids:
                self._ids.update({c["name"]: c["id"] for c in self.member_channels()})
            return self._ids.get(name)
