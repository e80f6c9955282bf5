"""Who reviews a proposed plan for the union, and HR's record of why a plan goes on without
the union's review.

Not answered is never "no" (`domain.participation.union_review_basis`): while the employee
has not answered the question on union representation, a proposed plan waits for the
union's review — the employee is reminded once (a nudge, in working hours) and HR is told.
HR reviews in the union's place only after the employee's no, where no union represents the
employee's unit, or once HR records why the plan must go on without the union's review (a
plan event, said in the thread and on the plan document). Whichever it was is recorded on
the plan (`union_review_basis`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot.domain.clinical_terms import rephrase_message
from rtwbot.domain.participation import BASIS_WORDS, BY_UNION, HR_IN_PLACE, WAITING
from rtwbot.store.imwt_models import (
    PLACEMENT_REVIEW,
    PROPOSED,
    UNION_REVIEW_WAIVED,
    Placement,
    PlanEvent,
    TemporaryPlan,
)
from rtwbot.workflow import job_demands
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt.acting import Act, Result, refused
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.records import placement_of, waiver_reason
from rtwbot.workflow.imwt.values import text_value
from rtwbot.workflow.outbox import Button, Say, escape

WAIVE_ACTION = "imwt_union_waive"  # HR: go on without the union's review (a modal)
RECORD_ANSWER_ACTION = "imwt_union_record"  # HR: record the answer of an employee not in Slack


def waits(what: str) -> str:
    """Why HR may not review `what` ("this plan") in the union's place yet."""
    return (f"The union's review of {what} waits on the employee's answer about union "
            "representation: not answered is not \"no\", so HR does not review in the "
            f"union's place. If {what} must go on without the union's review, HR records "
            "why (\"Go on without the union\").")


WAITS = waits("this plan")
REASON_MAX = 500


def basis_for(s: Session, team: CaseTeam, plan: TemporaryPlan | None) -> str:
    """Who reviews `plan` (None: the permanent placement) for the union now, and why."""
    reason = waiver_reason(s, team.case.id, plan.id if plan is not None else None)
    return team.review_basis(hr_reason=reason is not None)


def who_reviewed(plan: TemporaryPlan) -> str:
    """The reviewer of an approved plan, as the thread and the record say it."""
    if not plan.union_waived:
        return "the union"
    words = BASIS_WORDS.get(plan.union_review_basis or "")
    return "HR in the union's place" + (f" ({words})" if words else "")


def review_request(team: CaseTeam, plan: TemporaryPlan | None,
                   basis: str) -> tuple[str, tuple[Button, ...]]:
    """Who reviews a proposed `plan` (None: the permanent placement just chosen) for the
    union, asked of them; and the buttons: review, and HR's while the review waits."""
    ref = team.case.reference
    what = "the plan" if plan is not None else "the placement"
    if plan is not None:
        value = f"{ref}|{plan.id}"
        buttons = [Button("Approve plan", "imwt_approve", value, "primary"),
                   Button("Ask for changes", "imwt_changes", value)]
    else:
        value = ref
        buttons = [Button("Approve placement", "imwt_placement_approve", ref, "primary")]
    hr = team.mentions(teams.HR) or "HR"
    if basis == BY_UNION:
        union = team.mentions(teams.UNION, teams.SAFETY_REP) or "Union representative"
        text = (f"{union}: please review it — approve it or ask for changes. A plan is agreed "
                "once the union and the employee have both agreed." if plan is not None else
                f"{union}: the union reviews permanent placements like every modified work "
                "plan — please review it.")
    elif basis in HR_IN_PLACE:
        text = (f"{hr}: HR reviews {what} in the union's place — {BASIS_WORDS[basis]} "
                "(recorded).")
    else:
        name = escape(team.case.employee_name or "The employee")
        asked = ("They will be reminded of the question." if team.employee_in_slack else
                 f"{name} is not in Slack: please ask them and record their answer "
                 "(\"Record union answer\").")
        text = (f"{hr}: the union's review of {what} waits on the employee's answer about "
                f"union representation — not answered is not \"no\". {asked} Only if "
                f"{what} must go on without the union's review, record why (\"Go on "
                "without the union\").")
        buttons.append(Button("Go on without the union", WAIVE_ACTION, value))
    return text, (*buttons, *(agreement_button(team, plan) if plan is not None else ()))


