"""Times as people say them, made plain before the date parser reads them: "around 3"
is 3 PM (a working day's 1-6 o'clock is the afternoon), "10ish this morning" is 10 AM
today, "at lunch" is noon."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from rtwbot import dates

_LUNCH = re.compile(r"\b(?:at|over|during|around|about|by)?\s*(?:lunch\s*time|lunch|noon\s*hour)\b",
                    re.I)
_HOUR = re.compile(
    r"(?:\b(?P<lead>around|about|approx(?:imately|\.)?|roughly|circa|at|near)\s+|~\s*|@\s*)"
    r"(?P<h>\d{1,2})(?P<m>:\d{2})?\s*(?:ish\b)?(?!\s*(?:[ap]\.?\s?m\b|[:.\d]|h\b|hours?\b|"
    r"days?\b|weeks?\b|months?\b|mins?\b|minutes?\b))"
    r"|\b(?P<h2>\d{1,2})(?P<m2>:\d{2})?\s*ish\b", re.I)
_MORNING = re.compile(r"\b(this|yesterday|in the)\s+morning\b|\bmorning\b", re.I)
_LATER = re.compile(r"\b(this|yesterday|in the)\s+(afternoon|evening)\b|\btonight\b|"
                    r"\b(afternoon|evening)\b", re.I)


def _period(text: str) -> str | None:
    if _MORNING.search(text):
        return "am"
    if _LATER.search(text):
        return "pm"
    return None


def spoken_times(text: str) -> str:
    """``text`` with spoken times made explicit; unchanged when it has none."""
    out = _LUNCH.sub(" at 12:00pm ", text)
    period = _period(out)

    def explicit(match: re.Match[str]) -> str:
        hour = int(match.group("h") or match.group("h2"))
        minutes = match.group("m") or match.group("m2") or ":00"
        if hour > 12 or hour == 0:
            return f" at {hour}{minutes} "
        ampm = period or ("pm" if hour <= 6 or hour == 12 else "am")
        return f" at {hour}{minutes}{ampm} "

    out = _HOUR.sub(explicit, out)
    if out != text:
        # "10am this morning": the day is today; the part of the day is now in the time.
        out = re.sub(r"\b(this)\s+(morning|afternoon|evening)\b", "today", out, flags=re.I)
        out = re.sub(r"\btonight\b", "today", out, flags=re.I)
        out = re.sub(r"\b(yesterday)\s+(morning|afternoon|evening)\b", r"\1", out, flags=re.I)
        out = re.sub(r"\bat\s+at\b", "at", out)
    return " ".join(out.split())


def said_back(value: Mapping[str, Any] | None, today: date) -> str:
    """A stored moment as it is said back: "Friday, November 20 at 3:00 PM" (the year only
    when it is not this year; "today"/"yesterday" named)."""
    from rtwbot.intake.moment_answer import moment

    m = moment(value)
    if m is None:
        return ""
    day = m.date() if isinstance(m, datetime) else m
    words = dates.day_in_year(day, today)
    if (today - day).days == 0:
        words = f"today ({words})"
    elif (today - day).days == 1:
        words = f"yesterday ({words})"
    if isinstance(m, datetime):
        hour = m.hour % 12 or 12
        words += f" at {hour}:{m.minute:02d} {'AM' if m.hour < 12 else 'PM'}"
    return words[:1].upper() + words[1:]
