"""The App Home tab: published when opened, and again when one of its cases changes."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from rtwbot.slack.render_home import home_view
from rtwbot.workflow.home import HomeSection
from rtwbot.workflow.outbox import HomeTab

if TYPE_CHECKING:
    from slack_bolt import App

    from rtwbot.slack.bot import Bot

log = logging.getLogger(__name__)
CASE_EVENTS = ("case_filed", "functional_info_recorded", "case_changed")


def publish(bot: Bot, user: str) -> HomeTab:
    """The person's Home tab as it is now, for the outbox (the relay publishes it)."""
    page = bot.home.page(user)
    if lines := bot.metrics.home_lines(user):  # HR: this month's figures, before the cases
        first, *rest = page.sections
        page = replace(page, sections=(first, HomeSection("Program metrics", lines), *rest))
    return HomeTab(user=user, view=home_view(page).to_dict())


def register(app: App, bot: Bot) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict) -> None:
        if event.get("tab") == "home":  # Slack fires this for the Messages tab too
            bot.deliver([publish(bot, event["user"])])

    def refresh(case_id: int) -> list[HomeTab]:
        tabs = []
        for user in bot.home.audience(case_id):
            try:
                tabs.append(publish(bot, user))
            except Exception:  # noqa: BLE001 - one person's Home must not stop the others
                log.exception("Could not refresh a Home tab for case %s", case_id)
        return tabs

    for event in CASE_EVENTS:
        bot.on(event, refresh)
