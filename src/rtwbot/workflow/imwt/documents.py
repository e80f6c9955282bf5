"""The agreed plan as a document (the modified work plan template): filled once for the
thread, with only what every reader of the thread may see, and once for the employee, then
posted; the Document rows record what went where."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from rtwbot.domain import privacy
from rtwbot.domain.accommodation import TEMPORARY_OPTION_LABELS, TemporaryOption
from rtwbot.domain.privacy import Field, Relation, View
from rtwbot.forms import FormFillError, build_form_context, fill
from rtwbot.store.cases import audit
from rtwbot.store.imwt_models import TemporaryPlan
from rtwbot.store.models import Case, Document
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.pay import plan_pay_text
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.imwt.records import latest_functional
from rtwbot.workflow.imwt.values import fmt
from rtwbot.workflow.outbox import Say

log = logging.getLogger(__package__)  # one logger for the IMWT workflow

PLAN_TEMPLATE = "modified-work-plan"


def plan_context(s: Session, deps: Deps, team: CaseTeam, plan: TemporaryPlan,
                 allowed: frozenset[Field]) -> dict[str, Any]:
    """What the plan template is filled with: only the `allowed` fields."""
    case = team.case
    abilities = latest_functional(s, case.id)

    def name(role: str) -> str | None:
        ids = team.in_slack(role)
        return deps.people.name(ids[0]) if ids else None

    contacts = Field.HR_CONTACT in allowed
    participants = []
    if contacts:
        for m in team.members:
            if not m.in_slack or not m.slack_id:
                continue
            if m.role in (teams.UNION, teams.SAFETY_REP) and team.union_out:
                continue
            role = {teams.REPORTER: "supervisor", teams.SAFETY_REP: "union_safety_rep",
                    teams.INSURER: "insurer"}.get(m.role, m.role)
            who = deps.people.name(m.slack_id)
            # The sign-off table names who agreed and when.
            if m.role == teams.EMPLOYEE and plan.employee_agreed_at is not None:
                who += f" — agreed {_when(deps, plan.employee_agreed_at)}"
            elif m.slack_id == plan.union_approved_by and plan.union_approved_at is not None \
                    and m.role in (teams.UNION, teams.SAFETY_REP, teams.HR):
                who += (f" — agreed {_when(deps, plan.union_approved_at)}"
                        + (" (in the union's place)" if plan.union_waived else ""))
            participants.append({"role": role, "name": who})
    agreements = agreement_rows(deps, plan, case.employee_name) if contacts else []
    option = TemporaryOption(plan.option)

    def keep(f: Field, value: Any) -> Any:
        return value if f in allowed else None

    safe_case = {  # no clinical answers: the plan document never needs them
        "reference": case.reference, "kind": case.kind, "filed_at": case.filed_at,
        "answers": {"job_title": keep(Field.JOB_TITLE, case.job_title),
                    "division": keep(Field.DIVISION, case.division),
                    "employee": {"name": keep(Field.EMPLOYEE_NAME, case.employee_name)}},
    }
    people = {"employee": {"name": keep(Field.EMPLOYEE_NAME, case.employee_name)},
              "supervisor": {"name": name(teams.REPORTER) if contacts else None},
              "hr": {"name": name(teams.HR) if contacts else None},
              "union": {"name": name(teams.UNION)
                        if contacts and not team.union_out else None}}
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
    }
    employer = {"name": deps.directory.employer.name,
                "address": deps.directory.employer.address,
                "wsib_firm_number": deps.directory.employer.wsib_firm_number}
    return build_form_context(safe_case, employer=employer, people=people, plan=plan_map,
                              today=deps.today())


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


def _when(deps: Deps, at) -> str:
    local = at.astimezone(deps.calendar.tz)
    return f"{fmt(local.date())} {local:%H:%M}"


def make_document(deps: Deps, plan_id: int, audience: str,
                  recipient: str | None) -> tuple[int, Any, dict] | None:
    """Fill the plan for one audience ("thread" or "employee"); the Document id, the
    filled form, and where it goes."""
    now = deps.clock.now()
    with deps.db.session() as s:
        plan = s.get(TemporaryPlan, plan_id)
        case = s.get(Case, plan.case_id)
        team = CaseTeam.of(s, case)
        if audience == "thread":
            if team.thread is None or not team.thread.ts:
                return None
            allowed = privacy.visible_to_all(team.audience(), View.FORM_PLAN)
            where = {"channel": team.thread.channel, "thread_ts": team.thread.ts}
        else:
            allowed = privacy.visible_fields({Relation.EMPLOYEE}, View.FORM_PLAN)
            where = {"channel": None, "thread_ts": None, "user": recipient}
        context = plan_context(s, deps, team, plan, allowed)
        try:
            filled = fill(deps.forms.get(PLAN_TEMPLATE), context)
        except (FormFillError, KeyError):
            log.exception("Could not fill the plan document of case %s", case.id)
            return None
        doc = Document(case_id=case.id, template=filled.template_name,
                       template_version=filled.template_version, filename=filled.filename,
                       sha256=filled.sha256, recipients=[recipient or "imwt_thread"],
                       created_at=now)
        s.add(doc)
        s.flush()
        if audience == "thread":
            plan.document_id = doc.id
        return doc.id, filled, where


def post_plan_document(deps: Deps, plan_id: int) -> list[Say]:
    """Post the plan in the thread and to the employee; HR is asked to send what fails."""
    now = deps.clock.now()
    with deps.db.session() as s:
        plan = s.get(TemporaryPlan, plan_id)
        case = s.get(Case, plan.case_id)
        reference, number, employee = case.reference, plan.number, case.employee_user_id
        hr_ids = CaseTeam.of(s, case).in_slack(teams.HR)
    says: list[Say] = []
    made = make_document(deps, plan_id, "thread", None)
    if made is None:
        return [Say(text=f"*{reference}*: I could not prepare the plan document; please "
                         "send it by hand.", to_user=u) for u in hr_ids]
    posted = [(made, f"Modified work plan #{number} for {reference}, with its pay rule "
                     "and sign-offs.")]
    if employee:
        mine = make_document(deps, plan_id, "employee", employee)
        if mine is not None:
            posted.append((mine, f"Your copy of modified work plan #{number}."))
    for (doc_id, filled, where), comment in posted:
        try:
            channel = where["channel"] or deps.slack.dm_channel(where["user"])
            file_id = deps.slack.upload(channel, where["thread_ts"], filled.filename,
                                        filled.content, f"Modified work plan #{number}",
                                        comment)
        except Exception:  # noqa: BLE001 - the plan is agreed; HR can send the file
            log.exception("Could not post plan document %s of case %s", doc_id, reference)
            says += [Say(text=f"*{reference}*: I could not post the plan document "
                              f"(plan #{number}); please send it by hand.", to_user=u)
                     for u in hr_ids]
            continue
        with deps.db.session() as s:
            doc = s.get(Document, doc_id)
            doc.slack_file_id = file_id
            audit(s, at=now, actor="rtwbot", action="imwt.plan_document_posted",
                  case_id=doc.case_id, plan=number, document_id=doc_id,
                  to="thread" if where["thread_ts"] else "employee")
    return says
