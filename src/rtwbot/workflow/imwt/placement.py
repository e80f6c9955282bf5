"""Permanent accommodation: once the restrictions are permanent, the team works down the
7-step placement hierarchy strictly in order (a step may be chosen only when every earlier
one is ruled out with a reason), and chooses a placement with its training and follow-ups.
The checklist message in the thread shows where the team is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from rtwbot.domain.accommodation import (
    PLACEMENT_STEP_LABELS,
    HierarchyError,
    PlacementChecklist,
    check_training_willingness,
    follow_up_dates,
    follow_up_period_end,
    training_limit,
)
from rtwbot.domain.accommodation import PlacementStep as Step
from rtwbot.domain.participation import BASIS_WORDS, HR_IN_PLACE, WAITING
from rtwbot.domain.stages import Action, Stage
from rtwbot.domain.wages import pay_rule_text
from rtwbot.store.imwt_models import (
    PERMANENT_RESTRICTIONS,
    PLACEMENT_REVIEW,
    Placement,
    PlanEvent,
)
from rtwbot.store.imwt_models import PlacementStep as StepRow
from rtwbot.store.models import Case
from rtwbot.workflow.imwt import union_review
from rtwbot.workflow.imwt.acting import Act, Result, refused
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.pay import placement_pay_text, rates_from
from rtwbot.workflow.imwt.plan_form import (
    accommodation_lines,
    clinical_errors,
    read_accommodation,
)
from rtwbot.workflow.imwt.plans import end_open_plan
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.imwt.records import load_checklist, placement_of, step_row
from rtwbot.workflow.imwt.values import as_date, fmt, is_checked, text_value
from rtwbot.workflow.imwt.views import ChecklistView
from rtwbot.workflow.outbox import Button, Say, Update, escape, posted_ts

START_PERMANENT_FIRST = "Start permanent accommodation first."
# MWP permanent 6 and 7: a job outside the bargaining unit, seniority recognized.
SENIORITY_STEPS = frozenset({6, 7})
SENIORITY_NEEDED = ("Steps 6 and 7 are outside the bargaining unit: the program requires the "
                    "employee's seniority to be recognized — confirm it is.")
PERMANENT_SAID_BY = {
    "health_professional": "the health professional",
    "wsib": "the WSIB",
    "ltd": "the LTD carrier",
}


def start_permanent(act: Act, values: Mapping[str, Any]) -> Result:
    said_by = values.get("said_by") or ""
    if said_by not in PERMANENT_SAID_BY:
        return act.invalid({"said_by": "Who said the restrictions are permanent?"})
    moved = act.move(Action.START_PERMANENT_ACCOMMODATION)
    if moved:
        return act.invalid({"said_by": moved})
    on = as_date(values.get("on")) or act.today()
    act.record_event(PERMANENT_RESTRICTIONS, on, {"said_by": said_by})
    end_open_plan(act, "restrictions_permanent")
    act.audit("imwt.permanent_started", said_by=said_by)
    text = (f"<@{act.user}> recorded that the restrictions are *permanent* (according to "
            f"{PERMANENT_SAID_BY[said_by]}, {fmt(on)}). The team now considers the "
            "placement steps *strictly in order*: a step may be chosen only when every "
            "earlier one is recorded as not available, with a reason.\n"
            f"*Pay:* {pay_rule_text(act.case.kind, 'permanent')}")
    return act.done(act.announce(text), checklist=True)


def record_step(act: Act, values: Mapping[str, Any]) -> Result:
    step = _step_to_act_on(act, values)
    if isinstance(step, Result):
        return step
    case, user, now = act.case, act.user, act.now
    available = values.get("available") == "yes"
    reason = text_value(values, "reason")
    clinical = clinical_errors(values, ("reason",))
    if clinical:  # the checklist shows the reason to the team
        return act.invalid(clinical)
    try:
        load_checklist(act.s, case.id).record_considered(step, available, reason)
    except HierarchyError as exc:
        key = "reason" if "why" in str(exc).lower() else "step"
        return act.invalid({key: str(exc)})
    row = step_row(act.s, case.id, step)
    if row is None:
        act.s.add(StepRow(case_id=case.id, step=int(step), considered=True,
                          available=available, reason=reason or None, chosen=False,
                          recorded_by=user, recorded_at=now))
    else:
        row.available, row.reason = available, reason or None
        row.recorded_by, row.recorded_at = user, now
    act.audit("imwt.placement_step_recorded", step=int(step), available=available)
    text = (f"<@{user}> recorded step {int(step)} ({PLACEMENT_STEP_LABELS[step]}) as "
            + ("*available*." if available else "*not available*."))
    return act.done(act.announce(text), checklist=True)


def choose_step(act: Act, values: Mapping[str, Any]) -> Result:
    step = _step_to_act_on(act, values)
    if isinstance(step, Result):
        return step
    case, user, now = act.case, act.user, act.now
    errors: dict[str, str] = {}
    try:
        load_checklist(act.s, case.id).choose(step)
    except HierarchyError as exc:
        errors["step"] = str(exc)
    problem = check_training_willingness(is_checked(values, "training"))
    if problem:
        errors["training"] = problem
    accommodation, problems = read_accommodation(values)
    errors.update(problems)
    errors.update(clinical_errors(values, ("position",)))
    outside_unit = int(step) in SENIORITY_STEPS
    if outside_unit and not is_checked(values, "seniority"):
        errors["seniority"] = SENIORITY_NEEDED
    start = as_date(values.get("start"))
    if start is None:
        errors["start"] = "Pick the placement's start date."
    rates, rate_errors = rates_from(values)
    errors.update(rate_errors)
    if errors:
        act.audit("imwt.placement_refused", step=int(step), fields=sorted(errors))
        return act.invalid(errors)
    assert start is not None
    row = step_row(act.s, case.id, step)
    if row is None:
        row = StepRow(case_id=case.id, step=int(step), considered=True, available=True,
                      reason=None, chosen=True, recorded_by=user, recorded_at=now)
        act.s.add(row)
    row.chosen = True
    follow_ups = follow_up_dates(start, calendar=act.deps.calendar)
    placement = Placement(
        case_id=case.id, step=int(step), position=text_value(values, "position") or None,
        chosen_by=user, chosen_at=now, training_agreed=True, training_agreed_by=user,
        start=start, training_start=start, training_limit=training_limit(start),
        follow_up_dates=[d.isoformat() for d in follow_ups],
        follow_up_end=follow_up_period_end(start), accommodation=accommodation)
    act.s.add(placement)
    act.s.flush()
    act.audit("imwt.placement_chosen", step=int(step), start=start.isoformat(),
              training_agreed=True, seniority_confirmed=outside_unit or None)
    text = (f"Placement chosen by <@{user}>: *step {int(step)}* "
            f"({PLACEMENT_STEP_LABELS[step]}), starting {fmt(start)}.\n"
            "• The employee agrees to take the on-the-job training, which the employer "
            f"provides for at most one year (to {fmt(placement.training_limit)}), "
            "subject to satisfactory progress.\n"
            f"• Follow-ups: {', '.join(fmt(d) for d in follow_ups)} (the first six "
            f"months, to {fmt(placement.follow_up_end)}).\n"
            f"*Pay:* {placement_pay_text(case.kind, rates)}")
    text += "".join(f"\n{line}" for line in accommodation_lines(accommodation))
    if outside_unit:
        text += ("\n• Outside the bargaining unit: the employee's seniority is recognized, "
                 f"as the program requires (confirmed by <@{user}>).")
    asks, buttons = union_review.review_request(
        act.team, None, union_review.basis_for(act.s, act.team, None))
    return act.done(act.announce(f"{text}\n{asks}", "imwt_placement_started",
                                 buttons=buttons), checklist=True)


def review_placement(act: Act) -> Result:
    """The union's review of a permanent placement (HR's, in its place, when the employee
    has not authorized the union), recorded in the case's history."""
    placement = placement_of(act.s, act.case.id)
    if placement is None:
        return refused("There is no placement to review.")
    done = act.s.scalar(select(PlanEvent.id).where(
        PlanEvent.case_id == act.case.id, PlanEvent.kind == PLACEMENT_REVIEW))
    if done:
        return refused("The placement has already been reviewed.")
    basis = union_review.basis_for(act.s, act.team, None)
    if basis == WAITING:  # not answered is not "no": HR does not silently take its place
        return refused(union_review.waits("the placement"))
    waived = basis in HR_IN_PLACE
    act.record_event(PLACEMENT_REVIEW, act.today(), {"union_waived": waived, "basis": basis})
    act.audit("imwt.placement_reviewed", step=placement.step, union_waived=waived,
              basis=basis)
    who = f"HR in the union's place ({BASIS_WORDS[basis]})" if waived else "the union"
    return act.done(act.announce(f":white_check_mark: The permanent placement (step "
                                 f"{placement.step}) is reviewed by <@{act.user}> for {who}."))


