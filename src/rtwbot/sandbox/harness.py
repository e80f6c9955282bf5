"""``Sandbox``: the Python API tests and the demo use to play the people in the workspace.

It owns the workspace state, the loopback server the bot calls, and the deliverer that posts
signed events and payloads to the bot. Methods named after what a person does (``dm``,
``click``, ``submit_view`` ...) change the workspace as Slack would and deliver what Slack
would deliver; read-only helpers (``messages``, ``dm_messages``, ``views`` ...) return
Slack-shaped dicts; ``wait_for`` blocks on the workspace's change condition.

Delivery options accepted by every method that delivers (``**options``):
``timestamp_offset`` (seconds added to the signed timestamp, e.g. ``-360`` for a stale
request) and ``signing_secret`` (sign with another secret, i.e. a forged request).
"""


from __future__ import annotations

from collections.abc import Iterable

from .acting import Acting, FileUpload
from .core import DEFAULT_SUBSCRIPTIONS
from .errors import ApiFailure
from .observing import Observing
from .workspace import InjectedFailure

__all__ = ["DEFAULT_SUBSCRIPTIONS", "FileUpload", "Sandbox"]


class Sandbox(Acting, Observing):
    """A loopback Slack workspace for one bot. Use as a context manager or ``start()``/``stop()``.

    Its parts, one job each: ``core`` (state, lifecycle, delivery), ``acting`` (what people
    do), ``observing`` (what a test sees, and waiting), ``surfaces`` (finding what people
    refer to) and ``answers`` (what Slack does with the bot's HTTP answers)."""

    # ------------------------------------------------------------------ workspace setup
    def add_user(
        self,
        name: str,
        real_name: str | None = None,
        email: str | None = None,
        tz: str = "America/Toronto",
        deleted: bool = False,
        is_admin: bool = False,
    ) -> str:
        return self._ws.add_user(
            name, real_name=real_name, email=email, tz=tz, deleted=deleted, is_admin=is_admin
        ).id

    def add_channel(
        self, name: str, private: bool = False, members: Iterable[str] = (), bot_member: bool = True
    ) -> str:
        people = [self._user(m).id for m in members]
        if bot_member:
            people.append(self._ws.bot.id)
        try:
            return self._ws.add_channel(name, private=private, members=people).id
        except ApiFailure:
            raise ValueError(f"a channel named {name!r} already exists") from None

    def join(self, user_id: str, channel: str) -> None:
        """Add a person (or the bot, by its user id) to a channel."""
        with self._ws.lock:
            target = self._channel(channel)
            member = self._user(user_id).id
            if member not in target.members:
                target.members.append(member)
            self._ws.notify()

    def deactivate_user(self, user_id: str) -> None:
        """An admin deactivates the account: ``deleted: true`` and removed from channels."""
        self._ws.deactivate(self._user(user_id).id)

    # ------------------------------------------------------------------ failures
    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        count: int = 1,
        error: str | None = None,
        match: dict[str, str] | None = None,
    ) -> None:
        """Make the next ``count`` calls of ``method`` (with these arguments, when ``match``
        says) fail: 429 + Retry-After, a 5xx, or 200 with ``error``."""
        with self._ws.lock:
            failure = InjectedFailure(
                status=status, retry_after=retry_after, error=error, remaining=count,
                match=match,
            )
            self._ws.failures.setdefault(method, []).append(failure)

    def fail_after(self, method: str, status: int = 503, count: int = 1) -> None:
        """The next ``count`` calls of ``method`` take effect in the workspace, then the
        answer is lost: a ``status`` (5xx) instead of Slack's, or with ``status=0`` the
        connection is dropped without an answer (what a client cannot tell from a refusal)."""
        with self._ws.lock:
            failure = InjectedFailure(status=status, retry_after=None, error=None,
                                      remaining=count, after=True)
            self._ws.failures.setdefault(method, []).append(failure)

    def slow_next(self, method: str, seconds: float, count: int = 1,
                  match: dict[str, str] | None = None) -> None:
        """The next ``count`` calls of ``method`` (with these arguments, when ``match`` says)
        are answered normally after ``seconds`` of real time (a slow Slack; the calls wait
        side by side, not one after another)."""
        with self._ws.lock:
            failure = InjectedFailure(status=200, retry_after=None, error=None,
                                      remaining=count, delay=seconds, match=match)
            self._ws.failures.setdefault(method, []).append(failure)

    def fail_for(self, method: str, seconds: float, status: int = 503,
                 error: str | None = None) -> None:
        """An outage of ``method``: every call fails (a 5xx, or 200 with ``error``) until
        ``seconds`` have passed on the sandbox clock, however many retries come meanwhile."""
        with self._ws.lock:
            failure = InjectedFailure(status=status, retry_after=None, error=error,
                                      remaining=0, until=self.clock.now() + seconds)
            self._ws.failures.setdefault(method, []).append(failure)
