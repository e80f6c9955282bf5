"""Direct messages to the bot: a report in progress first, then what the words ask for
(`rtwbot.understanding.understand`, with the employee's own questions and the status words
read by their own modules)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtwbot.understanding import understand
from rtwbot.understanding.front_door import ASK, HELP, REPORT, SMALL_TALK
from rtwbot.workflow import employee_questions, front_door
from rtwbot.workflow.help import help_for
from rtwbot.workflow.intake import is_start_command
from rtwbot.workflow.outbox import Say
from rtwbot.workflow.paper_forms import mentions_paper, paper_help
from rtwbot.workflow.roles import roles_of
from rtwbot.workflow.status import wants_status

if TYPE_CHECKING:
    from slack_bolt import App

    from rtwbot.slack.bot import Bot

# What the employee side asks, tried in this order after a report (see understand).
ASKS = {"paper": mentions_paper, "status": wants_status,
        "employee": employee_questions.question_of}


def route_dm(bot: Bot, user: str, channel: str, text: str) -> list[Say]:
    if is_start_command(text):
        return bot.intake.start(user, channel)
    says = bot.intake.handle(user, text)
    if says is not None:
        return says
    says = front_door.typed_answer(bot.intake, user, channel, text)  # "yes" to "Do you want…"
    if says is not None:
        return says
    meant = understand(text, asks=ASKS)
    for intent in meant.intents:
        if intent == REPORT:  # its facts pre-fill answers; a critical one asks that first
            return bot.intake.start(user, channel, opening=text, critical=meant.critical)
        if intent == "paper":  # "my form is on paper": a photo goes to HR
            from rtwbot.slack.listeners.files import functional_info_flow

            return paper_help(functional_info_flow(bot), user)
        if intent == "status":
            return bot.status.answer(user, text)
        if intent == "employee" and meant.question:
            answer = employee_questions.answer(bot.status, user, meant.question,
                                               union=_team_flow(bot))
            if answer:
                return answer
        if intent == SMALL_TALK and meant.reply:
            return [Say(text=meant.reply, to_user=user)]
        if intent == ASK:
            return front_door.offer(bot.intake, user, channel, text)
        if intent == HELP:
            return [help_for(user, roles_of(bot.db, bot.status.views, user),
                             greeting=meant.greeting)]
    roles = roles_of(bot.db, bot.status.views, user)
    return [Say(text="Sorry, I didn't catch that. Here is what I can do for you:",
                to_user=user), help_for(user, roles)]


def _team_flow(bot: Bot):
    """The team's workflow, which records what the employee says of the union."""
    from rtwbot.slack.listeners.imwt import flow_for

    return flow_for(bot)


def register(app: App, bot: Bot) -> None:
    @app.event({"type": "message", "channel_type": "im"})
    def on_dm(event: dict) -> None:
        if event.get("subtype") or event.get("bot_id"):
            return
        says = route_dm(bot, event["user"], event["channel"], event.get("text") or "")
        bot.deliver(says)

    @app.event("message")
    def other_messages() -> None:
        """Channel chatter and edits are none of the bot's business."""
