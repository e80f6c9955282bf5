"""Whether a plan's duties and hours fit the restrictions in force (the program: the
supervisor assigns no task beyond the restrictions). Pure.

Each duty's demands (`domain.demands`) are set against each restriction's limit of the same
kind: ruled out, beyond the amount allowed, limited (only occasional work passes), a limit
HR has not worded yet, or safety-sensitive work while medication may affect it. A demand
whose amount the duty does not say, under a limit with an amount, is asked for ("say how
heavy"), never assumed light. One sentence per clash, for the field it is on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rtwbot.domain.demands import (
    KIND_DIM,
    UNLIMITED,
    Demand,
    Dim,
    Kind,
    Level,
    Limit,
    duty_demands,
    limits_of,
    normalize,
)

FULL_DAY_HOURS = 7.5  # a regular working day, for "modified" and "graduated" hours
_HOW_MUCH = {Dim.WEIGHT: "how heavy", Dim.TIME: "for how long at a time", Dim.DISTANCE:
             "how far", Dim.STEPS: "how many steps"}
_SHOWN_DUTY = 60
_SHOWN_LINE = 90
_EPSILON = 1e-9


@dataclass(frozen=True)
class Clash:
    duty: str
    restriction: str
    kind: Kind
    why: str  # one sentence for the person proposing the plan


def amount_text(value: float, dim: Dim) -> str:
    """20 kg, 15 min, 2 h, 100 m, 3 steps; "all day" for no end."""
    if value == UNLIMITED:
        return "all day" if dim is Dim.TIME else "without a limit"
    if dim is Dim.TIME and value >= 60:
        return f"{value / 60:g} h"
    if dim is Dim.DISTANCE and value >= 1000:
        return f"{value / 1000:g} km"
    return f"{round(value, 1):g} {dim.value}"


def _short(text: str, most: int = _SHOWN_DUTY) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1] + "…"


def _quoted(duty: str) -> str:
    return f"“{_short(duty)}”"


def clash(duty: str, demand: Demand, limit: Limit) -> Clash | None:
    """The clash between one demand of a duty and one limit of the same kind, if any."""
    said, line, kind = _quoted(duty), _short(limit.line, _SHOWN_LINE), demand.kind.value

    def found(why: str) -> Clash:
        return Clash(duty, limit.line, demand.kind, why)

    if limit.level is Level.UNWORDED:
        return found(f"{said} needs {kind}, and that limit is not worded yet ({line}): ask "
                     "HR for the wording first, or take it out.")
    if demand.kind is Kind.SAFETY:
        return found(f"{said} is safety-sensitive work ({demand.words}), and the "
                     f"restrictions say “{line}”: leave it out until the health "
                     "professional clears it.")
    if limit.level is Level.NOT_ABLE:
        return found(f"{said} needs {kind} ({demand.words}), which the restrictions rule out "
                     f"({line}).")
    dim = KIND_DIM.get(demand.kind)
    if limit.level is Level.MAX and limit.amount is not None and dim is not None:
        allowed = amount_text(limit.amount, dim)
        if demand.amount is None:
            return found(f"{said}: say {_HOW_MUCH[dim]} — the restrictions allow {kind} "
                         f"up to {allowed} ({line}).")
        if demand.amount > limit.amount + _EPSILON:
            return found(f"{said} needs {kind} {amount_text(demand.amount, dim)}; the "
                         f"restrictions allow up to {allowed} ({line}).")
        return None
    if demand.occasional:
        return None
    return found(f"{said} needs {kind}, which the restrictions limit ({line}): make it "
                 "occasional, or take it out.")


def duty_clashes(duties: Iterable[str], restrictions: Iterable[str]) -> list[Clash]:
    """Every clash between the duties and the restrictions, duty by duty."""
    limits = limits_of(list(restrictions))
    out = []
    for duty in duties:
        for demand in duty_demands(duty):
            for limit in limits:
                if limit.kind is demand.kind:
                    found = clash(duty, demand, limit)
                    if found is not None:
                        out.append(found)
    return _one_per_duty_and_line(out)


def _one_per_duty_and_line(clashes: list[Clash]) -> list[Clash]:
    seen, out = set(), []
    for c in clashes:
        if (c.duty, c.restriction) not in seen:
            seen.add((c.duty, c.restriction))
            out.append(c)
    return out


def clash_text(clashes: list[Clash], shown: int = 3) -> str:
    """The duties field's error: the first few clashes, and how many more."""
    lines = [c.why for c in clashes[:shown]]
    if len(clashes) > shown:
        lines.append(f"…and {len(clashes) - shown} more.")
    return " ".join(lines)


# --- hours -----------------------------------------------------------------------------
_HOURS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:h|hrs?|hours?)\b")
_FULL = re.compile(r"\b(?:full|regular|normal|usual)\s+(?:days?|shifts?|time|hours|schedule)\b"
                   r"|\bfull time\b|\bfull day\b")


def _day_hours(text: str) -> list[float]:
    found = [float(n.replace(",", ".")) for n in _HOURS.findall(text)]
    if _FULL.search(text):
        found.append(FULL_DAY_HOURS)
    return found


def hours_problem(hours: str, recommended: str | None,
                  restrictions: Iterable[str]) -> str | None:
    """Why the plan's hours do not fit the recommended hours (regular / modified /
    graduated) or an hours limit in the restrictions; None when they fit."""
    text = normalize(hours)
    said = _day_hours(text)
    if any(h > 24 for h in said):
        return "A day has 24 hours: check the hours."
    for limit in limits_of(list(restrictions)):
        if limit.kind is Kind.HOURS and limit.level is Level.MAX and limit.amount is not None:
            most = limit.amount / 60
            if any(h > most + _EPSILON for h in said):
                return (f"The hours go beyond the restrictions: up to {most:g} h a day "
                        f"({limit.line}).")
    if recommended == "modified" and any(h >= FULL_DAY_HOURS for h in said):
        return ("The health professional recommended modified hours: fewer than full days. "
                "Say the shorter hours.")
    if recommended == "graduated" and said and said[0] >= FULL_DAY_HOURS:
        return ("The health professional recommended graduated hours: start with fewer "
                "hours than a full day and increase them (e.g. 4 h/day in week 1, 6 h/day "
                "in week 2, then full days).")
    return None

