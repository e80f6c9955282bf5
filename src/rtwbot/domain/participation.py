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
  (HR in its place, recorded with why) and the employee have both agreed.
- **Not answered is not "no"** (consent first): the employee's answer on union
  representation has three states. HR reviews in the union's place only after the
  employee's "no", when no union represents the employee's unit, or when HR records why the
  plan must go on without the union's review; otherwise the union's review waits for the
  answer (`union_review_basis`).
- **Nothing is assumed for a person who is not in Slack**: HR records their answer and
  their agreement, with how (paper, phone, in person) and when it was given (`check_given`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from rtwbot import dates
from rtwbot.domain.stages import Stage, stage_label

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


# The stages at which a temporary plan may be proposed (with suitable functional information
# on file): never straight from "reported" or while the form is awaited.
PLAN_STAGES = frozenset({Stage.FUNCTIONAL_INFO_RECEIVED, Stage.STALLED,
                         Stage.TEMPORARY_MODIFIED_WORK})
PLAN_ALREADY_AGREED = ("A plan is already agreed: extend it, record a return to regular "
                       "duties or start permanent accommodation instead.")


def check_plan_allowed(stage: str, return_status: str | None,
                       agreed_plan: bool = False) -> str | None:
    """None when a temporary plan may be proposed now, else why not. One rule for every way
    in: the thread's button, the modal, its submission."""
    if agreed_plan:
        return PLAN_ALREADY_AGREED
    if stage not in PLAN_STAGES:
        return f'A case at "{stage_label(stage)}" cannot take a temporary plan now.'
    return check_medical_word(return_status)


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


# --- union representation: three states ---------------------------------------------------
YES, NO = "yes", "no"  # anything else (not asked, "talk to me first") is not answered

# Who reviews a proposed plan for the union, and why (recorded on the plan).
BY_UNION = "union"  # the employee authorized the union
DECLINED = "declined"  # the employee said no: HR reviews in the union's place
HR_REASON = "hr_reason"  # not answered; HR recorded why the plan goes on without the union
NO_UNION = "no_union"  # no union represents the employee's unit: HR reviews
WAITING = "waiting"  # not answered, no reason recorded: the union's review waits
HR_IN_PLACE = frozenset({DECLINED, HR_REASON, NO_UNION})
BASIS_WORDS = {
    BY_UNION: "the employee authorized union representation",
    DECLINED: "the employee declined union representation",
    HR_REASON: "HR recorded why the plan goes on without the union's review (the employee "
               "had not answered the question on union representation)",
    NO_UNION: "no union represents the employee's unit",
    WAITING: "the union's review waits on the employee's answer about union representation",
}


def union_review_basis(answer: str | None, *, has_union: bool,
                       hr_reason: bool = False) -> str:
    """Who reviews a plan for the union: the union after a yes; HR in its place after a no,
    without a union, or with HR's recorded reason; otherwise nobody yet (`WAITING`) — not
    answered is never "no"."""
    if not has_union:
        return NO_UNION
    if answer == YES:
        return BY_UNION
    if answer == NO:
        return DECLINED
    return HR_REASON if hr_reason else WAITING


# How a person's answer or agreement was given: in Slack by themselves, or to HR, who
# records it (a person not in Slack is never assumed to have said anything).
IN_SLACK = "slack"
GIVEN_TO_HR = {"paper": "on paper", "phone": "by phone", "in_person": "in person"}
WAYS = {IN_SLACK: "in Slack", **GIVEN_TO_HR}
NO_WAY = "Say how it was given: on paper, by phone or in person."


def check_given(via: str | None, given_on: date | None, today: date,
                earliest: date | None = None) -> dict[str, str]:
    """What is wrong with HR's record of how and when an answer was given (field -> why)."""
    errors: dict[str, str] = {}
    if via not in GIVEN_TO_HR:
        errors["via"] = NO_WAY
    if given_on is None:
        errors["on"] = "Say on which day it was given."
    elif given_on > today:
        errors["on"] = "That day is still to come: record it once it has been given."
    elif earliest is not None and given_on < earliest:
        errors["on"] = f"That is before {dates.day(earliest)}: check the day."
    return errors
