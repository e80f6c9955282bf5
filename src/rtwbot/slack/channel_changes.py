"""Channel changes as the relay performs them (invite, remove, pin, archive), each safe to
repeat: a retry after a crash or an outage finds the change made and counts it as done
(`already_in_channel`, `not_in_channel`, `already_pinned`, `already_archived`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

# Someone already in the channel was brought in (by us, before a crash, or by a person).
ALREADY_IN = "already_in_channel"


def invite(client: WebClient, channel: str, users: Sequence[str],
           transient: Callable[[SlackApiError], bool]) -> dict[str, str]:
    """Invite in one call; returns who could not be brought in, with Slack's reason.
    Without `force`, Slack refuses the whole batch when one user fails: the rest are
    invited once more (one by one when Slack did not say who failed). A transient error
    (an outage) is raised, for the relay to try the whole row again later."""
    users = list(dict.fromkeys(users))
    if not users:
        return {}
    try:
        client.conversations_invite(channel=channel, users=",".join(users))
        return {}
    except SlackApiError as exc:
        if transient(exc):
            raise
        error = str(exc.response.get("error") or "error")
        per_user = {e.get("user"): e.get("error") for e in exc.response.get("errors") or []
                    if e.get("user")}
    if not per_user:
        if len(users) == 1:
            return {} if error == ALREADY_IN else {users[0]: error}
        failures: dict[str, str] = {}
        for user in users:  # who failed is unknown: each on their own
            failures.update(invite(client, channel, [user], transient))
        return failures
    failures = {u: e for u, e in per_user.items() if e != ALREADY_IN}
    rest = [u for u in users if u not in per_user]
    if rest:
        failures.update(invite(client, channel, rest, transient))
    return failures


def remove(client: WebClient, channel: str, user: str) -> None:
    _tolerating("not_in_channel", lambda: client.conversations_kick(channel=channel, user=user))


def pin(client: WebClient, channel: str, ts: str) -> None:
    _tolerating("already_pinned", lambda: client.pins_add(channel=channel, timestamp=ts))


def archive(client: WebClient, channel: str) -> None:
    _tolerating("already_archived", lambda: client.conversations_archive(channel=channel))


def _tolerating(done: str, call: Callable[[], object]) -> None:
    try:
        call()
    except SlackApiError as exc:
        if exc.response.get("error") != done:
            raise
