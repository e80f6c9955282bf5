"""A temporary plan's dates against the facts (pure): it starts no earlier than the injury
(or, when its day is not known, the functional abilities form), on a working day; it ends by
the health professional's estimate — a longer plan is an extension (a written
recommendation, the insurer's concurrence, the team's review); its reviews fall on the
employer's working days (statutory holidays and closure days skipped, the employer's own
calendar, not the legal one). And where each date comes from, said without claiming more
than the form said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from rtwbot import dates
from rtwbot.domain.calendar import EMPLOYER_CLOSURE, WorkCalendar

EXTENSION_NEEDS = ("A longer plan is an extension: once this one is agreed, extend it with "
                   "the health professional's written recommendation, the insurer's "
                   "concurrence and the team's review.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def as_day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def expected_days(band: str | None) -> int | None:
    """The most days an expected duration says ("8-14 days" -> 14, "2 weeks" -> 14); None
    for an open one ("14+ days") or one that cannot be read."""
    text = (band or "").lower()
    if "+" in text or "more" in text or "over" in text:
        return None
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if not numbers:
        return None
    weeks = 7 if re.search(r"\bweeks?\b", text) else 1
    return max(numbers) * weeks


@dataclass(frozen=True)
class Estimate:
    """The last day the health professional expects the restrictions to run, and how it was
    said: an estimated end date on the form, or an expected duration counted from the
    form's date."""

    latest: date
    said_as: str  # "date" | "duration"
    band: str | None = None
    counted_from: date | None = None

    def sentence(self) -> str:
        if self.said_as == "date" or self.counted_from is None:  # a duration has its start
            return f"The health professional estimated the end as {dates.day(self.latest)}"
        return (f"The health professional expected the restrictions to last {self.band} from "
                f"the assessment on {dates.day(self.counted_from)}, that is until "
                f"{dates.day(self.latest)}")


def form_day(abilities: Mapping[str, Any]) -> date | None:
    """The day the functional abilities form speaks of: its assessment, else its completion."""
    return as_day(abilities.get("assessment_date")) or as_day(abilities.get("completed_on"))


def estimate_of(abilities: Mapping[str, Any]) -> Estimate | None:
    """The health professional's estimate of the end, if the form gives one."""
    end = as_day(abilities.get("estimated_end"))
    if end is not None:
        return Estimate(end, "date")
    band = abilities.get("expected_duration")
    days, since = expected_days(band), form_day(abilities)
    if days is None or since is None:
        return None
    return Estimate(since + timedelta(days=days), "duration", str(band), since)


def not_working(d: date, calendar: WorkCalendar) -> str | None:
    """Why `d` is not one of the employer's working days, or None when it is."""
    if calendar.is_business_day(d):
        return None
    name = calendar.holiday_name(d)
    if name == EMPLOYER_CLOSURE or (name and d in calendar.extra_holidays):
        return "a day the employer is closed" + ("" if name == EMPLOYER_CLOSURE else f" ({name})")
    if name:
        return f"{name}, a statutory holiday"
    return f"a {WEEKDAYS[d.weekday()]}, not a working day"


def working_day_problem(days: Iterable[date], calendar: WorkCalendar, what: str) -> str | None:
    """One sentence naming the days that are not working days, or None."""
    off = [(d, why) for d in sorted(set(days)) if (why := not_working(d, calendar))]
    if not off:
        return None
    named = "; ".join(f"{dates.day(d)} is {why}" for d, why in off[:3])
    first = calendar.next_business_day(off[0][0])
    return f"{named}: pick working days for the {what} (for example {dates.day(first)})."


def last_working_day(on_or_before: date, not_before: date, calendar: WorkCalendar) -> date:
    """The last working day on or before a day (not before `not_before`)."""
    d = on_or_before
    while d > not_before and not calendar.is_business_day(d):
        d -= timedelta(days=1)
    return d


def window_problems(start: date | None, end: date | None, injured_on: date | None,
                    abilities: Mapping[str, Any], calendar: WorkCalendar
                    ) -> dict[str, str]:
    """Errors for the plan's start and end (keyed "start", "end")."""
    errors: dict[str, str] = {}
    earliest = injured_on or form_day(abilities)
    if start is not None:
        if earliest is not None and start < earliest:
            what = "the injury" if injured_on else "the functional abilities form"
            errors["start"] = (f"The plan can't start before {what} "
                               f"({dates.day(earliest)}): pick a later start.")
        elif (why := not_working(start, calendar)) is not None:
            errors["start"] = (f"{dates.day(start)} is {why}: start on a working day "
                               f"({dates.day(calendar.next_business_day(start))}).")
    estimate = estimate_of(abilities)
    if end is not None and estimate is not None and end > estimate.latest:
        if start is not None and estimate.latest < start:
            errors["end"] = (f"{estimate.sentence()}, before this plan would start: ask for "
                             "new functional information before planning past it.")
        else:
            errors["end"] = (f"{estimate.sentence()}: end the plan by then. "
                             f"{EXTENSION_NEEDS}")
    return errors


def end_basis(end: Any, abilities: Mapping[str, Any], extended: bool = False) -> str:
    """Where the plan's end date comes from, without claiming more than the form said."""
    plan_end, estimate = as_day(end), estimate_of(abilities)
    if extended:
        return ("extended on a health professional's written recommendation"
                + (f"; the form's estimate was {dates.day(estimate.latest)}" if estimate
                   else ""))
    if estimate is not None and estimate.said_as == "date":
        if plan_end == estimate.latest:
            return "the end date the health professional estimated on the functional " \
                   "abilities form"
        return (f"set by the team; the health professional estimated "
                f"{dates.day(estimate.latest)}, and the plan is reviewed before it ends")
    band = abilities.get("expected_duration")
    if estimate is not None and estimate.counted_from is not None:  # a duration's estimate
        return (f"set by the team, within the health professional's expected duration of "
                f"{band} from the assessment on {dates.day(estimate.counted_from)}")
    if band:
        return (f"set by the team; the health professional gave an expected duration of "
                f"{band}, not a date, so the end is reviewed at the next assessment")
    return "set by the team; no end was estimated by a health professional yet"
