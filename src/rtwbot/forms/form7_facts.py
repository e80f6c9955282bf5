"""The Form 7 facts that follow from what the bot holds (pure): the worker's first and last
name, union coverage, the normal hours of the day of the accident, the WSIB's checklists
(type of accident, area of injury with sides), lost time, the answer to a modified work
offer, and why the report is late. Each returns None (or "unknown") when the bot does not
hold the fact: a blank is left for HR, never a guess."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from rtwbot.domain import wsib_terms
from rtwbot.domain.late_reason import reason_text
from rtwbot.forms.values import as_date, format_hours
from rtwbot.forms.values import text as _text

WORK_DAYS_A_WEEK = 5  # how hours a week are spread when the schedule itself is not known


# --- names --------------------------------------------------------------------------------
def split_name(name: str | None) -> tuple[str | None, str | None]:
    """(first, last) from HR's "First Last" or "Last, First"."""
    text = _text(name)
    if not text:
        return None, None
    if "," in text:
        last, _, first = text.partition(",")
        return _text(first), _text(last)
    parts = text.split()
    return (" ".join(parts[:-1]) or None, parts[-1]) if len(parts) > 1 else (None, parts[0])


def name_parts(roster: Mapping[str, Any] | None,
               profile: Mapping[str, Any] | None) -> dict[str, str | None]:
    """The worker's first and last name: HR's roster, else the Slack profile's own first and
    last name fields; else None (HR completes them: a name as typed is never split)."""
    if roster and _text(roster.get("name")):
        first, last = split_name(roster.get("name"))
        return {"first_name": first, "last_name": last, "name_source": "roster"}
    first = _text((profile or {}).get("first_name"))
    last = _text((profile or {}).get("last_name"))
    if first or last:
        return {"first_name": first, "last_name": last, "name_source": "slack"}
    return {"first_name": None, "last_name": None, "name_source": None}


# --- union --------------------------------------------------------------------------------
def union_facts(roster: Mapping[str, Any] | None, division_unit: str | None) -> dict[str, Any]:
    """Covered by a collective agreement: the roster's unit (blank there: not covered), else
    the directory's unit for the division; else not known."""
    if roster:
        unit = _text(roster.get("bargaining_unit"))
        return {"union_covered": "yes" if unit else "no", "bargaining_unit": unit,
                "union_source": "roster"}
    unit = _text(division_unit)
    if unit:
        return {"union_covered": "yes", "bargaining_unit": unit, "union_source": "directory"}
    return {"union_covered": "unknown", "bargaining_unit": None, "union_source": None}


# --- the hours of the day of the accident ------------------------------------------------
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORD = r"(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_DAY_SPEC = re.compile(rf"\b{_DAY_WORD}(?:\s*(?:-|–|to)\s*{_DAY_WORD})?", re.I)
_TIMES = re.compile(r"\b(\d{1,2}):(\d{2})\s*(?:-|–|to)\s*(\d{1,2}):(\d{2})\b")


def _scheduled_days(schedule: str) -> set[int]:
    days: set[int] = set()
    for match in _DAY_SPEC.finditer(schedule):
        first = _DAYS.index(match.group(1).lower()[:3])
        last = _DAYS.index(match.group(2).lower()[:3]) if match.group(2) else first
        span = range(first, last + 1) if last >= first else [*range(first, 7), *range(last + 1)]
        days.update(span)
    return days


def hours_that_day(schedule: str | None, day: date | None,
                   hours_per_week: Any) -> str | None:
    """The normal working hours of the day of the accident: the roster's regular schedule for
    that weekday ("07:00-15:00 (8 hours)"), else the hours a week spread over a 5-day week,
    said as such; None when neither is known."""
    text = _text(schedule)
    times = _TIMES.search(text or "")
    if text and times and day is not None:
        days = _scheduled_days(text)
        if days and day.weekday() not in days:
            return f"not a scheduled day (regular schedule: {text})"
        if days:
            h1, m1, h2, m2 = (int(g) for g in times.groups())
            minutes = (h2 * 60 + m2 - h1 * 60 - m1) % (24 * 60)
            return (f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d} "
                    f"({format_hours(minutes / 60)} hours, regular schedule)")
    if text:
        return f"regular schedule: {text}"
    weekly = format_hours(hours_per_week)
    try:
        per_day = float(str(weekly)) / WORK_DAYS_A_WEEK if weekly else None
    except ValueError:
        return None
    if not per_day:
        return None
    return (f"{format_hours(round(per_day, 2))} hours ({weekly} hours a week over "
            f"{WORK_DAYS_A_WEEK} days; HR confirms the day's hours)")


# --- the WSIB's checklists ---------------------------------------------------------------
def _items(raw: Any) -> list[Mapping[str, Any]]:
    return [i for i in raw or () if isinstance(i, Mapping)] if not isinstance(raw, str) else []


