"""Forms: the documents sent at filing, and functional abilities forms coming back — as a
PDF sent to the bot in a DM, or typed into the "enter by hand" modal.

``register`` also adds the ``/rtw abilities RTW-…`` subcommand.

An upload arrives as ``file_shared`` (and as a ``message`` with subtype ``file_share``, which
the DM listener ignores); it is handled once per file id, whatever Slack redelivers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rtwbot.slack import paper
from rtwbot.slack.dedupe import EventLedger
from rtwbot.slack.file_fetcher import SlackFileFetcher
from rtwbot.slack.listeners.commands import subcommand
from rtwbot.slack.render_forms import (
    MODAL_CALLBACK,
    abilities_modal,
    block_errors,
    read_abilities_view,
    settled_blocks,
)
from rtwbot.slack.view_once import once_per_view
from rtwbot.workflow.functional_info import (
    ACTION_CASE,
    ACTION_CONFIRM,
    ACTION_MANUAL,
    ACTION_NOT_RIGHT,
    TEMPLATE,
    FunctionalInfoWorkflow,
)
from rtwbot.workflow.outbox import Say, Update

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext

    from rtwbot.slack.bot import Bot


def functional_info_flow(bot: Bot) -> FunctionalInfoWorkflow:
    fetch = SlackFileFetcher(bot.client, bot.settings.slack_bot_token or "",
                             bot.settings.slack_api_url)
    return FunctionalInfoWorkflow(bot.db, bot.clock, bot.calendar, bot.directory,
                                  bot.people.resolve, bot.forms.get(TEMPLATE), fetch)


def open_entry(bot: Bot, flow: FunctionalInfoWorkflow, user: str, trigger_id: str,
               which: str) -> None:
    """The "enter by hand" modal for a case (an id from a button, a reference typed)."""
    entry = flow.manual_entry(user, which)
    if isinstance(entry, Say):
        bot.deliver([entry])
    else:
        bot.client.views_open(trigger_id=trigger_id, view=abilities_modal(entry))


@subcommand("abilities", "functional")
def _abilities(bot: Bot, body: dict, rest: str) -> None:
    open_entry(bot, functional_info_flow(bot), body["user_id"], body["trigger_id"],
               rest)


def register(app: App, bot: Bot) -> None:
    flow = functional_info_flow(bot)
    paper.register(bot, flow)
    ledger = EventLedger(bot.db, bot.clock)

    @app.event("file_shared")
    def on_file_shared(event: dict, context: BoltContext) -> None:
        user, file_id = event.get("user_id") or "", event.get("file_id") or ""
        if not user or not file_id or user == context.bot_user_id:
            return
        if event.get("channel_id") != bot.sender.dm_channel(user):
            return  # files shared in channels are not sent to the bot
        key = [f"file:{file_id}"]
        if ledger.seen(key):
            return
        loaded = flow.read_upload(file_id)  # Slack and the reading first, then the writes
        if not ledger.claim(key):
            return
        try:
            bot.deliver(flow.on_upload(user, file_id, loaded))
        except Exception:
            ledger.release(key)  # a redelivery may then try again
            raise

    def answered(body: dict, note: str) -> list[Update]:
        """Drop the buttons of the message that was answered, and say how (an outbox edit,
        delivered with the answer's replies)."""
        channel, message = (body.get("channel") or {}).get("id"), body.get("message") or {}
        if not channel or not message.get("ts"):
            return []
        return [Update(channel=channel, ts=message["ts"], text=message.get("text") or note,
                       blocks=tuple(settled_blocks(message.get("blocks") or [], note)))]

    @app.action(ACTION_CONFIRM)
    def on_confirm(ack: Ack, body: dict, action: dict) -> None:
        ack()
        says = flow.confirm(body["user"]["id"], action["value"])
        bot.deliver([*answered(body, "Confirmed."), *says])

    @app.action(ACTION_NOT_RIGHT)
    def on_not_right(ack: Ack, body: dict, action: dict) -> None:
        ack()
        says = flow.not_right(body["user"]["id"], action["value"])
        bot.deliver([*answered(body, "Marked as not right."), *says])

    @app.action(re.compile(rf"^{ACTION_CASE}\d+$"))
    def on_case(ack: Ack, body: dict, action: dict) -> None:
        ack()
        says = flow.choose_case(body["user"]["id"], action["value"])
        bot.deliver([*answered(body, f"For {action['text']['text']}."), *says])

    @app.action(ACTION_MANUAL)
    def on_manual(ack: Ack, body: dict, action: dict) -> None:
        ack()
        open_entry(bot, flow, body["user"]["id"], body["trigger_id"], action["value"])

    @app.view(MODAL_CALLBACK)
    @once_per_view(bot)
    def on_entry(ack: Ack, body: dict, view: dict) -> None:
        case_id, entered = read_abilities_view(view)
        errors = flow.check(entered)
        if errors:
            ack(response_action="errors", errors=block_errors(errors))
            return
        ack()
        bot.deliver(flow.record_entry(body["user"]["id"], case_id, entered))
