"""Closing a case: a return to regular duties (only with medical authorization on file), or
HR closing it for a reason — a permanent placement only once its follow-up period is over."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from rtwbot.domain.accommodation import check_return_to_regular_duties, follow_up_complete
from rtwbot.domain.stages import Action, CloseReason
from rtwbot.store.imwt_models import MEDICAL_AUTHORIZATION, PlanEvent
from rtwbot.workflow.employment_end import ASK_WHY, obligation_on_close, record_why
from rtwbot.workflow.imwt.acting import Act, Result
from rtwbot.workflow.imwt.plans import end_open_plan
from rtwbot.workflow.imwt.records import placement_of
from rtwbot.workflow.imwt.values import as_date, fmt, is_checked, text_value
from rtwbot.workflow.outbox import Say
from rtwbot.workflow.reemployment import presumption_on_close

CLOSE_CATEGORIES = {
    "permanently_placed": "permanently placed, follow-up period complete",
    "resigned": "the employee resigned",
    "retired": "the employee retired",
    "employment_ended": "employment ended",
    "claim_not_accepted": "the claim was not accepted",
    "other": "another reason (noted in the case record)",
}


def return_to_regular(act: Act, values: Mapping[str, Any]) -> Result:
    s, case = act.s, act.case
    on_file = s.scalar(select(func.count()).select_from(PlanEvent).where(
        PlanEvent.case_id == case.id, PlanEvent.kind == MEDICAL_AUTHORIZATION)) or 0
    authorized_now = is_checked(values, "authorization")
    problem = check_return_to_regular_duties(authorized_now or on_file > 0)
    if problem:
        act.audit("imwt.return_refused")
        return act.invalid({"authorization": problem})
    moved = act.move(Action.CLOSE_RETURNED_TO_REGULAR_DUTIES)
    if moved:
        return act.invalid({"authorization": moved})
    today = act.today()
    returned_on = as_date(values.get("return_on")) or today
    if authorized_now:
        act.record_event(MEDICAL_AUTHORIZATION, as_date(values.get("authorized_on")) or today,
                         {"from": "treating health professional"})
    _close_case(act, CloseReason.RETURNED_TO_REGULAR_DUTIES,
                plan_ended="returned_to_regular_duties")
    act.audit("case.closed", reason=case.close_reason, returned_on=returned_on.isoformat(),
              medical_authorization=True)
    text = (f":tada: *{case.reference}*: back to regular duties from {fmt(returned_on)}, "
            f"with medical authorization on file (recorded by <@{act.user}>). The case is "
            "closed.")
    says = [act.announce(text, "case_closed")]
    if case.employee_user_id:
        says.append(Say(text=(f"Welcome back to your regular duties from "
                              f"{fmt(returned_on)}. Your return-to-work case "
                              f"*{case.reference}* is now closed."),
                        to_user=case.employee_user_id))
    return act.done(*says)


def close(act: Act, values: Mapping[str, Any]) -> Result:
    case, thread = act.case, act.team.thread
    category = values.get("reason") or ""
    if category not in CLOSE_CATEGORIES:
        return act.invalid({"reason": "Pick a reason."})
    if category == "permanently_placed":
        placement = placement_of(act.s, case.id)
        if placement is None:
            return act.invalid({
                "reason": "No permanent placement has been chosen for this case."})
        if not follow_up_complete(placement.start, act.today()):
            return act.invalid({
                "reason": "The placement's follow-up period runs until "
                          f"{fmt(placement.follow_up_end)}; close it after that."})
        action, reason = Action.CLOSE_PERMANENTLY_PLACED, CloseReason.PERMANENTLY_PLACED
    else:
        action, reason = Action.CLOSE_OTHER, CloseReason.OTHER
    note = text_value(values, "note")
    if category == "other" and not note:
        return act.invalid({"note": "Say why the case is closing."})
    warning = (obligation_on_close(act.s, case, act.today())
               if category == "employment_ended" else None)
    if warning and not note:  # WSIA s.41: warned before closing; going on needs a reason
        act.audit("reemployment.close_warned")
        return act.invalid({"reason": warning, "note": ASK_WHY})
    moved = act.move(action)
    if moved:
        return act.invalid({"reason": moved})
    _close_case(act, reason, plan_ended="case_closed")
    if thread is not None and note:
        thread.close_note = note
    act.audit("case.closed", reason=case.close_reason, category=category)
    text = (f"*{case.reference}* closed by <@{act.user}>: {CLOSE_CATEGORIES[category]}."
            + (" HR's note is kept in the case record." if note else ""))
    if warning:
        record_why(act.s, case, act.today(), act.now, act.user)
        text += (" Employment ended while the re-employment obligation (WSIA s.41) may run; "
                 "HR recorded why.")
    if category == "employment_ended":
        warning = presumption_on_close(act.s, case, act.today(), act.now, act.user)
        if warning:
            text += "\n" + warning
    return act.done(act.announce(text, "case_closed"),
                    checklist=bool(thread and thread.checklist_ts))


def _close_case(act: Act, reason: CloseReason, *, plan_ended: str) -> None:
    """The case closes now (its stage already moved), and its open plan ends."""
    end_open_plan(act, plan_ended)
    act.case.closed_at = act.now
    act.case.close_reason = reason.value
