"""Direct messages to the bot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtwbot.workflow.conversation import help_message, is_greeting_or_help

if TYPE_CHECKING:
    from slack_bolt import App

    from rtwbot.runtime import Bot


def register(app: App, bot: Bot) -> None:
    @app.event({"type": "message", "channel_type": "im"})
    def on_dm(event: dict) -> None:
        if event.get("subtype") or event.get("bot_id"):
            return
        user, text = event.get("user"), event.get("text") or ""
        greeting, _ = is_greeting_or_help(text)
        bot.sender.send(help_message(user, greeting=greeting))

    @app.event("message")
    def other_messages() -> None:
        """Channel chatter and edits are none of the bot's business."""
