"""Button clicks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtwbot.workflow.conversation import help_message

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.runtime import Bot


def register(app: App, bot: Bot) -> None:
    @app.action("help_status")
    def on_help_status(ack: Ack, body: dict) -> None:
        ack()
        bot.sender.send(help_message(body["user"]["id"]))
