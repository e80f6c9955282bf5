"""Business days, working hours and date arithmetic for an Ontario employer.

Statutory holidays come from the `holidays` package (`country_holidays("CA", subdiv="ON")`,
default categories, with observed dates). Days the employer also closes are its own:
`extra_holidays` (dates) and `closures` (every year: a month and day like "12-24", or the
name of one of Ontario's other holidays, "Civic Holiday", "Easter Monday", "Remembrance
Day"), from the directory's `employer.closure_days`. Reminders skip them; the law's
deadlines count on `legal()`, which does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from rtwbot.domain.rules import (
    DEFAULT_TIMEZONE,
    DEFAULT_WORK_END,
    DEFAULT_WORK_START,
    DEFAULT_WORKDAYS,
    HOLIDAY_COUNTRY,
    HOLIDAY_SUBDIVISION,
)

# A year-long stretch without one business day means the calendar is misconfigured;
# stop rather than loop for ever.
EMPLOYER_CLOSURE = "Employer closure"  # the name of a day the employer itself is closed
_MAX_SCAN_DAYS = 400


@lru_cache(maxsize=64)
def _statutory(country: str, subdiv: str, year: int) -> dict[date, str]:
    # Cached per year: the package builds a whole year at a time and is slow to do so.
    return dict(holidays.country_holidays(country, subdiv=subdiv, years=year).items())


_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


@lru_cache(maxsize=64)
def _other_holidays(country: str, subdiv: str, year: int) -> dict[str, date]:
    """The province's holidays that are not statutory (Civic Holiday...), by lower name."""
    found = holidays.country_holidays(country, subdiv=subdiv, years=year,
                                      categories=("optional",))
    return {name.casefold(): day for day, name in found.items()}


def closure_problem(rule: str, country: str = HOLIDAY_COUNTRY,
                    subdiv: str = HOLIDAY_SUBDIVISION) -> str | None:
    """Why a yearly closure day cannot be read (None when it can)."""
    match = _MONTH_DAY.match(rule.strip())
    if match:
        try:
            date(2024, int(match[1]), int(match[2]))  # a leap year: 02-29 is a day
        except ValueError:
            return f"{rule!r} is not a month and day (use MM-DD, like 12-24)"
        return None
    if rule.strip().casefold() in _other_holidays(country, subdiv, 2026):
        return None
    names = sorted({n.title() for n in _other_holidays(country, subdiv, 2026)})
    return (f"{rule!r} is neither a date (YYYY-MM-DD), a yearly day (MM-DD) nor one of "
            f"{', '.join(names)}")


@lru_cache(maxsize=256)
def _closed(rules: tuple[str, ...], country: str, subdiv: str, year: int) -> frozenset[date]:
    days = set()
    for rule in rules:
        match = _MONTH_DAY.match(rule.strip())
        if match:
            try:
                days.add(date(year, int(match[1]), int(match[2])))
            except ValueError:  # 02-29 in a common year
                continue
        elif (day := _other_holidays(country, subdiv, year).get(rule.strip().casefold())):
            days.add(day)
    return frozenset(days)


def _require_aware(dt: datetime) -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{dt.isoformat()} has no time zone; pass an aware datetime.")


