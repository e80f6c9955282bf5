"""Calendar dates far in the past — a hire date, a date of birth — typed as text.

The report's moments ("yesterday 3pm") are parsed by `answers.parse_date_time`, which
refuses anything years old; these answers are years old by nature, so they are kept as the
text typed, checked here, and read back with `calendar_date`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

EARLIEST = date(1900, 1, 1)
_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d",
    "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y",
    "%B %d, %Y", "%b %d, %Y",
)  # fmt: skip
EXAMPLE = '"2019-03-04" or "March 4, 2019"'


def calendar_date(value: Any) -> date | None:
    """The date in a stored answer (text as typed), or None."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", " ", value.strip().replace(",", ", ")).replace(" ,", ",")
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text, flags=re.IGNORECASE)
    for candidate in (text, text.replace(",", "")):
        for fmt in _FORMATS:
            try:
                return datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    return None


def check_past_date(value: Any, today: date) -> str | None:
    """One sentence when the text is not a plausible past date, else None."""
    day = calendar_date(value)
    if day is None:
        return f"Please give the full date, for example {EXAMPLE}."
    if day > today:
        return "That's in the future — please check the date."
    if day < EARLIEST:
        return "That's before 1900 — please check the year."
    return None


def occurred_day(answers: Mapping[str, Any]) -> date | None:
    """The accident's date from the stored `occurred_at` answer."""
    occurred = answers.get("occurred_at")
    if isinstance(occurred, dict) and isinstance(occurred.get("date"), str):
        try:
            return date.fromisoformat(occurred["date"])
        except ValueError:
            return None
    return None
