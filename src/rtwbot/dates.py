"""The one way rtwbot writes a date, in every message and document: "Friday, November 27,
2026" (and a time as "3:05 PM"). Form fields the WSIB asks in a set layout keep theirs."""

from __future__ import annotations

from datetime import date, datetime


def day(d: date | datetime) -> str:
    """ "Friday, November 27, 2026" """
    return f"{d:%A, %B} {d.day}, {d.year}"


def clock_time(dt: datetime) -> str:
    """ "3:05 PM" """
    hour = dt.hour % 12 or 12
    return f"{hour}:{dt.minute:02d} {'AM' if dt.hour < 12 else 'PM'}"


def day_and_time(dt: datetime) -> str:
    """ "Friday, November 27, 2026 at 3:05 PM" """
    return f"{day(dt)} at {clock_time(dt)}"


def day_in_year(d: date | datetime, today: date) -> str:
    """ "Friday, November 27" this year, "Friday, November 27, 2026" another year."""
    return day(d) if d.year != today.year else f"{d:%A, %B} {d.day}"


def month(d: date | datetime) -> str:
    """ "November 2026" """
    return f"{d:%B} {d.year}"


def short_month(d: date | datetime) -> str:
    """ "Nov 2026" (a chart's or a table's column heading) """
    return f"{d:%b} {d.year}"
