"""Bolt listeners, one module per surface. Each handler acks, parses, calls the workflow
and hands what to say to the sender: a few lines each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtwbot.slack.listeners import (
    actions,
    case_facts,
    check_ins,
    commands,
    conversation,
    files,
    home,
    hr_review,
    imwt,
    messages,
    nudges,
    views,
)

if TYPE_CHECKING:
    from slack_bolt import App

    from rtwbot.slack.bot import Bot


def register_all(app: App, bot: Bot) -> None:
    for module in (messages, actions, commands, views, nudges, home, files, imwt, case_facts,
                   conversation, hr_review, check_ins):
        module.register(app, bot)
