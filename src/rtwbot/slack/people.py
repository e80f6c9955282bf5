"""Who is who in Slack: users.info and users.lookupByEmail, cached for a few minutes."""

from __future__ import annotations

import logging
import time
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from rtwbot.waiting import TryLater

log = logging.getLogger(__name__)
TTL = 300.0


class SlackPeople:
    def __init__(self, client: WebClient):
        self.client = client
        self._users: dict[str, tuple[float, dict | None]] = {}
        self._emails: dict[str, tuple[float, str | None]] = {}

    def user(self, user_id: str) -> dict | None:
        """{id, name, real_name, deleted, is_bot, tz} or None when Slack knows no such user."""
        hit = self._users.get(user_id)
        if hit and time.monotonic() - hit[0] < TTL:
            return hit[1]
        try:
            u = self.client.users_info(user=user_id)["user"]
            info = {
                "id": u["id"],
                "name": u.get("name"),
                "real_name": u.get("real_name") or (u.get("profile") or {}).get("real_name"),
                "deleted": bool(u.get("deleted")),
                "is_bot": bool(u.get("is_bot")),
                "tz": u.get("tz"),
                "email": (u.get("profile") or {}).get("email"),
            }
        except SlackApiError as exc:
            if exc.response.get("error") not in ("user_not_found", "users_not_found"):
                raise _not_now(exc) from exc
            info = None
        except (SlackClientError, URLError, TimeoutError, ConnectionError) as exc:
            raise _not_now(exc) from exc
        self._users[user_id] = (time.monotonic(), info)
        return info

    def name(self, user_id: str) -> str:
        info = self.user(user_id)
        return (info or {}).get("real_name") or (info or {}).get("name") or user_id

    def by_email(self, email: str) -> str | None:
        hit = self._emails.get(email)
        if hit and time.monotonic() - hit[0] < TTL:
            return hit[1]
        try:
            uid = self.client.users_lookupByEmail(email=email)["user"]["id"]
        except SlackApiError as exc:
            if exc.response.get("error") != "users_not_found":
                raise _not_now(exc) from exc
            uid = None
        except (SlackClientError, URLError, TimeoutError, ConnectionError) as exc:
            raise _not_now(exc) from exc
        self._emails[email] = (time.monotonic(), uid)
        return uid

    def resolve(self, ref: str) -> str | None:
        """A directory entry (a Slack id or an email) as a Slack user id."""
        return self.by_email(ref) if "@" in ref else ref


def _not_now(exc: Exception) -> Exception:
    """A lookup Slack could not answer now (rate limit, 5xx, too slow, unreachable) as
    `TryLater`, with Slack's Retry-After; any other refusal as it is."""
    if isinstance(exc, SlackApiError):
        from rtwbot.slack.relay import retry_after, transient

        if not transient(exc):
            return exc
        return TryLater(str(exc.response.get("error") or "unavailable"), retry_after(exc))
    log.info("A Slack lookup did not answer in time (%s)", type(exc).__name__)
    return TryLater(type(exc).__name__)
