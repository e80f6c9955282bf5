"""Temporary modified work plans: proposed by management, reviewed by the union (by HR when
the employee declined representation), agreed, checked in on, extended on a health
professional's recommendation, and — when the return to work stalls — mediation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from rtwbot.domain.accommodation import TEMPORARY_OPTION_LABELS, TemporaryOption
from rtwbot.domain.clinical_terms import rephrase_message
from rtwbot.domain.participation import (
    HR_IN_PLACE,
    WAITING,
    agreed,
    check_plan_allowed,
    check_restrictions_confirmed,
)
from rtwbot.domain.plan_dates import end_basis
from rtwbot.domain.stages import Action, Stage
from rtwbot.store.imwt_models import (
    ACTIVE_PLAN_STATES,
    CHANGES_REQUESTED,
    CHECK_IN,
    ENDED,
    EXTENDED,
    EXTENSION,
    EXTENSION_REVIEW,
    INSURER_CONCURRENCE,
    MEDIATION_REQUESTED,
    OPEN_PLAN_STATES,
    PROPOSED,
    RECOMMENDATION,
    TemporaryPlan,
)
from rtwbot.store.models import Case
from rtwbot.workflow import job_demands
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt import agreement, union_review
from rtwbot.workflow.imwt.acting import CASE_CLOSED, Act, Result, refused
from rtwbot.workflow.imwt.pay import plan_pay_text
from rtwbot.workflow.imwt.plan_checks import merged, plan_fit_errors
from rtwbot.workflow.imwt.plan_form import (
    accommodation_lines,
    read_accommodation,
    read_extension_form,
    read_plan_form,
)
from rtwbot.workflow.imwt.records import latest_functional, latest_plan
from rtwbot.workflow.imwt.values import as_date, as_dates, fmt, text_value
from rtwbot.workflow.outbox import Say, escape

NO_PLAN_TO_EXTEND = "There is no agreed plan to extend."
NO_PLAN_TO_REVIEW = "There is no plan waiting for review."

OPTION_CODES = {
    TemporaryOption.OWN_JOB_MODIFIED: "a",
    TemporaryOption.SAME_DIVISION: "b",
    TemporaryOption.OTHER_DIVISION: "c",
}
CHECK_IN_STATUS = {
    "on_track": "on track",
    "needs_adjustment": "the plan needs adjusting",
    "struggling": "the employee is struggling with the plan",
    "no_contact": "could not reach the employee",
}


def plan_text(case: Case, plan: TemporaryPlan, what: str,
              abilities: Mapping[str, Any]) -> str:
    """The plan as the thread shows it; `what` says who did what to it, `abilities` (the
    functional information on file) where its end date comes from."""
    option = TemporaryOption(plan.option)
    lines = [f"*Temporary modified work plan #{plan.number}* for *{case.reference}*, "
             f"{what}",
             f"*Option:* {TEMPORARY_OPTION_LABELS[option]}"]
    reasons = dict(plan.ruled_out or {})
    for opt in TemporaryOption:
        if opt.value in reasons:
            lines.append(f"• Not {TEMPORARY_OPTION_LABELS[opt]}: {escape(reasons[opt.value])}")
    if reasons.get("outside_unit"):
        lines.append(f"• Outside the bargaining unit because: "
                     f"{escape(reasons['outside_unit'])}")
    lines.append("*Duties:*")
    lines += [f"• {escape(d)}" for d in plan.duties or []]
    lines.append(f"*Hours:* {escape(plan.hours)}")
    basis = end_basis(plan.end, abilities, extended=plan.state == EXTENDED)
    lines.append(f"*Dates:* {fmt(plan.start)} to {fmt(plan.end)} (end: {basis})")
    lines.append("*Reviews:* " + (", ".join(fmt(d) for d in as_dates(plan.review_dates))
                                  or "—"))
    lines.append(f"*Pay:* {plan_pay_text(case, plan)}")
    lines += accommodation_lines(plan.accommodation)
    return "\n".join(lines)


def confirmed_restrictions(values: Mapping[str, Any], restrictions: list[str]) -> list[str]:
    """The restrictions the proposer ticked as respected (the modal's options are their
    positions in the list shown)."""
    ticked: list[Any] = []
    for key, value in values.items():
        if key == "respects" or key.startswith("respects_"):
            ticked += value if isinstance(value, (list, tuple)) else [value]
    return [restrictions[int(i)] for i in ticked
            if str(i).isdigit() and int(i) < len(restrictions)]


def end_open_plan(act: Act, reason: str) -> None:
    """The case's open plan (if any) ends now, for `reason`."""
    plan = latest_plan(act.s, act.case.id, OPEN_PLAN_STATES)
    if plan is not None:
        plan.state, plan.ended_at, plan.updated_at = ENDED, act.now, act.now
        plan.ended_reason = reason


