"""Channel changes as the relay performs them: inviting in one batch when some people cannot
be added, and an outage left to the relay to try again."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from rtwbot.slack import channel_changes


class FakeClient:
    """conversations.invite as Slack answers it without `force`: one bad user fails the batch."""

    def __init__(self, problems: dict[str, str], down: bool = False):
        self.problems, self.down = problems, down
        self.calls: list[list[str]] = []

    def conversations_invite(self, channel: str, users: str) -> dict:
        wanted = users.split(",")
        self.calls.append(wanted)
        if self.down:
            raise SlackApiError("down", {"ok": False, "error": "service_unavailable"})
        errors = [{"user": u, "ok": False, "error": self.problems[u]}
                  for u in wanted if u in self.problems]
        if errors:
            body = {"ok": False, "error": errors[0]["error"]}
            if len(wanted) > 1:
                body["errors"] = errors
            raise SlackApiError("refused", body)
        return {"ok": True}


def transient(exc: SlackApiError) -> bool:
    return exc.response.get("error") == "service_unavailable"


def invite(client: FakeClient, users: list[str]) -> dict[str, str]:
    return channel_changes.invite(client, "C1", users, transient)


def test_already_in_channel_is_success_and_the_rest_are_invited_again() -> None:
    client = FakeClient({"U1": "already_in_channel", "U2": "cant_invite"})
    failures = invite(client, ["U1", "U2", "U3"])
    assert failures == {"U2": "cant_invite"}
    assert client.calls == [["U1", "U2", "U3"], ["U3"]]


def test_one_person_who_cannot_be_invited_is_reported() -> None:
    client = FakeClient({"U9": "user_not_found"})
    assert invite(client, ["U9"]) == {"U9": "user_not_found"}
    assert invite(FakeClient({"U9": "already_in_channel"}), ["U9"]) == {}


def test_a_refused_batch_that_names_nobody_is_invited_one_by_one() -> None:
    class Unnamed(FakeClient):
        def conversations_invite(self, channel: str, users: str) -> dict:
            if "," in users:
                self.calls.append(users.split(","))
                raise SlackApiError("refused", {"ok": False, "error": "already_in_channel"})
            return super().conversations_invite(channel, users)

    client = Unnamed({"U1": "already_in_channel"})
    assert invite(client, ["U1", "U2"]) == {}
    assert client.calls == [["U1", "U2"], ["U1"], ["U2"]]


def test_an_outage_is_raised_for_the_relay_to_try_again() -> None:
    with pytest.raises(SlackApiError):
        invite(FakeClient({}, down=True), ["U1", "U2"])
