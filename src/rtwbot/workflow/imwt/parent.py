"""The case's parent message in the IMWT channel, kept current with `chat.update`: only what
`privacy.visible_to_all` lets every reader of the thread see, what must happen next, the
team, and the buttons for what the case's stage allows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from rtwbot.domain import privacy
from rtwbot.domain.accommodation import (
    PLACEMENT_STEP_LABELS,
    TEMPORARY_OPTION_LABELS,
    TemporaryOption,
)
from rtwbot.domain.accommodation import PlacementStep as Step
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.participation import GIVEN_TO_HR, check_plan_allowed, waiting_for
from rtwbot.domain.privacy import Field, View
from rtwbot.domain.stages import Stage, stage_label
from rtwbot.store.imwt_models import (
    ACTIVE_PLAN_STATES,
    OPEN_PLAN_STATES,
    UNION_NO,
    UNION_TALK,
    UNION_YES,
    Placement,
    TemporaryPlan,
)
from rtwbot.store.models import Case
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.imwt.records import (
    latest_functional,
    latest_plan,
    load_checklist,
    placement_of,
    waiver_reason,
)
from rtwbot.workflow.imwt.situation import Situation, next_date, who_must_act
from rtwbot.workflow.imwt.values import as_date, as_dates, fmt
from rtwbot.workflow.imwt.views import ParentView
from rtwbot.workflow.outbox import Button, Say, Update, escape

KIND_LABELS = {
    "work_injury": "Work-related injury",
    "work_illness": "Work-related illness",
    "non_occupational": "Not work-related",
}
RETURN_STATUS_LABELS = {
    "no_restrictions": "can return with no restrictions",
    "with_restrictions": "can return with restrictions",
    "unable": "unable to return at this time",
}


@dataclass(frozen=True)
class CaseFacts:
    """What the parent message is built from, read once."""

    abilities: dict[str, Any]  # the newest functional abilities
    plan: TemporaryPlan | None  # the open plan
    placement: Placement | None
    next_step: Step | None  # the first placement step not yet ruled out
    union_waiver: bool = False  # HR recorded why the open plan goes on without the union

    @classmethod
    def read(cls, s: Session, case_id: int) -> CaseFacts:
        plan = latest_plan(s, case_id, OPEN_PLAN_STATES)
        return cls(abilities=latest_functional(s, case_id), plan=plan,
                   placement=placement_of(s, case_id),
                   next_step=load_checklist(s, case_id).next_to_consider(),
                   union_waiver=plan is not None
                   and waiver_reason(s, case_id, plan.id) is not None)


def situation_of(team: CaseTeam, facts: CaseFacts) -> Situation:
    plan, placement, nxt = facts.plan, facts.placement, facts.next_step
    return Situation(
        stage=team.case.stage,
        plan_state=plan.state if plan else None,
        plan_end=plan.end if plan else None,
        review_dates=as_dates(plan.review_dates) if plan else (),
        next_assessment=as_date(facts.abilities.get("next_assessment")),
        next_step=int(nxt) if nxt else None,
        placement_start=placement.start if placement else None,
        follow_ups=as_dates(placement.follow_up_dates) if placement else (),
        follow_up_end=placement.follow_up_end if placement else None,
        union_basis=team.review_basis(facts.union_waiver),
        employee_in_slack=team.employee_in_slack,
        waiting=waiting_for(plan.union_approved_at is not None,
                            plan.employee_agreed_at is not None) if plan else (),
    )


def parent_fields(team: CaseTeam, facts: CaseFacts, allowed: frozenset[Field],
                  calendar: WorkCalendar, today: date) -> dict[str, Any]:
    """The parent's fields, keeping only the `allowed` ones."""
    case, abilities = team.case, facts.abilities
    sit = situation_of(team, facts)
    raw: dict[str, Any] = {
        Field.REFERENCE: case.reference,
        Field.EMPLOYEE_NAME: case.employee_name,
        Field.DIVISION: case.division,
        Field.JOB_TITLE: case.job_title,
        Field.KIND: KIND_LABELS.get(case.kind, case.kind),
        Field.STAGE: stage_label(case.stage),
        Field.REPORTED_AT: fmt(calendar.local_date(case.learned_at)),
        Field.WHO_MUST_ACT: who_must_act(sit, today),
    }
    nd = next_date(sit, today)
    if nd:
        raw[Field.NEXT_DATE] = fmt(nd)
    if abilities:
        raw[Field.RESTRICTIONS] = [str(r) for r in abilities.get("restrictions") or []] \
            or ["No restrictions recorded"]
        if abilities.get("expected_duration"):
            raw[Field.EXPECTED_DURATION] = str(abilities["expected_duration"])
        if as_date(abilities.get("next_assessment")):
            raw[Field.NEXT_ASSESSMENT] = fmt(as_date(abilities.get("next_assessment")))
        status = RETURN_STATUS_LABELS.get(abilities.get("return_status") or "")
        if status:
            said = {"wsib": " (the WSIB's word)", "ltd": " (the LTD carrier's word)"}
            raw[Field.RTW_STATUS] = status + said.get(abilities.get("said_by") or "", "")
    plan = facts.plan
    if plan is not None:
        raw[Field.PLAN_OPTION] = (f"Plan #{plan.number} ({plan.state.replace('_', ' ')}): "
                                  + TEMPORARY_OPTION_LABELS[TemporaryOption(plan.option)])
        raw[Field.PLAN_START] = fmt(plan.start)
        raw[Field.PLAN_END] = fmt(plan.end)
        upcoming = [d for d in as_dates(plan.review_dates) if d >= today]
        if upcoming:
            raw[Field.REVIEW_DATES] = ", ".join(fmt(d) for d in upcoming[:4])
    placement = facts.placement
    if placement is not None:
        raw[Field.PLACEMENT_STEP] = (
            f"Step {placement.step} ({PLACEMENT_STEP_LABELS[Step(placement.step)]}), "
            f"from {fmt(placement.start)}; follow-ups to {fmt(placement.follow_up_end)}, "
            f"training at most to {fmt(placement.training_limit)}")
    if team.thread is not None:
        raw[Field.UNION_AUTHORIZED] = {
            UNION_YES: "the employee authorized union representation",
            UNION_NO: "the employee declined union representation",
            UNION_TALK: "the employee asked to talk with HR first (not answered yet)",
        }.get(team.thread.union_authorized, "not answered yet")
        raw[Field.UNION_AUTHORIZED] += union_answer_source(team)
    if case.stage == Stage.CLOSED:
        raw[Field.CLOSED_AT] = fmt(calendar.local_date(case.closed_at)) \
            if case.closed_at else "—"
        raw[Field.CLOSE_REASON] = (case.close_reason or "").replace("_", " ")
    return {str(k): privacy.screened(k, v) for k, v in raw.items()
            if k in allowed and v not in (None, "")}


