"""What a use case's `register(bot)` needs of the composition root, as a Protocol, so that
workflow/ (and metrics/) never import `rtwbot.runtime` or the Slack layer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rtwbot.clock import Clock
    from rtwbot.directory import Directory
    from rtwbot.domain.calendar import WorkCalendar
    from rtwbot.store.db import Database
    from rtwbot.workflow.outbox import Effect


class Wiring(Protocol):
    db: Database
    clock: Clock
    calendar: WorkCalendar
    directory: Directory
    people: Any  # resolves directory references to Slack user ids

    def on(self, event: str, handler: Callable[[int], Sequence[Effect] | None]) -> None: ...

    def deliver(self, says: list[Any] | None) -> None: ...

    def enqueue(self, effects: list[Any], s: Any = None) -> list[int]: ...

    @property
    def dispatcher(self) -> Any: ...

    @property
    def relay(self) -> Any: ...  # the outbox's relay: posts its rows now
