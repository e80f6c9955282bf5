"""The sandbox answers slack_sdk's WebClient as Slack does, refusals included."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from rtwbot.sandbox import Sandbox


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox("test-signing-secret") as sandbox:
        yield sandbox


@pytest.fixture
def client(sb: Sandbox) -> WebClient:
    return WebClient(token=sb.bot_token, base_url=sb.api_url)


def refusal(call: Any, **kwargs: Any) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as raised:
        call(**kwargs)
    return raised.value.response.data


def button(action_id: str, label: str = "Go", value: str = "1") -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action_id,
        "value": value,
    }


# ----------------------------------------------------------------------------- auth


def test_auth_errors_and_auth_test(sb: Sandbox, client: WebClient) -> None:
    assert refusal(WebClient(base_url=sb.api_url).auth_test)["error"] == "not_authed"
    assert (
        refusal(WebClient(token="xoxb-wrong", base_url=sb.api_url).auth_test)["error"]
        == "invalid_auth"
    )
    me = client.auth_test()
    assert (
        me["user_id"] == sb.bot_user_id
        and me["bot_id"] == sb.bot_id
        and me["team_id"] == sb.team_id
    )


def test_unknown_method(client: WebClient) -> None:
    assert refusal(client.api_call, api_method="reminders.add")["error"] == "unknown_method"


def test_every_call_is_recorded_refused_ones_too(sb: Sandbox, client: WebClient) -> None:
    client.auth_test()
    refusal(client.chat_postMessage, channel="CNOPE", text="hi")
    records = sb.calls()
    assert [(r.method, r.ok, r.error, r.status) for r in records] == [
        ("auth.test", True, None, 200),
        ("chat.postMessage", False, "channel_not_found", 200),
    ]
    assert records[1].args == {"channel": "CNOPE", "text": "hi"}
    assert sb.calls("auth.test")[0].response["ok"] is True


# ----------------------------------------------------------------------------- chat.postMessage


def test_post_message_refusals(sb: Sandbox, client: WebClient) -> None:
    general = sb.add_channel("general")
    assert refusal(client.chat_postMessage, channel="", text="x")["error"] == "channel_not_found"
    assert (
        refusal(client.chat_postMessage, channel="C0UNKNOWN1", text="x")["error"]
        == "channel_not_found"
    )
    no_text = refusal(client.api_call, api_method="chat.postMessage", json={"channel": general})
    assert no_text["error"] == "no_text"
    assert (
        refusal(client.chat_postMessage, channel=general, text="x" * 40_001)["error"]
        == "msg_too_long"
    )

    too_long = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    answer = refusal(client.chat_postMessage, channel=general, text="fallback", blocks=too_long)
    assert answer["error"] == "invalid_blocks"
    assert any("/blocks/0" in line for line in answer["response_metadata"]["messages"])

    many = [{"type": "divider"}] * 51
    assert (
        refusal(client.chat_postMessage, channel=general, text="x", blocks=many)["error"]
        == "invalid_blocks"
    )
    client.chat_postMessage(channel=general, text="x", blocks=[{"type": "divider"}] * 50)


def test_not_in_channel_and_private_channels_stay_hidden(sb: Sandbox, client: WebClient) -> None:
    public = sb.add_channel("lunch", bot_member=False)
    secret = sb.add_channel("hr-private", private=True, bot_member=False)
    assert refusal(client.chat_postMessage, channel=public, text="hi")["error"] == "not_in_channel"
    assert (
        refusal(client.chat_postMessage, channel=secret, text="hi")["error"] == "channel_not_found"
    )
    assert refusal(client.conversations_info, channel=secret)["error"] == "channel_not_found"
    assert client.conversations_info(channel=public)["channel"]["is_member"] is False


def test_messages_get_monotonic_ts_from_the_sandbox_clock(sb: Sandbox, client: WebClient) -> None:
    sb.clock.set(datetime(2024, 1, 1, tzinfo=UTC))
    general = sb.add_channel("general")
    first = client.chat_postMessage(channel=general, text="one")["ts"]
    second = client.chat_postMessage(channel=general, text="two")["ts"]
    assert (first, second) == ("1704067200.000000", "1704067200.000100")
    sb.clock.advance(timedelta(minutes=1))
    assert client.chat_postMessage(channel=general, text="three")["ts"] == "1704067260.000000"


def test_threads_update_delete_and_permalink(sb: Sandbox, client: WebClient) -> None:
    alice = sb.add_user("alice", "Alice Smith")
    general = sb.add_channel("general", members=[alice])
    parent = client.chat_postMessage(channel=general, text="parent")["ts"]
    client.chat_postMessage(channel=general, text="reply", thread_ts=parent)
    sb.post(alice, general, "human reply", thread_ts=parent)

    replies = client.conversations_replies(channel=general, ts=parent)["messages"]
    assert [m["text"] for m in replies] == ["parent", "reply", "human reply"]
    assert replies[0]["reply_count"] == 2 and replies[0]["reply_users"] == [sb.bot_user_id, alice]
    assert [m["text"] for m in client.conversations_history(channel=general)["messages"]] == [
        "parent"
    ]

    updated = client.chat_update(channel=general, ts=parent, text="edited parent")
    assert updated["message"]["edited"]["user"] == sb.bot_user_id
    human = replies[2]["ts"]
    assert (
        refusal(client.chat_update, channel=general, ts=human, text="x")["error"]
        == "cant_update_message"
    )
    assert (
        refusal(client.chat_update, channel=general, ts="1.000000", text="x")["error"]
        == "message_not_found"
    )
    assert refusal(client.chat_delete, channel=general, ts=human)["error"] == "cant_delete_message"

    link = client.chat_getPermalink(channel=general, message_ts=replies[1]["ts"])["permalink"]
    assert link.startswith("https://") and f"thread_ts={parent}" in link
    client.chat_delete(channel=general, ts=replies[1]["ts"])
    assert [m["text"] for m in sb.messages(general)] == ["edited parent", "human reply"]


def test_ephemeral_messages_are_visible_only_to_their_user(sb: Sandbox, client: WebClient) -> None:
    alice, bob = sb.add_user("alice"), sb.add_user("bob")
    general = sb.add_channel("general", members=[alice])
    client.chat_postEphemeral(channel=general, user=alice, text="psst")
    assert (
        refusal(client.chat_postEphemeral, channel=general, user=bob, text="x")["error"]
        == "user_not_in_channel"
    )
    assert [e["text"] for e in sb.ephemerals(alice)] == ["psst"]
    assert sb.ephemerals(bob) == [] and sb.messages(general) == []


# ----------------------------------------------------------------------------- failures


class _RecordingRateLimitHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, minus the real sleep."""

    def __init__(self) -> None:
        super().__init__(max_retry_count=2)
        self.waits: list[str] = []

    def prepare_for_next_attempt(
        self, *, state: Any, request: Any, response: Any = None, error: Any = None
    ) -> None:
        self.waits.append(response.headers.get("Retry-After", response.headers.get("retry-after")))
        state.next_attempt_requested = True
        state.increment_current_attempt()


