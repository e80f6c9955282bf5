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

from rtwbot.domain.clinical_terms import looks_clinical
from rtwbot.domain.participation import BASIS_WORDS, BY_UNION, HR_IN_PLACE, WAITING
from rtwbot.store.imwt_models import PROPOSED, UNION_REVIEW_WAIVED, TemporaryPlan
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt.acting import Act, Result, refused
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.records import waiver_reason
from rtwbot.workflow.imwt.values import text_value
from rtwbot.workflow.outbox import Button, Say, escape

WAIVE_ACTION = "imwt_union_waive"  # HR: go on without the union's review (a modal)
RECORD_ANSWER_ACTION = "imwt_union_record"  # HR: record the answer of an employee not in Slack
WAITS = ("The union's review of this plan waits on the employee's answer about union "
         "representation: not answered is not \"no\", so HR does not review in the union's "
         "place. If the plan must go on without the union's review, HR records why "
         "(\"Go on without the union\").")
REASON_MAX = 500


def basis_for(s: Session, team: CaseTeam, plan: TemporaryPlan) -> str:
    """Who reviews `plan` for the union now, and why."""
    return team.review_basis(hr_reason=waiver_reason(s, plan.id) is not None)


def who_reviewed(plan: TemporaryPlan) -> str:
    """The reviewer of an approved plan, as the thread and the record say it."""
    if not plan.union_waived:
        return "the union"
    words = BASIS_WORDS.get(plan.union_review_basis or "")
    return "HR in the union's place" + (f" ({words})" if words else "")


def review_request(team: CaseTeam, plan: TemporaryPlan, basis: str) -> tuple[str, tuple[Button, ...]]:
    """What the proposed plan's message asks, of whom, and its buttons."""
    value = f"{team.case.reference}|{plan.id}"
    buttons = [Button("Approve plan", "imwt_approve", value, "primary"),
               Button("Ask for changes", "imwt_changes", value)]
    hr = team.mentions(teams.HR) or "HR"
    if basis == BY_UNION:
        text = (f"{team.mentions(teams.UNION, teams.SAFETY_REP) or 'Union representative'}: "
                "please review it — approve it or ask for changes. A plan is agreed once the "
                "union and the employee have both agreed.")
    elif basis in HR_IN_PLACE:
        text = (f"{hr}: HR reviews the plan in the union's place — "
                f"{BASIS_WORDS[basis]} (recorded on the plan).")
    else:
        name = escape(team.case.employee_name or "The employee")
        asked = ("They will be reminded of the question." if team.employee_in_slack else
                 f"{name} is not in Slack: please ask them and record their answer "
                 "(\"Record union answer\").")
        text = (f"{hr}: the union's review waits on the employee's answer about union "
                f"representation — not answered is not \"no\". {asked} Only if the plan "
                "must go on without the union's review, record why (\"Go on without the "
                "union\").")
        buttons.append(Button("Go on without the union", WAIVE_ACTION, value))
    return text, (*buttons, *agreement_button(team, plan))


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


def now_reviewed_by(act: Act) -> Say | None:
    """After an answer on union representation: who reviews the waiting plan now, said in
    the thread (None when no plan waits, or the thread is not open)."""
    plan = pending_plan(act.s, act.case.id)
    team = act.team
    if plan is None or team.thread is None or not team.thread.ts:
        return None
    basis = basis_for(act.s, team, plan)
    if basis == BY_UNION:
        who = team.mentions(teams.UNION, teams.SAFETY_REP) or "The union representative"
        return act.announce(f"Plan #{plan.number} now waits for the union's review: {who}, "
                            "please review it (Approve plan / Ask for changes on the plan).")
    if basis in HR_IN_PLACE:
        return act.announce(f"Plan #{plan.number}: {team.mentions(teams.HR) or 'HR'} "
                            f"reviews it in the union's place — {BASIS_WORDS[basis]}.")
    return None


def waive(act: Act, plan_id: int | None, values: Mapping[str, Any]) -> Result:
    """HR records why a plan must go on without the union's review while the employee has
    not answered; HR then reviews it in the union's place."""
    plan = act.s.get(TemporaryPlan, plan_id) if plan_id else pending_plan(act.s, act.case.id)
    if plan is None or plan.case_id != act.case.id or plan.state != PROPOSED \
            or plan.union_approved_at is not None:
        return refused("There is no plan waiting for the union's review.")
    basis = basis_for(act.s, act.team, plan)
    if basis == BY_UNION:
        return refused("The employee has authorized union representation: the union reviews "
                       "this plan.")
    if basis != WAITING:
        return refused(f"HR already reviews plan #{plan.number} in the union's place: "
                       f"{BASIS_WORDS[basis]}.")
    reason = text_value(values, "reason")
    if not reason:
        return act.invalid({"reason": "Say why the plan must go on without the union's "
                                      "review."})
    if len(reason) > REASON_MAX:
        return act.invalid({"reason": f"Keep it under {REASON_MAX} characters."})
    if looks_clinical(reason):  # the team and the plan document read it
        return act.invalid({"reason": "This reads as clinical: say why in terms of the work "
                                      "and the dates, never a condition or treatment."})
    act.record_event(UNION_REVIEW_WAIVED, act.today(), {"reason": reason}, plan.id)
    act.audit("imwt.union_review_waived", plan=plan.number)  # the reason is on the event
    text = (f"<@{act.user}> recorded why plan #{plan.number} goes on without the union's "
            f"review (the employee has not answered the question on union representation):"
            f"\n> {escape(reason)}\nHR reviews it in the union's place (recorded on the plan); "
            "if the employee answers yes before then, the union reviews it.")
    return act.done(act.announce(text))