def agreement_button(team: CaseTeam, plan: TemporaryPlan) -> tuple[Button, ...]:
    """HR's button to record the agreement of an employee who is not in Slack, while due."""
    if team.employee_in_slack or plan.state != PROPOSED or plan.employee_agreed_at is not None:
        return ()
    return (Button("Record the employee's agreement", "imwt_agreement_record",
                   f"{team.case.reference}|{plan.id}"),)


def pending_plan(s: Session, case_id: int) -> TemporaryPlan | None:
    """The proposed plan still waiting for the union's review, if any."""
    return s.scalars(select(TemporaryPlan).where(
        TemporaryPlan.case_id == case_id, TemporaryPlan.state == PROPOSED,
        TemporaryPlan.union_approved_at.is_(None)).order_by(TemporaryPlan.id.desc())).first()


def now_reviewed_by(act: Act) -> list[Say]:
    """After an answer on union representation: who reviews what waits for the union's
    review now, said in the thread (the union gets the plan's job demands analysis, as at
    proposal); nothing when nothing waits, or the thread is not open."""
    team = act.team
    target = waiting_for_review(act.s, act.case.id, None)
    if target is None or team.thread is None or not team.thread.ts:
        return []
    plan = target if isinstance(target, TemporaryPlan) else None
    what = f"Plan #{plan.number}" if plan is not None else "The permanent placement"
    basis = basis_for(act.s, team, plan)
    if basis == BY_UNION:
        who = team.mentions(teams.UNION, teams.SAFETY_REP) or "The union representative"
        jda = job_demands.for_union(act.deps.directory, act.case, [
            *team.in_slack(teams.UNION), *team.in_slack(teams.SAFETY_REP)]) if plan else []
        return [act.announce(f"{what} now waits for the union's review: {who}, please "
                             "review it (its buttons above)."), *jda]
    if basis in HR_IN_PLACE:
        return [act.announce(f"{what}: {team.mentions(teams.HR) or 'HR'} reviews it in the "
                             f"union's place — {BASIS_WORDS[basis]}.")]
    return []


def waiting_for_review(s: Session, case_id: int,
                       plan_id: int | None) -> TemporaryPlan | Placement | None:
    """The plan (`plan_id`, else the newest proposed one), else the permanent placement,
    that waits for the union's review; None when nothing does."""
    plan = s.get(TemporaryPlan, plan_id) if plan_id else pending_plan(s, case_id)
    if plan is not None:
        waits = plan.case_id == case_id and plan.state == PROPOSED \
            and plan.union_approved_at is None
        return plan if waits else None
    placement = placement_of(s, case_id)
    reviewed = s.scalar(select(PlanEvent.id).where(
        PlanEvent.case_id == case_id, PlanEvent.kind == PLACEMENT_REVIEW).limit(1))
    return placement if placement is not None and reviewed is None else None


def waive(act: Act, plan_id: int | None, values: Mapping[str, Any]) -> Result:
    """HR records why a plan (or the permanent placement) must go on without the union's
    review while the employee has not answered; HR then reviews it in the union's place."""
    target = waiting_for_review(act.s, act.case.id, plan_id)
    if target is None:
        return refused("There is nothing waiting for the union's review.")
    plan = target if isinstance(target, TemporaryPlan) else None
    what = f"plan #{plan.number}" if plan is not None else "the permanent placement"
    basis = basis_for(act.s, act.team, plan)
    if basis == BY_UNION:
        return refused("The employee has authorized union representation: the union reviews "
                       f"{what}.")
    if basis != WAITING:
        return refused(f"HR already reviews {what} in the union's place: "
                       f"{BASIS_WORDS[basis]}.")
    reason = text_value(values, "reason")
    if not reason:
        return act.invalid({"reason": "Say why the plan must go on without the union's "
                                      "review."})
    if len(reason) > REASON_MAX:
        return act.invalid({"reason": f"Keep it under {REASON_MAX} characters."})
    if problem := rephrase_message(reason, "why, in terms of the work and the dates"):
        return act.invalid({"reason": problem})  # the team and the plan document read it
    act.record_event(UNION_REVIEW_WAIVED, act.today(), {"reason": reason},
                     plan.id if plan is not None else None)
    act.audit("imwt.union_review_waived", plan=plan.number if plan is not None else None)
    text = (f"<@{act.user}> recorded why {what} goes on without the union's review (the "
            f"employee has not answered the question on union representation):"
            f"\n> {escape(reason)}\nHR reviews it in the union's place (recorded); if the "
            "employee answers yes before then, the union reviews it.")
    return act.done(act.announce(text))