def union_answer_source(team: CaseTeam) -> str:
    """How and when an answer HR recorded was given: ", told HR by phone on …"."""
    thread = team.thread
    how = GIVEN_TO_HR.get(thread.union_answer_via or "") if thread is not None else None
    if not how or thread is None or thread.union_answer_on is None:
        return ""
    return f", {how} on {fmt(thread.union_answer_on)} (recorded by HR)"


def team_lines(team: CaseTeam, show_contacts: bool) -> tuple[tuple[str, str], ...]:
    """Who is on the team, with their roles, once a person."""
    if not show_contacts:
        return ()
    order: dict[str, list[str]] = {}
    for m in team.members:
        label = teams.ROLE_LABELS.get(m.role, m.role)
        if m.role == teams.INSURER and m.label:
            label = f"{label} ({escape(m.label)})"
        if m.role == teams.EMPLOYEE:
            who = escape(team.case.employee_name or "The employee")
            label += " — not in this channel; kept informed by direct message"
        elif m.in_slack:
            who = f"<@{m.slack_id}>"
            if m.role in (teams.UNION, teams.SAFETY_REP) and team.union_declined:
                label += " — not taking part: the employee declined union representation"
            elif m.role in (teams.UNION, teams.SAFETY_REP) and team.union_out:
                label += " — takes part once the employee authorizes union representation"
        elif m.resolved_by == teams.NOT_IN_SLACK:
            who = escape(m.label or m.ref)
            label += " — not in Slack; HR liaises by email"
        else:
            who = escape(m.ref)
            label += (" — deactivated in Slack" if m.resolved_by == teams.DEACTIVATED
                      else " — not found in Slack")
        order.setdefault(who, []).append(label)
    return tuple((who, "; ".join(roles)) for who, roles in order.items())


