"""Plain values as the forms show them: trimmed text or None, a date from whatever a record
holds, hours without a trailing ".0". Shared by the form context, the Form 7 additions and
the plan document, so a blank means the same on every form."""

from __future__ import annotations

from datetime import date
from typing import Any


def text(value: Any) -> str | None:
    """The value as trimmed text; None for None and for blank text."""
    if value is None:
        return None
    stripped = str(value).strip()
    return stripped or None


def as_date(value: Any) -> date | None:
    """A date from a date, a datetime or an ISO string (its first ten characters)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def format_hours(value: Any) -> str | None:
    """37.5 -> "37.5", 40.0 -> "40"; text is kept as given; None, blanks and booleans -> None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return str(int(number)) if number.is_integer() else f"{number:g}"
    return text(value)
