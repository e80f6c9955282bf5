"""Before a modal opens: whether the person may take the action at all, and what the modal
shows (the dates to start from, the insurer whose concurrence counts, the next step)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from rtwbot.domain.participation import BASIS_WORDS, WAITING, check_plan_allowed
from rtwbot.domain.stages import Stage
from rtwbot.store.imwt_models import ACTIVE_PLAN_STATES, TemporaryPlan
from rtwbot.store.models import Case
from rtwbot.workflow.employment_end import obligation_on_close
from rtwbot.workflow.imwt.acting import CASE_CLOSED, authorize, team_of
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.placement import START_PERMANENT_FIRST
from rtwbot.workflow.imwt.plan_checks import end_prefill
from rtwbot.workflow.imwt.plans import NO_PLAN_TO_EXTEND
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.imwt.records import latest_functional, latest_plan, load_checklist
from rtwbot.workflow.imwt.union_review import basis_for, waiting_for_review
from rtwbot.workflow.imwt.views import ModalContext
from rtwbot.workflow.outbox import escape


def prepare(deps: Deps, reference: str, user: str, action: str, plan_id: int | None = None,
            modal: str | None = None, message_ts: str | None = None) -> ModalContext | str:
    """What a modal for `action` needs, or the refusal to show instead of opening it."""
    with deps.db.session() as s:
        team = team_of(deps, s, reference)
        why = authorize(s, deps.clock, team, user, action)
        if why is not None:
            return why
        assert team is not None  # authorize refuses an unknown reference
        case, today = team.case, deps.today()
        if case.stage == Stage.CLOSED:
            return CASE_CLOSED
        abilities = latest_functional(s, case.id)
        plan = latest_plan(s, case.id, ACTIVE_PLAN_STATES)
        insurer = team.insurer()
        start = deps.calendar.next_business_day(today)
        end, end_hint = end_prefill(abilities, start)  # the estimate, never the next visit
        if action == "extend" and plan is None:
            return NO_PLAN_TO_EXTEND
        if action == "return" and plan is None and case.stage != Stage.TEMPORARY_MODIFIED_WORK:
            return "There is no agreed temporary plan to return from."
        if action == "propose":  # the same rule as the submission's
            why = check_plan_allowed(case.stage, abilities.get("return_status"),
                                     plan is not None)
            if why:
                return why
        early = _consent_refusal(s, team, action, plan_id)
        if early:
            return early
        if action in ("record_step", "choose_step") and \
                case.stage != Stage.PERMANENT_ACCOMMODATION:
            return START_PERMANENT_FIRST
        nxt = load_checklist(s, case.id).next_to_consider()
        return ModalContext(
            action=modal or action, reference=case.reference, today=today, plan_id=plan_id or (
                plan.id if plan else None),
            start=plan.start if plan and action != "propose" else start,
            end=plan.end if plan and action != "propose" else end,
            end_hint=end_hint if action == "propose" else None,
            insurer=("the WSIB" if team.work_related else "the LTD carrier")
            if insurer is not None else None,
            next_step=int(nxt) if nxt else None,
            restrictions=tuple(str(r) for r in abilities.get("restrictions") or ()),
            work_related=team.work_related,
            message_ts=message_ts,
            warning=closing_warning(s, case, today) if action == "close" else None,
        )


def _consent_refusal(s: Session, team: CaseTeam, action: str,
                     plan_id: int | None) -> str | None:
    """Before HR opens a modal to record for the employee or to go on without the union:
    why it would be refused (the submission checks the same again)."""
    name = escape(team.case.employee_name or "The employee")
    if action == "record_for_employee" and team.employee_in_slack:
        return (f"{name} is in Slack, so they answer and agree themselves, from their direct "
                "messages; HR cannot answer in their place.")
    if action == "union_waiver":
        target = waiting_for_review(s, team.case.id, plan_id)
        if target is None:
            return "There is nothing waiting for the union's review."
        plan = target if isinstance(target, TemporaryPlan) else None
        basis = basis_for(s, team, plan)
        if basis != WAITING:
            return ("The union's review does not wait on the employee's answer: "
                    f"{BASIS_WORDS[basis]}.")
    return None


def closing_warning(s: Session, case: Case, today: date) -> str | None:
    """Shown on the close modal before HR picks "employment ended" (WSIA s.41)."""
    warning = obligation_on_close(s, case, today)
    return (f"{warning} If you close it as “employment ended”, say why in the note."
            if warning else None)
