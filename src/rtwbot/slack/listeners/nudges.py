"""The buttons on a nudge: Done, Snooze 1 day, Open case (and the day-8 Yes / No), the duty
record modal they may open, and `/rtw duties RTW-…`.

Each handler acks first, then asks the duty table (`workflow.duties`) what this person's
press may do: a refusal or a press that changed nothing is answered only to the person who
pressed; a press that changed something edits the nudge message in place; a Done from the
person entitled opens the modal asking for what discharges the duty.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rtwbot.nudges.catalogue import SNOOZE_FOR
from rtwbot.nudges.service import NudgeService, Outcome
from rtwbot.slack import render
from rtwbot.slack.listeners.commands import subcommand
from rtwbot.slack.nudge_send import (
    ACTION_DAY8_NO,
    ACTION_DAY8_YES,
    ACTION_DONE,
    ACTION_OPEN,
    ACTION_SNOOZE,
)
from rtwbot.slack.render_case_facts import form7_modal
from rtwbot.slack.render_duties import CALLBACK, duty_modal, errors_for, read_duty_view
from rtwbot.workflow.duties import ACTION_RECORD, DutyForm
from rtwbot.workflow.outbox import Say, Update

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.slack.bot import Bot


def _pressed(body: dict) -> tuple[int, str, str | None]:
    nudge_id = int(body["actions"][0]["value"])
    return nudge_id, body["user"]["id"], (body.get("channel") or {}).get("id")


def _tell(bot: Bot, body: dict, text: str) -> None:
    """Only to the person who pressed: ephemeral in a channel, else in their own DM (a
    button in someone else's DM is not theirs to be answered in)."""
    _, user, channel = _pressed(body)
    if channel and not channel.startswith("D"):
        bot.deliver([Say(text=text, channel=channel, ephemeral_for=user)])
        return
    bot.deliver([Say(text=text, to_user=user)])


def _answer(bot: Bot, body: dict, outcome: Outcome) -> None:
    _, _, channel = _pressed(body)
    message = body.get("message") or {}
    if outcome.done and channel and message.get("ts"):
        _redraw(bot, body, outcome.text)
        return
    _tell(bot, body, outcome.text)


def _redraw(bot: Bot, body: dict, text: str) -> None:
    """Keep the reminder's text, drop its buttons, say what happened."""
    channel = (body.get("channel") or {}).get("id")
    message = body.get("message") or {}
    if not (channel and message.get("ts")):
        _tell(bot, body, text)
        return
    kept = [b for b in message.get("blocks") or [] if b.get("type") != "actions"]
    blocks = kept + render.say_blocks(Say(text=f"_{text}_"))
    bot.deliver([Update(channel=channel, ts=message["ts"], text=text, blocks=tuple(blocks))])


def allowed(bot: Bot, body: dict, *, close: bool = False) -> tuple[int, str] | None:
    """The pressed reminder and the presser, when the duty table lets them press it (`close`:
    a button that answers, and so closes, it); else None, after a kind refusal."""
    nudge_id, user, _ = _pressed(body)
    refused = bot.duties.may_act(nudge_id, user, close=close)
    if refused:
        _tell(bot, body, refused)
        return None
    return nudge_id, user


def open_record(bot: Bot, trigger_id: str, user: str, form: DutyForm) -> None:
    """The modal that records a duty done: Form 7's own, or the duty modal."""
    if form.modal == "form7":
        form7 = bot.form7.form(user, form.reference)
        if isinstance(form7, Say):
            bot.deliver([form7])
            return
        bot.client.views_open(trigger_id=trigger_id, view=form7_modal(form7))
        return
    bot.client.views_open(trigger_id=trigger_id, view=duty_modal(form))


@subcommand("duties", "duty")
def _duties(bot: Bot, body: dict, rest: str) -> None:
    reference = rest.split()[0] if rest.split() else ""
    if not reference:
        bot.deliver([Say(text="Which case? For example `/rtw duties RTW-2026-0001`.",
                         to_user=body["user_id"])])
        return
    bot.deliver([bot.duties.listing(body["user_id"], reference)])


def register(app: App, bot: Bot) -> None:
    service = NudgeService(bot.db, bot.clock, bot.calendar)

    @app.action(ACTION_DONE)
    def on_done(ack: Ack, body: dict) -> None:
        ack()
        nudge_id, user, _ = _pressed(body)
        pressed = bot.duties.done(nudge_id, user)
        if pressed.form is not None:
            open_record(bot, body["trigger_id"], user, pressed.form)
            return
        if pressed.changed:
            _redraw(bot, body, pressed.text)
        else:
            _tell(bot, body, pressed.text)
        if pressed.changed and pressed.case_id:
            bot.deliver(bot.emit("nudge_done", pressed.case_id))

    @app.action(ACTION_SNOOZE)
    def on_snooze(ack: Ack, body: dict) -> None:
        ack()
        if (pressed := allowed(bot, body)) is not None:
            nudge_id, user = pressed
            _answer(bot, body, service.snooze(nudge_id, bot.clock.now() + SNOOZE_FOR, user))

    @app.action(ACTION_OPEN)
    def on_open(ack: Ack, body: dict) -> None:
        ack()
        nudge_id, user, _ = _pressed(body)
        _tell(bot, body, bot.duties.open_case(nudge_id, user))

    def day8(answer: bool):
        def handler(ack: Ack, body: dict) -> None:
            ack()
            if (pressed := allowed(bot, body, close=True)) is None:
                return
            nudge_id, user = pressed
            outcome = service.answer_day8(nudge_id, answer, user)
            if outcome.done:
                bot.duties.answered(nudge_id, user)
            _answer(bot, body, outcome)
        return handler

    app.action(ACTION_DAY8_YES)(day8(True))
    app.action(ACTION_DAY8_NO)(day8(False))

    @app.action(re.compile(rf"^{ACTION_RECORD}(:|$)"))
    def on_record_open(ack: Ack, body: dict, action: dict) -> None:
        ack()
        user = body["user"]["id"]
        reference, _, key = (action.get("value") or "").partition("|")
        form = bot.duties.form(user, reference, key)
        if isinstance(form, Say):
            bot.deliver([form])
            return
        open_record(bot, body["trigger_id"], user, form)

    @app.view(CALLBACK)
    def on_record(ack: Ack, body: dict, view: dict) -> None:
        reference, key, nudge_id, record = read_duty_view(view)
        errors, says = bot.duties.submit(body["user"]["id"], reference, key, record, nudge_id)
        if errors:
            ack(response_action="errors", errors=errors_for(errors))
            return
        ack()
        bot.deliver(says)
