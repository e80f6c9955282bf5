"""One notion of a moment: a day, with or without a known time of day.

People say "yesterday at 3pm" (a time) or "yesterday" (only a day). The intake stores
either, filing keeps it, the domain reasons with it and the forms print it — all through
this one type, so they can never disagree about which of two moments came first.

The ordering rule: two moments that both have a time are compared as instants; when
either has no time, only their days are compared ("learned yesterday" is not before
"happened yesterday at 3pm"). `order_problem` is the one check both the intake (which
refuses the answer with this sentence) and the domain (which raises with it) run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from rtwbot import dates

# How far past "now" a moment with a time may be and still count as having happened:
# clocks differ by a minute or two, and "now" typed a little late is still now.
FUTURE_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class Moment:
    """A local day, plus the aware instant when the time of day is known."""

    day: date
    at: datetime | None = None

    def __post_init__(self) -> None:
        if self.at is not None and (self.at.tzinfo is None or self.at.utcoffset() is None):
            raise ValueError("A moment's time needs a time zone.")

    # --- building -------------------------------------------------------------------
    @classmethod
    def of(cls, value: Any, tz: tzinfo | None = None) -> Moment | None:
        """A Moment from a Moment, an aware (or, with `tz`, naive) datetime, a date, an
        ISO string, or the intake's stored answer {date, time_known, datetime}."""
        if value is None or value == "":
            return None
        if isinstance(value, Moment):
            return value
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                if tz is None:
                    return None
                value = value.replace(tzinfo=tz)
            local = value.astimezone(tz) if tz is not None else value
            return cls(local.date(), local)
        if isinstance(value, date):
            return cls(value)
        if isinstance(value, Mapping):
            return cls._from_answer(value, tz)
        if isinstance(value, str):
            text = value.strip()
            try:
                if "T" in text or " " in text:
                    return cls.of(datetime.fromisoformat(text), tz)
                return cls(date.fromisoformat(text))
            except ValueError:
                return None
        return None

    @classmethod
    def _from_answer(cls, value: Mapping[str, Any], tz: tzinfo | None) -> Moment | None:
        try:
            day = date.fromisoformat(str(value["date"])) if value.get("date") else None
            if value.get("time_known") and value.get("datetime"):
                at = datetime.fromisoformat(str(value["datetime"]))
                if at.tzinfo is None:
                    if tz is None:
                        return None
                    at = at.replace(tzinfo=tz)
                return cls(day or at.date(), at)
        except (ValueError, TypeError):
            return None
        return cls(day) if day is not None else None

    # --- reading --------------------------------------------------------------------
    @property
    def time_known(self) -> bool:
        return self.at is not None

    def instant(self, tz: tzinfo) -> datetime:
        """An aware datetime: the known time, or the start of the day in `tz`."""
        if self.at is not None:
            return self.at
        return datetime.combine(self.day, time(0, 0), tzinfo=tz)

    def local_day(self, tz: tzinfo) -> date:
        """The day in `tz` (a known time is converted; a bare day is taken as it is)."""
        return self.at.astimezone(tz).date() if self.at is not None else self.day

    def to_answer(self) -> dict[str, Any]:
        """The intake's stored form (JSON)."""
        if self.at is None:
            return {"date": self.day.isoformat(), "time_known": False, "datetime": None}
        return {"date": self.day.isoformat(), "time_known": True,
                "datetime": self.at.isoformat()}

    def display(self) -> str:
        day = dates.day(self.day)
        if self.at is None:
            return f"{day} (time not known)"
        return f"{day}, {dates.clock_time(self.at)}"

    # --- ordering -------------------------------------------------------------------
    def before(self, other: Moment) -> bool:
        """Strictly before: as instants when both times are known, else by day."""
        if self.at is not None and other.at is not None:
            return self.at < other.at
        return self.day < other.day

    def after(self, other: Moment) -> bool:
        return other.before(self)

    def later_of(self, other: Moment, tz: tzinfo) -> datetime:
        """The later instant of the two (for storing a "learned" that has only a day,
        on the day of an accident whose time is known)."""
        return max(self.instant(tz), other.instant(tz))


def order_problem(occurred: Moment, learned: Moment) -> str | None:
    """The one sentence that refuses a "learned" before the accident, or None."""
    if learned.before(occurred):
        return (f"That's before it happened ({occurred.display()}) — "
                "when did you first learn of it?")
    return None


def in_future(moment: Moment, local_now: datetime) -> bool:
    """After `local_now` (aware, in the employer's zone): a time more than FUTURE_SLACK
    later, or a day after today."""
    if moment.at is not None:
        return moment.at > local_now + FUTURE_SLACK
    return moment.day > local_now.date()
