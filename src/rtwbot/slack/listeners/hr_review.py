"""HR's review of functional information: the review DM's buttons, the wording modal, and
the follow-ups that send the review and refresh the team's view once HR decides."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_sdk.models.blocks import (
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from rtwbot.slack.render_forms import settled_blocks
from rtwbot.slack.view_once import once_per_view
from rtwbot.workflow.functional_info import RECORDED_EVENT
from rtwbot.workflow.hr_review import (
    ACTION_STRUCTURED_ONLY,
    ACTION_WORDING,
    MODAL_CALLBACK,
    HrReview,
    WordingForm,
)
from rtwbot.workflow.outbox import Say, Update, escape

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.slack.bot import Bot


def review_for(bot: Bot) -> HrReview:
    return HrReview(bot.db, bot.clock, bot.directory, bot.people.resolve)


def wording_modal(form: WordingForm) -> dict:
    listed = "\n".join(f"• {escape(r)}" for r in form.structured) or "• none"
    return View(
        type="modal", callback_id=MODAL_CALLBACK, private_metadata=str(form.info_id),
        title="The team's wording", submit="Save", close="Cancel",
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=(
                f"*{form.reference}* — the team already sees:\n{listed}\n"
                "Add the functional wording they should see, one limit a line. Abilities "
                "and limits only: never a diagnosis, medication or treatment."))),
            InputBlock(block_id="wording", label="Functional wording for the team",
                       optional=True,
                       element=PlainTextInputElement(action_id="value", multiline=True,
                                                     max_length=1500)),
        ],
    ).to_dict()


def register(app: App, bot: Bot) -> None:
    bot.on(RECORDED_EVENT, lambda case_id: review_for(bot).on_recorded(case_id))

    def settle(body: dict, note: str) -> list[Update]:
        """Drop the buttons of the answered message (an outbox edit)."""
        channel, message = (body.get("channel") or {}).get("id"), body.get("message") or {}
        if not channel or not message.get("ts"):
            return []
        return [Update(channel=channel, ts=message["ts"], text=note,
                       blocks=tuple(settled_blocks(message.get("blocks") or [], note)))]

    @app.action(ACTION_WORDING)
    def on_wording(ack: Ack, body: dict, action: dict) -> None:
        ack()
        form = review_for(bot).form(body["user"]["id"], action.get("value") or "")
        if isinstance(form, Say):
            bot.deliver([form])
            return
        bot.client.views_open(trigger_id=body["trigger_id"], view=wording_modal(form))

    @app.action(ACTION_STRUCTURED_ONLY)
    def on_structured_only(ack: Ack, body: dict, action: dict) -> None:
        ack()
        errors, says = review_for(bot).approve(body["user"]["id"], action.get("value") or "",
                                               None)
        edits = [] if errors else settle(body, "The team sees the structured lines only.")
        bot.deliver([*edits, *says])

    @app.view(MODAL_CALLBACK)
    @once_per_view(bot)
    def on_submit(ack: Ack, body: dict, view: dict) -> None:
        values = (view.get("state") or {}).get("values") or {}
        wording = ((values.get("wording") or {}).get("value") or {}).get("value")
        errors, says = review_for(bot).approve(body["user"]["id"],
                                               view.get("private_metadata") or "", wording)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        bot.deliver(says)
