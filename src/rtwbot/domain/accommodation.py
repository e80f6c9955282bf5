"""Choosing modified work: the temporary preference order, the permanent 7-step
hierarchy, training and follow-up dates, and the sign-offs a plan needs (MWP).

Check functions return a refusal sentence for a person, or None when the step is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum, StrEnum

from rtwbot.domain.calendar import WorkCalendar, add_months, add_years
from rtwbot.domain.rules import (
    FOLLOW_UP_INTERVAL_MONTHS,
    FOLLOW_UP_PERIOD_MONTHS,
    ON_THE_JOB_TRAINING_MAX_YEARS,
)


class HierarchyError(ValueError):
    """A placement chosen out of order; the message names what is missing."""


# --- temporary modified work: preference order (MWP Procedures, temporary 3) ------------
class TemporaryOption(StrEnum):
    OWN_JOB_MODIFIED = "own_job_modified"  # (a)
    SAME_DIVISION = "same_division"  # (b)
    OTHER_DIVISION = "other_division"  # (c)


TEMPORARY_OPTION_LABELS = {
    TemporaryOption.OWN_JOB_MODIFIED: "(a) modify the regular job, increasing activity "
    "gradually, and consider the schedule",
    TemporaryOption.SAME_DIVISION: "(b) transitional work in the same division",
    TemporaryOption.OTHER_DIVISION: "(c) transitional work in another division, preferably "
    "in the same bargaining unit",
}
_TEMPORARY_ORDER = tuple(TemporaryOption)


def _has_reason(text: str | None) -> bool:
    return bool(text and text.strip())


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def check_temporary_option(
    option: TemporaryOption | str,
    ruled_out: Mapping[TemporaryOption | str, str] | None = None,
    *,
    same_bargaining_unit: bool = True,
    outside_unit_reason: str | None = None,
) -> str | None:
    """Refuse (b) or (c) unless every earlier option has a reason it was not possible;
    for (c) outside the bargaining unit, also ask why the unit had nothing."""
    chosen = TemporaryOption(option)
    reasons = {TemporaryOption(k): v for k, v in (ruled_out or {}).items()}
    earlier = _TEMPORARY_ORDER[: _TEMPORARY_ORDER.index(chosen)]
    missing = [TEMPORARY_OPTION_LABELS[o] for o in earlier if not _has_reason(reasons.get(o))]
    if missing:
        return (
            f"Before choosing {TEMPORARY_OPTION_LABELS[chosen]}, record why "
            f"{_join(missing)} {'was' if len(missing) == 1 else 'were'} not possible."
        )
    if (
        chosen is TemporaryOption.OTHER_DIVISION
        and not same_bargaining_unit
        and not _has_reason(outside_unit_reason)
    ):
        return (
            "Work in another division should stay in the same bargaining unit where "
            "possible; record why nothing in the bargaining unit was suitable."
        )
    return None


# --- temporary plan sign-offs (MWP Conditions 1-2, Procedures temporary 3-5) -----------
def check_extension(
    written_recommendation: bool, insurer_involved: bool, insurer_concurs: bool | None
) -> str | None:
    """An extension needs a health professional's written recommendation and, where the
    WSIB or LTD carrier is involved, its representative's concurrence."""
    if not written_recommendation:
        return (
            "An extension of temporary modified work needs a written recommendation from "
            "a health professional."
        )
    if insurer_involved and not insurer_concurs:
        return "An extension needs the concurrence of the WSIB or LTD representative."
    return None


def check_return_to_regular_duties(medical_authorization: bool) -> str | None:
    if medical_authorization:
        return None
    return (
        "Returning to regular duties needs medical authorization from the treating health "
        "professional."
    )


def check_plan_agreement(union_approved: bool) -> str | None:
    """The union reviews every modified work plan before it is agreed."""
    if union_approved:
        return None
    return "The union representative must review and approve the plan before it is agreed."


def check_plan_dates(
    start: date, end: date | None, review_dates: Iterable[date] = ()
) -> str | None:
    """A temporary plan has a defined end date after its start, and reviews within it."""
    if end is None:
        return (
            "A temporary plan needs a defined end date, set by the health professional's estimate."
        )
    if end <= start:
        return f"The plan's end date ({end.isoformat()}) must be after its start ({start.isoformat()})."
    outside = sorted(d for d in review_dates if not start <= d <= end)
    if outside:
        days = _join([d.isoformat() for d in outside])
        return f"Review dates must fall within the plan; {days} {'is' if len(outside) == 1 else 'are'} outside it."
    return None


def check_training_willingness(willing: bool) -> str | None:
    """MWP Permanent 3: the employee must be willing to take the on-the-job training."""
    if willing:
        return None
    return (
        "The employee can be considered for the job only if willing to take the necessary "
        "on-the-job training."
    )


# --- permanent modified work: 7-step hierarchy (MWP Permanent 2) ------------------------
class PlacementStep(IntEnum):
    PRE_INJURY_JOB = 1
    COMPARABLE_IN_DIVISION = 2
    COMPARABLE_OUTSIDE_DIVISION_IN_UNIT = 3
    SUITABLE_IN_DIVISION_IN_UNIT = 4
    SUITABLE_OUTSIDE_DIVISION_IN_UNIT = 5
    COMPARABLE_OUTSIDE_UNIT = 6
    SUITABLE_OUTSIDE_UNIT = 7


