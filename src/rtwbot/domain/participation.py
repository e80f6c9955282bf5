"""Who must have said what before a temporary plan is proposed and agreed. Pure.

- **Medical word first** (the program, temporary modified work 3: "with a health
  professional's or the WSIB's word that the employee can do modified duties"): a plan may be
  proposed only when functional information is on file saying modified work is suitable;
  "unable to return now" blocks it until new information arrives.
- **Every restriction respected** (the program: the supervisor assigns no task beyond the
  restrictions): the proposer confirms, restriction by restriction, that the duties respect
  it.
- **The employee takes part** (the program: the employee takes an active role in developing
  the plan; the union reviews all modified work plans): a plan is agreed only when the union
  (where the employee authorized it; HR in its place otherwise, recorded) and the employee
  have both agreed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# Return-to-work statuses of the functional abilities form that allow modified work.
SUITABLE = frozenset({"with_restrictions", "no_restrictions"})
UNABLE = "unable"

NO_MEDICAL_WORD = ("A temporary plan needs functional information on file saying modified "
                   "work is suitable — from the health professional, the WSIB or the LTD "
                   "carrier. Ask for the functional abilities form first.")
UNABLE_NOW = ("The functional information on file says the employee is unable to return "
              "now: a plan waits for new information from the health professional (or the "
              "WSIB / LTD carrier).")
UNCONFIRMED = ("Confirm, restriction by restriction, that the duties respect it (or change "
               "the duties).")

# The kind of accommodation (Ontario Human Rights Code: the employer may know the type of
# accommodation; the program names these).
ACCOMMODATION_KINDS = {
    "work_area": "work area",
    "tasks": "tasks",
    "equipment": "equipment",
    "schedule": "schedule",
    "location": "location",
}
NO_KIND = "Say what kind of accommodation this is (work area, tasks, equipment, schedule, location)."


def check_accommodation_kinds(kinds: Iterable[str]) -> str | None:
    kinds = list(kinds)
    if not kinds or any(k not in ACCOMMODATION_KINDS for k in kinds):
        return NO_KIND
    return None


# Who has agreed to a plan.
UNION, EMPLOYEE = "union", "employee"


def check_medical_word(return_status: str | None) -> str | None:
    """None when the functional information on file allows a plan, else why not."""
    if not return_status:
        return NO_MEDICAL_WORD
    if return_status == UNABLE:
        return UNABLE_NOW
    if return_status not in SUITABLE:
        return NO_MEDICAL_WORD
    return None


def check_restrictions_confirmed(restrictions: Sequence[str],
                                 confirmed: Iterable[str]) -> str | None:
    """Every restriction in force must be confirmed by the proposer."""
    missing = set(restrictions) - set(confirmed)
    return UNCONFIRMED if missing else None


def agreed(union_done: bool, employee_done: bool) -> bool:
    """A plan is agreed once the union's review (or HR's in its place) and the employee's
    agreement are both in."""
    return union_done and employee_done


def waiting_for(union_done: bool, employee_done: bool) -> tuple[str, ...]:
    """Whose agreement a proposed plan still waits for."""
    return tuple(who for who, done in ((UNION, union_done), (EMPLOYEE, employee_done))
                 if not done)
