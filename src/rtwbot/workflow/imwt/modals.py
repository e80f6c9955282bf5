"""Before a modal opens: whether the person may take the action at all, and what the modal
shows (the dates to start from, the insurer whose concurrence counts, the next step)."""

from __future__ import annotations

from rtwbot.domain.participation import check_medical_word
from rtwbot.domain.stages import Stage
from rtwbot.store.imwt_models import ACTIVE_PLAN_STATES
from rtwbot.workflow.imwt.acting import CASE_CLOSED, authorize
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.placement import START_PERMANENT_FIRST
from rtwbot.workflow.imwt.plans import NO_PLAN_TO_EXTEND, PLAN_ALREADY_AGREED
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.imwt.records import latest_functional, latest_plan, load_checklist
from rtwbot.workflow.imwt.values import as_date
from rtwbot.workflow.imwt.views import ModalContext


def prepare(deps: Deps, reference: str, user: str, action: str, plan_id: int | None = None,
            modal: str | None = None, message_ts: str | None = None) -> ModalContext | str:
    """What a modal for `action` needs, or the refusal to show instead of opening it."""
    with deps.db.session() as s:
        team = CaseTeam.by_reference(s, reference)
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
        end = as_date(abilities.get("next_assessment"))
        if action == "extend" and plan is None:
            return NO_PLAN_TO_EXTEND
        if action == "return" and plan is None and case.stage != Stage.TEMPORARY_MODIFIED_WORK:
            return "There is no agreed temporary plan to return from."
        if action == "propose" and plan is not None:
            return PLAN_ALREADY_AGREED
        no_word = check_medical_word(abilities.get("return_status"))
        if action == "propose" and no_word:
            return no_word
        if action in ("record_step", "choose_step") and \
                case.stage != Stage.PERMANENT_ACCOMMODATION:
            return START_PERMANENT_FIRST
        nxt = load_checklist(s, case.id).next_to_consider()
        return ModalContext(
            action=modal or action, reference=case.reference, today=today, plan_id=plan_id or (
                plan.id if plan else None),
            start=plan.start if plan and action != "propose" else start,
            end=plan.end if plan and action != "propose" else (
                end if end and end > start else None),
            insurer=("the WSIB" if team.work_related else "the LTD carrier")
            if insurer is not None else None,
            next_step=int(nxt) if nxt else None,
            restrictions=tuple(str(r) for r in abilities.get("restrictions") or ()),
            work_related=team.work_related,
            message_ts=message_ts,
        )
