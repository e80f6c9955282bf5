"""A proposed plan checked against the case's facts before anyone can confirm that it
respects the restrictions: the duties and hours against the restrictions in force
(`domain.plan_fit`), the dates against the injury and the health professional's estimate,
the start and the reviews on the employer's working days (`domain.plan_dates`). Errors are
keyed by the plan modal's block ids, so each shows on its own field. Pure.

Also what the plan modal prefills for the end, and what it says of where that date comes
from; and, when new functional information arrives, whether the open plan still fits it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from rtwbot import dates
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.plan_dates import (
    EXTENSION_NEEDS,
    estimate_of,
    window_problems,
    working_day_problem,
)
from rtwbot.domain.plan_fit import clash_text, duty_clashes, hours_problem
from rtwbot.workflow.imwt.values import as_date, listed_lines, parse_dates, text_value


def plan_fit_errors(values: Mapping[str, Any], restrictions: Sequence[str],
                    abilities: Mapping[str, Any], injured_on: date | None, today: date,
                    calendar: WorkCalendar) -> dict[str, str]:
    """Every way the plan in `values` does not fit, by field (duties, respects, hours,
    start, end, reviews)."""
    errors: dict[str, str] = {}
    clashes = duty_clashes(listed_lines(text_value(values, "duties")), restrictions)
    if clashes:
        errors["duties"] = clash_text(clashes)
        lines = len({c.restriction for c in clashes})
        errors["respects"] = (f"Not confirmed: the duties go beyond {lines} of these "
                              "restriction(s) — see Duties.")
    problem = hours_problem(text_value(values, "hours"), abilities.get("recommended_hours"),
                            restrictions)
    if problem:
        errors["hours"] = problem
    errors.update(window_problems(as_date(values.get("start")), as_date(values.get("end")),
                                  injured_on, abilities, calendar))
    reviews, bad = parse_dates(text_value(values, "reviews"), today)
    off = None if bad else working_day_problem(reviews, calendar, "reviews")
    if off:
        errors["reviews"] = off
    return errors


def merged(form_errors: Mapping[str, str], fit_errors: Mapping[str, str]) -> dict[str, str]:
    """The modal's errors: what the form itself lacks first (an empty field, a date it could
    not read), then what does not fit; a clash replaces the plain "confirm each one"."""
    out = dict(form_errors)
    for key, problem in fit_errors.items():
        if key == "respects":
            out[key] = problem
        else:
            out.setdefault(key, problem)
    return out


def end_prefill(abilities: Mapping[str, Any], start: date) -> tuple[date | None, str]:
    """The plan modal's end: the health professional's estimate when it is after the
    start, and the hint that says where it came from (never the next assessment)."""
    estimate = estimate_of(abilities)
    assessed = as_date(abilities.get("next_assessment"))
    if estimate is not None and estimate.latest > start:
        said = ("the health professional's estimated end" if estimate.said_as == "date"
                else f"the end of the expected duration ({estimate.band})")
        return estimate.latest, (f"Prefilled with {said}, "
                                 f"{dates.day(estimate.latest)}. {EXTENSION_NEEDS}")
    if estimate is not None:
        return None, (f"The health professional's estimate ({dates.day(estimate.latest)}) "
                      "has passed: ask for new functional information.")
    band = abilities.get("expected_duration")
    hint = "The form gives no end date" + (f" (expected duration: {band})" if band else "")
    if assessed is not None:
        hint += f"; the next assessment is {dates.day(assessed)}"
    return None, hint + ". Set the end with the team."


def refit_note(number: int, duties: Sequence[str], end: date, restrictions: Sequence[str],
               abilities: Mapping[str, Any]) -> str:
    """What the thread is told of open plan #`number` when new functional information is
    recorded: the duties that now go beyond it, an end past the new estimate, or that it
    still fits."""
    problems = [c.why for c in duty_clashes(duties, restrictions)]
    estimate = estimate_of(abilities)
    if estimate is not None and end > estimate.latest:
        problems.append(f"The plan ends {dates.day(end)}, after the new estimate: "
                        f"{estimate.sentence()}.")
    if not problems:
        return f"Plan #{number} still fits them (its duties and its end were checked)."
    shown = " ".join(problems[:3]) + (f" …and {len(problems) - 3} more." if len(problems) > 3
                                      else "")
    return (f":warning: Plan #{number} no longer fits them: {shown} Revise it (propose it "
            "again), or extend it on a written recommendation.")
