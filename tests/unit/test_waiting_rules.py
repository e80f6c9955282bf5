"""The pure rules behind waiting, ordering and retrying: which deliveries go in order and
when one repeats another, how long a delivery waits, which Slack calls the client may
repeat by itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from rtwbot.clock import ManualClock
from rtwbot.slack.gateway import ConnectionRetry, RateLimitRetry, ServerErrorRetry
from rtwbot.slack.inbox import must_wait, place_of
from rtwbot.store.inbox import wait_delay
from rtwbot.waiting import TryLater


def dm(text: str, user: str = "U1", channel: str = "D1") -> dict:
    return {"type": "event_callback", "event_id": "Ev1",
            "event": {"type": "message", "user": user, "channel": channel, "text": text}}


def test_one_persons_messages_in_one_conversation_share_a_place_and_a_repeat_its_digest():
    place, digest = place_of(dm("Yard 3,  loading dock"))
    assert place == "U1:D1"
    assert place_of(dm("yard 3, loading DOCK"))[1] == digest  # said again, as typed again
    assert place_of(dm("Yard 4, loading dock"))[1] != digest
    assert place_of(dm("hello", user="U2"))[0] == "U2:D1"
    assert place_of({"type": "event_callback", "event": {"type": "app_home_opened"}}) == (
        None, None)
    command = {"command": "/rtw", "trigger_id": "t", "user_id": "U1", "channel_id": "D1"}
    assert place_of(command) == (None, None)  # its trigger expires: never waits in line


def test_the_same_button_clicked_twice_has_one_digest_another_button_another():
    def click(action: str, value: str) -> dict:
        return {"type": "block_actions", "user": {"id": "U1"}, "channel": {"id": "D1"},
                "container": {"message_ts": "1.0"},
                "actions": [{"action_id": action, "value": value, "action_ts": "2.0"}]}

    assert place_of(click("union_yes", "7")) == place_of(click("union_yes", "7"))
    assert place_of(click("union_yes", "7"))[1] != place_of(click("union_no", "7"))[1]


def test_a_delivery_waits_as_long_as_slack_asked_else_a_growing_back_off():
    assert wait_delay(0, 30) == timedelta(seconds=30)
    assert wait_delay(3, 0.2) == timedelta(seconds=1)
    assert wait_delay(0, 10_000) == timedelta(seconds=300)
    assert [wait_delay(n).total_seconds() for n in range(8)] == [
        5, 10, 20, 40, 80, 160, 300, 300]


def test_what_means_wait_and_what_means_failed():
    assert must_wait(TryLater("slow", 12.0)) == 12.0
    assert must_wait(TimeoutError()) is True
    assert must_wait(ValueError()) is False
    assert must_wait(OSError()) is False  # a broken disk is a failure, not a wait


def request(method: str) -> HttpRequest:
    return HttpRequest(method="POST", url=f"https://slack.com/api/{method}", headers={})


@pytest.mark.parametrize("method", ["chat.postMessage", "chat.postEphemeral",
                                    "files.completeUploadExternal"])
def test_the_client_never_repeats_a_post_or_an_upload_itself(method: str) -> None:
    clock = ManualClock(datetime(2026, 1, 1, tzinfo=UTC))
    answered = HttpResponse(status_code=503, headers={}, body={})
    assert not ServerErrorRetry(clock).can_retry(state=RetryState(), request=request(method),
                                                 response=answered)
    assert not ConnectionRetry(clock).can_retry(state=RetryState(), request=request(method),
                                                error=ConnectionResetError())
    assert ServerErrorRetry(clock).can_retry(state=RetryState(), request=request("users.info"),
                                             response=answered)


def test_the_client_waits_out_only_a_short_rate_limit() -> None:
    retry = RateLimitRetry(ManualClock(datetime(2026, 1, 1, tzinfo=UTC)))

    def limited(after: str) -> bool:
        return retry.can_retry(state=RetryState(), request=request("users.info"),
                               response=HttpResponse(status_code=429,
                                                     headers={"Retry-After": [after]}, body={}))

    assert limited("1") and not limited("30")


def test_postgresql_connections_are_not_pinged_on_every_checkout() -> None:
    pytest.importorskip("psycopg")
    from rtwbot.store.db import make_engine

    engine = make_engine("postgresql+psycopg://u@127.0.0.1:1/nowhere")
    assert engine.pool._pre_ping is False