def test_rate_limit_once_then_success(sb: Sandbox, client: WebClient) -> None:
    handler = _RecordingRateLimitHandler()
    client.retry_handlers.append(handler)
    general = sb.add_channel("general")
    sb.fail_next("chat.postMessage", status=429, retry_after=7)
    assert client.chat_postMessage(channel=general, text="after the wait")["ok"] is True
    assert handler.waits == [["7"]]
    assert [(r.status, r.error) for r in sb.calls("chat.postMessage")] == [
        (429, "ratelimited"),
        (200, None),
    ]


def test_rate_limit_without_retry_handler_surfaces_429(sb: Sandbox, client: WebClient) -> None:
    sb.fail_next("users.info", status=429, retry_after=3)
    answer = refusal(client.users_info, user=sb.bot_user_id)
    assert answer == {"ok": False, "error": "ratelimited"}


def test_server_errors_and_plain_errors_can_be_injected(sb: Sandbox, client: WebClient) -> None:
    sb.fail_next("auth.test", status=500)
    with pytest.raises(SlackApiError) as raised:
        client.auth_test()
    assert raised.value.response.status_code == 500
    sb.fail_next("auth.test", status=200, error="fatal_error", count=2)
    assert refusal(client.auth_test)["error"] == "fatal_error"
    assert refusal(client.auth_test)["error"] == "fatal_error"
    assert client.auth_test()["ok"] is True


# ----------------------------------------------------------------------------- conversations and users


def test_conversations_open_reuses_the_dm(sb: Sandbox, client: WebClient) -> None:
    alice = sb.add_user("alice")
    first = client.conversations_open(users=alice)
    again = client.conversations_open(users=alice)
    assert first["channel"]["id"] == again["channel"]["id"] == sb.dm_channel(alice)
    assert again["already_open"] is True
    full = client.conversations_open(users=alice, return_im=True)["channel"]
    assert full["is_im"] is True and full["user"] == alice
    assert (
        refusal(client.api_call, api_method="conversations.open")["error"]
        == "users_list_not_supplied"
    )
    assert refusal(client.conversations_open, users="U0NOBODY00")["error"] == "user_not_found"


