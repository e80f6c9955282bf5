"""The Bolt app: middleware (signatures, de-duplication) and one small module per surface."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt import App

from rtwbot.slack.dedupe import DropDuplicateDeliveries, EventLedger, delivery_keys
from rtwbot.slack.listeners import register_all
from rtwbot.slack.verification import SignedRequestsOnly
from rtwbot.workflow.outbox import Say

if TYPE_CHECKING:
    from rtwbot.runtime import Bot

log = logging.getLogger(__name__)

SORRY = (
    "Sorry — something went wrong on my side. Anything you already told me is saved; "
    "please try that last step again in a minute."
)


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
    ledger = EventLedger(bot.db, bot.clock)
    app.use(DropDuplicateDeliveries(ledger))

    @app.error
    def on_error(error: Exception, body: dict, logger: logging.Logger) -> None:
        # Runs after the ack, so Slack never sees this: log it and tell the person.
        log.exception("Listener failed: %s", type(error).__name__, exc_info=error)
        keys = delivery_keys(body)
        if keys:
            ledger.release(keys)  # Slack's retry may then try again
        user = (body.get("event") or {}).get("user") or (body.get("user") or {}).get("id") \
            or body.get("user_id")
        if user:
            try:
                bot.sender.send(Say(text=SORRY, to_user=user))
            except Exception:  # noqa: BLE001 - already failing; the log has the first error
                log.exception("Could not tell the user about the failure")

    register_all(app, bot)
    return app