PLACEMENT_STEP_LABELS = {
    PlacementStep.PRE_INJURY_JOB: "accommodate the pre-injury job (essential duties kept)",
    PlacementStep.COMPARABLE_IN_DIVISION: "a comparable job in the division/department",
    PlacementStep.COMPARABLE_OUTSIDE_DIVISION_IN_UNIT: "a comparable job outside the "
    "division, inside the bargaining unit",
    PlacementStep.SUITABLE_IN_DIVISION_IN_UNIT: "a suitable job in the pre-injury division, "
    "inside the bargaining unit",
    PlacementStep.SUITABLE_OUTSIDE_DIVISION_IN_UNIT: "a suitable job outside the division, "
    "inside the bargaining unit",
    PlacementStep.COMPARABLE_OUTSIDE_UNIT: "a comparable job outside the bargaining unit "
    "(seniority recognized)",
    PlacementStep.SUITABLE_OUTSIDE_UNIT: "a suitable job outside the bargaining unit "
    "(seniority recognized)",
}


def _step_name(step: PlacementStep) -> str:
    return f"step {int(step)} ({PLACEMENT_STEP_LABELS[step]})"


@dataclass(frozen=True)
class StepRecord:
    step: PlacementStep
    available: bool
    reason: str


def _in_order(records: Iterable[StepRecord]) -> tuple[StepRecord, ...]:
    return tuple(sorted(records, key=lambda r: r.step))


@dataclass(frozen=True)
class PlacementChecklist:
    """What the IMWT has considered, step by step; immutable, each change returns a copy."""

    records: tuple[StepRecord, ...] = ()  # at most one per step, in step order
    chosen: PlacementStep | None = None

    def record(self, step: PlacementStep | int) -> StepRecord | None:
        wanted = PlacementStep(step)
        return next((r for r in self.records if r.step is wanted), None)

    def record_considered(
        self, step: PlacementStep | int, available: bool, reason: str = ""
    ) -> PlacementChecklist:
        """Record that a step was considered; a step not available needs a reason.
        Recording a step again replaces the earlier record."""
        wanted = PlacementStep(step)
        if self.chosen is not None:
            raise HierarchyError(
                f"A placement has already been chosen ({_step_name(self.chosen)}); "
                "start a new checklist to reconsider."
            )
        if not available and not _has_reason(reason):
            raise HierarchyError(f"Record why {_step_name(wanted)} is not available.")
        kept = [r for r in self.records if r.step is not wanted]
        entry = StepRecord(wanted, available, reason.strip())
        return replace(self, records=_in_order([*kept, entry]))

    def ruled_out(self, step: PlacementStep) -> bool:
        found = self.record(step)
        return found is not None and not found.available and _has_reason(found.reason)

    def missing_before(self, step: PlacementStep | int) -> tuple[PlacementStep, ...]:
        """Earlier steps not yet recorded as considered and not available, with a reason."""
        wanted = PlacementStep(step)
        return tuple(s for s in PlacementStep if s < wanted and not self.ruled_out(s))

    def next_to_consider(self) -> PlacementStep | None:
        """The first step not yet ruled out: where the team should look now."""
        return next((s for s in PlacementStep if not self.ruled_out(s)), None)

    def choose(self, step: PlacementStep | int) -> PlacementChecklist:
        """Choose a step; refused unless every earlier step is ruled out with a reason."""
        wanted = PlacementStep(step)
        missing = self.missing_before(wanted)
        if missing:
            names = _join([_step_name(s) for s in missing])
            raise HierarchyError(
                f"{_step_name(wanted).capitalize()} can be chosen only after every earlier "
                f"step is recorded as considered and not available, with a reason; "
                f"still missing: {names}."
            )
        found = self.record(wanted)
        if found is not None and not found.available:
            raise HierarchyError(
                f"{_step_name(wanted).capitalize()} was recorded as not available "
                f"({found.reason}); record it as available before choosing it."
            )
        # Choosing a step not yet recorded records it as available.
        if found is None:
            added = (*self.records, StepRecord(wanted, True, ""))
            return replace(self, records=_in_order(added), chosen=wanted)
        return replace(self, chosen=wanted)


# --- training and follow-up (MWP Conditions 6, Permanent 4) ------------------------------
def training_limit(start: date) -> date:
    """On-the-job training may not run past one year from its start (MWP Conditions 6)."""
    return add_years(start, ON_THE_JOB_TRAINING_MAX_YEARS)


def follow_up_period_end(start: date, period_months: int = FOLLOW_UP_PERIOD_MONTHS) -> date:
    return add_months(start, period_months)


def follow_up_complete(
    start: date, today: date, period_months: int = FOLLOW_UP_PERIOD_MONTHS
) -> bool:
    """True once the first months of a permanent placement, with their follow-ups, are over."""
    return today >= follow_up_period_end(start, period_months)


def follow_up_dates(
    start: date,
    interval_months: int = FOLLOW_UP_INTERVAL_MONTHS,
    period_months: int = FOLLOW_UP_PERIOD_MONTHS,
    calendar: WorkCalendar | None = None,
) -> tuple[date, ...]:
    """Follow-ups every `interval_months` through the first `period_months` of a permanent
    placement; moved to the next business day when a calendar is given."""
    if interval_months < 1:
        raise ValueError("Follow-ups must be at least one month apart.")
    # Counted from the start each time so month-end dates do not drift (31 Jan -> 28 Feb
    # -> 31 Mar, not 28 Mar).
    dates = [
        add_months(start, k) for k in range(interval_months, period_months + 1, interval_months)
    ]
    if calendar is not None:
        dates = [d if calendar.is_business_day(d) else calendar.next_business_day(d) for d in dates]
    return tuple(dates)
