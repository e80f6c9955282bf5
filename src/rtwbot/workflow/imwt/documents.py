"""The agreed plan as a document (the modified work plan template): filled once for the
thread, with only what every reader of the thread may see, and once for the employee, then
posted; the Document rows record what went where."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot.domain import privacy
from rtwbot.domain.accommodation import TEMPORARY_OPTION_LABELS, TemporaryOption
from rtwbot.domain.participation import BASIS_WORDS, GIVEN_TO_HR, HR_REASON
from rtwbot.domain.privacy import Field, Relation, View
from rtwbot.forms import FormFillError, fill
from rtwbot.forms.context import role_label
from rtwbot.forms.plan_doc import end_basis, pay_numbers, schedule_by_week
from rtwbot.store.cases import audit
from rtwbot.store.imwt_models import EXTENDED, PlanEvent, TemporaryPlan
from rtwbot.store.models import Case, Document
from rtwbot.workflow import team as teams
from rtwbot.workflow.case_view import case_view, roster_row
from rtwbot.workflow.document_copies import plan_copy
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.pay import plan_pay_text
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.imwt.records import latest_functional, waiver_reason
from rtwbot.workflow.imwt.values import fmt
from rtwbot.workflow.outbox import FileToSend, Say, Upload

log = logging.getLogger(__package__)  # one logger for the IMWT workflow

PLAN_TEMPLATE = "modified-work-plan"


def _signoff_rows(s: Session, deps: Deps, team: CaseTeam, plan: TemporaryPlan,
                  participants: list[dict[str, Any]], ids: list[str],
                  employee_name: str) -> list[dict[str, Any]]:
    """Every participant with how and when they agreed (the proposer by proposing, the union
    by approving — or HR in its place, saying why —, anyone recorded as agreeing in the
    plan's events). An employee who is not in Slack has a row of their own: agreed as HR
    recorded it (how, when, by whom), else blank, to sign."""
    local = deps.calendar.local_date
    agreed: dict[str, tuple[str, Any]] = {}
    for event in s.scalars(select(PlanEvent).where(PlanEvent.plan_id == plan.id)):
        if "agree" in (event.kind or "") or "consent" in (event.kind or ""):
            agreed.setdefault(event.by, ("agreed", event.on_date or local(event.at)))
    if plan.union_approved_by and plan.union_approved_at:
        words = BASIS_WORDS.get(plan.union_review_basis or "")
        how = ("approved for the union" if not plan.union_waived else
               "reviewed in the union's place" + (f": {words}" if words else ""))
        agreed[plan.union_approved_by] = (how, local(plan.union_approved_at))
    employee = team.case.employee_user_id
    if employee and plan.employee_agreed_at is not None:  # the employee agrees to their plan
        agreed[employee] = ("agreed", local(plan.employee_agreed_at))
    if plan.proposed_by and plan.proposed_at:
        agreed.setdefault(plan.proposed_by, ("proposed the plan", local(plan.proposed_at)))
    rows = []
    for person, uid in zip(participants, ids, strict=True):
        how, on = agreed.get(uid, ("", None))
        rows.append({**person, "how": how, "on": on})
    for uid, (how, on) in agreed.items():  # agreed, but not a listed participant
        if uid in ids:
            continue
        rows.append({"role_label": "Union representative" if "union" in how else "Participant",
                     "name": deps.people.name(uid), "how": how, "on": on})
    if not employee:  # not in Slack: agreed only as HR recorded it, never assumed
        given = GIVEN_TO_HR.get(plan.employee_agreed_via or "")
        recorder = deps.people.name(plan.employee_agreed_by) if plan.employee_agreed_by else ""
        rows.append({"role_label": "Employee", "name": employee_name,
                     "how": f"agreed {given}, recorded by {recorder}" if given else "",
                     "on": plan.employee_agreed_on if given else None})
    if plan.union_waived:
        basis = plan.union_review_basis or ""
        why = BASIS_WORDS.get(basis, "the employee has not authorized representation")
        reason = waiver_reason(s, plan.case_id, plan.id) if basis == HR_REASON else None
        rows.append({"role_label": "Union representative",
                     "name": f"not involved: {why}" + (f" — {reason}" if reason else ""),
                     "how": "", "on": None})
    return rows


def plan_context(s: Session, deps: Deps, team: CaseTeam, plan: TemporaryPlan,
                 allowed: frozenset[Field], *, personal: bool = False) -> dict[str, Any]:
    """What the plan template is filled with: only the `allowed` fields (and the pay in
    numbers only in the employee's own copy: `personal`)."""
    case = team.case
    abilities = latest_functional(s, case.id)

    def name(role: str) -> str | None:
        ids = team.in_slack(role)
        return deps.people.name(ids[0]) if ids else None

    # Whoever may read the plan may know who made and agreed it: the thread already names
    # the team (mentions), and the employee is told who their contacts are.
    contacts = Field.HR_CONTACT in allowed or Field.PLAN_OPTION in allowed
    participants, ids = [], []
    if contacts:
        for m in team.members:
            if not m.in_slack or not m.slack_id:
                continue
            if m.role in (teams.UNION, teams.SAFETY_REP) and team.union_out:
                continue
            role = {teams.REPORTER: "supervisor", teams.SAFETY_REP: "union_safety_rep",
                    teams.INSURER: "insurer"}.get(m.role, m.role)
            participants.append({"role": role, "name": deps.people.name(m.slack_id)})
            ids.append(m.slack_id)
    signed = [{"role_label": role_label(p["role"]), "name": p["name"]} for p in participants]
    agreements = agreement_rows(deps, plan, case.employee_name) if contacts else []
    option = TemporaryOption(plan.option)

    def keep(f: Field, value: Any) -> Any:
        return value if f in allowed else None

    plan_map = {
        "option": keep(Field.PLAN_OPTION, TEMPORARY_OPTION_LABELS[option]),
        "participants": participants,
        "restrictions": keep(Field.RESTRICTIONS,
                             [str(r) for r in abilities.get("restrictions") or []]) or [],
        "duties": keep(Field.DUTIES, list(plan.duties or [])) or [],
        "hours": keep(Field.HOURS, plan.hours),
        "start": keep(Field.PLAN_START, plan.start),
        "end": keep(Field.PLAN_END, plan.end),
        "review_dates": keep(Field.REVIEW_DATES, list(plan.review_dates or [])) or [],
        "pay_rule": keep(Field.PAY_RULE, plan_pay_text(case, plan)),
        "agreements": agreements,
        "end_basis": keep(Field.PLAN_END, end_basis(plan.end, abilities,
                                                    extended=plan.state == EXTENDED)),
        # Week by week on the employer's calendar: holidays and closure days not worked.
        "schedule": keep(Field.HOURS, schedule_by_week(plan.hours, plan.start, plan.end,
                                                       deps.calendar)) or [],
        "signoffs": _signoff_rows(s, deps, team, plan, signed, ids,
                                  keep(Field.EMPLOYEE_NAME, case.employee_name)
                                  or "The employee") if contacts else [],
        "pay_numbers": None,
    }
    if personal and Field.PAY_RULE in allowed:
        row = roster_row(deps.db, case, deps.people) or {}
        plan_map["pay_numbers"] = pay_numbers(row.get("hourly_rate"),
                                              row.get("hours_per_week"), plan_map["pay_rule"])
    # The case's one view (rtwbot.workflow.case_view), with what this reader may not see
    # blanked: the plan document never needs a clinical answer.
    view = case_view(case, db=deps.db, directory=deps.directory, people=deps.people,
                     calendar=deps.calendar, today=deps.today(), plan=plan_map)
    seen = plan_copy(view, allowed)
    seen["supervisor"]["name"] = name(teams.REPORTER) if contacts else None
    seen["hr"]["name"] = name(teams.HR) if contacts else None
    seen["union"]["name"] = name(teams.UNION) if contacts and not team.union_out else None
    return seen


def agreement_rows(deps: Deps, plan: TemporaryPlan,
                   employee_name: str | None) -> list[dict[str, str]]:
    """Who agreed to the plan and when: the employee, and the union (or HR in its place)."""
    rows = []
    if plan.employee_agreed_at is not None:
        rows.append({"role": "employee", "name": employee_name or "The employee",
                     "at": _when(deps, plan.employee_agreed_at)})
    if plan.union_approved_at is not None and plan.union_approved_by:
        rows.append({"role": "hr" if plan.union_waived else "union",
                     "name": deps.people.name(plan.union_approved_by),
                     "at": _when(deps, plan.union_approved_at)})
    return rows


def _when(deps: Deps, at: datetime) -> str:
    local = at.astimezone(deps.calendar.tz)
    return f"{fmt(local.date())} {local:%H:%M}"


def make_document(deps: Deps, plan_id: int, audience: str, recipient: str | None,
                  comment: str) -> bool:
    """Fill the plan for one audience ("thread" or "employee") and write its Document row and
    its upload to the outbox in one transaction (the relay records the Slack file id on the
    row). False when it could not be filled."""
    now = deps.clock.now()
    with deps.db.session() as s:
        plan = s.get_one(TemporaryPlan, plan_id)
        case = s.get_one(Case, plan.case_id)
        team = CaseTeam.of(s, case)
        if audience == "thread":
            if team.thread is None or not team.thread.ts:
                return False
            allowed = privacy.visible_to_all(team.audience(), View.FORM_PLAN)
            where = {"channel": team.thread.channel, "thread_ts": team.thread.ts, "user": None}
        else:
            allowed = privacy.visible_fields({Relation.EMPLOYEE}, View.FORM_PLAN)
            where = {"channel": None, "thread_ts": None, "user": recipient}
        context = plan_context(s, deps, team, plan, allowed, personal=audience == "employee")
        try:
            filled = fill(deps.forms.get(PLAN_TEMPLATE), context)
        except (FormFillError, KeyError):
            log.exception("Could not fill the plan document of case %s", case.id)
            return False
        doc = Document(case_id=case.id, template=filled.template_name,
                       template_version=filled.template_version, filename=filled.filename,
                       sha256=filled.sha256, recipients=[recipient or "imwt_thread"],
                       created_at=now)
        s.add(doc)
        s.flush()
        if audience == "thread":
            plan.document_id = doc.id
        deps.enqueue([Upload(files=(FileToSend(filled.filename,
                                               f"Modified work plan #{plan.number}",
                                               filled.content),),
                             to_user=where["user"], channel=where["channel"],
                             thread_ts=where["thread_ts"], comment=comment,
                             documents=(doc.id,))], s)
        audit(s, at=now, actor="rtwbot", action="imwt.plan_document_posted",
              case_id=case.id, plan=plan.number, document_id=doc.id,
              to="thread" if where["thread_ts"] else "employee")
        return True


def post_plan_document(deps: Deps, plan_id: int) -> list[Say]:
    """Post the plan in the thread and to the employee; HR is asked to send what cannot be
    prepared. (Slack's refusals of the upload reach HR through the relay's alert.)"""
    with deps.db.session() as s:
        plan = s.get_one(TemporaryPlan, plan_id)
        case = s.get_one(Case, plan.case_id)
        reference, number, employee = case.reference, plan.number, case.employee_user_id
        hr_ids = CaseTeam.of(s, case).in_slack(teams.HR)
    if not make_document(deps, plan_id, "thread", None,
                         f"Modified work plan #{number} for {reference}, with its pay rule "
                         "and sign-offs."):
        return [Say(text=f"*{reference}*: I could not prepare the plan document; please "
                         "send it by hand.", to_user=u) for u in hr_ids]
    if employee:
        make_document(deps, plan_id, "employee", employee,
                      f"Your copy of modified work plan #{number}.")
    return []
