"""What Slack does with the bot's HTTP answers: a slash command's answer is shown to the
person; a view submission's answer closes the modal, shows errors, updates, pushes or
clears. The sandbox's people API applies them after each delivery."""

from __future__ import annotations

from typing import Any

from . import blockkit
from .errors import ApiFailure
from .inbound import Delivery
from .workspace import Channel, User, View, Workspace


def apply_command_answer(ws: Workspace, delivery: Delivery, user: User, channel: Channel) -> None:
    """A slash command's HTTP answer is shown to the person (ephemeral unless ``in_channel``)."""
    if not delivery.ok or not delivery.response_body.strip():
        return
    answer = delivery.json
    if not isinstance(answer, dict):
        answer = {"text": delivery.response_body}
    text, blocks = answer.get("text"), answer.get("blocks")
    if not text and not blocks:
        return
    with ws.lock:
        try:
            blockkit.check_message(text, blocks, answer.get("attachments"))
        except ApiFailure as refusal:
            delivery.notes.append(f"answer refused by Slack: {refusal.error}")
            return
        if answer.get("response_type") == "in_channel":
            ws.add_message(channel, author=ws.bot, text=text or "", blocks=blocks)
        else:
            ws.add_ephemeral(channel, user=user.id, text=text or "", blocks=blocks)


def apply_submission_answer(ws: Workspace, delivery: Delivery, user: User, view: View) -> None:
    """Slack's handling of a ``view_submission`` answer: close, show errors, update, push or clear."""
    with ws.lock:
        if not delivery.ok:
            delivery.notes.append("the modal stays open with Slack's connection-trouble notice")
            return
        answer = delivery.json if isinstance(delivery.json, dict) else {}
        action = answer.get("response_action")
        if action == "errors":
            view.errors = dict(answer.get("errors") or {})
            ws.notify()
            delivery.notes.append(f"errors shown: {view.errors}")
        elif action in ("update", "push"):
            new_view = answer.get("view") or {}
            try:
                blockkit.check_view(new_view, expected_type="modal")
            except ApiFailure as refusal:
                delivery.notes.append(
                    f"{action} refused by Slack: {refusal.error} {refusal.messages}"
                )
                return
            if action == "update":
                ws.replace_view(view, new_view)
            else:
                _push(ws, user, view, new_view, delivery)
        elif action == "clear":
            ws.close_modals(user.id, all_views=True)
            delivery.notes.append("all modals closed")
        else:
            ws.close_modals(user.id, all_views=bool(view.data.get("clear_on_close")))
            delivery.notes.append("modal closed")


def _push(ws: Workspace, user: User, top: View, data: dict[str, Any], delivery: Delivery) -> None:
    stack = ws.modal_stacks.setdefault(user.id, [])
    if len(stack) >= 3:
        delivery.notes.append("push refused by Slack: push_limit_reached")
        return
    pushed = ws.add_view(
        user=user.id, data=data, root_view_id=top.root_view_id, previous_view_id=top.id
    )
    stack.append(pushed.id)
    ws.notify()
