"""The temporary plan and extension modals read back and checked against the program's
rules, and the weekly review dates a plan gets when none are typed. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from rtwbot.domain.accommodation import (
    TemporaryOption,
    check_extension,
    check_plan_dates,
    check_temporary_option,
)
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.clinical_terms import rephrase_message
from rtwbot.domain.participation import ACCOMMODATION_KINDS, check_accommodation_kinds
from rtwbot.domain.plan_dates import last_working_day, working_day_problem
from rtwbot.domain.rules import CHECK_IN_INTERVAL_DAYS
from rtwbot.intake.typed_text import escape
from rtwbot.workflow.imwt.pay import rates_from
from rtwbot.workflow.imwt.values import (
    as_date,
    fmt,
    is_checked,
    listed_lines,
    parse_dates,
    text_value,
)

# The modal's block for the reason each earlier option was ruled out.
_WHY_KEYS = {TemporaryOption.OWN_JOB_MODIFIED: "why_a", TemporaryOption.SAME_DIVISION: "why_b"}
_OPTION_ORDER = list(TemporaryOption)


@dataclass(frozen=True)
class PlanForm:
    option: TemporaryOption
    duties: tuple[str, ...]
    hours: str
    start: date
    end: date
    review_dates: tuple[date, ...]
    ruled_out: dict[str, str]
    # Hourly rates, when entered (both or neither): the plan then shows the pay in numbers.
    regular_rate: Decimal | None = None
    position_rate: Decimal | None = None

    @property
    def stored_ruled_out(self) -> dict[str, str]:
        return dict(self.ruled_out)


def clinical_errors(values: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, str]:
    """Text the team will read must be about work: a box whose text reads as clinical gets
    an error (keyed by its block id)."""
    return {key: problem for key in keys
            if (problem := rephrase_message(text_value(values, key), "the work"))}


def read_accommodation(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The kind(s) of accommodation and the job's essential duties, as a plan or a placement
    records them; errors keyed by block id (kinds)."""
    raw = values.get("kinds") or []
    kinds = [str(k) for k in (raw if isinstance(raw, (list, tuple)) else [raw])]
    problem = check_accommodation_kinds(kinds)
    essential = listed_lines(text_value(values, "essential"))
    errors = {"kinds": problem} if problem else {}
    return ({"kinds": kinds, "essential_duties": essential},
            {**errors, **clinical_errors(values, ("essential",))})


def accommodation_lines(accommodation: Mapping[str, Any] | None) -> list[str]:
    """How a plan or placement message shows its accommodation."""
    if not accommodation:
        return []
    kinds = [ACCOMMODATION_KINDS.get(k, k) for k in accommodation.get("kinds") or []]
    lines = [f"*Accommodation:* {', '.join(kinds)}"] if kinds else []
    essential = accommodation.get("essential_duties") or []
    if essential:
        lines.append("*Essential duties of the job:* " + "; ".join(escape(e) for e in essential))
    return lines


def weekly_reviews(start: date, end: date, calendar: WorkCalendar | None = None,
                   every_days: int = CHECK_IN_INTERVAL_DAYS) -> list[date]:
    """Reviews every week after `start`, the last one at `end`; with the employer's calendar
    each falls on a working day (a holiday or closure day moves it to the next one, the
    last to the working day before the end)."""
    out: list[date] = []
    d = start + timedelta(days=every_days)
    while d < end:
        moved = calendar.next_business_day(d) if calendar and not calendar.is_business_day(d) \
            else d
        if start <= moved <= end:
            out.append(moved)
        d += timedelta(days=every_days)
    last = end if calendar is None else last_working_day(end, start, calendar)
    if last not in out:
        out.append(last)
    return sorted(set(out))


