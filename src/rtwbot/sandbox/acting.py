"""What the sandbox's people do: write, post, mention, run commands and shortcuts, click,
submit and close modals, open the Home tab, share files — each changing the workspace as
Slack would and delivering what Slack would deliver to the bot."""

from __future__ import annotations

import copy
import mimetypes
import secrets
from dataclasses import dataclass, field
from typing import Any

from . import answers, payloads, surfaces
from .core import MESSAGE_SUBSCRIPTION, SandboxCore
from .inbound import Delivery
from .shapes import ephemeral_json, message_json, rich_text_blocks
from .workspace import Channel, User


@dataclass
class FileUpload:
    """What ``Sandbox.upload_file`` did: the file, its share message, and the two deliveries."""

    file_id: str
    channel: str
    message_ts: str
    deliveries: list[Delivery] = field(default_factory=list)



class Acting(SandboxCore):
    """The people API (see ``Sandbox``)."""

    def dm(
        self, user_id: str, text: str, *, thread_ts: str | None = None, **options: Any
    ) -> Delivery:
        """The person writes to the bot in their DM (``message.im``)."""
        with self._ws.lock:
            user = self._person(user_id)
            im = self._ws.im_with(user.id)
            assert im is not None
        return self._say(user, im, text, thread_ts, **options)[0]

    def post(
        self, user_id: str, channel: str, text: str, thread_ts: str | None = None, **options: Any
    ) -> Delivery:
        """The person posts in a conversation (threaded when ``thread_ts``); mentions also yield ``app_mention``."""
        with self._ws.lock:
            user, target = self._poster(user_id, channel)
        return self._say(user, target, text, thread_ts, **options)[0]

    def mention(
        self, user_id: str, channel: str, text: str, thread_ts: str | None = None, **options: Any
    ) -> Delivery:
        """The person @-mentions the bot in a channel; returns the ``app_mention`` delivery."""
        tag = f"<@{self._ws.bot.id}>"
        if tag not in text:
            text = f"{tag} {text}"
        with self._ws.lock:
            user, target = self._poster(user_id, channel)
        mention = self._say(user, target, text, thread_ts, **options)[1]
        assert mention is not None
        return mention

    def _conversation(self, user: User, channel: str | None) -> Channel:
        """The named conversation, or the person's DM with the bot (caller holds the lock)."""
        target = self._channel(channel) if channel else self._ws.im_with(user.id)
        assert target is not None
        return target

    def _poster(self, user_id: str, channel: str) -> tuple[User, Channel]:
        """The person and the conversation they post in, which they must be a member of."""
        user, target = self._person(user_id), self._channel(channel)
        if user.id not in target.members:
            raise AssertionError(
                f"{user.name} is not a member of {self._label(target)} and cannot post there"
            )
        return user, target

    def _say(
        self, user: User, channel: Channel, text: str, thread_ts: str | None, **options: Any
    ) -> tuple[Delivery, Delivery | None]:
        ws = self._ws
        with ws.lock:
            message = ws.add_message(
                channel,
                author=user,
                text=text,
                blocks=rich_text_blocks(text, secrets.token_urlsafe(4)[:5]),
                thread_ts=thread_ts,
            )
            event = payloads.message_event(ws, message, channel)
            mentioned = f"<@{ws.bot.id}>" in text and not channel.is_im
            mention_event = payloads.app_mention_event(ws, message, channel) if mentioned else None
        delivered = self._event(event, MESSAGE_SUBSCRIPTION[channel.kind], channel, **options)
        mention = (
            self._event(mention_event, "app_mention", channel, **options) if mention_event else None
        )
        return delivered, mention

    def command(
        self, user_id: str, command: str, text: str = "", channel: str | None = None, **options: Any
    ) -> Delivery:
        """The person runs a slash command (in their DM with the bot unless ``channel`` is given)."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            target = self._conversation(user, channel)
            fields = payloads.command_fields(
                ws,
                user,
                target,
                command,
                text,
                response_url=ws.new_response_url(user=user.id, channel=target.id, kind="commands"),
                trigger_id=ws.new_trigger(user.id),
            )
        delivery = self._deliver("command", fields, form=fields, **options)
        answers.apply_command_answer(self._ws, delivery, user, target)
        return delivery

    def shortcut(self, user_id: str, callback_id: str, **options: Any) -> Delivery:
        """The person picks a global shortcut."""
        with self._ws.lock:
            user = self._person(user_id)
            payload = payloads.shortcut_payload(
                self._ws, user, callback_id, self._ws.new_trigger(user.id)
            )
        return self._deliver("interactivity", payload, **options)

    def message_shortcut(
        self, user_id: str, callback_id: str, message: dict[str, Any], **options: Any
    ) -> Delivery:
        """The person picks a message shortcut on ``message`` (a dict from ``messages()``)."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            channel = self._channel(message["channel"])
            stored = ws.find_message(channel.id, message["ts"])
            if stored is None:
                raise AssertionError(f"no message {message['ts']} in {self._label(channel)}")
            payload = payloads.message_action_payload(
                ws,
                user,
                callback_id,
                stored,
                channel,
                trigger_id=ws.new_trigger(user.id),
                response_url=ws.new_response_url(user=user.id, channel=channel.id, kind="actions"),
            )
        return self._deliver("interactivity", payload, **options)

    def click(
        self,
        user_id: str,
        action_id: str,
        *,
        message: dict[str, Any] | str | None = None,
        view: dict[str, Any] | str | None = None,
        value: str | None = None,
        selected: Any = None,
        values: dict[str, Any] | None = None,
        **options: Any,
    ) -> Delivery:
        """The person uses the element ``action_id``: presses a button or picks in a menu/date picker.

        The element is looked up in ``message`` / ``view`` when given, else on the newest surface
        the person can see (their conversations, their ephemerals, their top modal, their Home
        tab). ``value`` narrows buttons sharing an action_id (or is what is typed into a text
        input); ``selected`` is the pick for menus, date pickers, checkboxes ... (option values,
        user ids, ``date`` objects); ``values`` fills other inputs of the same view first.
        """
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            surface = surfaces.locate(self._ws, user, action_id, message=message, view=view, value=value)
            found = payloads.find_element(surface.blocks, action_id, value)
            assert found is not None
            block, element = found
            is_button = element.get("type") == "button"
            chosen = None if is_button else (selected if selected is not None else value)
            action = payloads.action_json(ws, block, element, chosen)
            trigger_id = ws.new_trigger(user.id)
            own: dict[str, Any] = {}  # the clicked element's new value also shows in state.values
            if element.get("type") in payloads.STATEFUL_TYPES:
                own = {f"{block.get('block_id')}.{element.get('action_id')}": chosen}
            if surface.view is not None:
                surface.view.state = payloads.build_state(
                    surface.blocks, {**(values or {}), **own}, surface.view.state
                )
                payload = payloads.block_actions_from_view(
                    ws, user, surface.view, action, trigger_id=trigger_id
                )
            else:
                state = payloads.build_state(surface.blocks, {**(values or {}), **own})
                payload = self._message_click_payload(user, surface, action, state, trigger_id)
        return self._deliver("interactivity", payload, **options)

    def click_again(self, delivery: Delivery, **options: Any) -> Delivery:
        """The element of an earlier ``click`` pressed again on the copy the person's screen
        still shows, though the bot may have changed or removed it since (a client that has
        not refreshed yet): Slack sends that copy's blocks again, with a new ``action_ts``
        and trigger."""
        payload = copy.deepcopy(delivery.payload)
        if payload.get("type") != "block_actions":
            raise AssertionError("click_again repeats a click (a block_actions delivery)")
        ws = self._ws
        with ws.lock:
            payload["trigger_id"] = ws.new_trigger(payload["user"]["id"])
            for action in payload.get("actions") or []:
                action["action_ts"] = ws.next_ts()
        return self._deliver("interactivity", payload, **options)

    def _message_click_payload(
        self,
        user: User,
        surface: surfaces.Surface,
        action: dict[str, Any],
        state: dict[str, Any],
        trigger_id: str,
    ) -> dict[str, Any]:
        ws = self._ws
        if surface.ephemeral is not None:
            channel = self._channel(surface.ephemeral.channel)
            shown, ts, ephemeral = ephemeral_json(ws, surface.ephemeral), surface.ephemeral.ts, True
        else:
            assert surface.message is not None
            channel = self._channel(surface.message.channel)
            shown, ts, ephemeral = message_json(ws, surface.message), surface.message.ts, False
        response_url = ws.new_response_url(
            user=user.id, channel=channel.id, kind="actions", message_ts=ts, ephemeral=ephemeral
        )
        return payloads.block_actions_from_message(
            ws,
            user,
            channel,
            shown,
            action,
            ephemeral=ephemeral,
            state=state,
            trigger_id=trigger_id,
            response_url=response_url,
        )

    def submit_view(
        self,
        user_id: str,
        view_id_or_view: str | dict[str, Any],
        values: dict[str, Any] | None = None,
        *,
        late: bool = False,
        **options: Any,
    ) -> Delivery:
        """The person fills the modal's inputs (``values``: action_id or block_id.action_id -> value) and submits.

        ``late``: the bot's answer reached Slack after its 3 seconds, so Slack ignores it and
        keeps the modal open with its connection-trouble notice (the person may press again).
        """
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            view = self._open_modal(user, view_id_or_view)
            if not view.data.get("submit"):
                raise AssertionError(f"modal {self._view_title(view)!r} has no submit button")
            view.state = payloads.build_state(
                view.data.get("blocks"), values or {}, view.state, enforce_required=True
            )
            payload = payloads.view_submission_payload(
                ws, user, view, trigger_id=ws.new_trigger(user.id)
            )
        delivery = self._deliver("interactivity", payload, **options)
        if late:
            delivery.notes.append("answered after 3 seconds: the modal stays open with Slack's "
                                  "connection-trouble notice")
            return delivery
        answers.apply_submission_answer(self._ws, delivery, user, view)
        return delivery

    def close_view(
        self, user_id: str, view_id_or_view: str | dict[str, Any] | None = None, **options: Any
    ) -> Delivery | None:
        """The person closes the top modal; ``view_closed`` is delivered only if ``notify_on_close``."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            stack = ws.modal_stack(user.id)
            if not stack:
                raise AssertionError(f"{user.name} has no modal open")
            view = (
                self._open_modal(user, view_id_or_view)
                if view_id_or_view is not None
                else stack[-1]
            )
            cleared = bool(view.data.get("clear_on_close"))
            ws.close_modals(user.id, all_views=cleared)
            if not view.data.get("notify_on_close"):
                return None
            payload = payloads.view_closed_payload(ws, user, view, is_cleared=cleared)
        return self._deliver("interactivity", payload, **options)

    def open_home(self, user_id: str, **options: Any) -> Delivery:
        """The person opens the bot's Home tab (``app_home_opened``)."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            im = ws.im_with(user.id)
            assert im is not None
            home = ws.views.get(ws.home_views.get(user.id, ""))
            event = payloads.app_home_opened_event(ws, user, im, home)
        return self._event(event, "app_home_opened", im, **options)

    def upload_file(
        self,
        user_id: str,
        filename: str,
        content: bytes,
        channel: str | None = None,
        mimetype: str | None = None,
        *,
        title: str | None = None,
        text: str = "",
        **options: Any,
    ) -> FileUpload:
        """The person shares a file (into their DM with the bot unless ``channel``): ``file_shared`` + the message."""
        ws = self._ws
        with ws.lock:
            user = self._person(user_id)
            target = self._conversation(user, channel)
            if user.id not in target.members:
                raise AssertionError(f"{user.name} is not a member of {self._label(target)}")
            file = ws.new_file(
                user=user.id,
                name=filename,
                size=len(content),
                mimetype=mimetype
                or mimetypes.guess_type(filename)[0]
                or "application/octet-stream",
                title=title,
            )
            file.content = bytes(content)
            file.completed = True
            blocks = rich_text_blocks(text, secrets.token_urlsafe(4)[:5]) if text else None
            message = ws.add_message(
                target, author=user, text=text, blocks=blocks, subtype="file_share", files=[file.id]
            )
            file.shares[target.id] = [message.ts]
            shared = payloads.file_shared_event(ws, file, user, target)
            posted = payloads.message_event(ws, message, target)
        first = self._event(shared, "file_shared", target, **options)
        second = self._event(posted, MESSAGE_SUBSCRIPTION[target.kind], target, **options)
        return FileUpload(
            file_id=file.id, channel=target.id, message_ts=message.ts, deliveries=[first, second]
        )

    def verify_url(self, **options: Any) -> Delivery:
        """Slack's ``url_verification`` handshake; the bot must echo the challenge."""
        challenge = secrets.token_urlsafe(24)
        payload = {
            "token": self._ws.verification_token,
            "challenge": challenge,
            "type": "url_verification",
        }
        return self._deliver("url_verification", payload, **options)

    def redeliver(
        self, delivery: Delivery, retry_num: int = 1, reason: str = "http_timeout", **options: Any
    ) -> Delivery:
        """Slack's retry of an earlier delivery: same body and event_id, ``X-Slack-Retry-*`` headers."""
        again = Delivery(
            kind=delivery.kind,
            payload=copy.deepcopy(delivery.payload),
            body=delivery.body,
            content_type=delivery.content_type,
            url=None,
            event_id=delivery.event_id,
            retry_num=retry_num,
            retry_reason=reason,
        )
        return self._send(again, **options)

    def resend_as_new(self, delivery: Delivery, **options: Any) -> Delivery:
        """The same event again under a new ``event_id`` (Slack has done this for messages)."""
        payload = copy.deepcopy(delivery.payload)
        payload["event_id"] = "Ev" + secrets.token_hex(5).upper()
        return self._deliver(delivery.kind, payload, **options)
