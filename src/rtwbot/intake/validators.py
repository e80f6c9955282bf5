"""The report's own checks of an answer against the others (a question's ``validate``): each
returns one sentence saying what is wrong, or None."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtwbot.domain.clinical_terms import rephrase_message
from rtwbot.domain.moment import Moment, order_problem
from rtwbot.domain.ohsa import CRITICAL_INJURY_DEFINITION
from rtwbot.intake.context import IntakeContext
from rtwbot.intake.options import WHAT_COUNTS
from rtwbot.intake.past_dates import calendar_date, check_past_date, occurred_day

__all__ = [
    "a_job_not_a_condition",
    "a_place_not_a_condition",
    "born_in_the_past",
    "death_is_a_critical_injury",
    "explain_critical_injury",
    "hired_before_it_happened",
    "learned_not_before_occurred",
]


def explain_critical_injury(
    value: Any, _answers: Mapping[str, Any], _ctx: IntakeContext
) -> str | None:
    """"What counts?" is not an answer: it shows O. Reg. 834's definition and asks again
    (a typed "not sure" is told what to do instead: the question's ``unknown``)."""
    return CRITICAL_INJURY_DEFINITION if value == WHAT_COUNTS else None


def death_is_a_critical_injury(
    value: Any, answers: Mapping[str, Any], _ctx: IntakeContext
) -> str | None:
    """A "Fatality" ticked as the type of accident must agree with the critical question: a
    death is reported to the Ministry at once (OHSA s.51), so it is never taken silently."""
    ticked = any(isinstance(item, Mapping) and item.get("part") == "fatality"
                 for item in value or ())
    if ticked and answers.get("died") != "yes":
        return ('"Fatality" is for a death, which this report does not say: if someone died, '
                'say "change critical injury" and answer yes (the Ministry must be told at '
                "once), otherwise pick the other types.")
    return None


def learned_not_before_occurred(
    value: Any, answers: Mapping[str, Any], ctx: IntakeContext
) -> str | None:
    # The domain's own check (it raises on the same sentence): one rule, two places.
    occurred = Moment.of(answers.get("occurred_at"), ctx.tz)
    learned = Moment.of(value, ctx.tz)
    if occurred is None or learned is None:
        return None
    return order_problem(occurred, learned)


def hired_before_it_happened(
    value: Any, answers: Mapping[str, Any], ctx: IntakeContext
) -> str | None:
    problem = check_past_date(value, ctx.now.astimezone(ctx.tz).date())
    if problem:
        return problem
    hired, occurred = calendar_date(value), occurred_day(answers)
    if hired and occurred and hired > occurred:
        return "That's after it happened — when did they start working here?"
    return None


def born_in_the_past(value: Any, _answers: Mapping[str, Any], ctx: IntakeContext) -> str | None:
    return check_past_date(value, ctx.now.astimezone(ctx.tz).date())


# The team reads the job title (the case channel's header, the union's status) and HR the
# place: typed text others read passes the clinical check first.
def a_job_not_a_condition(value: Any, _answers: Mapping[str, Any], _ctx: IntakeContext
                          ) -> str | None:
    return rephrase_message(value if isinstance(value, str) else None,
                            'the job alone, like "Lead hand"')


def a_place_not_a_condition(value: Any, _answers: Mapping[str, Any], _ctx: IntakeContext
                            ) -> str | None:
    return rephrase_message(value if isinstance(value, str) else None,
                            'the place alone, like "Loading dock, 55 John Street"')
