"""The number answer: hours per week ("37.5", "40 hours", "37,5")."""

from __future__ import annotations

import re
from typing import Any

from rtwbot.intake.context import Invalid, Ok, Result
from rtwbot.intake.typed_text import clean_text

__all__ = ["parse_number"]

MIN_HOURS, MAX_HOURS = 1, 80

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_HOURS_WORDS = {
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "per",
    "a",
    "week",
    "weeks",
    "wk",
    "wks",
    "weekly",
    "pw",
    "hpw",
    "about",
    "around",
    "approx",
    "approximately",
    "roughly",
    "usually",
    "normally",
    "each",
    "every",
    "/",
    "~",
    "in",
    "total",
    "regular",
    "regularly",
    "is",
}


# How people say the one number around it: the kind of job, a hedge, who works them ("full
# time, 40", "like 35", "part time 20 hrs", "she works 40"). Other words (a range, a day's
# hours, money, "40 apples") make it something else: asked again.
_SAID_AROUND = {
    "full", "part", "time", "fulltime", "parttime", "ft", "pt", "casual", "seasonal",
    "permanent", "contract", "like", "maybe", "probably", "prob", "think", "i", "guess", "ish",
    "he", "she", "they", "works", "work", "working", "does", "do", "so", "just", "only",
    "standard", "schedule", "scheduled", "hours", "straight",
}


def parse_number(raw: Any, *, minimum: float = MIN_HOURS, maximum: float = MAX_HOURS) -> Result:
    """Hours per week: "37.5", "40 hours", "37,5"."""
    text = clean_text(raw).lower()
    example = 'like "37.5" or "40"'
    if not text or len(text) > 60:
        return Invalid(f"Please give the hours as a number, {example}.")
    numbers = _NUMBER.findall(text)
    if len(numbers) != 1:
        if len(numbers) > 1:
            return Invalid(f"Please give just one number of hours, {example}.")
        return Invalid(f"Please give the hours as a number, {example}.")
    rest = re.sub(r"[^\w~]+|(?<=\w)(?=~)", " ", text.replace(numbers[0], " ", 1)).split()
    if "$" in text or any(word not in _HOURS_WORDS | _SAID_AROUND for word in rest):
        return Invalid(f"Please give the hours as a number, {example}.")
    literal = numbers[0]
    if "," in literal:
        whole, _, fraction = literal.partition(",")
        if len(fraction) > 2:
            return Invalid(f"Please give the hours as a number, {example}.")
        literal = f"{whole}.{fraction}"
    try:
        number = float(literal)
    except ValueError:
        return Invalid(f"Please give the hours as a number, {example}.")
    if not minimum <= number <= maximum:
        return Invalid(
            f'Hours per week should be between {minimum:g} and {maximum:g} — for example "37.5".'
        )
    value: float | int = int(number) if number.is_integer() else round(number, 2)
    return Ok(value, f"{value:g} hours")