def checklist_keys(terms: tuple[wsib_terms.Term, ...]) -> list[str]:
    """Every box of a Form 7 checklist: one per term, one per side for a sided term."""
    keys: list[str] = []
    for term in terms:
        if term.sided:
            keys += [f"{term.key}_{side}" for side, _ in wsib_terms.SIDES]
        else:
            keys.append(term.key)
    return keys


def checklist(terms: tuple[wsib_terms.Term, ...], raw: Any) -> dict[str, bool]:
    """Which boxes the stored items tick ({"part", "side", "detail"}). A sided part with no
    side ticks neither side (the side is not known); an item outside the list ticks Other."""
    table = wsib_terms.by_key(terms)
    ticked = dict.fromkeys(checklist_keys(terms), False)
    for item in _items(raw):
        term = table.get(str(item.get("part")))
        if term is None:
            if "other" in ticked:
                ticked["other"] = True
            continue
        if not term.sided:
            ticked[term.key] = True
            continue
        side = item.get("side")
        for s, _ in wsib_terms.SIDES:
            if side in (s, "both"):
                ticked[f"{term.key}_{s}"] = True
    return ticked


def unsided(terms: tuple[wsib_terms.Term, ...], raw: Any) -> list[str]:
    """Sided parts the report names without a side (HR confirms which)."""
    table = wsib_terms.by_key(terms)
    return [table[str(i["part"])].label for i in _items(raw)
            if str(i.get("part")) in table and table[str(i["part"])].sided
            and i.get("side") not in ("left", "right", "both")]


def others(terms: tuple[wsib_terms.Term, ...], raw: Any) -> str | None:
    """What the report says beyond the boxes: "Other" items and the words kept with a box."""
    table = wsib_terms.by_key(terms)
    out = []
    for item in _items(raw):
        part, detail = str(item.get("part")), _text(item.get("detail"))
        if part not in table and part != "other":
            out.append(f"{part}: {detail}" if detail else part)
        elif detail:
            label = table[part].label if part in table else "Other"
            out.append(f"{label}: {detail}")
    return "; ".join(out) or None


def fatality(answers: Mapping[str, Any]) -> str:
    """ "yes" when the report says someone died (the critical question's follow-up, or
    "Fatality" as the type of accident); "no" when it says nobody was critically injured or
    killed, or that the critical injury was not a death; else "unknown"."""
    ticked = any(i.get("part") == "fatality" for i in _items(answers.get("accident_type")))
    died = answers.get("died")
    if ticked or died == "yes":
        return "yes"
    if answers.get("critical_injury") == "no" or died == "no":
        return "no"
    return "unknown"


# --- lost time and modified work ----------------------------------------------------------
_HOURS_A_DAY = re.compile(r"(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\b(?:\s*(?:a|per|/)\s*day)?",
                          re.I)


def plan_day_hours(hours: str | None) -> float | None:
    """The fewest hours a day a plan's hours give ("4 hours a day in week 1, ..." -> 4)."""
    found = [float(m.group(1)) for m in _HOURS_A_DAY.finditer(hours or "")]
    return min(found) if found else None


def reduced_hours(plan: Mapping[str, Any] | None, hours_per_week: Any) -> bool:
    """A plan of shorter days than the regular ones (hours a week over 5 days) means less
    than regular pay for the hours not worked: lost time."""
    if not plan:
        return False
    fewest = plan_day_hours(_text(plan.get("hours")))
    weekly = format_hours(hours_per_week)
    try:
        regular = float(str(weekly)) / WORK_DAYS_A_WEEK if weekly else None
    except ValueError:
        regular = None
    return fewest is not None and regular is not None and fewest < regular


def lost_time(absent: str, lower_pay: str, modified_work: str | None,
              shorter_days: bool = False) -> str:
    if absent == "yes" or lower_pay == "yes" or modified_work == "reduced_pay" or shorter_days:
        return "yes"
    if absent == "no" and lower_pay == "no" and modified_work in ("none", "regular_pay", None):
        return "no"
    return "unknown"


def offer_facts(modified_work: str | None) -> dict[str, str]:
    """Doing modified work means it was offered and accepted; not doing it says neither
    whether it was offered nor whether it was declined (HR completes)."""
    doing = modified_work in ("regular_pay", "reduced_pay")
    return {"modified_work_offered": "yes" if doing else "unknown",
            "offer_response": "accepted" if doing else "unknown"}


# --- a late report ----------------------------------------------------------------------
def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return as_date(value)


def late_reason(*, form7_due: Any, prepared_on: Any, occurred_on: Any, learned_on: Any,
                filed_on: Any, obligation_on: Any = None) -> str | None:
    """Form 7's "If reported late, why" from the dates alone (None while it is not late), for
    a case whose fact timeline is not at hand; in the timeline's words
    (`rtwbot.domain.late_reason`), so the form reads the same either way."""
    due, today = _day(form7_due), _day(prepared_on)
    learned = _day(obligation_on) or _day(learned_on)
    if due is None or today is None or today <= due or learned is None:
        return None
    return reason_text(learned, due, occurred=_day(occurred_on), recorded=_day(filed_on))

