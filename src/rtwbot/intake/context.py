"""What an answer parser is given (:class:`IntakeContext`: the clock, the time zone and the
look-ups the pure engine needs) and what it gives back (``Ok(value, display)`` or
``Invalid(message)``).

``value`` is JSON-serializable and is what gets stored, ``display`` is a plain (unescaped)
human string; ``message`` is one short, kind sentence saying what is wrong, with an example.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["IntakeContext", "Invalid", "Ok", "Result"]


@dataclass(frozen=True)
class Ok:
    value: Any
    display: str
    note: str | None = None  # said once the answer is taken ("kept as you typed it")


@dataclass(frozen=True)
class Invalid:
    message: str
    # What a "yes" to the message takes ("Did you mean "Gardener"?"), and what "don't know"
    # takes ("Jane Doe" without her employee number): kept by the engine until the next reply.
    on_yes: Ok | None = None
    on_unknown: Ok | None = None


Result = Ok | Invalid


def _no_user(_user_id: str) -> dict[str, Any] | None:
    return None


def _no_titles(_answers: Any) -> tuple[str, ...]:
    return ()


def _no_roster() -> bool:
    return False


@dataclass(frozen=True)
class IntakeContext:
    """Everything the pure engine needs from the outside world."""

    now: datetime
    tz: ZoneInfo
    divisions: tuple[str, ...] = ()
    resolve_user: Callable[[str], dict[str, Any] | None] = _no_user
    # Suggested job titles, given the answers so far (the division, the employee).
    job_titles_for: Callable[[Mapping[str, Any]], Sequence[str]] = _no_titles
    # HR's roster: an employee answer for a typed name or number, and the work facts the
    # roster holds for an employee answer (see rtwbot.intake.roster_fill). None: unknown.
    find_employee: Callable[[str], dict[str, Any] | None] = _no_user
    roster_for: Callable[[Mapping[str, Any]], Mapping[str, Any] | None] = _no_user  # type: ignore[assignment]
    # Whether HR's roster is loaded at all: then a number it does not hold is questioned.
    has_roster: Callable[[], bool] = _no_roster

    @property
    def local_now(self) -> datetime:
        now = self.now if self.now.tzinfo else self.now.replace(tzinfo=self.tz)
        return now.astimezone(self.tz)
