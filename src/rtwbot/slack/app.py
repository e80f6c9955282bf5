"""The Bolt app: middleware (signatures, de-duplication) and one small module per surface."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt import App

from rtwbot.slack.inbox import SORRY, Inbox, must_wait
from rtwbot.slack.inbox import register as register_inbox
from rtwbot.slack.listeners import register_all
from rtwbot.slack.verification import SignedRequestsOnly

if TYPE_CHECKING:
    from rtwbot.slack.bot import Bot

log = logging.getLogger(__name__)

__all__ = ["SORRY", "build_app"]


def build_app(bot: Bot) -> App:
    settings = bot.settings
    app = App(
        client=bot.client,
        signing_secret=settings.slack_signing_secret or "unused-in-socket-mode",
        # Our own check below: it uses the bot's clock and never logs request bodies.
        request_verification_enabled=False,
        listener_executor=bot.executor,
        logger=logging.getLogger("rtwbot.bolt"),
    )
    if settings.slack_signing_secret:
        app.use(SignedRequestsOnly(settings.slack_signing_secret, bot.clock))
    inbox = Inbox(bot)
    bot.inbox = inbox
    inbox.install(app)

    @app.error
    def on_error(error: Exception, context: dict) -> None:
        # Runs after the ack, so Slack never sees this: the inbox retries the delivery and
        # tells the person once (Inbox.finished). Only authenticated requests get here.
        if must_wait(error) is False:
            log.exception("Listener failed: %s", type(error).__name__, exc_info=error)
        else:  # Slack busy or slow: the delivery waits in the inbox, not an error
            log.info("Listener must wait for Slack: %s", type(error).__name__)
        context["inbox_error"] = error

    register_all(app, bot)
    register_inbox(app, bot)
    return app
