"""Direct messages to the bot: a report in progress first, then what the words ask for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtwbot.workflow import employee_questions
from rtwbot.workflow.conversation import is_greeting_or_help
from rtwbot.workflow.help import help_for
from rtwbot.workflow.intake import is_start_command, wants_report
from rtwbot.workflow.outbox import Say
from rtwbot.workflow.paper_forms import mentions_paper, paper_help
from rtwbot.workflow.roles import roles_of
from rtwbot.workflow.smalltalk import small_talk
from rtwbot.workflow.status import wants_status

if TYPE_CHECKING:
    from slack_bolt import App

    from rtwbot.slack.bot import Bot


def route_dm(bot: Bot, user: str, channel: str, text: str) -> list[Say]:
    if is_start_command(text):
        return bot.intake.start(user, channel)
    says = bot.intake.handle(user, text)
    if says is not None:
        return says
    if mentions_paper(text):  # "my form is on paper": a photo goes to HR
        from rtwbot.slack.listeners.files import functional_info_flow

        return paper_help(functional_info_flow(bot), user)
    if wants_status(text):
        return bot.status.answer(user, text)
    question = employee_questions.question_of(text)
    if question and (answer := employee_questions.answer(bot.status, user, question,
                                                         union=_team_flow(bot))):
        return answer
    if wants_report(text):
        return bot.intake.start(user, channel, opening=text)  # its facts pre-fill answers
    if (reply := small_talk(text)) is not None:
        return [Say(text=reply, to_user=user)]
    greeting, asked_help = is_greeting_or_help(text)
    roles = roles_of(bot.db, bot.status.views, user)
    if greeting or asked_help:
        return [help_for(user, roles, greeting=greeting)]
    return [Say(text="Sorry, I didn't catch that. Here is what I can do for you:",
                to_user=user), help_for(user, roles)]


def _team_flow(bot: Bot):
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