def test_invite_refusals(sb: Sandbox, client: WebClient) -> None:
    alice, bob = sb.add_user("alice"), sb.add_user("bob")
    case = sb.add_channel("case-1", private=True, members=[alice])
    assert (
        refusal(client.conversations_invite, channel=case, users=alice)["error"]
        == "already_in_channel"
    )
    assert (
        refusal(client.conversations_invite, channel=case, users=sb.bot_user_id)["error"]
        == "cant_invite_self"
    )
    assert (
        refusal(client.conversations_invite, channel=case, users="U0NOBODY00")["error"]
        == "user_not_found"
    )
    both = refusal(client.conversations_invite, channel=case, users=[bob, alice])
    assert both["error"] == "already_in_channel" and both["errors"] == [
        {"user": alice, "ok": False, "error": "already_in_channel"}
    ]
    client.conversations_invite(channel=case, users=bob)
    assert set(client.conversations_members(channel=case)["members"]) == {
        alice,
        bob,
        sb.bot_user_id,
    }
    im = sb.dm_channel(alice)
    assert (
        refusal(client.conversations_invite, channel=im, users=bob)["error"]
        == "method_not_supported_for_channel_type"
    )


def test_deactivated_users(sb: Sandbox, client: WebClient) -> None:
    gone = sb.add_user("gone", "Gone Person", email="gone@example.com", deleted=True)
    leaver = sb.add_user("leaver", email="leaver@example.com")
    case = sb.add_channel("case-2", private=True, members=[leaver])
    client.conversations_open(users=leaver)
    sb.deactivate_user(leaver)

    assert client.users_info(user=gone)["user"]["deleted"] is True
    assert refusal(client.conversations_open, users=gone)["error"] == "user_disabled"
    assert refusal(client.chat_postMessage, channel=leaver, text="hi")["error"] == "user_disabled"
    assert refusal(client.conversations_invite, channel=case, users=gone)["error"] == "cant_invite"
    assert (
        refusal(client.users_lookupByEmail, email="gone@example.com")["error"] == "users_not_found"
    )
    assert leaver not in client.conversations_members(channel=case)["members"]
    # Slack keeps an existing DM with a deactivated person writable (slackapi/python-slack-sdk#1156).
    assert client.chat_postMessage(channel=sb.dm_channel(leaver), text="still here")["ok"] is True


def test_users_lookup_and_info(sb: Sandbox, client: WebClient) -> None:
    alice = sb.add_user(
        "alice", "Alice Smith", email="Alice@Example.com", tz="America/Vancouver", is_admin=True
    )
    found = client.users_lookupByEmail(email="alice@example.com")["user"]
    assert found["id"] == alice and found["profile"]["email"] == "Alice@Example.com"
    assert found["tz"] == "America/Vancouver" and found["tz_offset"] in (-28800, -25200)
    assert found["is_admin"] is True and found["deleted"] is False
    assert refusal(client.users_info, user="U0NOBODY00")["error"] == "user_not_found"
    assert client.users_info(user=sb.bot_user_id)["user"]["is_bot"] is True


def test_conversations_create(sb: Sandbox, client: WebClient) -> None:
    created = client.conversations_create(name="rtw-case-17", is_private=True)["channel"]
    assert created["is_private"] is True and created["is_member"] is True
    assert refusal(client.conversations_create, name="rtw-case-17")["error"] == "name_taken"
    assert refusal(client.conversations_create, name="Bad Name")["error"] == "invalid_name_specials"
    assert refusal(client.conversations_create, name="")["error"] == "invalid_name_required"


# ----------------------------------------------------------------------------- files


def test_files_upload_v2_shares_into_the_channel(sb: Sandbox, client: WebClient) -> None:
    alice = sb.add_user("alice")
    case = sb.add_channel("case-3", private=True, members=[alice])
    parent = client.chat_postMessage(channel=case, text="forms")["ts"]
    uploaded = client.files_upload_v2(
        channel=case,
        thread_ts=parent,
        filename="form.pdf",
        content=b"%PDF-1.4 demo",
        initial_comment="Your form",
    )
    file = uploaded["file"]
    assert file["name"] == "form.pdf" and file["size"] == len(b"%PDF-1.4 demo")
    shared = sb.messages(case)[-1]
    assert shared["files"][0]["id"] == file["id"] and shared["thread_ts"] == parent
    assert shared["text"] == "Your form"
    info = client.files_info(file=file["id"])["file"]
    assert case in info["groups"] and info["url_private"].startswith(sb.base_url)
    assert [c.method for c in sb.calls()][-4:-1] == [
        "files.getUploadURLExternal",
        "upload_url",
        "files.completeUploadExternal",
    ]

    authorized = urllib.request.Request(
        info["url_private"], headers={"Authorization": f"Bearer {sb.bot_token}"}
    )
    with urllib.request.urlopen(authorized, timeout=5) as response:
        assert response.read() == b"%PDF-1.4 demo"

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    with pytest.raises(urllib.error.HTTPError) as redirected:
        urllib.request.build_opener(NoRedirect).open(info["url_private_download"], timeout=5)
    assert redirected.value.code == 302 and "/signin" in redirected.value.headers["Location"]
    with urllib.request.urlopen(
        info["url_private"], timeout=5
    ) as followed:  # like a client following it
        assert followed.headers.get_content_type() == "text/html"
    assert refusal(client.files_info, file="F0NOPE0000")["error"] == "file_not_found"


