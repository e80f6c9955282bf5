"""The plain facts of a case that the metrics need: dates, kind, division, stage.

No names, references or restrictions are carried: a record cannot leak what it does not hold.
Built from the store by `rtwbot.metrics.load` (the single place that knows the tables).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# The stages, in the order a report lists them (domain.stages values).
OPEN_STAGES = (
    "reported",
    "awaiting_functional_info",
    "functional_info_received",
    "temporary_modified_work",
    "permanent_accommodation",
    "stalled",
)
KINDS = ("work_injury", "work_illness", "non_occupational")


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """A temporary plan once agreed: its dates only."""

    agreed_on: date
    start: date
    end: date  # the health professional's estimate, after any extension
    ended_on: date | None = None


@dataclass(frozen=True, slots=True)
class CaseRecord:
    id: int
    kind: str  # work_injury | work_illness | non_occupational
    division: str
    stage: str  # the stage now
    learned_on: date  # the employer learned of it
    filed_on: date  # reported to the program (rtwbot)
    absent: bool = False  # absent from regular work after the day it happened
    form7_due: date | None = None  # None: no Form 7 owed
    form7_filed_on: date | None = None
    package_sent_on: date | None = None  # functional abilities form sent out
    functional_info_on: date | None = None  # first functional information received
    plans: tuple[PlanRecord, ...] = ()
    placed_on: date | None = None  # permanent placement chosen
    returned_on: date | None = None  # back at regular duties
    closed_on: date | None = None
    mediation_on: tuple[date, ...] = ()
    # Derived once, when the record is made (every report column reads them):
    plan_agreed_on: date | None = field(init=False, compare=False, repr=False)
    # the first day back at any work: a plan's start, a placement, or regular duties
    back_at_work_on: date | None = field(init=False, compare=False, repr=False)
    # the expected return to regular duties: the end of the last agreed plan
    expected_return_on: date | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        plans = self.plans
        days = [p.start for p in plans] + [d for d in (self.placed_on, self.returned_on) if d]
        object.__setattr__(self, "plan_agreed_on",
                           min((p.agreed_on for p in plans), default=None))
        object.__setattr__(self, "back_at_work_on", min(days, default=None))
        object.__setattr__(self, "expected_return_on", max((p.end for p in plans), default=None))


@dataclass(frozen=True, slots=True)
class NudgeRecord:
    division: str
    created_on: date
    escalation: bool  # an escalation row (a nudge nobody acted on, sent up the ladder)
    overdue: bool  # still open past its escalation time, as of loading


def stage_at(case: CaseRecord, day: date) -> str | None:
    """The case's stage at the end of `day`, from its dates; None before it was filed."""
    if case.filed_on > day:
        return None
    if case.closed_on and case.closed_on <= day:
        return "closed"
    if case.stage == "stalled" and case.closed_on is None and case.mediation_on and min(
            case.mediation_on) <= day:
        return "stalled"
    if case.placed_on and case.placed_on <= day:
        return "permanent_accommodation"
    if any(p.agreed_on <= day and (p.ended_on is None or p.ended_on > day) for p in case.plans):
        return "temporary_modified_work"
    if case.functional_info_on and case.functional_info_on <= day:
        return "functional_info_received"
    if case.package_sent_on and case.package_sent_on <= day:
        return "awaiting_functional_info"
    return "reported"