def parent_buttons(team: CaseTeam, plan: TemporaryPlan | None,
                   abilities: dict[str, Any] | None = None) -> tuple[Button, ...]:
    """What the case's stage (and its open `plan`) lets the team do next; a plan only on
    medical word (suitable functional information on file)."""
    ref, stage = team.case.reference, team.case.stage
    if stage == Stage.CLOSED:
        return ()
    active = plan is not None and plan.state in ACTIVE_PLAN_STATES
    b: list[Button] = []
    if check_plan_allowed(stage, (abilities or {}).get("return_status"), active) is None:
        b.append(Button("Propose temporary plan", "imwt_propose", ref, "primary"))
    if stage != Stage.REPORTED:
        b.append(Button("Record check-in", "imwt_check_in", ref))
    if active:
        b += [Button("Extend plan", "imwt_extend", ref),
              Button("Return to regular duties", "imwt_return", ref)]
    if stage in (Stage.FUNCTIONAL_INFO_RECEIVED, Stage.TEMPORARY_MODIFIED_WORK,
                 Stage.STALLED):
        b.append(Button("Permanent accommodation", "imwt_permanent", ref))
    b.append(Button("Schedule a meeting", "imwt_meeting", ref))
    if team.has_union and team.union_answer is None:
        if not team.employee_in_slack:  # nothing is assumed: HR asks and records the answer
            b.append(Button("Record union answer", "imwt_union_record", ref))
        b.append(Button("Ask the union to join", "imwt_ask_union", ref))
    if team.work_related and stage not in (Stage.REPORTED, Stage.STALLED):
        b.append(Button("Ask for WSIB mediation", "imwt_mediation", ref))
    b.append(Button("Close case", "imwt_close", ref, "danger"))
    return tuple(b)


def parent_say(s: Session, deps: Deps, team: CaseTeam, channel: str | None = None) -> Say:
    """The parent message as the case stands now."""
    facts = CaseFacts.read(s, team.case.id)
    allowed = privacy.visible_to_all(team.audience(), View.IMWT_THREAD)
    view = ParentView(reference=team.case.reference,
                      fields=parent_fields(team, facts, allowed, deps.calendar, deps.today()),
                      team=team_lines(team, Field.HR_CONTACT in allowed),
                      buttons=parent_buttons(team, facts.plan, facts.abilities))
    text = f"{team.case.reference} — individual modified work team"
    return Say(text=text, channel=channel or (team.thread.channel if team.thread else None),
               extra={"imwt_parent": view})


def refresh_parent(deps: Deps, case_id: int, s: Session | None = None) -> None:
    """Edit the parent message to show the case as it stands (once the thread is open), in
    the caller's transaction when given one."""
    if s is None:
        with deps.db.session() as s2:
            return refresh_parent(deps, case_id, s2)
    team = CaseTeam.of(s, s.get_one(Case, case_id))
    if team.thread is None or not team.thread.ts or not team.thread.channel:
        return None
    deps.enqueue([Update.to(team.thread.channel, team.thread.ts, parent_say(s, deps, team))], s)
    return None
