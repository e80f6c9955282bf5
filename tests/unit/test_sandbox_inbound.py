"""What the sandbox delivers to a bot: signed events, commands and interactivity payloads, as Slack sends them."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from rtwbot.sandbox import Sandbox

SECRET = "inbound-test-secret"


@dataclass
class Received:
    headers: dict[str, str]
    body: str

    @property
    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body, keep_blank_values=True).items()}

    @property
    def payload(self) -> dict[str, Any]:
        if self.headers["Content-Type"].startswith("application/json"):
            return json.loads(self.body)
        return json.loads(self.form["payload"])


Answer = Callable[[Received], tuple[int, str]]


class Receiver:
    """A stand-in bot endpoint: verifies signatures like Bolt, records requests, answers as told."""

    def __init__(self, secret: str) -> None:
        verifier = SignatureVerifier(secret)
        self.received: list[Received] = []
        self.answer: Answer = lambda request: (200, "")
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - stdlib naming
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                headers = dict(self.headers.items())
                if not verifier.is_valid_request(body, headers):
                    status, text = 401, "invalid signature"
                else:
                    request = Received(headers, body)
                    receiver.received.append(request)
                    status, text = receiver.answer(request)
                data = text.encode()
                self.send_response(status)
                content_type = "application/json" if text.startswith("{") else "text/plain"
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/slack/events"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def bot() -> Iterator[Receiver]:
    with Receiver(SECRET) as receiver:
        yield receiver


@pytest.fixture
def sb(bot: Receiver) -> Iterator[Sandbox]:
    with Sandbox(SECRET, request_url=bot.url) as sandbox:
        yield sandbox


@pytest.fixture
def client(sb: Sandbox) -> WebClient:
    return WebClient(token=sb.bot_token, base_url=sb.api_url)


def post_json(url: str, body: dict[str, Any]) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


# ----------------------------------------------------------------------------- events


def test_dm_event_is_signed_and_shaped_like_slack(sb: Sandbox, bot: Receiver) -> None:
    alice = sb.add_user("alice", "Alice Smith")
    delivery = sb.dm(alice, "I hurt my back")
    assert delivery.ok and len(bot.received) == 1
    request = bot.received[0]
    assert request.headers["Content-Type"] == "application/json"
    envelope = request.payload
    assert envelope["type"] == "event_callback" and envelope["event_id"].startswith("Ev")
    assert envelope["team_id"] == sb.team_id and envelope["api_app_id"] == sb.app_id
    assert envelope["authorizations"][0]["user_id"] == sb.bot_user_id
    assert isinstance(envelope["event_time"], int)
    event = envelope["event"]
    assert event["type"] == "message" and event["channel_type"] == "im"
    assert event["channel"] == sb.dm_channel(alice) and event["user"] == alice
    assert event["text"] == "I hurt my back" and event["event_ts"] == event["ts"]
    assert event["blocks"][0]["type"] == "rich_text"


def test_stale_timestamp_and_wrong_secret_are_refused_by_the_bot(
    sb: Sandbox, bot: Receiver
) -> None:
    alice = sb.add_user("alice")
    assert sb.dm(alice, "old", timestamp_offset=-360).status == 401
    assert sb.dm(alice, "forged", signing_secret="not-the-secret").status == 401
    assert bot.received == []
    assert sb.dm(alice, "fine").status == 200


def test_redelivery_repeats_the_event_with_retry_headers(sb: Sandbox, bot: Receiver) -> None:
    alice = sb.add_user("alice")
    first = sb.dm(alice, "hello")
    retry = sb.redeliver(first, retry_num=1, reason="http_timeout")
    assert retry.ok and retry.event_id == first.event_id
    again = bot.received[-1]
    assert (
        again.headers["X-Slack-Retry-Num"] == "1"
        and again.headers["X-Slack-Retry-Reason"] == "http_timeout"
    )
    assert again.body == bot.received[0].body


def test_mentions_threads_and_membership(sb: Sandbox, bot: Receiver, client: WebClient) -> None:
    alice = sb.add_user("alice")
    general = sb.add_channel("general", members=[alice])
    elsewhere = sb.add_channel("random", members=[alice], bot_member=False)

    mention = sb.mention(alice, general, "help please")
    assert mention.event["type"] == "app_mention" and mention.event["text"].startswith(
        f"<@{sb.bot_user_id}>"
    )
    assert [r.payload["event"]["type"] for r in bot.received] == ["message", "app_mention"]

    parent = client.chat_postMessage(channel=general, text="case thread")["ts"]
    reply = sb.post(alice, general, "in the thread", thread_ts=parent)
    assert reply.event["thread_ts"] == parent and reply.event["parent_user_id"] == sb.bot_user_id
    assert reply.event["channel_type"] == "channel"

    skipped = sb.post(alice, elsewhere, "bot is not here")
    assert not skipped.delivered and skipped.error == "bot_not_in_channel"
    with pytest.raises(AssertionError, match="not a member"):
        sb.post(sb.add_user("bob"), general, "bob is not in general")


def test_url_verification_handshake(sb: Sandbox, bot: Receiver) -> None:
    bot.answer = lambda request: (200, request.payload["challenge"])
    delivery = sb.verify_url()
    assert delivery.response_body == delivery.payload["challenge"]


# ----------------------------------------------------------------------------- slash commands


def test_slash_command_form_trigger_and_ephemeral_answer(
    sb: Sandbox, bot: Receiver, client: WebClient
) -> None:
    alice = sb.add_user("alice")
    bot.answer = lambda request: (200, json.dumps({"text": "Starting your return-to-work plan"}))
    delivery = sb.command(alice, "/rtw", "start")
    form = bot.received[0].form
    assert bot.received[0].headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form["command"] == "/rtw" and form["text"] == "start" and form["user_id"] == alice
    assert form["channel_id"] == sb.dm_channel(alice) and form["channel_name"] == "directmessage"
    assert form["response_url"].startswith(sb.base_url) and delivery.ok
    assert [e["text"] for e in sb.ephemerals(alice)] == ["Starting your return-to-work plan"]

    assert post_json(form["response_url"], {"text": "Done", "response_type": "in_channel"}) == 200
    assert sb.dm_messages(alice)[-1]["text"] == "Done"
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Plan"},
        "blocks": [{"type": "divider"}],
    }
    assert client.views_open(trigger_id=form["trigger_id"], view=modal)["ok"]


# ----------------------------------------------------------------------------- interactivity


def approval_blocks(case: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "section",
            "block_id": f"case-{case}",
            "text": {"type": "mrkdwn", "text": f"Case {case}"},
        },
        {
            "type": "actions",
            "block_id": f"decide-{case}",
            "elements": [
                {
                    "type": "button",
                    "action_id": "approve",
                    "value": case,
                    "text": {"type": "plain_text", "text": "Approve"},
                },
                {
                    "type": "button",
                    "action_id": "reject",
                    "value": case,
                    "text": {"type": "plain_text", "text": "Reject"},
                },
            ],
        },
    ]


def test_block_actions_payload_for_a_clicked_button(
    sb: Sandbox, bot: Receiver, client: WebClient
) -> None:
    alice = sb.add_user("alice", "Alice Smith")
    im = client.conversations_open(users=alice)["channel"]["id"]
    first = client.chat_postMessage(channel=im, text="Case 1", blocks=approval_blocks("1"))["ts"]
    client.chat_postMessage(channel=im, text="Case 2", blocks=approval_blocks("2"))

    delivery = sb.click(alice, "approve", value="1")
    payload = bot.received[-1].payload
    assert delivery.ok and payload == delivery.payload
    assert payload["type"] == "block_actions" and payload["user"]["id"] == alice
    assert payload["container"] == {
        "type": "message",
        "message_ts": first,
        "channel_id": im,
        "is_ephemeral": False,
    }
    assert payload["channel"]["id"] == im and payload["message"]["ts"] == first
    assert payload["message"]["blocks"][1]["elements"][0]["action_id"] == "approve"
    action = payload["actions"][0]
    assert {k: action[k] for k in ("action_id", "block_id", "type", "value")} == {
        "action_id": "approve",
        "block_id": "decide-1",
        "type": "button",
        "value": "1",
    }
    assert action["text"]["text"] == "Approve" and float(action["action_ts"]) > 0
    assert payload["api_app_id"] == sb.app_id and payload["team"]["id"] == sb.team_id

    newest = sb.click(alice, "reject").payload  # no message given: the newest one with that button
    assert newest["actions"][0]["value"] == "2"

    replaced = {"replace_original": True, "text": "Approved", "blocks": []}
    assert post_json(payload["response_url"], replaced) == 200
    assert sb.messages(im)[0]["text"] == "Approved" and sb.messages(im)[0]["blocks"] == []
    assert post_json(payload["response_url"], {"delete_original": True}) == 200
    assert [m["text"] for m in sb.messages(im)] == ["Case 2"]
    assert client.views_open(
        trigger_id=payload["trigger_id"],
        view={
            "type": "modal",
            "title": {"type": "plain_text", "text": "Why"},
            "blocks": [{"type": "divider"}],
        },
    )["ok"]


def test_click_on_missing_element_explains_what_is_there(sb: Sandbox, client: WebClient) -> None:
    alice = sb.add_user("alice")
    client.chat_postMessage(channel=alice, text="Case 9", blocks=approval_blocks("9"))
    with pytest.raises(AssertionError, match="no element with action_id='escalate'.*approve"):
        sb.click(alice, "escalate")
    with pytest.raises(AssertionError, match="value='7'"):
        sb.click(alice, "approve", value="7")


def test_menus_and_date_pickers_report_their_selection(
    sb: Sandbox, bot: Receiver, client: WebClient
) -> None:
    alice = sb.add_user("alice")
    options = [
        {"text": {"type": "plain_text", "text": label}, "value": label.lower()}
        for label in ("Full", "Partial")
    ]
    blocks = [
        {
            "type": "actions",
            "block_id": "pick",
            "elements": [
                {"type": "static_select", "action_id": "hours", "options": options},
                {"type": "datepicker", "action_id": "start"},
                {"type": "users_select", "action_id": "supervisor"},
                {"type": "overflow", "action_id": "more", "options": options},
            ],
        }
    ]
    client.chat_postMessage(channel=alice, text="Plan", blocks=blocks)
    chosen = sb.click(alice, "hours", selected="partial").payload
    assert chosen["actions"][0]["selected_option"] == options[1]
    assert chosen["state"]["values"]["pick"]["hours"] == {
        "type": "static_select",
        "selected_option": options[1],
    }
    assert (
        sb.click(alice, "start", selected=date(2024, 5, 6)).payload["actions"][0]["selected_date"]
        == "2024-05-06"
    )
    assert (
        sb.click(alice, "supervisor", selected=alice).payload["actions"][0]["selected_user"]
        == alice
    )
    more = sb.click(alice, "more", selected="full").payload
    assert (
        more["actions"][0]["selected_option"] == options[0]
        and "more" not in more["state"]["values"]["pick"]
    )
    with pytest.raises(AssertionError, match="no option with value 'none'"):
        sb.click(alice, "hours", selected="none")


FORM = {
    "type": "modal",
    "callback_id": "restrictions",
    "private_metadata": '{"case": 12}',
    "title": {"type": "plain_text", "text": "Restrictions"},
    "submit": {"type": "plain_text", "text": "Save"},
    "notify_on_close": True,
    "blocks": [
        {
            "type": "input",
            "block_id": "limits",
            "label": {"type": "plain_text", "text": "Limits"},
            "element": {"type": "plain_text_input", "action_id": "text", "multiline": True},
        },
        {
            "type": "input",
            "block_id": "until",
            "optional": True,
            "label": {"type": "plain_text", "text": "Until"},
            "element": {"type": "datepicker", "action_id": "date", "initial_date": "2024-06-01"},
        },
    ],
}


def test_view_submission_errors_then_close(sb: Sandbox, bot: Receiver, client: WebClient) -> None:
    alice = sb.add_user("alice")
    trigger = sb.shortcut(alice, "restrictions").payload["trigger_id"]
    view = client.views_open(trigger_id=trigger, view=FORM)["view"]

    with pytest.raises(AssertionError, match="required field 'Limits' is empty"):
        sb.submit_view(alice, view["id"], {})

    bot.answer = lambda request: (
        200,
        json.dumps({"response_action": "errors", "errors": {"limits": "Too vague"}}),
    )
    first = sb.submit_view(alice, view["id"], {"text": "light duty"})
    submitted = bot.received[-1].payload
    assert submitted["type"] == "view_submission" and submitted["view"]["id"] == view["id"]
    assert (
        submitted["view"]["callback_id"] == "restrictions"
        and submitted["view"]["private_metadata"] == '{"case": 12}'
    )
    assert submitted["view"]["state"]["values"] == {
        "limits": {"text": {"type": "plain_text_input", "value": "light duty"}},
        "until": {"date": {"type": "datepicker", "selected_date": "2024-06-01"}},
    }
    assert sb.views(alice)[0]["errors"] == {"limits": "Too vague"} and first.notes

    bot.answer = lambda request: (200, "")
    sb.submit_view(
        alice, view, {"limits.text": "No lifting over 10 kg", "until.date": date(2024, 7, 1)}
    )
    assert (
        bot.received[-1].payload["view"]["state"]["values"]["until"]["date"]["selected_date"]
        == "2024-07-01"
    )
    assert sb.views(alice) == []


def test_view_closed_is_sent_only_when_asked_for(
    sb: Sandbox, bot: Receiver, client: WebClient
) -> None:
    alice = sb.add_user("alice")
    client.views_open(trigger_id=sb.shortcut(alice, "a").payload["trigger_id"], view=FORM)
    closed = sb.close_view(alice)
    assert closed is not None and closed.payload["type"] == "view_closed"
    quiet = {**FORM, "notify_on_close": False}
    client.views_open(trigger_id=sb.shortcut(alice, "b").payload["trigger_id"], view=quiet)
    assert sb.close_view(alice) is None and sb.views(alice) == []


# ----------------------------------------------------------------------------- files, home, waiting


def test_user_file_upload_delivers_file_shared_and_the_message(
    sb: Sandbox, bot: Receiver, client: WebClient
) -> None:
    alice = sb.add_user("alice")
    upload = sb.upload_file(alice, "note.pdf", b"%PDF doctor's note", text="my note")
    assert [d.event["type"] for d in upload.deliveries] == ["file_shared", "message"]
    message = upload.deliveries[1].event
    assert message["subtype"] == "file_share" and message["files"][0]["id"] == upload.file_id
    info = client.files_info(file=upload.file_id)["file"]
    download = urllib.request.Request(
        info["url_private_download"], headers={"Authorization": f"Bearer {sb.bot_token}"}
    )
    with urllib.request.urlopen(download, timeout=5) as response:
        assert response.read() == b"%PDF doctor's note"
    assert info["mimetype"] == "application/pdf" and sb.dm_channel(alice) in info["ims"]


def test_home_tab_opened_carries_the_published_view(
    sb: Sandbox, bot: Receiver, client: WebClient
) -> None:
    alice = sb.add_user("alice")
    assert "view" not in sb.open_home(alice).event
    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Your plan"}}],
    }
    client.views_publish(user_id=alice, view=home)
    event = sb.open_home(alice).event
    assert event["type"] == "app_home_opened" and event["tab"] == "home"
    assert event["view"]["blocks"][0]["text"]["text"] == "Your plan"


def test_wait_for_wakes_on_the_bots_call(sb: Sandbox, bot: Receiver, client: WebClient) -> None:
    alice = sb.add_user("alice", "Alice Smith")

    def answer_later(request: Received) -> tuple[int, str]:
        event = request.payload["event"]
        threading.Thread(
            target=client.chat_postMessage,
            kwargs={"channel": event["channel"], "text": "Hello Alice"},
        ).start()
        return 200, ""

    bot.answer = answer_later
    sb.dm(alice, "hi")
    assert sb.wait_for_dm(alice, "Hello")["text"] == "Hello Alice"
    assert sb.wait_for_call("chat.postMessage").ok
    with pytest.raises(
        AssertionError,
        match=r"timed out after 0.05s waiting for nothing(.|\n)*chat.postMessage -> ok",
    ):
        sb.wait_for(lambda: False, timeout=0.05, message="nothing")
    transcript = sb.transcript()
    assert "DM with Alice Smith · Alice Smith: hi" in transcript
    assert "DM with Alice Smith · rtwbot: Hello Alice" in transcript
    assert sb.internal_errors == []
