"""What HR's roster already answers: once the employee is known, their division, job title
and hours are taken from the roster and shown for confirmation instead of asked (pure).

``ctx.roster_for(person)`` gives the roster's work facts for the employee answer, or None
for someone not on the roster (then the questions are asked as usual). The facts kept in
the answers under ``"roster"`` are work facts only (number, unit, hours, rate, schedule):
personal data (birth date, address, phone) stays in the roster and reaches the employer's
report alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtwbot.intake.context import IntakeContext
from rtwbot.intake.state import IntakeState
from rtwbot.intake.typed_text import escape

ROSTER = "roster"
# question key -> roster column
FILLS: tuple[tuple[str, str], ...] = (
    ("division", "division"),
    ("job_title", "job_title"),
    ("hours_per_week", "hours_per_week"),
    ("hired_on", "date_of_hire"),  # re-employment's continuous employment (a work fact)
)
# Asked at intake for re-employment, but personal: when the roster has it, it is not asked
# and not copied into the case (re-employment reads it from the roster).
FROM_ROSTER_ONLY: tuple[tuple[str, str], ...] = (("born_on", "date_of_birth"),)
WORK_FACTS = ("employee_number", "name", "bargaining_unit", "hourly_rate", "schedule",
              "full_part_time", "permanent_casual", "date_of_hire")


_CHANGE_WORDS = {"hours_per_week": "hours", "hired_on": "hire date"}


def _display(key: str, value: Any) -> str:
    if key == "hours_per_week":
        return f"{value:g} hours" if isinstance(value, int | float) else str(value)
    return str(value)


def _forget(state: IntakeState) -> None:
    """The employee changed to someone the roster does not know: what it filled is asked."""
    before = state.answers.pop(ROSTER, None)
    if not isinstance(before, Mapping):
        return
    for key in before.get("filled") or ():
        if state.answers.get(key) == (before.get("values") or {}).get(key):
            state.answers.pop(key, None)
            state.displays.pop(key, None)


def apply_roster(state: IntakeState, person: Any, ctx: IntakeContext) -> str | None:
    """Fill the answers the roster gives for ``person``; returns the line that shows them."""
    try:
        facts = ctx.roster_for(person) if isinstance(person, Mapping) else None
    except Exception:  # the roster is a help, never a reason to break the report
        facts = None
    if not facts:
        _forget(state)
        return None
    filled, values = [], {}
    for key, column in FILLS:
        value = facts.get(column)
        if value in (None, ""):
            continue
        if key == "hired_on":
            value = str(value)  # the intake keeps it as typed text ("2019-04-01")
        state.answers[key] = value
        state.displays[key] = _display(key, value)
        filled.append(key)
        values[key] = value
    for key, column in FROM_ROSTER_ONLY:
        if facts.get(column) not in (None, "") and key not in state.answers:
            state.answers[key] = None
            state.displays[key] = "on HR's roster"
            filled.append(key)
            values[key] = None
    if isinstance(person, dict) and facts.get("employee_number"):
        person["employee_number"] = facts["employee_number"]
    state.answers[ROSTER] = {"filled": filled, "values": values,
                             **{k: facts.get(k) for k in WORK_FACTS}}
    return confirmation_line(facts, filled)


def confirmation_line(facts: Mapping[str, Any], filled: list[str]) -> str:
    shown = [escape(str(facts[c])) for k, c in FILLS
             if k in filled and k not in ("hours_per_week", "hired_on")]
    unit = facts.get("bargaining_unit")
    shown.append(escape(unit) if unit else "no bargaining unit")
    if "hours_per_week" in filled:
        shown.append(f"{_display('hours_per_week', facts['hours_per_week'])} a week")
    if facts.get("hourly_rate") is not None:
        shown.append(f"${float(facts['hourly_rate']):,.2f} an hour")
    if "hired_on" in filled:
        shown.append(f"employed since {escape(str(facts['date_of_hire']))}")
    who = escape(str(facts.get("name") or ""))
    number = escape(str(facts.get("employee_number") or ""))
    changes = ", ".join(f'"change {_CHANGE_WORDS.get(k, k.replace("_", " "))}"'
                        for k in filled if k not in dict(FROM_ROSTER_ONLY)) or '"change employee"'
    return (f":clipboard: From HR's roster — {who} (#{number}): " + " · ".join(shown)
            + f". I won't ask for these; if something is wrong, say {changes}.")
