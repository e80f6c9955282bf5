"""Issue 2's promises, through the sandbox with signed requests."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.e2e.conftest import dm_texts, say

pytestmark = pytest.mark.e2e


def test_a_signed_dm_gets_the_bots_reply(pg) -> None:
    reply = say(pg, "sam", "hello")
    assert "I'm rtwbot" in reply
    assert "Report an injury or illness" in reply


def test_a_redelivered_event_has_no_second_effect(pg) -> None:
    first = pg.sandbox.dm(pg.users["sam"], "hello")
    pg.settle()
    assert len(dm_texts(pg, "sam")) == 1
    again = pg.sandbox.redeliver(first, retry_num=1, reason="http_timeout")
    pg.settle()
    assert again.status == 200
    assert len(dm_texts(pg, "sam")) == 1


def test_a_wrong_signature_or_a_stale_timestamp_is_refused(pg) -> None:
    forged = pg.sandbox.dm(pg.users["sam"], "hello", signing_secret="not-the-secret")
    stale = pg.sandbox.dm(pg.users["sam"], "hello", timestamp_offset=-360)
    pg.settle()
    assert forged.status == 401
    assert stale.status == 401
    assert dm_texts(pg, "sam") == []


def test_a_rate_limited_post_is_retried_and_arrives_once(pg) -> None:
    pg.sandbox.fail_next("chat.postMessage", status=429, retry_after=1, count=1)
    reply = say(pg, "sam", "hello")
    assert "I'm rtwbot" in reply
    posts = pg.sandbox.calls("chat.postMessage")
    assert [c.status for c in posts] == [429, 200]
    assert len(dm_texts(pg, "sam")) == 1
    assert pg.clock.slept == [1.0]  # waited as Retry-After said (on the shared clock)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ({"text": "hi"}, "channel_not_found"),
        ({"channel": "C0NOSUCH", "text": "hi"}, "channel_not_found"),
        (
            {
                "channel": "rtw-hr",
                "text": "hi",
                "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}],
            },
            "invalid_blocks",
        ),
    ],
    ids=["without-channel", "unknown-channel", "section-of-3001"],
)
def test_the_sandbox_refuses_bad_posts_as_slack_does(pg, args, error) -> None:
    client = WebClient(token=pg.bot_token, base_url=pg.sandbox.api_url)
    if args.get("channel") == "rtw-hr":
        args = {**args, "channel": pg.channels["rtw-hr"]}
    with pytest.raises(SlackApiError) as exc:
        client.api_call("chat.postMessage", json=args)
    assert exc.value.response["error"] == error