def read_plan_form(values: Mapping[str, Any], today: date,
                   calendar: WorkCalendar | None = None) -> tuple[PlanForm | None, dict[str, str]]:
    """The plan modal's values, checked against the program's rules. Errors are keyed by the
    modal's block ids: duties, hours, start, end, reviews, option, why_a, why_b, why_outside."""
    errors: dict[str, str] = {}
    duties = listed_lines(text_value(values, "duties"))
    if not duties:
        errors["duties"] = "List the duties, one per line."
    hours = text_value(values, "hours")
    if not hours:
        errors["hours"] = "Say the hours per day and how they increase."
    # The team reads the duties and hours: work, never a condition or a treatment.
    for key, text in (("duties", "\n".join(duties)), ("hours", hours)):
        if key not in errors and (problem := rephrase_message(text, "the work")):
            errors[key] = problem
    start, end = as_date(values.get("start")), as_date(values.get("end"))
    if start is None:
        errors["start"] = "Pick the start date."
    try:
        option = TemporaryOption(values.get("option") or "")
    except ValueError:
        option = None
        errors["option"] = "Pick option (a), (b) or (c)."
    reviews, bad = parse_dates(text_value(values, "reviews"), today)
    if bad:
        errors["reviews"] = (f"I could not read {', '.join(bad[:3])} as a date; use "
                             "YYYY-MM-DD, separated by commas.")
    if start is not None and "reviews" not in errors:
        if end is not None and end > start and not reviews:
            reviews = weekly_reviews(start, end, calendar)
        problem = check_plan_dates(start, end, reviews)
        if problem:
            errors["end" if end is None or end <= start else "reviews"] = problem
    for key, problem in clinical_errors(values, ("why_a", "why_b", "why_outside")).items():
        errors.setdefault(key, problem)
    ruled_out = {o.value: text_value(values, key) for o, key in _WHY_KEYS.items()}
    ruled_out = {k: v for k, v in ruled_out.items() if v}
    outside = is_checked(values, "outside_unit")
    why_outside = text_value(values, "why_outside")
    if option is not None:
        problem = check_temporary_option(option, ruled_out, same_bargaining_unit=not outside,
                                         outside_unit_reason=why_outside)
        if problem:
            earlier = _OPTION_ORDER[: _OPTION_ORDER.index(option)]
            missing = [o for o in earlier if o.value not in ruled_out]
            errors[_WHY_KEYS[missing[0]] if missing else "why_outside"] = problem
    rates, rate_errors = rates_from(values)
    errors.update(rate_errors)
    regular, position = rates if rates else (None, None)
    if errors:
        return None, errors
    assert option is not None  # no option picked is one of the errors above
    # Reasons for options after the chosen one mean nothing: keep only the earlier ones.
    kept = {k: v for k, v in ruled_out.items()
            if _OPTION_ORDER.index(TemporaryOption(k)) < _OPTION_ORDER.index(option)}
    if option is TemporaryOption.OTHER_DIVISION and outside:
        kept["outside_unit"] = why_outside
    assert start is not None and end is not None and option is not None
    return PlanForm(option, tuple(duties), hours, start, end, tuple(reviews), kept,
                    regular, position), {}


NO_TEAM_REVIEW = ("The team reviews an extension before it is recorded (the union, or HR "
                  "in its place when the employee has not authorized the union): tick this "
                  "once it has.")


@dataclass(frozen=True)
class ExtensionForm:
    new_end: date | None
    reviews: tuple[date, ...]
    recommendation: bool  # a health professional's written recommendation is on file
    concurs: bool  # the WSIB's or LTD carrier's representative concurs
    reviewed: bool = False  # the team (the union, or HR in its place) reviewed it


def read_extension_form(values: Mapping[str, Any], start: date, end: date,
                        insurer_involved: bool, today: date,
                        calendar: WorkCalendar | None = None
                        ) -> tuple[ExtensionForm, dict[str, str]]:
    """The extension modal's values for a plan running `start` to `end`, and the errors
    (keyed by block id: new_end, recommendation, concurrence, reviews); the values come back
    even with errors, for the refusal's audit."""
    errors: dict[str, str] = {}
    new_end = as_date(values.get("new_end"))
    if new_end is None or new_end <= end:
        errors["new_end"] = f"The new end must be after the current end ({fmt(end)})."
    recommendation = is_checked(values, "recommendation")
    concurs = is_checked(values, "concurrence")
    problem = check_extension(recommendation, insurer_involved, concurs)
    if problem:
        errors["recommendation" if not recommendation else "concurrence"] = problem
    reviewed = is_checked(values, "team_review")
    if not reviewed:
        errors["team_review"] = NO_TEAM_REVIEW
    reviews, bad = parse_dates(text_value(values, "reviews"), today)
    if bad:
        errors["reviews"] = f"I could not read {', '.join(bad[:3])} as a date."
    elif calendar is not None and (off := working_day_problem(reviews, calendar, "reviews")):
        errors["reviews"] = off
    elif new_end is not None and "new_end" not in errors:
        reviews = reviews or weekly_reviews(end, new_end, calendar)
        outside = [d for d in reviews if not start <= d <= new_end]
        if outside:
            errors["reviews"] = "Review dates must fall within the extended plan."
    return ExtensionForm(new_end, tuple(reviews), recommendation, concurs, reviewed), errors
