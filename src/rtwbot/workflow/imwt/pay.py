"""A plan's pay in words for the thread and the plan document: the rule, led by the hourly
rate in numbers when the plan's rates were entered (MWP Conditions 2)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rtwbot.domain.wages import parse_rate, pay_rule_text, pay_statement
from rtwbot.store.imwt_models import TemporaryPlan
from rtwbot.store.models import Case


def plan_pay_text(case: Case, plan: TemporaryPlan) -> str:
    rule = pay_rule_text(case.kind, "temporary")
    regular = parse_rate(plan.regular_rate or "")
    position = parse_rate(plan.position_rate or "")
    if regular is None or position is None:
        return rule
    return pay_statement(case.kind, "temporary", regular_rate=regular,
                         position_rate=position) + " " + rule


def rates_from(values: Mapping[str, Any]) -> tuple[tuple[Decimal, Decimal] | None,
                                                   dict[str, str]]:
    """The two optional hourly rates of a modal (both or neither), or the errors."""
    errors: dict[str, str] = {}
    typed = {k: v.strip() if isinstance(v := values.get(k), str) else ""
             for k in ("regular_rate", "position_rate")}
    read = {k: parse_rate(v) if v else None for k, v in typed.items()}
    for key, text in typed.items():
        if text and read[key] is None:
            errors[key] = 'Type an hourly rate in dollars, like "30.00".'
    if bool(typed["regular_rate"]) != bool(typed["position_rate"]):
        missing = "position_rate" if typed["regular_rate"] else "regular_rate"
        errors.setdefault(missing, "Give both rates, or neither, to show the pay in numbers.")
    if errors or read["regular_rate"] is None or read["position_rate"] is None:
        return None, errors
    return (read["regular_rate"], read["position_rate"]), {}


def placement_pay_text(kind: str, rates: tuple[Decimal, Decimal] | None) -> str:
    rule = pay_rule_text(kind, "permanent")
    if rates is None:
        return rule
    return pay_statement(kind, "permanent", regular_rate=rates[0],
                         position_rate=rates[1]) + " " + rule
