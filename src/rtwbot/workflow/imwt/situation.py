"""What the case's parent message says must happen next: the next date the team works to,
and who must act now. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rtwbot.domain.accommodation import PLACEMENT_STEP_LABELS
from rtwbot.domain.accommodation import PlacementStep as Step
from rtwbot.domain.participation import BASIS_WORDS, BY_UNION, WAITING
from rtwbot.domain.stages import Stage
from rtwbot.store.imwt_models import ACTIVE_PLAN_STATES, CHANGES_REQUESTED, PROPOSED


@dataclass(frozen=True)
class Situation:
    stage: str
    plan_state: str | None = None
    plan_end: date | None = None
    review_dates: tuple[date, ...] = ()
    next_assessment: date | None = None
    next_step: int | None = None  # permanent: the first step not yet ruled out
    placement_start: date | None = None
    follow_ups: tuple[date, ...] = ()
    follow_up_end: date | None = None
    # Who reviews a proposed plan for the union (domain.participation.union_review_basis).
    union_basis: str = BY_UNION
    employee_in_slack: bool = True
    # A proposed plan: whose agreement it still waits for ("union", "employee").
    waiting: tuple[str, ...] = ("union", "employee")


def next_date(sit: Situation, today: date) -> date | None:
    """The next date the team works to: a review, the plan's end, a follow-up, or the next
    medical assessment, whichever comes first from today."""
    candidates = [d for d in (*sit.review_dates, *sit.follow_ups) if d >= today]
    if sit.plan_state in ACTIVE_PLAN_STATES and sit.plan_end and sit.plan_end >= today:
        candidates.append(sit.plan_end)
    if sit.next_assessment and sit.next_assessment >= today:
        candidates.append(sit.next_assessment)
    if sit.stage == Stage.CLOSED:
        return None
    return min(candidates, default=None)


def who_must_act(sit: Situation, today: date) -> str:
    stage = sit.stage
    if stage == Stage.CLOSED:
        return "Nobody: the case is closed."
    if stage in (Stage.REPORTED, Stage.AWAITING_FUNCTIONAL_INFO):
        return ("The employee: bring back the functional abilities form from the health "
                "professional.")
    if stage == Stage.PERMANENT_ACCOMMODATION:
        if sit.placement_start is None:
            if sit.next_step is None:
                return "The team: every step is ruled out; HR to decide the next move."
            label = PLACEMENT_STEP_LABELS[Step(sit.next_step)]
            return f"The team: consider step {sit.next_step} ({label})."
        if sit.follow_up_end and today >= sit.follow_up_end:
            return "HR: close the case — the follow-up period is complete."
        return "HR and the supervisor: follow up on the placement."
    if sit.plan_state == PROPOSED:
        who = []
        if "union" in sit.waiting and sit.union_basis == WAITING:
            # Not answered is not "no": the union's review waits on the employee's answer.
            return ("The employee: answer whether the union may represent them — the union's "
                    "review of the proposed plan waits on it (HR may record why it must go "
                    "on without)." if sit.employee_in_slack else
                    "HR: ask the employee (not in Slack) whether the union may represent "
                    "them and record the answer — the union's review of the proposed plan "
                    "waits on it.")
        if "union" in sit.waiting:
            who.append("the union representative" if sit.union_basis == BY_UNION else
                       f"HR, in the union's place ({BASIS_WORDS[sit.union_basis]})")
        if "employee" in sit.waiting:
            who.append("the employee" if sit.employee_in_slack else
                       "HR, recording the employee's agreement (not in Slack: on paper, by "
                       "phone or in person)")
        text = " and ".join(who) or "HR"
        return f"{text[0].upper()}{text[1:]}: review the proposed plan and agree to it."
    if sit.plan_state == CHANGES_REQUESTED:
        return "The supervisor and HR: revise the plan and propose it again."
    if sit.plan_state in ACTIVE_PLAN_STATES:
        if sit.plan_end and today > sit.plan_end:
            return ("The team: the plan has ended — extend it, record a return to regular "
                    "duties, or start permanent accommodation.")
        return "The supervisor: check in with the employee at each review."
    if stage == Stage.STALLED:
        return "HR or the union: follow up on the mediation request."
    return ("The supervisor and HR: propose a temporary plan (or start permanent "
            "accommodation if the restrictions are permanent).")
