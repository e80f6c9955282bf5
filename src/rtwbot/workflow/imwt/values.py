"""Plain values as the team's modals submit them (dates, text, checkboxes), and dates as the
thread shows them. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from rtwbot import dates


def fmt(d: date | None) -> str:
    return "—" if d is None else dates.day(d)


def as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def as_dates(values: Iterable[Any]) -> tuple[date, ...]:
    """The dates among stored values (ISO strings in a JSON column), skipping the rest."""
    return tuple(d for d in (as_date(v) for v in values or ()) if d is not None)


def parse_dates(text: str | None, today: date) -> tuple[list[date], list[str]]:
    """Dates typed in a list ("2026-12-07, Dec 14"): the ones read and the pieces not read."""
    found, bad = [], []
    for piece in re.split(r"[,;\n]+", text or ""):
        piece = piece.strip()
        if not piece:
            continue
        d = as_date(piece)
        if d is None:
            import dateparser  # loaded when the first date is read, not at start-up

            parsed = dateparser.parse(
                piece, languages=["en"],
                settings={"PREFER_DATES_FROM": "future",
                          "RELATIVE_BASE": datetime.combine(today, time(12))})
            d = parsed.date() if parsed else None
        if d is None:
            bad.append(piece)
        else:
            found.append(d)
    return sorted(set(found)), bad


def text_value(values: Mapping[str, Any], key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


def listed_lines(text: str) -> list[str]:
    """One item a line, without the bullets people type."""
    return [line.strip(" \t-•*") for line in text.splitlines() if line.strip(" \t-•*")]


def is_checked(values: Mapping[str, Any], key: str) -> bool:
    value = values.get(key)
    if isinstance(value, (list, tuple, set)):
        return bool(value)
    return bool(value) and value not in ("no", "false", "0")
