"""The conversation's own buttons: "More details" under an employee's status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtwbot.workflow.status_employee import MORE_ACTION

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.slack.bot import Bot


def register(app: App, bot: Bot) -> None:
    @app.action(MORE_ACTION)
    def on_more(ack: Ack, body: dict, action: dict) -> None:
        ack()
        reference = action.get("value") or ""
        bot.deliver(bot.status.answer(body["user"]["id"], reference, detail=True))
