"""`TryLater`: "not now" rather than "failed". Raised where Slack cannot do something now (a
rate limit, a 5xx, a timeout, no connection); a delivery that meets it goes back to the
inbox with a due time (`rtwbot.slack.inbox`), a use case waits for it with a `Later`. A leaf
module, so that the pure layers can let it pass without knowing Slack."""

from __future__ import annotations


class TryLater(Exception):
    """Raised by a port when Slack cannot do it now (5xx, rate limit, timeout).
    `retry_after`: the seconds Slack asked for, when it said."""

    def __init__(self, reason: str = "", retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after
