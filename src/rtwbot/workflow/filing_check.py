"""Before a report is filed: the domain's facts built from the answers, or the one answer
that stops filing (`FilingProblem`), so the person can be offered a Change button for it.

The intake already refuses anything the domain would refuse (the same rules run in both);
this is the safety net for answers kept from older versions of the conversation, the modal,
or a rule that changed since the answer was given.
"""

from __future__ import annotations

from typing import Any, get_args

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.moment import Moment, order_problem
from rtwbot.domain.reporting import Answer, CaseKind, ModifiedWork, ReportFacts


class FilingProblem(ValueError):
    """`key` is the answer that stops filing (None when no answer is to blame)."""

    def __init__(self, key: str | None, reason: str):
        super().__init__(reason)
        self.key, self.reason = key, reason


def answer_moment(answers: dict[str, Any], key: str, calendar: WorkCalendar) -> Moment:
    """The report's moment answer (a day, with or without a time)."""
    m = Moment.of(answers.get(key), calendar.tz)
    if m is None:
        raise FilingProblem(key, "I couldn't read this date.")
    return m


def report_facts(answers: dict[str, Any], calendar: WorkCalendar) -> ReportFacts:
    return ReportFacts(
        case_kind=answers["case_kind"],
        occurred_at=answer_moment(answers, "occurred_at", calendar),
        learned_at=answer_moment(answers, "learned_at", calendar),
        health_care=answers.get("health_care") or "unknown",
        absent=answers.get("absent") or "unknown",
        lower_pay=answers.get("lower_pay") or "unknown",
        modified_work=answers.get("modified_work") or "unknown",
        critical_injury=answers.get("critical_injury") == "yes",
    )


_CHOICES = (
    ("health_care", Answer),
    ("absent", Answer),
    ("lower_pay", Answer),
    ("modified_work", ModifiedWork),
)


def checked_facts(answers: dict[str, Any], calendar: WorkCalendar) -> ReportFacts:
    """The facts, or FilingProblem naming the answer the domain cannot take."""
    if answers.get("case_kind") not in get_args(CaseKind):
        raise FilingProblem("case_kind", "I need to know what kind of case this is.")
    employee = answers.get("employee")
    if not isinstance(employee, dict) or not (employee.get("slack_user_id")
                                              or employee.get("name")):
        raise FilingProblem("employee", "I need to know who was hurt or became ill.")
    occurred = answer_moment(answers, "occurred_at", calendar)
    learned = answer_moment(answers, "learned_at", calendar)
    problem = order_problem(occurred, learned)
    if problem:
        raise FilingProblem("learned_at", problem)
    for key, allowed in _CHOICES:
        value = answers.get(key)
        if value not in (None, *get_args(allowed)):
            raise FilingProblem(key, "I couldn't read this answer.")
    try:
        return report_facts(answers, calendar)
    except ValueError as exc:  # the domain refused something not checked above
        raise FilingProblem(None, str(exc)) from exc
