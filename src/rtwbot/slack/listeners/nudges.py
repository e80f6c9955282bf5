"""The buttons on a nudge: Done, Snooze 1 day, Open case (and the day-8 Yes / No).

Each handler acks first, then calls the nudge service; a press that changed something
edits the nudge message in place, one that did not (already done...) is answered only to
the person who pressed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtwbot.nudges.catalogue import SNOOZE_FOR
from rtwbot.nudges.service import NudgeService, Outcome
from rtwbot.nudges.slack_send import (
    ACTION_DAY8_NO,
    ACTION_DAY8_YES,
    ACTION_DONE,
    ACTION_OPEN,
    ACTION_SNOOZE,
)
from rtwbot.slack import render
from rtwbot.workflow.outbox import Say

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.runtime import Bot


def _pressed(body: dict) -> tuple[int, str, str | None]:
    nudge_id = int(body["actions"][0]["value"])
    return nudge_id, body["user"]["id"], (body.get("channel") or {}).get("id")


def _answer(bot: Bot, body: dict, outcome: Outcome) -> None:
    _, user, channel = _pressed(body)
    message = body.get("message") or {}
    if outcome.done and channel and message.get("ts"):
        # Keep the reminder's text, drop its buttons, say what happened.
        kept = [b for b in message.get("blocks") or [] if b.get("type") != "actions"]
        blocks = kept + render.say_blocks(Say(text=f"_{outcome.text}_"))
        bot.client.chat_update(
            channel=channel,
            ts=message["ts"],
            blocks=blocks,
            text=render.fallback_text(outcome.text),
        )
        return
    bot.sender.send(
        Say(
            text=outcome.text,
            channel=channel,
            to_user=None if channel else user,
            ephemeral_for=user if channel else None,
        )
    )


def register(app: App, bot: Bot) -> None:
    service = NudgeService(bot.db, bot.clock, bot.calendar)

    @app.action(ACTION_DONE)
    def on_done(ack: Ack, body: dict) -> None:
        ack()
        nudge_id, user, _ = _pressed(body)
        outcome = service.acknowledge(nudge_id, user)
        _answer(bot, body, outcome)
        if outcome.done and outcome.case_id:
            bot.deliver(bot.emit("nudge_done", outcome.case_id))  # e.g. Form 7 filed

    @app.action(ACTION_SNOOZE)
    def on_snooze(ack: Ack, body: dict) -> None:
        ack()
        nudge_id, user, _ = _pressed(body)
        _answer(bot, body, service.snooze(nudge_id, bot.clock.now() + SNOOZE_FOR, user))

    @app.action(ACTION_OPEN)
    def on_open(ack: Ack, body: dict) -> None:
        ack()
        nudge_id, user, channel = _pressed(body)
        outcome = service.open_case(nudge_id, user)
        # Only to the person who asked, whatever the channel.
        bot.sender.send(
            Say(
                text=outcome.text,
                channel=channel,
                to_user=None if channel else user,
                ephemeral_for=user if channel else None,
            )
        )

    @app.action(ACTION_DAY8_YES)
    def on_day8_yes(ack: Ack, body: dict) -> None:
        ack()
        nudge_id, user, _ = _pressed(body)
        _answer(bot, body, service.answer_day8(nudge_id, True, user))

    @app.action(ACTION_DAY8_NO)
    def on_day8_no(ack: Ack, body: dict) -> None:
        ack()
        nudge_id, user, _ = _pressed(body)
        _answer(bot, body, service.answer_day8(nudge_id, False, user))