def propose(act: Act, values: Mapping[str, Any]) -> Result:
    s, case, team, now = act.s, act.case, act.team, act.now
    abilities = latest_functional(s, case.id)
    # Never over an agreed plan, never from "reported", never without suitable functional
    # information on file: one rule for the button, the modal and its submission.
    why = check_plan_allowed(case.stage, abilities.get("return_status"),
                             latest_plan(s, case.id, ACTIVE_PLAN_STATES) is not None)
    if why:
        act.audit("imwt.plan_refused", why="not_allowed_now", stage=case.stage)
        return refused(why)
    restrictions = [str(r) for r in abilities.get("restrictions") or []]
    form, errors = read_plan_form(values, act.today(), act.deps.calendar)
    confirmed = confirmed_restrictions(values, restrictions)
    unconfirmed = check_restrictions_confirmed(restrictions, confirmed)
    if unconfirmed:
        errors = {**errors, "respects": unconfirmed}
    # Checked before "respects" counts: duties and hours against the restrictions, dates
    # against the injury and the estimate, the start and reviews on working days.
    errors = merged(errors, plan_fit_errors(
        values, restrictions, abilities, act.deps.calendar.local_date(case.occurred_at),
        act.today(), act.deps.calendar))
    accommodation, problems = read_accommodation(values)
    errors = {**errors, **problems}
    if form is None or errors:
        act.audit("imwt.plan_refused", fields=sorted(errors))
        return act.invalid(errors)
    earlier = latest_plan(s, case.id, (PROPOSED, CHANGES_REQUESTED))
    if earlier is not None:
        earlier.state, earlier.ended_at, earlier.ended_reason = ENDED, now, "superseded"
    number = (s.scalar(select(func.max(TemporaryPlan.number))
                       .where(TemporaryPlan.case_id == case.id)) or 0) + 1
    plan = TemporaryPlan(
        case_id=case.id, number=number, state=PROPOSED, option=form.option.value,
        ruled_out=form.stored_ruled_out, duties=list(form.duties), hours=form.hours,
        start=form.start, end=form.end,
        review_dates=[d.isoformat() for d in form.review_dates],
        regular_rate=None if form.regular_rate is None else str(form.regular_rate),
        position_rate=None if form.position_rate is None else str(form.position_rate),
        restriction_checks=confirmed, accommodation=accommodation,
        proposed_by=act.user, proposed_at=now, created_at=now, updated_at=now)
    s.add(plan)
    s.flush()
    act.audit("imwt.plan_proposed", plan=number, option=OPTION_CODES[form.option],
              start=form.start.isoformat(), end=form.end.isoformat())
    text = plan_text(case, plan, f"proposed by <@{act.user}>", abilities)
    text += (f"\n_<@{act.user}> confirmed the duties respect each of the "
             f"{len(confirmed)} restriction(s) in force._")
    asks, buttons = union_review.review_request(team, plan, team.review_basis())
    says = [act.announce(f"{text}\n{asks}", "imwt_plan_proposed", buttons=buttons)]
    ask = agreement.ask_employee(case, plan, abilities)
    if ask is not None:
        says.append(ask)
    if not team.union_out:  # the union gets the job demands analysis with every plan
        says += job_demands.for_union(act.deps.directory, case,
                                      [*team.in_slack(teams.UNION),
                                       *team.in_slack(teams.SAFETY_REP)])
    return act.done(*says)


