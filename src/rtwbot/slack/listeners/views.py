"""Modal submissions and the global shortcut."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtwbot.slack.modal_report import (
    ACTION,
    CALLBACK_ID,
    CRITICAL_ACTION,
    DISPATCHED,
    open_report_modal,
    read_submission,
    update_for_choices,
)
from rtwbot.slack.view_once import once_per_view

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.slack.bot import Bot


def register(app: App, bot: Bot) -> None:
    @app.shortcut("report_injury")
    def on_shortcut(ack: Ack, body: dict) -> None:
        ack()
        open_report_modal(bot, body["trigger_id"], body["user"]["id"])

    @app.action(CRITICAL_ACTION)
    def on_critical_answer(ack: Ack, body: dict) -> None:
        """The critical question answered in the modal: acted on now, not at "File report"
        (what else the modal says so far is kept with it); the form then asks what follows
        that answer ("A death" after a yes)."""
        ack()
        view = body.get("view") or {}
        answers, _errors = read_submission(bot, (view.get("state") or {}).get("values") or {})
        bot.deliver(bot.intake.modal_answer(body["user"]["id"], answers, view.get("id") or ""))
        update_for_choices(bot, view)

    def on_choice(ack: Ack, body: dict) -> None:
        """The employee or the kind of case picked in the report modal: its labels follow."""
        ack()
        update_for_choices(bot, body.get("view") or {})

    for block_id in sorted(DISPATCHED):
        app.action({"block_id": block_id, "action_id": ACTION})(on_choice)

    @app.view(CALLBACK_ID)
    @once_per_view(bot)
    def on_report_submitted(ack: Ack, body: dict, view: dict) -> None:
        answers, errors = read_submission(bot, view["state"]["values"])
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        bot.deliver(bot.intake.file_answers(body["user"]["id"], answers, source="modal",
                                            view=(view["id"], body.get("trigger_id"))))
