"""Facts after filing and Form 7 received: the buttons that open their modals, the modals'
submissions, and `/rtw update RTW-…` / `/rtw form7 RTW-…`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtwbot.slack.listeners.commands import subcommand
from rtwbot.slack.render_case_facts import (
    FORM7_CALLBACK,
    FORM7_ERROR_BLOCKS,
    UPDATE_CALLBACK,
    form7_modal,
    read_form7_view,
    read_update_view,
    update_modal,
)
from rtwbot.slack.view_once import once_per_view
from rtwbot.workflow.case_updates import ACTION_OPEN as UPDATE_OPEN
from rtwbot.workflow.form7_filed import ACTION_OPEN as FORM7_OPEN
from rtwbot.workflow.outbox import Say

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.slack.bot import Bot


def open_update(bot: Bot, user: str, trigger_id: str, reference: str) -> None:
    form = bot.case_updates.form(user, reference)
    if isinstance(form, Say):
        bot.deliver([form])
    else:
        bot.client.views_open(trigger_id=trigger_id, view=update_modal(form))


def open_form7(bot: Bot, user: str, trigger_id: str, reference: str) -> None:
    form = bot.form7.form(user, reference)
    if isinstance(form, Say):
        bot.deliver([form])
    else:
        bot.client.views_open(trigger_id=trigger_id, view=form7_modal(form))


@subcommand("update", "facts")
def _update(bot: Bot, body: dict, rest: str) -> None:
    open_update(bot, body["user_id"], body["trigger_id"], rest)


@subcommand("form7")
def _form7(bot: Bot, body: dict, rest: str) -> None:
    open_form7(bot, body["user_id"], body["trigger_id"], rest)


def register(app: App, bot: Bot) -> None:
    @app.action(UPDATE_OPEN)
    def on_update_open(ack: Ack, body: dict, action: dict) -> None:
        ack()
        open_update(bot, body["user"]["id"], body["trigger_id"], action.get("value") or "")

    @app.action(FORM7_OPEN)
    def on_form7_open(ack: Ack, body: dict, action: dict) -> None:
        ack()
        open_form7(bot, body["user"]["id"], body["trigger_id"], action.get("value") or "")

    @app.view(UPDATE_CALLBACK)
    @once_per_view(bot)
    def on_update(ack: Ack, body: dict, view: dict) -> None:
        ack()
        reference, changes, start = read_update_view(view)
        bot.deliver(bot.case_updates.apply(body["user"]["id"], reference, changes, start))

    @app.view(FORM7_CALLBACK)
    @once_per_view(bot)
    def on_form7(ack: Ack, body: dict, view: dict) -> None:
        reference, received_on, claim, copy = read_form7_view(view)
        errors = bot.form7.check(reference, received_on, claim)
        if errors:
            ack(response_action="errors",
                errors={FORM7_ERROR_BLOCKS[k]: v for k, v in errors.items()})
            return
        ack()
        assert received_on is not None
        bot.deliver(bot.form7.record(body["user"]["id"], reference, received_on, claim, copy))
