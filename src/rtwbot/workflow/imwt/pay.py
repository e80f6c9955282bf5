"""A plan's pay in words for the thread and the plan document: the rule, led by the hourly
rate in numbers when the plan's rates were entered (MWP Conditions 2)."""

from __future__ import annotations

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
