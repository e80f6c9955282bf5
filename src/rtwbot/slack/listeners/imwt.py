"""The IMWT thread: its buttons and modals, `/rtw team RTW-...`, and opening the thread when
functional information is recorded. Handlers ack, call the workflow, and say what it says.

`SlackThread` is the workflow's view of Slack for the thread: reads and making its channel;
what the thread says or changes in Slack is written to the outbox (`bot.enqueue`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from rtwbot.slack import render_imwt
from rtwbot.slack.listeners.commands import subcommand
from rtwbot.slack.relay import UNREACHABLE, transient
from rtwbot.slack.view_once import once_per_view
from rtwbot.store.cases import case_by_reference
from rtwbot.workflow import job_demands
from rtwbot.workflow.case_updates import CONTACT_EVENT
from rtwbot.workflow.imwt import ImwtWorkflow, Result, case_for_thread
from rtwbot.workflow.imwt.thread import RETRY_EVENT
from rtwbot.workflow.imwt.values import as_date as parse_day
from rtwbot.workflow.imwt.workflow import TEAM_CHANGED
from rtwbot.workflow.outbox import Say, TryLater
from rtwbot.workflow.vacancies import Vacancies

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from rtwbot.slack.bot import Bot

log = logging.getLogger(__name__)


class SlackThread:
    """ThreadSlack over the bot's Web API client: reads, and the one call that must answer
    at once (the case's channel id). Everything said or changed goes through the outbox."""

    def __init__(self, bot: Bot):
        self.bot, self.client = bot, bot.client

    def channel_id(self, name: str) -> str | None:
        return self.bot.sender.channels.id_of(name)

    def members(self, channel: str) -> set[str]:
        found: set[str] = set()
        cursor = None
        while True:
            resp = self.client.conversations_members(channel=channel, limit=200, cursor=cursor)
            found.update(resp.get("members") or [])
            cursor = (resp.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return found

    def create_private(self, name: str) -> str | None:
        """A private channel named `name`: made, or the bot's own one of that name (so a
        repeat after a crash finds the channel the first attempt made)."""
        try:
            resp = self.client.conversations_create(name=name, is_private=True)
            return (resp.get("channel") or {}).get("id")
        except SlackApiError as exc:
            if transient(exc):
                raise TryLater(str(exc.response.get("error") or "unavailable")) from exc
            if exc.response.get("error") != "name_taken":
                log.warning("conversations.create failed: %s", exc.response.get("error"))
                return None
        except UNREACHABLE as exc:
            raise TryLater(type(exc).__name__) from exc
        return self.channel_id(name)


def flow_for(bot: Bot) -> ImwtWorkflow:
    return ImwtWorkflow(bot.db, bot.clock, bot.calendar, bot.directory, bot.forms, bot.people,
                        SlackThread(bot), bot.enqueue)


def _tell(bot: Bot, body: dict, text: str) -> None:
    """Only to the person who pressed: ephemeral where they pressed, else a DM."""
    user = body["user"]["id"]
    channel = (body.get("channel") or {}).get("id") or ""
    if channel and not channel.startswith("D"):
        bot.deliver([Say(text=text, channel=channel, ephemeral_for=user)])  # refused: a DM
        return
    bot.deliver([Say(text=text, to_user=user)])


def _target(bot: Bot, body: dict, action: dict) -> tuple[str, int | None]:
    """The case reference (and plan id) of a button: from its value, else from the thread."""
    reference, _, plan = (action.get("value") or "").partition("|")
    if not reference:
        message, channel = body.get("message") or {}, (body.get("channel") or {}).get("id")
        with bot.db.session() as s:
            case = case_for_thread(s, channel or "", message.get("thread_ts") or
                                   message.get("ts") or "")
            reference = case.reference if case else ""
    return reference, int(plan) if plan.isdigit() else None


def _done(bot: Bot, flow: ImwtWorkflow, body: dict, result: Result) -> None:
    if result.refusal:
        _tell(bot, body, result.refusal)
        return
    bot.deliver(result.says)
    bot.deliver(flow.after(result))


# button action_id -> (the permission it needs, the modal it opens)
MODALS = {
    "imwt_propose": ("propose", "propose"),
    "imwt_changes": ("union_review", "changes"),
    "imwt_check_in": ("check_in", "check_in"),
    "imwt_extend": ("extend", "extend"),
    "imwt_return": ("return", "return"),
    "imwt_permanent": ("permanent", "permanent"),
    "imwt_close": ("close", "close"),
    "imwt_step_record": ("record_step", "record_step"),
    "imwt_step_choose": ("choose_step", "choose_step"),
    "imwt_plan_changes": ("employee_plan", "employee_changes"),
    "imwt_meeting": ("meeting", "meeting"),
    # HR, for an employee who is not in Slack; HR, going on without the union's review.
    "imwt_union_record": ("record_for_employee", "union_record"),
    "imwt_agreement_record": ("record_for_employee", "agreement_record"),
    "imwt_union_waive": ("union_waiver", "union_waive"),
}
# callback_id -> the decision: (workflow, reference, plan id, message ts, user, values)
Submit = Callable[[ImwtWorkflow, str, "int | None", "str | None", str, dict[str, Any]], Result]
SUBMITS: dict[str, Submit] = {
    "imwt_propose": lambda f, ref, _p, _t, user, v: f.propose_plan(ref, user, v),
    "imwt_changes": lambda f, ref, plan, ts, user, v: f.request_changes(ref, plan, user, v, ts),
    "imwt_check_in": lambda f, ref, _p, _t, user, v: f.check_in(ref, user, v),
    "imwt_extend": lambda f, ref, _p, _t, user, v: f.extend(ref, user, v),
    "imwt_return": lambda f, ref, _p, _t, user, v: f.return_to_regular(ref, user, v),
    "imwt_permanent": lambda f, ref, _p, _t, user, v: f.start_permanent(ref, user, v),
    "imwt_close": lambda f, ref, _p, _t, user, v: f.close(ref, user, v),
    "imwt_record_step": lambda f, ref, _p, _t, user, v: f.record_step(ref, user, v),
    "imwt_choose_step": lambda f, ref, _p, _t, user, v: f.choose_step(ref, user, v),
    "imwt_meeting": lambda f, ref, _p, _t, user, v: f.schedule_meeting(ref, user, v),
    "imwt_employee_changes": lambda f, ref, plan, _t, user, v: f.employee_plan(
        ref, plan, user, "changes", v),
    "imwt_union_record": lambda f, ref, _p, _t, user, v: f.record_union_answer(
        ref, user, v.get("answer"), v.get("via"), parse_day(v.get("on"))),
    "imwt_agreement_record": lambda f, ref, plan, _t, user, v: f.record_agreement(
        ref, plan, user, v),
    "imwt_union_waive": lambda f, ref, plan, _t, user, v: f.waive_union_review(
        ref, plan, user, v),
}


def open_for_reference(bot: Bot, body: dict, reference: str, permission: str,
                       modal: str) -> None:
    """A team modal opened from a slash command (`/rtw union RTW-…`), or why not."""
    ctx = flow_for(bot).prepare(reference, body["user_id"], permission, modal=modal)
    if isinstance(ctx, str):
        bot.deliver([Say(text=ctx, to_user=body["user_id"])])
        return
    bot.client.views_open(trigger_id=body["trigger_id"], view=render_imwt.modal(ctx))


@subcommand("team")
def _team(bot: Bot, body: dict, rest: str) -> None:
    reference = rest.split()[0] if rest.split() else ""
    if not reference:
        bot.deliver([Say(text="Which case? For example `/rtw team RTW-2026-0001`.",
                         to_user=body["user_id"])])
        return
    bot.deliver(flow_for(bot).open_by_reference(reference, body["user_id"]))


@subcommand("vacancies")
def _vacancies(bot: Bot, body: dict, rest: str) -> None:
    flow = Vacancies(bot.db, bot.clock, bot.directory, bot.people.resolve)
    bot.deliver(flow.post(body["user_id"], rest))


@subcommand("union")
def _union(bot: Bot, body: dict, rest: str) -> None:
    """The employee: their answer again. HR, with a case: record the answer of an employee
    who is not in Slack."""
    reference, user = (rest.split() or [""])[0], body["user_id"]
    with bot.db.session() as s:
        case = case_by_reference(s, reference) if reference else None
        own = case is not None and case.employee_user_id == user
    if reference and not own:
        open_for_reference(bot, body, reference, "record_for_employee", "union_record")
        return
    bot.deliver(flow_for(bot).ask_union_again(user))


@subcommand("agreed", "agreement")
def _agreed(bot: Bot, body: dict, rest: str) -> None:
    """HR records that an employee who is not in Slack agreed to their proposed plan."""
    reference = rest.split()[0] if rest.split() else ""
    if not reference:
        bot.deliver([Say(text="Which case? For example `/rtw agreed RTW-2026-0001`: record "
                              "that an employee who is not in Slack agreed to their plan.",
                         to_user=body["user_id"])])
        return
    open_for_reference(bot, body, reference, "record_for_employee", "agreement_record")


def register(app: App, bot: Bot) -> None:
    bot.on("functional_info_recorded", lambda case_id: flow_for(bot).on_functional_info(case_id))
    bot.on(RETRY_EVENT, lambda case_id: flow_for(bot).open_thread(case_id))
    # The parent is posted: the thread is known by its Slack ts.
    bot.on("imwt_parent_posted", lambda case_id: flow_for(bot).parent_posted(case_id))
    job_demands.register(bot)  # the JDA goes with the RTWI package
    # Consent first: asked in the employee's first DM after filing.
    bot.on("case_filed", lambda case_id: flow_for(bot).ask_union_at_filing(case_id))
    # ...or, after a critical injury, once HR says the worker may be contacted.
    bot.on(CONTACT_EVENT, lambda case_id: flow_for(bot).ask_union_at_filing(case_id))
    # HR approved the functional wording the team sees: the parent shows it.
    bot.on("restrictions_worded", lambda case_id: flow_for(bot).refresh_parent(case_id))
    # A closed case's own channel is archived once the closing message is out.
    bot.on("case_closed", lambda case_id: flow_for(bot).archive_if_closed(case_id))
    bot.on(TEAM_CHANGED, lambda case_id: flow_for(bot).bring_in(case_id))

    def open_modal(permission: str, modal: str) -> Callable[..., None]:
        def handler(ack: Ack, body: dict, action: dict) -> None:
            ack()
            reference, plan_id = _target(bot, body, action)
            ctx = flow_for(bot).prepare(reference, body["user"]["id"], permission, plan_id,
                                        modal=modal,
                                        message_ts=(body.get("message") or {}).get("ts"))
            if isinstance(ctx, str):
                _tell(bot, body, ctx)
                return
            bot.client.views_open(trigger_id=body["trigger_id"], view=render_imwt.modal(ctx))

        return handler

    for action_id, (permission, modal) in MODALS.items():
        app.action(action_id)(open_modal(permission, modal))

    @app.view(re.compile(r"^imwt_"))
    @once_per_view(bot)
    def on_submit(ack: Ack, body: dict, view: dict) -> None:
        flow, (reference, plan_id, message_ts) = flow_for(bot), render_imwt.metadata(view)
        submit = SUBMITS[view["callback_id"]]
        result = submit(flow, reference, plan_id, message_ts, body["user"]["id"],
                        render_imwt.read_values(view))
        errors = dict(result.errors)
        if result.refusal:
            errors = {"": result.refusal}
        if errors:
            inputs = {b.get("block_id") for b in view.get("blocks") or []
                      if b.get("type") == "input"}
            first = render_imwt.first_input(view) or ""
            shown: dict[str, str] = {}
            for key, text in errors.items():
                where = key if key in inputs else first
                shown[where] = (shown[where] + " " + text) if where in shown else text
            ack(response_action="errors", errors=shown)
            return
        ack()
        bot.deliver(result.says)
        bot.deliver(flow.after(result))

    @app.action("imwt_approve")
    def on_approve(ack: Ack, body: dict, action: dict) -> None:
        ack()
        flow, (reference, plan_id) = flow_for(bot), _target(bot, body, action)
        message_ts = (body.get("message") or {}).get("ts")
        _done(bot, flow, body, flow.union_approve(reference, plan_id, body["user"]["id"],
                                                  message_ts))

    @app.action(re.compile(r"^imwt_plan_(agree|talk)$"))
    def on_employee_plan(ack: Ack, body: dict, action: dict) -> None:
        ack()
        flow, (reference, plan_id) = flow_for(bot), _target(bot, body, action)
        answer = "agreed" if action["action_id"].endswith("agree") else "talk_to_hr"
        _done(bot, flow, body, flow.employee_plan(reference, plan_id, body["user"]["id"],
                                                  answer))

    @app.action("imwt_placement_approve")
    def on_placement_approve(ack: Ack, body: dict, action: dict) -> None:
        ack()
        flow, (reference, _) = flow_for(bot), _target(bot, body, action)
        _done(bot, flow, body, flow.review_placement(reference, body["user"]["id"]))

    @app.action("imwt_ask_union")
    def on_ask_union(ack: Ack, body: dict, action: dict) -> None:
        ack()
        flow, (reference, _) = flow_for(bot), _target(bot, body, action)
        _done(bot, flow, body, flow.ask_union_to_join(reference, body["user"]["id"]))

    @app.action("imwt_mediation")
    def on_mediation(ack: Ack, body: dict, action: dict) -> None:
        ack()
        flow, (reference, _) = flow_for(bot), _target(bot, body, action)
        _done(bot, flow, body, flow.request_mediation(reference, body["user"]["id"]))

    @app.action(re.compile(r"^imwt_union_(yes|no|talk)$"))
    def on_union_authorization(ack: Ack, body: dict, action: dict) -> None:
        ack()
        flow, (reference, _) = flow_for(bot), _target(bot, body, action)
        answer = action["action_id"].rsplit("_", 1)[-1]
        _done(bot, flow, body, flow.union_authorization(reference, body["user"]["id"], answer))