def test_complete_upload_refusals(sb: Sandbox, client: WebClient) -> None:
    lunch = sb.add_channel("lunch", bot_member=False)
    ticket = client.files_getUploadURLExternal(filename="a.txt", length=3)
    files = [{"id": ticket["file_id"]}]
    assert (
        refusal(client.files_completeUploadExternal, files=files)["error"] == "file_not_found"
    )  # no bytes yet
    urllib.request.urlopen(
        urllib.request.Request(ticket["upload_url"], data=b"abc", method="POST"), timeout=5
    )
    assert (
        refusal(client.files_completeUploadExternal, files=files, channel_id=lunch)["error"]
        == "not_in_channel"
    )
    assert (
        refusal(client.files_getUploadURLExternal, filename="a.txt", length=0)["error"]
        == "missing_argument"
    )


# ----------------------------------------------------------------------------- views


MODAL = {
    "type": "modal",
    "callback_id": "return_form",
    "title": {"type": "plain_text", "text": "Return to work"},
    "submit": {"type": "plain_text", "text": "Send"},
    "blocks": [
        {
            "type": "input",
            "block_id": "date",
            "label": {"type": "plain_text", "text": "Date"},
            "element": {"type": "datepicker", "action_id": "picked"},
        }
    ],
}


def test_views_open_with_expired_or_reused_trigger(sb: Sandbox, client: WebClient) -> None:
    alice = sb.add_user("alice")
    trigger = sb.shortcut(alice, "start").payload["trigger_id"]
    opened = client.views_open(trigger_id=trigger, view=MODAL)["view"]
    assert opened["callback_id"] == "return_form" and opened["root_view_id"] == opened["id"]
    assert sb.views(alice)[0]["id"] == opened["id"]
    assert (
        refusal(client.views_open, trigger_id=trigger, view=MODAL)["error"]
        == "exchanged_trigger_id"
    )

    stale = sb.shortcut(alice, "start").payload["trigger_id"]
    sb.clock.advance(3.5)
    assert refusal(client.views_open, trigger_id=stale, view=MODAL)["error"] == "expired_trigger_id"
    assert (
        refusal(client.views_open, trigger_id="123.456.abc", view=MODAL)["error"]
        == "invalid_arguments"
    )


def test_view_validation_update_push_and_publish(sb: Sandbox, client: WebClient) -> None:
    alice = sb.add_user("alice")
    long_title = {**MODAL, "title": {"type": "plain_text", "text": "x" * 25}}
    trigger = sb.shortcut(alice, "start").payload["trigger_id"]
    assert (
        refusal(client.views_open, trigger_id=trigger, view=long_title)["error"]
        == "invalid_arguments"
    )
    huge = {**MODAL, "private_metadata": "x" * 3000, "blocks": [{"type": "divider"}] * 100}
    huge["blocks"] = [{"type": "section", "text": {"type": "mrkdwn", "text": "y" * 2900}}] * 90
    assert refusal(client.views_open, trigger_id=trigger, view=huge)["error"] == "view_too_large"

    opened = client.views_open(trigger_id=trigger, view=MODAL)[
        "view"
    ]  # refusals did not spend the trigger
    assert (
        refusal(client.views_update, view_id=opened["id"], hash="stale", view=MODAL)["error"]
        == "hash_conflict"
    )
    assert refusal(client.views_update, view_id="V0NOPE0000", view=MODAL)["error"] == "not_found"
    renamed = {**MODAL, "title": {"type": "plain_text", "text": "Renamed"}}
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=renamed)["view"]
    assert updated["hash"] != opened["hash"] and sb.views(alice)[0]["title"]["text"] == "Renamed"

    for _ in range(2):
        client.views_push(trigger_id=sb.shortcut(alice, "more").payload["trigger_id"], view=MODAL)
    third = sb.shortcut(alice, "more").payload["trigger_id"]
    assert refusal(client.views_push, trigger_id=third, view=MODAL)["error"] == "push_limit_reached"

    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Welcome"}}],
    }
    published = client.views_publish(user_id=alice, view=home)["view"]
    assert sb.home(alice)["id"] == published["id"]
    assert refusal(client.views_publish, user_id=alice, view=MODAL)["error"] == "invalid_arguments"
    assert (
        refusal(client.views_publish, user_id="U0NOBODY00", view=home)["error"]
        == "invalid_arguments"
    )
