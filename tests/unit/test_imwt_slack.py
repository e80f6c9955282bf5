"""The thread's Slack adapter: inviting in one batch when some people cannot be added."""

from __future__ import annotations

from types import SimpleNamespace

from slack_sdk.errors import SlackApiError

from rtwbot.slack.listeners.imwt import SlackThread


class FakeClient:
    """conversations.invite as Slack answers it without `force`: one bad user fails the batch."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        self.calls: list[list[str]] = []

    def conversations_invite(self, channel: str, users: str) -> dict:
        wanted = users.split(",")
        self.calls.append(wanted)
        errors = [{"user": u, "ok": False, "error": self.problems[u]}
                  for u in wanted if u in self.problems]
        if errors:
            body = {"ok": False, "error": errors[0]["error"]}
            if len(wanted) > 1:
                body["errors"] = errors
            raise SlackApiError("refused", body)
        return {"ok": True}


def thread(client: FakeClient) -> SlackThread:
    return SlackThread(SimpleNamespace(client=client, sender=None))


def test_already_in_channel_is_success_and_the_rest_are_invited_again() -> None:
    client = FakeClient({"U1": "already_in_channel", "U2": "cant_invite"})
    failures = thread(client).invite("C1", ["U1", "U2", "U3"])
    assert failures == {"U2": "cant_invite"}
    assert client.calls == [["U1", "U2", "U3"], ["U3"]]


def test_one_person_who_cannot_be_invited_is_reported() -> None:
    client = FakeClient({"U9": "user_not_found"})
    assert thread(client).invite("C1", ["U9"]) == {"U9": "user_not_found"}
    assert thread(FakeClient({"U9": "already_in_channel"})).invite("C1", ["U9"]) == {}