def union_approve(act: Act, plan_id: int | None, message_ts: str | None = None) -> Result:
    now, user = act.now, act.user
    plan = _plan_under_review(act, plan_id)
    if plan is None:
        return refused(NO_PLAN_TO_REVIEW)
    if plan.state != PROPOSED or plan.union_approved_at is not None:
        return refused(f"Plan #{plan.number} is {plan.state.replace('_', ' ')}, not "
                       "waiting for the union's review.")
    basis = union_review.basis_for(act.s, act.team, plan)
    if basis == WAITING:  # not answered is not "no": HR does not silently take its place
        return refused(union_review.WAITS)
    plan.union_approved_by, plan.union_approved_at = user, now
    plan.union_waived, plan.union_review_basis = basis in HR_IN_PLACE, basis
    plan.updated_at = now
    act.audit("imwt.plan_union_approved", plan=plan.number, union_waived=plan.union_waived,
              basis=basis)
    who = union_review.who_reviewed(plan)
    edits = _plan_edits(act, plan, message_ts, f"approved by <@{user}>")
    if not agreed(plan.union_approved_at is not None, agreement.employee_done(plan)):
        asked = ("asked by direct message" if act.team.employee_in_slack else
                 "not in Slack: HR records it, with how and when it was given")
        say = act.announce(f"Plan #{plan.number} approved by <@{user}> for {who}. It is "
                           f"agreed once the employee agrees too ({asked}).")
        return act.done(say, edits=edits)
    return agreement.finalize(act, plan, edits=edits)


def request_changes(act: Act, plan_id: int | None, values: Mapping[str, Any],
                    message_ts: str | None = None) -> Result:
    user = act.user
    plan = _plan_under_review(act, plan_id)
    if plan is None or plan.state != PROPOSED:
        return refused(NO_PLAN_TO_REVIEW)
    note = text_value(values, "note")
    if not note:
        return act.invalid({"note": "Say what should change."})
    if problem := rephrase_message(note, "what should change in the work"):
        return act.invalid({"note": problem})  # the thread reads it: work, never a condition
    plan.state, plan.updated_at = CHANGES_REQUESTED, act.now
    plan.changes_requested_by, plan.changes_note = user, note
    act.audit("imwt.plan_changes_requested", plan=plan.number)
    say = act.announce(f"<@{user}> asked for changes to plan #{plan.number}:\n"
                       f"> {escape(note)}\n"
                       f"{act.team.mentions(teams.REPORTER, teams.HR)} please "
                       "revise it and propose it again (button above).")
    return act.done(say, edits=_plan_edits(act, plan, message_ts,
                                           f"changes asked by <@{user}>"))


def check_in(act: Act, values: Mapping[str, Any]) -> Result:
    case = act.case
    if case.stage == Stage.CLOSED:
        return refused(CASE_CLOSED)
    on = as_date(values.get("on")) or act.today()
    status = values.get("status") or "on_track"
    if status not in CHECK_IN_STATUS:
        return act.invalid({"status": "Pick how it is going."})
    plan = latest_plan(act.s, case.id, ACTIVE_PLAN_STATES)
    note = text_value(values, "note")
    act.record_event(CHECK_IN, on, {"status": status, "note": note},
                     plan.id if plan else None)
    act.audit("imwt.check_in", on=on.isoformat(), status=status)
    text = (f"Check-in recorded by <@{act.user}> for {fmt(on)}: {CHECK_IN_STATUS[status]}."
            + (" Notes are kept in the case record." if note else ""))
    if status in ("needs_adjustment", "struggling"):
        text += f"\n{act.team.mentions(teams.HR)} the plan may need to change."
    return act.done(act.announce(text, "imwt_check_in"))


