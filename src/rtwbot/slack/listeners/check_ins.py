"""The employee's weekly check-in on modified work (a nudge with two answers): "my duties
stay within my restrictions" is recorded at once; "something is not right" asks one
question in a modal, whose answer goes to HR alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_sdk.models.blocks import InputBlock, PlainTextInputElement
from slack_sdk.models.views import View

from rtwbot.nudges.service import NudgeService
from rtwbot.slack.listeners.imwt import flow_for
from rtwbot.slack.listeners.nudges import _answer, _pressed
from rtwbot.slack.nudge_send import ACTION_MW_NOT_RIGHT, ACTION_MW_OK
from rtwbot.slack.view_once import once_per_view
from rtwbot.workflow.imwt.check_ins import QUESTION
from rtwbot.workflow.outbox import Say

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.slack.bot import Bot

MW_MODAL = "mw_not_right"


def not_right_modal(nudge_id: int) -> dict:
    """The one question of a "something is not right" check-in."""
    return View(
        type="modal", callback_id=MW_MODAL, private_metadata=str(nudge_id),
        title="Check-in", submit="Send to HR", close="Cancel",
        blocks=[InputBlock(block_id="note", label=QUESTION,
                           element=PlainTextInputElement(action_id="value", multiline=True,
                                                         max_length=1500))],
    ).to_dict()


def register(app: App, bot: Bot) -> None:
    service = NudgeService(bot.db, bot.clock, bot.calendar)

    @app.action(ACTION_MW_OK)
    def on_mw_ok(ack: Ack, body: dict) -> None:
        ack()
        nudge_id, user, _ = _pressed(body)
        outcome = service.acknowledge(nudge_id, user)
        _answer(bot, body, outcome)
        if outcome.done and outcome.case_id:
            bot.deliver(flow_for(bot).employee_check_in(outcome.case_id, user, True))

    @app.action(ACTION_MW_NOT_RIGHT)
    def on_mw_not_right(ack: Ack, body: dict) -> None:
        ack()
        nudge_id, _, _ = _pressed(body)
        bot.client.views_open(trigger_id=body["trigger_id"], view=not_right_modal(nudge_id))

    @app.view(MW_MODAL)
    @once_per_view(bot)
    def on_mw_submit(ack: Ack, body: dict, view: dict) -> None:
        values = (view.get("state") or {}).get("values") or {}
        note = ((values.get("note") or {}).get("value") or {}).get("value")
        ack()
        user = body["user"]["id"]
        outcome = service.acknowledge(int(view.get("private_metadata") or 0), user)
        if outcome.done and outcome.case_id:
            bot.deliver(flow_for(bot).employee_check_in(outcome.case_id, user, False, note))
        else:
            bot.deliver([Say(text=outcome.text, to_user=user)])
