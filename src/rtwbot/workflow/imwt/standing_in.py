"""Who may answer in someone else's place, and only how the record shows it.

- **"Not answered" is never "no".** While the employee has not said whether the union
  represents them, a proposed plan waits for the union's review: the employee is reminded of
  the question and HR is told. HR takes the union's place only after the employee's no, or
  once HR records why this plan must go on without the union's review; the plan's record
  says which.
- **An employee who is not in Slack is never assumed.** HR records their answer on union
  representation and their agreement to a plan, with how it was given (on paper, by phone,
  in person). An employee in Slack answers for themselves: HR cannot agree in their place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtwbot.store.imwt_models import (
    EMPLOYEE_ANSWER,
    PROPOSED,
    UNION_REVIEW_WAIVED,
    TemporaryPlan,
)
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt import agreement, union
from rtwbot.workflow.imwt.acting import Act, Result, refused
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.records import latest_plan
from rtwbot.workflow.imwt.values import as_date, text_value
from rtwbot.workflow.outbox import Button, Say, escape

HOW = {"paper": "on paper", "phone": "by phone", "in_person": "in person"}
WHY_WORDS = {"employee_declined": "the employee declined union representation",
             "hr_recorded_why": "HR recorded why the plan goes on without the union's review"}
IN_SLACK = ("The employee is in Slack and answers for themselves (by direct message): HR "
            "cannot answer in their place. Nothing was changed.")
MAX_WHY = 500


def reviewer_line(team: CaseTeam) -> str:
    """Who reviews a proposed plan for the union, as the thread says it."""
    if team.union_authorized:
        who = team.mentions(teams.UNION, teams.SAFETY_REP) or "Union representative"
        return (f"{who}: please review it — approve it or ask for changes. A plan is agreed "
                "once the union and the employee have both agreed.")
    if team.hr_reviews_for_union:
        who = team.mentions(teams.HR) or "HR"
        why = WHY_WORDS[team.why_union_out() or "employee_declined"]
        return f"{who}: HR reviews the plan in the union's place ({why}, recorded)."
    return ("The union's review waits on the employee's answer about union representation "
            "(not answered is not a no): the employee has been reminded. HR takes the union's "
            "place only after the employee's no, or by recording why this plan must go on "
            "without the union's review.")


def when_plan_waits(act: Act, plan: TemporaryPlan) -> list[Say]:
    """A plan proposed while the union's review waits on the employee's answer: the employee
    is reminded of the question, HR is told (with what it may do)."""
    team, case = act.team, act.case
    if not team.union_answer_awaited:
        return []
    says: list[Say] = []
    value = f"{case.reference}|{plan.id}"
    if case.employee_user_id:
        says.append(union.question(case.reference, case.employee_user_id, again=True))
        ask = "They have been reminded of the question."
        buttons: tuple[Button, ...] = (
            Button("Go on without the union's review", "imwt_union_waive", value),)
    else:
        ask = ("They are not in Slack: ask them, then record their answer and how it was "
               "given.")
        buttons = (Button("Record the employee's answer", "imwt_record_union", value),
                   Button("Go on without the union's review", "imwt_union_waive", value))
    name = escape(case.employee_name or "The employee")
    text = (f"*{case.reference}*: plan #{plan.number} waits for the union's review, and "
            f"{name} has not said yet whether the union represents them. {ask} You review in "
            "the union's place only after their no — or record why this plan must go on "
            "without the union's review.")
    act.audit("imwt.union_review_awaits_answer", plan=plan.number)
    return says + [Say(text=text, to_user=u, buttons=buttons) for u in team.in_slack(teams.HR)]


def _proposed(act: Act, plan_id: int | None) -> TemporaryPlan | None:
    plan = act.s.get(TemporaryPlan, plan_id) if plan_id \
        else latest_plan(act.s, act.case.id, (PROPOSED,))
    return plan if plan is not None and plan.case_id == act.case.id \
        and plan.state == PROPOSED else None


def waive_union_review(act: Act, plan_id: int | None, values: Mapping[str, Any]) -> Result:
    """HR records why a proposed plan must go on without the union's review; HR then reviews
    it in the union's place (the record says so)."""
    team = act.team
    if team.union_authorized:
        return refused("The employee authorized union representation: the union reviews "
                       "the plan.")
    if team.union_declined:
        return refused("The employee declined union representation: you already review "
                       "in the union's place.")
    plan = _proposed(act, plan_id)
    if plan is None:
        return refused("There is no plan waiting for review.")
    why = text_value(values, "why")
    if not why:
        return act.invalid({"why": "Say why the plan cannot wait for the employee's answer."})
    if len(why) > MAX_WHY:
        return act.invalid({"why": f"Keep it to {MAX_WHY} characters."})
    act.record_event(UNION_REVIEW_WAIVED, act.today(), {"why": why}, plan.id)
    act.audit("imwt.union_review_waived", plan=plan.number)  # never the words
    return act.done(act.announce(
        f"<@{act.user}> recorded why plan #{plan.number} must go on without the union's "
        "review (kept in the case record): HR reviews it in the union's place. The "
        "employee's answer about union representation is still theirs to give."))


def _how(values: Mapping[str, Any]) -> tuple[str | None, dict[str, str]]:
    how = values.get("how")
    return (how, {}) if how in HOW else (None, {"how": "Say how the employee gave it."})


def record_union_answer(act: Act, values: Mapping[str, Any]) -> Result:
    """HR records the answer on union representation of an employee who is not in Slack."""
    if act.case.employee_user_id:
        return refused(IN_SLACK)
    answer = values.get("answer")
    how, errors = _how(values)
    if answer not in union.ANSWERS:
        errors["answer"] = "Pick the employee's answer."
    if errors:
        return act.invalid(errors)
    on = as_date(values.get("on")) or act.today()
    if on > act.today():
        return act.invalid({"on": "That day is still to come — pick the day they said it."})
    act.record_event(EMPLOYEE_ANSWER, on, {"about": "union", "answer": answer, "how": how})
    return union.store_answer(act, union.ANSWERS[answer], recorded_how=HOW[how])


def record_plan_agreement(act: Act, plan_id: int | None, values: Mapping[str, Any]) -> Result:
    """HR records that an employee who is not in Slack agreed to a proposed plan, and how."""
    if act.case.employee_user_id:
        return refused(IN_SLACK)
    plan = _proposed(act, plan_id)
    if plan is None:
        return refused(agreement.NOT_WAITING)
    how, errors = _how(values)
    on = as_date(values.get("on")) or act.today()
    if on > act.today():
        errors["on"] = "That day is still to come — pick the day they agreed."
    if errors:
        return act.invalid(errors)
    act.record_event(EMPLOYEE_ANSWER, on, {"about": "plan", "answer": agreement.AGREE,
                                           "how": how}, plan.id)
    plan.employee_response, plan.employee_response_at = agreement.AGREE, act.now
    plan.employee_agreed_by, plan.employee_agreed_at = act.user, act.now
    act.audit("imwt.plan_employee_agreed", plan=plan.number, recorded_by_hr=True, how=how)
    told = act.announce(f"<@{act.user}> recorded that the employee agreed to plan "
                        f"#{plan.number} ({HOW[how]}).")
    if plan.union_approved_at is None:
        return act.done(told)
    done = agreement.finalize(act, plan)
    done.says.insert(0, told)
    return done