def extend(act: Act, values: Mapping[str, Any]) -> Result:
    case, team = act.case, act.team
    plan = latest_plan(act.s, case.id, ACTIVE_PLAN_STATES)
    if plan is None:
        return refused(NO_PLAN_TO_EXTEND)
    involved = team.insurer() is not None
    form, errors = read_extension_form(values, plan.start, plan.end, involved, act.today(),
                                       act.deps.calendar)
    if errors:
        act.audit("imwt.extension_refused", plan=plan.number,
                  recommendation=form.recommendation, insurer_involved=involved,
                  insurer_concurs=form.concurs)
        return act.invalid(errors)
    new_end = form.new_end
    assert new_end is not None
    today = act.today()
    act.record_event(RECOMMENDATION, as_date(values.get("recommendation_on")) or today,
                     {"for": "extension"}, plan.id)
    if involved:
        act.record_event(INSURER_CONCURRENCE, as_date(values.get("concurrence_on")) or today,
                         {"insurer": teams.insurer_key(case.kind),
                          "note": text_value(values, "concurrence_note")}, plan.id)
    act.record_event(EXTENSION_REVIEW, as_date(values.get("team_review_on")) or today,
                     {"in_place_of_union": team.union_out}, plan.id)
    old_end = plan.end
    act.record_event(EXTENSION, today, {"old_end": old_end.isoformat(),
                                        "new_end": new_end.isoformat()}, plan.id)
    plan.end, plan.state, plan.updated_at = new_end, EXTENDED, act.now
    plan.review_dates = sorted({*plan.review_dates, *(d.isoformat() for d in form.reviews)})
    act.audit("imwt.plan_extended", plan=plan.number, old_end=old_end.isoformat(),
              new_end=new_end.isoformat(), recommendation=True, insurer_involved=involved,
              insurer_concurs=form.concurs)
    insurer = ("; the " + ("WSIB" if team.work_related else "LTD carrier")
               + "'s representative concurs") if involved else ""
    reviewer = "HR in the union's place" if team.union_out else "the team"
    text = (f"Plan #{plan.number} *extended* by <@{act.user}>: it now ends {fmt(new_end)} "
            f"(was {fmt(old_end)}). A health professional's written recommendation is "
            f"on file{insurer}, and {reviewer} reviewed the extension. The updated plan "
            "document follows.")
    return act.done(act.announce(text, "imwt_plan_extended"), documents=(plan.id,))


def request_mediation(act: Act) -> Result:
    case = act.case
    if not act.team.work_related:
        return refused("WSIB mediation is for work-related cases.")
    moved = act.move(Action.STALL)
    if moved:
        return refused(moved)
    act.record_event(MEDIATION_REQUESTED, act.today(), {})
    act.audit("imwt.mediation_requested")
    text = (f"<@{act.user}> asked for the WSIB's mediation service for *{case.reference}*: "
            "the return to work has stalled. "
            f"{act.team.mentions(teams.HR)} please contact the WSIB "
            "(the employer and the union may both ask; both must tell the WSIB of a "
            "dispute).")
    return act.done(act.announce(text))


def _plan_under_review(act: Act, plan_id: int | None) -> TemporaryPlan | None:
    """The plan a review button names (else the newest proposed one), if it is this case's."""
    plan = act.s.get(TemporaryPlan, plan_id) if plan_id \
        else latest_plan(act.s, act.case.id, (PROPOSED,))
    return plan if plan is not None and plan.case_id == act.case.id else None


def _plan_edits(act: Act, plan: TemporaryPlan, message_ts: str | None,
                what: str) -> tuple[tuple[str, str, Say], ...]:
    """Show what was done on the plan message whose button was pressed (keeping HR's way
    to record the agreement of an employee who is not in Slack while it is still due)."""
    thread = act.team.thread
    if not (message_ts and thread and thread.channel):
        return ()
    keep = union_review.agreement_button(act.team, plan)
    text = plan_text(act.case, plan, what, latest_functional(act.s, act.case.id))
    return ((thread.channel, message_ts, act.team.reply(text, keep)),)