def checklist_say(team: CaseTeam, checklist: PlacementChecklist) -> Say:
    """The checklist message: each step's status, and the buttons while none is chosen."""
    steps = []
    for step in Step:
        rec = checklist.record(step)
        if checklist.chosen is step:
            status = "chosen"
        elif rec is None:
            status = "not considered yet"
        elif rec.available:
            status = "available"
        else:
            status = f"not available — {escape(rec.reason)}"
        steps.append((int(step), PLACEMENT_STEP_LABELS[step], status))
    nxt = checklist.next_to_consider()
    ref = team.case.reference
    buttons: tuple[Button, ...] = ()
    if checklist.chosen is None and team.case.stage == Stage.PERMANENT_ACCOMMODATION:
        buttons = (Button("Record a step", "imwt_step_record", ref),
                   Button("Choose a placement", "imwt_step_choose", ref, "primary"))
    view = ChecklistView(reference=ref, steps=tuple(steps),
                         chosen=int(checklist.chosen) if checklist.chosen else None,
                         next_step=int(nxt) if nxt else None, buttons=buttons)
    assert team.thread is not None
    return Say(text=f"{ref}: permanent placement checklist", channel=team.thread.channel,
               thread_ts=team.thread.ts, extra={"imwt_checklist": view})


def refresh_checklist(deps: Deps, case_id: int) -> None:
    """Post the checklist in the thread, or edit the one already there. A checklist not
    posted yet is known by its outbox row (`posted_ts`): an edit waits for the post."""
    with deps.db.session() as s:
        team = CaseTeam.of(s, s.get_one(Case, case_id))
        if team.thread is None or not team.thread.ts:
            return
        say = checklist_say(team, load_checklist(s, case_id))
        existing = team.thread.checklist_ts
        if existing:
            deps.enqueue([Update.to(say.channel or "", existing, say)], s)
            return
        [row_id] = deps.enqueue([say], s)
        team.thread.checklist_ts = posted_ts(row_id)


def _step_to_act_on(act: Act, values: Mapping[str, Any]) -> Step | Result:
    """The step a placement modal names, or why it cannot be acted on."""
    if act.case.stage != Stage.PERMANENT_ACCOMMODATION:
        return refused(START_PERMANENT_FIRST)
    try:
        return Step(int(values.get("step") or 0))
    except ValueError:
        return act.invalid({"step": "Pick a step."})