@dataclass(frozen=True)
class WorkCalendar:
    """The employer's calendar: time zone, holidays and working hours.

    `tz` may be given as a zone name; `extra_holidays` and `workdays` as any iterable.
    Workdays are Python weekdays: Monday=0 .. Sunday=6.
    """

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    extra_holidays: frozenset[date] = frozenset()
    closures: tuple[str, ...] = ()  # every year: "12-24", "Civic Holiday"
    work_start: time = DEFAULT_WORK_START
    work_end: time = DEFAULT_WORK_END
    workdays: frozenset[int] = DEFAULT_WORKDAYS
    country: str = HOLIDAY_COUNTRY
    subdiv: str = HOLIDAY_SUBDIVISION

    def __post_init__(self) -> None:
        # Normalise friendly inputs so the frozen value is hashable and comparable.
        if isinstance(self.tz, str):
            object.__setattr__(self, "tz", ZoneInfo(self.tz))
        object.__setattr__(self, "extra_holidays", frozenset(self.extra_holidays))
        object.__setattr__(self, "closures", tuple(self.closures))
        for rule in self.closures:
            if (problem := closure_problem(rule, self.country, self.subdiv)):
                raise ValueError(f"A closure day {problem}.")
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        if not self.workdays or not self.workdays <= set(range(7)):
            raise ValueError("Workdays must be a non-empty set of weekdays 0 (Mon) to 6 (Sun).")
        if self.work_start.tzinfo or self.work_end.tzinfo:
            raise ValueError("Working hours are local times; give them without a time zone.")
        if not self.work_start < self.work_end:
            raise ValueError(
                f"The working day must start before it ends "
                f"({self.work_start:%H:%M} is not before {self.work_end:%H:%M})."
            )

    # --- days ---------------------------------------------------------------------
    def legal(self) -> WorkCalendar:
        """The calendar statutory deadlines count on: Monday to Friday minus statutory
        holidays, without the employer's extra days off (which would push a legal
        deadline later than the law allows)."""
        return replace(self, extra_holidays=frozenset(), closures=(), workdays=DEFAULT_WORKDAYS)

    def holiday_name(self, d: date) -> str | None:
        """The holiday's name if `d` is a statutory or employer holiday, else None."""
        name = _statutory(self.country, self.subdiv, d.year).get(d)
        if name is not None:
            return name
        if d in self.extra_holidays or (
                self.closures and d in _closed(self.closures, self.country, self.subdiv, d.year)):
            return EMPLOYER_CLOSURE
        return None

    def is_holiday(self, d: date) -> bool:
        return self.holiday_name(d) is not None

    def is_business_day(self, d: date) -> bool:
        return d.weekday() in self.workdays and not self.is_holiday(d)

    def next_business_day(self, d: date) -> date:
        """The first business day strictly after `d`."""
        return self.add_business_days(d, 1)

    def add_business_days(self, d: date, n: int) -> date:
        """Day 0 is `d` itself (business day or not); day n is the nth business day after
        `d` (before it, for negative n)."""
        step = 1 if n >= 0 else -1
        remaining, current, scanned = abs(n), d, 0
        while remaining:
            current += timedelta(days=step)
            scanned += 1
            if self.is_business_day(current):
                remaining -= 1
                scanned = 0
            elif scanned > _MAX_SCAN_DAYS:
                raise ValueError("No business day within a year: check workdays and holidays.")
        return current

    @staticmethod
    def add_calendar_days(d: date, n: int) -> date:
        return d + timedelta(days=n)

    def business_days_between(self, start: date, end: date) -> int:
        """Business days in (start, end]; negative when `end` is before `start`.

        So `add_business_days(start, business_days_between(start, end)) == end` whenever
        `end` is a business day after `start`.
        """
        if end < start:
            return -self.business_days_between(end, start)
        days = (start + timedelta(days=i) for i in range(1, (end - start).days + 1))
        return sum(1 for d in days if self.is_business_day(d))

    # --- times --------------------------------------------------------------------
    def local_date(self, dt: datetime) -> date:
        """The employer's calendar date of an aware instant."""
        _require_aware(dt)
        return dt.astimezone(self.tz).date()

    def start_of_work(self, d: date) -> datetime:
        return datetime.combine(d, self.work_start, tzinfo=self.tz)

    def end_of_work(self, d: date) -> datetime:
        return datetime.combine(d, self.work_end, tzinfo=self.tz)

    def end_of_day(self, d: date) -> datetime:
        """The last instant of calendar day `d` in the employer's zone: a deadline "by the
        end of day d" is met by anything at or before it."""
        return datetime.combine(d, time.max, tzinfo=self.tz)

    def is_working_time(self, dt: datetime) -> bool:
        """True on a business day from work_start (inclusive) to work_end (exclusive)."""
        _require_aware(dt)
        local = dt.astimezone(self.tz)
        return (
            self.is_business_day(local.date())
            and self.work_start <= local.time().replace(tzinfo=None) < self.work_end
        )

    def next_working_time(self, dt: datetime) -> datetime:
        """The earliest instant at or after `dt` inside working hours on a business day,
        in the employer's zone. A nudge due at 02:00 goes out at 09:00; one due on a
        Saturday or a holiday goes out at 09:00 on the next business day."""
        _require_aware(dt)
        local = dt.astimezone(self.tz)
        day, clock = local.date(), local.time().replace(tzinfo=None)
        if self.is_business_day(day):
            if clock < self.work_start:
                return self.start_of_work(day)
            if clock < self.work_end:
                return local
        return self.start_of_work(self.next_business_day(day))


# --- month and year arithmetic ---------------------------------------------------------
def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def add_months(d: date, n: int) -> date:
    """Same day n months later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, _days_in_month(year, month + 1)))


def add_years(d: date, n: int) -> date:
    """Same day n years later; 29 February becomes 28 February in a common year."""
    return add_months(d, 12 * n)
