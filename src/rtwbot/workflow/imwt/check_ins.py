"""The employee's weekly check-in on modified work: "my duties stay within my restrictions"
or "something is not right". The answer is kept in the case's plan history; "not right"
alerts HR and the supervisor, and what the employee wrote reaches HR alone."""

from __future__ import annotations

from rtwbot.store.cases import audit
from rtwbot.store.imwt_models import ACTIVE_PLAN_STATES, EMPLOYEE_CHECK_IN, PlanEvent
from rtwbot.store.models import Case
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.imwt.records import latest_plan
from rtwbot.workflow.outbox import Say, escape

QUESTION = "What is not right? Only HR sees your answer."


def employee_answer(deps: Deps, case_id: int, user: str, ok: bool,
                    note: str | None = None) -> list[Say]:
    """Record the employee's check-in; alert HR and the supervisor when it is not right."""
    now, today = deps.clock.now(), deps.today()
    with deps.db.session() as s:
        case = s.get(Case, case_id)
        if case is None or case.employee_user_id != user:
            return [Say(text="That check-in is not yours to answer.", to_user=user)]
        team = CaseTeam.of(s, case)
        plan = latest_plan(s, case_id, ACTIVE_PLAN_STATES)
        s.add(PlanEvent(case_id=case_id, plan_id=plan.id if plan else None,
                        kind=EMPLOYEE_CHECK_IN, on_date=today, by=user, at=now,
                        detail={"ok": ok, "note": (note or "").strip() or None}))
        audit(s, at=now, actor=user, action="imwt.employee_check_in", case_id=case_id, ok=ok)
        ref, name = case.reference, escape(case.employee_name or "The employee")
        hr, supervisors = team.in_slack(teams.HR), [case.supervisor_id]
    changed = (("case_changed", case_id),)
    if ok:
        return [Say(text=f"Thank you — noted for *{ref}*. I'll ask again next week.",
                    to_user=user, events=changed)]
    says = [Say(text=(f":warning: *{ref}*: {name} says something is not right with their "
                      "modified duties (only you see what they wrote):\n> "
                      + escape(note or "(nothing written)")), to_user=u) for u in hr]
    says += [Say(text=(f":warning: *{ref}*: {name} says something is not right with their "
                       "modified duties. HR has the details; please check that no task goes "
                       "beyond the restrictions, and talk with HR."), to_user=u)
             for u in supervisors if u and u not in hr]
    says.append(Say(text="Thank you for telling me. HR and your supervisor have been "
                         "alerted; HR will contact you.", to_user=user, events=changed))
    return says
