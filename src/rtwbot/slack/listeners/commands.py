"""`/rtw <word> ...`: one slash command, dispatched on its first word."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rtwbot.workflow.help import help_for
from rtwbot.workflow.roles import roles_of

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.slack.bot import Bot

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
    user = body["user_id"]
    bot.deliver([help_for(user, roles_of(bot.db, bot.status.views, user))])


@subcommand("report", "new", "injury")
def _report(bot: Bot, body: dict, rest: str) -> None:
    from rtwbot.slack.modal_report import open_report_modal

    open_report_modal(bot, body["trigger_id"], body["user_id"])


@subcommand("status", "my", "plan")
def _status(bot: Bot, body: dict, rest: str) -> None:
    bot.deliver(bot.status.answer(body["user_id"], rest))


@subcommand("employment", "hired")
def _employment(bot: Bot, body: dict, rest: str) -> None:
    """HR records a worker's hire date and date of birth (WSIA s.41 needs them)."""
    from rtwbot.workflow.reemployment import record_facts_command

    bot.deliver(record_facts_command(bot, body["user_id"], rest))


@subcommand("metrics")
def _metrics(bot: Bot, body: dict, rest: str) -> None:
    from rtwbot.metrics.post import deliver

    deliver(bot, bot.metrics.answer(body["user_id"], rest))


def register(app: App, bot: Bot) -> None:
    @app.command("/rtw")
    def on_rtw(ack: Ack, body: dict) -> None:
        word, _, rest = (body.get("text") or "").strip().partition(" ")
        handler = SUBCOMMANDS.get(word.lower())
        if handler is None:
            ack(f"I don't know “{word[:40]}” — here is what you can do (in our DM).")
            _help(bot, body, "")  # the commands this person may use, not everyone's
            return
        ack()
        handler(bot, body, rest.strip())
