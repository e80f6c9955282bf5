"""Sends what the workflow says through the Web API client."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from rtwbot.slack import render
from rtwbot.slack.channels import Channels
from rtwbot.workflow.outbox import Say

log = logging.getLogger(__name__)


class Sender:
    def __init__(self, client: WebClient):
        self.client = client
        self.channels = Channels(client)
        self._dm: dict[str, str] = {}

    def dm_channel(self, user_id: str) -> str:
        if user_id not in self._dm:
            resp = self.client.conversations_open(users=[user_id])
            self._dm[user_id] = resp["channel"]["id"]
        return self._dm[user_id]

    def send(self, say: Say, blocks: list[dict] | None = None) -> dict:
        if say.channel:
            # A directory name ("rtw-hr") becomes its id; unknown names go as given, and
            # Slack's own channel_not_found says what is wrong.
            channel = self.channels.id_of(say.channel) or say.channel
        else:
            channel = self.dm_channel(say.to_user or "")
        blocks = blocks if blocks is not None else render.say_blocks(say)
        text = render.fallback_text(say.text)
        if say.ephemeral_for:
            resp = self.client.chat_postEphemeral(
                channel=channel, user=say.ephemeral_for, text=text, blocks=blocks)
        else:
            resp = self.client.chat_postMessage(
                channel=channel, text=text, blocks=blocks, thread_ts=say.thread_ts)
        assert isinstance(resp.data, dict)  # the Web API answers JSON
        return resp.data

    def send_all(self, says: list[Say]) -> None:
        for say in says:
            self.send(say)
