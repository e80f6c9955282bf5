"""What the plan document says beyond the plan's own fields (pure): the schedule week by
week, where the end date comes from (truthfully), the pay in numbers where the roster knows
them, and who agreed and when."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from rtwbot import dates
from rtwbot.forms.values import as_date as _as_date


def long_date(d: date | None) -> str:
    """The one date style of rtwbot's messages and documents: "Monday, November 30, 2026"."""
    return dates.day(d) if d else ""


_WEEK = re.compile(r"\bweeks?\s*(\d+)\b", re.I)
_SPLIT = re.compile(r"\s*(?:[,;]|\bthen\b)\s*", re.I)


def _phrase_hours(phrase: str) -> str:
    text = _WEEK.sub("", phrase)
    text = re.sub(r"\b(in|from|during|for|on)\s*$", "", text.strip(), flags=re.I).strip(" ,.-")
    text = re.sub(r"\b(in|from|during)\s+(?=\W|$)", "", text).strip(" ,.-")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        text += " hours a day"
    return text


def schedule_by_week(hours: str | None, start: Any, end: Any) -> list[str]:
    """One line per week of the plan: its days and the hours the plan gives for it."""
    first, last = _as_date(start), _as_date(end)
    if first is None or last is None or last < first:
        return []
    phrases = [p for p in _SPLIT.split(hours or "") if p.strip()]
    by_week: dict[int, str] = {}
    after: tuple[int, str] | None = None  # "then full days": every later week
    last_week = 0
    for phrase in phrases:
        weeks = [int(n) for n in _WEEK.findall(phrase)]
        text = _phrase_hours(phrase)
        if not text:
            continue
        if weeks and re.search(r"\b(from|after|onwards?)\b", phrase, re.I):
            after = (weeks[0], text)
        elif weeks:
            for n in weeks:
                by_week[n] = text
            last_week = max(weeks)
        elif last_week:
            after = (last_week + 1, text)
        else:
            by_week.setdefault(1, text)
    lines = []
    monday = first - timedelta(days=first.weekday())
    n = 1
    while monday <= last:
        days_from, days_to = max(first, monday), min(last, monday + timedelta(days=4))
        if days_from <= days_to:
            got = by_week.get(n)
            if got is None and after and n >= after[0]:
                got = after[1]
            if got is None:
                got = hours or "as agreed"
            lines.append(f"Week {n} ({long_date(days_from)} to {long_date(days_to)}): {got}")
            n += 1
        monday += timedelta(days=7)
    return lines


def end_basis(end: Any, abilities: Mapping[str, Any]) -> str:
    """Where the plan's end date comes from, without claiming more than the form said."""
    plan_end = _as_date(end)
    estimated = _as_date(abilities.get("estimated_end"))
    band = abilities.get("expected_duration")
    if plan_end and estimated and plan_end == estimated:
        return "the end date the health professional estimated on the functional abilities form"
    if estimated:
        return (f"set by the team; the health professional estimated {long_date(estimated)}, "
                "and the plan is reviewed before it ends")
    if band:
        return (f"set by the team; the health professional gave an expected duration of "
                f"{band}, not a date, so the end is reviewed at the next assessment")
    return "set by the team; no end was estimated by a health professional yet"


def pay_numbers(rate: Any, hours_per_week: Any, pay_rule: str | None) -> str | None:
    """The regular pay in dollars, from the roster, when it is known."""
    try:
        hourly = float(rate)
        weekly_hours = float(hours_per_week)
    except (TypeError, ValueError):
        return None
    weekly = hourly * weekly_hours
    hours = f"{weekly_hours:g}"
    text = (f"Regular rate ${hourly:,.2f} an hour for {hours} hours a week: regular earnings "
            f"${weekly:,.2f} a week.")
    if pay_rule:
        text += " During the plan, hours worked are paid at no less than that rate."
    return text


def signoffs(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The sign-off table: every participant, how and when they agreed (blank: to sign)."""
    out = []
    for row in rows:
        agreed = _as_date(row.get("on"))
        out.append({"role_label": str(row.get("role_label") or ""),
                    "name": str(row.get("name") or ""),
                    "agreed": str(row.get("how") or "") if agreed else "",
                    "date": long_date(agreed)})
    return out
