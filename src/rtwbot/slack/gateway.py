"""The outbound side: a slack_sdk WebClient that retries what Slack asks it to retry.

slack_sdk retries only connection errors by default. Rate limits (429 + Retry-After) and
transient 5xx are retried here, sleeping through the injected clock so tests never wait.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from rtwbot.clock import Clock

log = logging.getLogger(__name__)


class _ClockSleep:
    """Mixin: sleep through the clock instead of time.sleep."""

    clock: Clock

    def _sleep(self, seconds: float) -> None:
        self.clock.sleep(seconds)


class RateLimitRetry(_ClockSleep, RateLimitErrorRetryHandler):
    def __init__(self, clock: Clock, max_retry_count: int = 3):
        super().__init__(max_retry_count=max_retry_count)
        self.clock = clock

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error  # type: ignore[misc]
        state.next_attempt_requested = True
        headers = {k.lower(): v for k, v in response.headers.items()}
        raw = headers.get("retry-after", ["1"])
        try:
            seconds = float(raw[0] if isinstance(raw, list) else raw)
        except ValueError:
            seconds = 1.0
        log.warning("Slack rate limit on %s: waiting %.0f s as told", request.url, seconds)
        self._sleep(seconds)
        state.increment_current_attempt()


class _BackoffRetry(_ClockSleep):
    interval_calculator: RetryIntervalCalculator

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        self._sleep(self.interval_calculator.calculate_sleep_duration(state.current_attempt))
        state.increment_current_attempt()


class ServerErrorRetry(_BackoffRetry, ServerErrorRetryHandler):
    def __init__(self, clock: Clock, max_retry_count: int = 3):
        super().__init__(max_retry_count=max_retry_count)
        self.clock = clock


class ConnectionRetry(_BackoffRetry, ConnectionErrorRetryHandler):
    def __init__(self, clock: Clock, max_retry_count: int = 2):
        super().__init__(max_retry_count=max_retry_count)
        self.clock = clock


def retry_handlers(clock: Clock) -> list[RetryHandler]:
    return [ConnectionRetry(clock), RateLimitRetry(clock), ServerErrorRetry(clock)]


def make_client(token: str, base_url: str, clock: Clock, timeout: int = 30) -> WebClient:
    return WebClient(
        token=token, base_url=base_url, timeout=timeout, retry_handlers=retry_handlers(clock)
    )
