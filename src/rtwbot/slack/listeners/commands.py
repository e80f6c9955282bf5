"""`/rtw <word> ...`: one slash command, dispatched on its first word."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rtwbot.workflow.conversation import help_message

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.runtime import Bot

# word -> handler(bot, body, rest_of_text); each returns nothing and says what it must.
Subcommand = Callable[["Bot", dict, str], None]
SUBCOMMANDS: dict[str, Subcommand] = {}


def subcommand(*words: str) -> Callable[[Subcommand], Subcommand]:
    def add(fn: Subcommand) -> Subcommand:
        for word in words:
            SUBCOMMANDS[word] = fn
        return fn

    return add


@subcommand("help", "")
def _help(bot: Bot, body: dict, rest: str) -> None:
    bot.deliver([help_message(body["user_id"])])


@subcommand("report", "new", "injury")
def _report(bot: Bot, body: dict, rest: str) -> None:
    from rtwbot.slack.modal_report import open_report_modal

    open_report_modal(bot, body["trigger_id"], body["user_id"])


@subcommand("status", "my", "plan")
def _status(bot: Bot, body: dict, rest: str) -> None:
    bot.deliver(bot.status.answer(body["user_id"], rest))


def register(app: App, bot: Bot) -> None:
    @app.command("/rtw")
    def on_rtw(ack: Ack, body: dict) -> None:
        word, _, rest = (body.get("text") or "").strip().partition(" ")
        handler = SUBCOMMANDS.get(word.lower())
        if handler is None:
            ack(f"I don't know “{word[:40]}”. Try `/rtw report`, `/rtw status`, `/rtw team RTW-…`, `/rtw union`, `/rtw vacancies` or `/rtw help`.")
            return
        ack()
        handler(bot, body, rest.strip())
