"""What the plan document says beyond the plan's own fields (pure): the schedule week by
week (on the employer's working days: statutory holidays and closure days are named, not
worked), where the end date comes from (truthfully: `domain.plan_dates.end_basis`), the pay
in numbers where the roster knows them, and who agreed and when."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from rtwbot import dates
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.plan_dates import end_basis, not_working
from rtwbot.forms.values import as_date as _as_date

__all__ = ["end_basis", "long_date", "pay_numbers", "schedule_by_week", "signoffs"]


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


def _hours_by_week(hours: str | None) -> tuple[dict[int, str], tuple[int, str] | None]:
    """What the hours text gives each week ("4 h/day in week 1"), and from which week a
    phrase runs on ("then full days")."""
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
    return by_week, after


def schedule_by_week(hours: str | None, start: Any, end: Any,
                     calendar: WorkCalendar | None = None) -> list[str]:
    """One line per week of the plan: its working days and the hours the plan gives for it.
    With the employer's calendar, the days off in a week (a statutory holiday, a closure
    day) are named and not worked, and a week without a working day is said so and not
    counted as a week of the plan."""
    first, last = _as_date(start), _as_date(end)
    if first is None or last is None or last < first:
        return []
    by_week, after = _hours_by_week(hours)
    lines = []
    monday = first - timedelta(days=first.weekday())
    n = 1
    while monday <= last:
        days = [d for d in (monday + timedelta(days=i) for i in range(7))
                if first <= d <= last and (d.weekday() < 5 if calendar is None
                                           else d.weekday() in calendar.workdays)]
        off = dict((d, why) for d in days if calendar is not None
                   and (why := not_working(d, calendar)))
        worked = [d for d in days if d not in off]
        if worked:
            got = by_week.get(n)
            if got is None and after and n >= after[0]:
                got = after[1]
            if got is None:
                got = hours or "as agreed"
            closed = "".join(f"; not {long_date(d)}: {why}" for d, why in off.items())
            lines.append(f"Week {n} ({long_date(worked[0])} to {long_date(worked[-1])}"
                         f"{closed}): {got}")
            n += 1
        elif off:
            lines.append(f"{long_date(days[0])} to {long_date(days[-1])}: no working day "
                         f"({'; '.join(off.values())})")
        monday += timedelta(days=7)
    return lines


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
