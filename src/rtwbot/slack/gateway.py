"""The outbound side: a slack_sdk WebClient that retries what is safe to retry at once.

- A call that creates something in Slack (a post, completing an upload) is never retried
  here: Slack may have accepted it before the error (a 503 after the post, a dropped
  connection), and a blind repeat posts it twice. The relay retries those rows itself,
  after looking for the earlier post (`slack.relay`).
- A rate limit (429) is waited out here only when Slack asks for at most
  `INLINE_WAIT_SECONDS`; a longer Retry-After is raised, and the caller puts its work back
  in line with that due time (the relay's row, the inbox's delivery): no thread sleeps it.
- Transient 5xx answers and connection errors of reads are retried a few times with a
  short back-off, sleeping through the injected clock so tests never wait.
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
from rtwbot.store.db import holds_writes

log = logging.getLogger(__name__)


# Methods whose repeat could create a second post or share: retried only by the relay.
NOT_REPEATABLE = frozenset({
    "chat.postMessage", "chat.postEphemeral", "chat.meMessage", "chat.scheduleMessage",
    "files.completeUploadExternal", "files.upload", "files.remote.share",
})
INLINE_WAIT_SECONDS = 1.0
LOOKUP_TIMEOUT_SECONDS = 5  # a lookup slower than this goes back to the inbox to wait


def method_of(request: HttpRequest) -> str:
    return request.url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]


class _Repeatable:
    """Mixin: never retry a call that may have created something already."""

    def can_retry(self, *, state: RetryState, request: HttpRequest,
                  response: HttpResponse | None = None,
                  error: Exception | None = None) -> bool:
        if method_of(request) in NOT_REPEATABLE:
            return False
        return super().can_retry(state=state, request=request,  # type: ignore[misc]
                                 response=response, error=error)


class _ClockSleep:
    """Mixin: sleep through the clock instead of time.sleep."""

    clock: Clock

    def _sleep(self, seconds: float) -> None:
        self.clock.sleep(seconds)


def _retry_after(response: HttpResponse) -> float:
    headers = {k.lower(): v for k, v in response.headers.items()}
    raw = headers.get("retry-after", ["1"])
    try:
        return float(raw[0] if isinstance(raw, list) else raw)
    except ValueError:
        return 1.0


class RateLimitRetry(_ClockSleep, RateLimitErrorRetryHandler):
    """Waits out a short rate limit only; a longer one is the caller's to schedule."""

    def __init__(self, clock: Clock, max_retry_count: int = 1):
        super().__init__(max_retry_count=max_retry_count)
        self.clock = clock

    def _can_retry(self, *, state: RetryState, request: HttpRequest,
                   response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        return bool(response is not None and response.status_code == 429
                    and _retry_after(response) <= INLINE_WAIT_SECONDS)

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
        seconds = _retry_after(response)
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


class ServerErrorRetry(_Repeatable, _BackoffRetry, ServerErrorRetryHandler):
    def __init__(self, clock: Clock, max_retry_count: int = 2):
        super().__init__(max_retry_count=max_retry_count)
        self.clock = clock


class ConnectionRetry(_Repeatable, _BackoffRetry, ConnectionErrorRetryHandler):
    def __init__(self, clock: Clock, max_retry_count: int = 2):
        super().__init__(max_retry_count=max_retry_count)
        self.clock = clock


def retry_handlers(clock: Clock) -> list[RetryHandler]:
    return [ConnectionRetry(clock), RateLimitRetry(clock), ServerErrorRetry(clock)]


HELD = "A Slack call (%s) while this thread's unit of work holds database writes"


class Client(WebClient):
    """A WebClient that says so when a Slack call is made while the caller's unit of work
    holds uncommitted writes (SQLite's write lock, PostgreSQL's row locks): a listener does
    its Slack reads first, then writes (docs/architecture.md, "One unit of work")."""

    def api_call(self, api_method: str, **kwargs):
        if holds_writes():
            log.warning(HELD, api_method, stack_info=True)
        return super().api_call(api_method, **kwargs)


def make_client(token: str, base_url: str, clock: Clock, timeout: int = 30) -> WebClient:
    return Client(
        token=token, base_url=base_url, timeout=timeout, retry_handlers=retry_handlers(clock)
    )


def for_lookups(client: WebClient, timeout: float = LOOKUP_TIMEOUT_SECONDS) -> WebClient:
    """The same client, for the reads a listener makes (users.info...): one slower than
    `timeout` raises, and the delivery waits in the inbox instead of holding a thread."""
    return Client(token=client.token, base_url=client.base_url, timeout=int(timeout),
                  retry_handlers=list(client.retry_handlers))
