"""Button clicks and pickers on the bot's messages."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rtwbot.intake import Action
from rtwbot.slack.render_intake import unpack
from rtwbot.workflow import front_door

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.slack.bot import Bot


def _intake(bot: Bot, body: dict, intake_id: str, action: Action | str) -> None:
    user = body["user"]["id"]
    container = body.get("container") or {}
    origin = (f"{container.get('channel_id')}:{container['message_ts']}"
              if container.get("message_ts") else None)
    says = bot.intake.handle(user, action, intake_id=int(intake_id), origin=origin)
    bot.deliver(says or [])


def register(app: App, bot: Bot) -> None:
    @app.action("help_report")
    def on_help_report(ack: Ack, body: dict) -> None:
        ack()
        user = body["user"]["id"]
        bot.deliver(bot.intake.start(user))

    @app.action("intake_resume")
    def on_resume(ack: Ack, body: dict, action: dict) -> None:
        ack()
        _intake(bot, body, action["value"], "where was I")

    @app.action(re.compile(f"^({front_door.OFFER_YES}|{front_door.OFFER_NO})$"))
    def on_offer(ack: Ack, body: dict, action: dict) -> None:
        ack()  # "Do you want to report an injury?": Yes starts it with the message's facts
        offer_id = int(action["value"]) if str(action.get("value", "")).isdigit() else None
        bot.deliver(front_door.answer(bot.intake, body["user"]["id"],
                                      action["action_id"] == front_door.OFFER_YES, offer_id))

    @app.action("intake_new")
    def on_new(ack: Ack, body: dict) -> None:
        ack()
        bot.deliver(bot.intake.start(body["user"]["id"], new=True))

    @app.action("help_status")
    def on_help_status(ack: Ack, body: dict) -> None:
        ack()
        bot.deliver(bot.status.answer(body["user"]["id"]))

    @app.action(re.compile(r"^intake_answer_\d+$"))
    def on_answer(ack: Ack, body: dict, action: dict) -> None:
        ack()
        intake_id, question, value = unpack(action["value"])
        _intake(bot, body, intake_id, Action("answer", value, question=question))

    @app.action("intake_date")
    def on_date(ack: Ack, body: dict, action: dict) -> None:
        ack()
        intake_id, question = unpack(action["block_id"])[:2]
        _intake(bot, body, intake_id, Action("answer", action["selected_date"], question=question))

    @app.action("intake_user")
    def on_user(ack: Ack, body: dict, action: dict) -> None:
        ack()
        intake_id, question = unpack(action["block_id"])[:2]
        _intake(bot, body, intake_id, Action("answer", action["selected_user"], question=question))

    @app.action("intake_multi")
    def on_multi(ack: Ack, body: dict, action: dict) -> None:
        ack()
        intake_id, question = unpack(action["block_id"])[:2]
        values = ", ".join(o["value"] for o in action.get("selected_options") or [])
        _intake(bot, body, intake_id, Action("answer", values, question=question))

    @app.action(re.compile(r"^intake_edit_"))
    def on_edit(ack: Ack, body: dict, action: dict) -> None:
        ack()
        picked = action.get("value") or (action.get("selected_option") or {}).get("value", "")
        intake_id, key = unpack(picked)[:2]  # a button's value, or the Edit menu's pick
        _intake(bot, body, intake_id, Action("edit", key))

    @app.action("intake_confirm")
    def on_confirm(ack: Ack, body: dict, action: dict) -> None:
        ack()
        intake_id, version = unpack(action["value"])[:2]
        _intake(bot, body, intake_id, Action("confirm", version=int(version)))

    @app.action("intake_cancel")
    def on_cancel(ack: Ack, body: dict, action: dict) -> None:
        ack()
        _intake(bot, body, unpack(action["value"])[0], Action("cancel"))

    @app.action(re.compile(r"^intake_cancel_(confirm|abort)$"))
    def on_cancel_answer(ack: Ack, body: dict, action: dict) -> None:
        ack()
        kind = action["action_id"].removeprefix("intake_")
        _intake(bot, body, unpack(action["value"])[0], Action(kind))
