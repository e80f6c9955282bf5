"""Where a case stands, for the person asking — and only what they may see.

Every answer goes the same way: find the cases the viewer is connected to, build each
case's full view, let `privacy.redact` drop what this viewer may not see on this surface,
say the rest in plain words, and write an audit row for every case shown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any, Literal

from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.directory import Directory
from rtwbot.domain import privacy
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.privacy import Field, Relation, View
from rtwbot.domain.stages import Stage, stage_label
from rtwbot.domain.wages import pay_rule_text
from rtwbot.store.audit_log import record_view
from rtwbot.store.db import Database
from rtwbot.store.imwt_models import (
    ACTIVE_PLAN_STATES,
    OPEN_PLAN_STATES,
    PROPOSED,
    CaseParticipant,
    ImwtThread,
    TemporaryPlan,
)
from rtwbot.store.models import Case, Document, FunctionalInfo
from rtwbot.workflow import team
from rtwbot.workflow.duty_records import closed_lines
from rtwbot.workflow.filing import fmt_day
from rtwbot.workflow.form7_status import form7_status_line
from rtwbot.workflow.imwt.history import check_in_history, history_lines
from rtwbot.workflow.imwt.records import team_abilities
from rtwbot.workflow.outbox import Say, escape
from rtwbot.workflow.status_employee import PLAN_AGREED
from rtwbot.workflow.status_text import mentions, titled_list

REFERENCE = re.compile(r"\bRTW-\d{4}-\d{3,}\b", re.I)
STATUS_WORDS = re.compile(
    r"^\s*(status|my (plan|status|case|reports?)|what'?s next|where (do|am) i|my cases)\b", re.I
)


# "where's my case at?", "any update on my claim", "what's happening with my file"
ABOUT_MY_CASE = re.compile(
    r"\b(where('?s| is)|status of|update on|updates on|news on|what'?s happening( with| w/?)?|"
    r"what'?s going on( with| w/?)?|how('?s| is))\s+(my|our)\s+(case|claim|file|report|plan)s?\b"
    # "is my plan approved yet", "has my claim gone through": how it stands, asked
    r"|\b(is|has|was|did|are|have)\s+(my|our)\s+(case|claim|file|report|plan|form)s?\s+"
    r"(\w+\s+)?(approved|accepted|denied|done|filed|sent|through|ready|signed|agreed|started|"
    r"open|closed|processed|submitted|finished|gone|been)\b", re.I)


def wants_status(text: str) -> bool:
    return bool(STATUS_WORDS.search(text or "") or ABOUT_MY_CASE.search(text or "")
                or REFERENCE.search(text or ""))


@dataclass(frozen=True)
class Seen:
    """A case as one viewer may see it."""

    case_id: int
    relations: frozenset[Relation]
    fields: dict[str, Any]


PAGE = 50  # cases judged at a time
SHOWN = 10  # cases a status answer shows


_WAYS = {"employee": Case.employee_user_id == bindparam("viewer"),
         "reporter": Case.supervisor_id == bindparam("viewer"),
         "team": Case.id.in_(select(CaseParticipant.case_id).where(
             CaseParticipant.slack_id == bindparam("viewer")))}


@functools.cache
def _case_ids(only: str | None, open_only: bool, by_reference: bool) -> Select[int]:
    """A page of the viewer's case ids, newest first: built once per shape (every "hello"
    asks it three times), the viewer, divisions, reference and page as parameters."""
    query = select(Case.id).where(_WAYS[only] if only else or_(
        *_WAYS.values(), Case.division.in_(bindparam("divisions", expanding=True))))
    if open_only:
        query = query.where(Case.stage != Stage.CLOSED.value)
    if by_reference:
        query = query.where(Case.reference == bindparam("reference"))
    return query.order_by(Case.filed_at.desc(), Case.id.desc()).limit(
        bindparam("limit")).offset(bindparam("offset"))


class CaseViews:
    """Who is connected to which case, and what each case looks like in full."""

    def __init__(self, directory: Directory, user: Callable[[str], dict[str, Any] | None],
                 by_email: Callable[[str], str | None], calendar: WorkCalendar | None = None):
        self.directory, self.user, self.by_email = directory, user, by_email
        self.calendar = calendar or WorkCalendar()

    def members(self, s: Session, case: Case) -> list[team.Member]:
        """The saved team, or (before the IMWT opens) the team the directory names."""
        return team.load_team(s, case.id) or team.resolve_team(
            case, self.directory, self.user, self.by_email)

    def people(self, s: Session, case: Case,
               members: list[team.Member] | None = None) -> privacy.CasePeople:
        members = self.members(s, case) if members is None else members
        thread = s.scalar(select(ImwtThread).where(ImwtThread.case_id == case.id))
        return team.case_people(case, members, thread.union_authorized if thread else None)

    def connected(
        self, s: Session, viewer: str, *, open_only: bool = False,
        reference: str | None = None, only: str | None = None,
    ) -> Iterator[tuple[Case, frozenset[Relation], list[team.Member]]]:
        """The viewer's cases, newest first: as employee, as reporter, or as a member of
        the team — each with the team it was judged by, so showing the case need not
        resolve it again. Read a page at a time, each page's teams and threads in one
        query each: a caller that needs the first few reads only the first page, however
        many cases the viewer's divisions have had. `only`: "employee", "reporter" or
        "team", the cases connected that one way."""
        query = _case_ids(only, open_only, reference is not None)
        params: dict[str, Any] = {"viewer": viewer, "reference": reference, "limit": PAGE}
        if not only:
            params["divisions"] = self._divisions_of(viewer)
        offset = 0
        while True:
            ids = list(s.scalars(query, {**params, "offset": offset}))
            if not ids:
                return
            offset += len(ids)
            cases = {c.id: c for c in s.scalars(select(Case).where(Case.id.in_(ids)))}
            teams = team.load_teams(s, ids)
            unions = dict(s.execute(select(ImwtThread.case_id, ImwtThread.union_authorized)
                                    .where(ImwtThread.case_id.in_(ids))).all())
            for case_id in ids:
                case = cases[case_id]
                members = teams.get(case_id) or team.resolve_team(
                    case, self.directory, self.user, self.by_email)
                rel = privacy.relations(
                    viewer, team.case_people(case, members, unions.get(case_id)))
                if rel != {Relation.NONE}:
                    yield case, rel, members
            if len(ids) < PAGE:
                return

    def _divisions_of(self, viewer: str) -> list[str]:
        """Divisions where the directory names the viewer (HR, division or union rep),
        for cases whose team has not been saved yet."""
        names = []
        for d in self.directory.divisions:
            unit = self.directory.unit(d.bargaining_unit)
            refs = [*d.division_reps, *self.directory.hr_for(d.name)]
            if unit:
                refs += [*unit.union_reps, *([unit.safety_rep] if unit.safety_rep else [])]
            if any(self._is(ref, viewer) for ref in refs):
                names.append(d.name)
        return names

    def _is(self, ref: str, viewer: str) -> bool:
        return (self.by_email(ref) if "@" in ref else ref) == viewer

    def full_view(self, s: Session, case: Case, members: list[team.Member],
                  audience: Literal["staff", "employee"],
                  viewer: str | None = None) -> dict[str, Any]:
        """Everything the bot could say about the case, keyed by privacy Field; the
        policy removes what a viewer may not see. `audience` picks the stage wording; an
        employee's document list holds the documents they were given."""
        info = s.scalars(select(FunctionalInfo).where(FunctionalInfo.case_id == case.id)
                         .order_by(FunctionalInfo.received_at.desc())).first()
        plan = s.scalars(select(TemporaryPlan).where(
            TemporaryPlan.case_id == case.id, TemporaryPlan.state.in_(OPEN_PLAN_STATES))
            .order_by(TemporaryPlan.number.desc())).first()
        docs = s.scalars(select(Document).where(Document.case_id == case.id)
                         .order_by(Document.created_at)).all()
        # The union as the employee answered: after a no it is nobody's contact.
        union_yes = team.union_flag(s.scalar(select(ImwtThread.union_authorized)
                                             .where(ImwtThread.case_id == case.id)))
        view: dict[str, Any] = {
            Field.REFERENCE: case.reference,
            Field.EMPLOYEE_NAME: case.employee_name,
            Field.JOB_TITLE: case.job_title,
            Field.DIVISION: case.division,
            Field.KIND: case.kind,
            Field.STAGE: stage_label(case.stage, audience),
            Field.FORM7_DUE: case.form7_due,
            Field.FORM7_RECEIVED: form7_status_line(case, self.calendar),
            Field.DUTIES_DONE: closed_lines(s, case.id, self.calendar.tz),
            Field.DOCUMENTS: list(dict.fromkeys(
                d.filename for d in docs
                if audience != "employee" or viewer in (d.recipients or []))),
            Field.HR_CONTACT: [m.slack_id for m in members if m.role == team.HR and m.in_slack],
            Field.UNION_CONTACT: [m.slack_id for m in members
                                  if m.role == team.UNION and m.in_slack
                                  and union_yes is not False],
            Field.UNION_AUTHORIZED: union_yes,
            Field.SUPERVISOR_CONTACT: case.supervisor_id,
            Field.DESCRIPTION: (case.answers or {}).get("description"),
        }
        if info is not None:
            abilities = team_abilities(info)  # never free text: the structured lines
            view[Field.RESTRICTIONS] = abilities.get("restrictions") or []
            view[Field.EXPECTED_DURATION] = abilities.get("expected_duration")
            view[Field.NEXT_ASSESSMENT] = abilities.get("next_assessment")
        if plan is not None:
            view[Field.DUTIES] = plan.duties or []
            view[Field.HOURS] = plan.hours
            view[Field.PLAN_START] = plan.start
            view[Field.PLAN_END] = plan.end
            view[Field.REVIEW_DATES] = plan.review_dates or []
            view[Field.PAY_RULE] = pay_rule_text(case.kind, "temporary")
        view[Field.NEXT_DATE] = next_date(case, plan)
        entries, notes = check_in_history(s, case.id)
        if entries:  # the policy keeps the history for HR and the supervisor, notes for HR
            view[Field.CHECK_INS], view[Field.CHECK_IN_NOTES] = entries, notes
        return view


def open_plan_state(s: Session, case_id: int) -> str | None:
    """The state of the case's newest open plan (proposed, changes asked, agreed...)."""
    return s.scalar(select(TemporaryPlan.state).where(
        TemporaryPlan.case_id == case_id, TemporaryPlan.state.in_(OPEN_PLAN_STATES))
        .order_by(TemporaryPlan.number.desc()).limit(1))


def plan_agreed(s: Session, case_id: int) -> bool:
    """Whether the case's plan is agreed (or extended): only then are its duties current."""
    return s.scalar(select(TemporaryPlan.id).where(
        TemporaryPlan.case_id == case_id,
        TemporaryPlan.state.in_(ACTIVE_PLAN_STATES)).limit(1)) is not None


def next_date(case: Case, plan: TemporaryPlan | None) -> date | None:
    """The plan's next review, or its end; deadlines of the employer's own are separate."""
    if plan is None:
        return None
    reviews = [date.fromisoformat(d) if isinstance(d, str) else d
               for d in (plan.review_dates or [])]
    return min([*reviews, plan.end])


def expected_of_employee(stage: str, fields: dict[str, Any]) -> str:
    """The next thing the employee should do, in plain words."""
    if stage in (Stage.REPORTED, Stage.AWAITING_FUNCTIONAL_INFO):
        return ("Bring the functional abilities form to your health professional, then send "
                "me the completed PDF here.")
    if fields.get("_plan_for_you"):
        return ("A modified work plan was proposed to you: answer it in the message I sent "
                "(agree, ask for changes, or talk to HR first).")
    if stage == Stage.FUNCTIONAL_INFO_RECEIVED:
        return "Your team is preparing a modified work plan with you; HR will be in touch."
    if stage == Stage.TEMPORARY_MODIFIED_WORK and fields.get(Field.PLAN_END):
        return (f"Your plan ends on {fmt_day(fields[Field.PLAN_END])}. Before then, see your "
                "health professional about returning to your regular duties.")
    if stage == Stage.PERMANENT_ACCOMMODATION:
        return "Your team is looking for a permanent position that suits your abilities."
    if stage == Stage.CLOSED:
        return "Nothing — this case is closed."
    return "Keep in touch with your supervisor and HR."


def render_seen(seen: Seen, *, for_employee: bool) -> str:
    f = seen.fields
    lines = [f"*{f.get(Field.REFERENCE, 'Your case')}* — {f.get(Field.STAGE, '')}"]
    if not for_employee and f.get(Field.EMPLOYEE_NAME):
        job = f", {escape(f[Field.JOB_TITLE])}" if f.get(Field.JOB_TITLE) else ""
        lines.append(f"Employee: {escape(f[Field.EMPLOYEE_NAME])}{job}")
    if f.get(Field.RESTRICTIONS):
        lines += titled_list("Restrictions in force", f[Field.RESTRICTIONS])
        if f.get(Field.EXPECTED_DURATION):
            lines.append(f"Expected duration: {escape(str(f[Field.EXPECTED_DURATION]))}")
    agreed = f.get(PLAN_AGREED, False)  # a proposed plan's duties are not current yet
    if f.get(Field.DUTIES):
        lines += titled_list("Current duties" if agreed else "Proposed duties (not agreed "
                             "yet)", f[Field.DUTIES])
    if f.get(Field.HOURS):
        lines.append(f"{'Hours' if agreed else 'Proposed hours'}: {escape(f[Field.HOURS])}")
    if f.get(Field.PLAN_START) and f.get(Field.PLAN_END):
        lines.append(f"{'Plan' if agreed else 'Proposed plan'}: "
                     f"{fmt_day(f[Field.PLAN_START])} to {fmt_day(f[Field.PLAN_END])}")
    if f.get(Field.PAY_RULE):
        lines.append(f"Pay: {f[Field.PAY_RULE]}")
    if f.get(Field.NEXT_DATE):
        ends = f[Field.NEXT_DATE] == f.get(Field.PLAN_END)
        lines.append(f"{'Plan ends' if ends else 'Next plan review'}: "
                     f"{fmt_day(f[Field.NEXT_DATE])}")
    lines += history_lines(f.get(Field.CHECK_INS), f.get(Field.CHECK_IN_NOTES))
    if f.get(Field.FORM7_RECEIVED) and not for_employee:
        lines.append(f[Field.FORM7_RECEIVED])
    elif f.get(Field.FORM7_DUE) and not for_employee:
        lines.append(f"Form 7 due: {fmt_day(f[Field.FORM7_DUE])}")
    if f.get(Field.DUTIES_DONE) and not for_employee:  # built from ids and the duty table
        lines += ["*Duties done*", *(f"• {line}" for line in f[Field.DUTIES_DONE])]
    if for_employee:
        lines.append(f"*What's next for you:* {expected_of_employee(f['_stage'], f)}")
    hr, unions = f.get(Field.HR_CONTACT), f.get(Field.UNION_CONTACT)
    if hr or unions:
        parts = ([f"HR {mentions(hr)}"] if hr else []) + \
                ([f"union {mentions(unions)}"] if unions else [])
        lines.append("Contacts: " + "; ".join(parts))
    if f.get(Field.DOCUMENTS):
        lines.append("Documents: " + ", ".join(escape(d) for d in f[Field.DOCUMENTS]))
    return "\n".join(lines)


class StatusWorkflow:
    def __init__(self, db: Database, clock: Clock, views: CaseViews):
        self.db, self.clock, self.views = db, clock, views

    def answer(self, viewer: str, text: str = "", detail: bool = False) -> list[Say]:
        """Each case the viewer may see; an employee's own case said to them, short (or in
        full with ``detail``, the "More details" button)."""
        from rtwbot.workflow import status_employee

        wanted = REFERENCE.search(text or "")
        with self.db.session() as s:
            ref = wanted.group(0).upper() if wanted else None
            connected = list(islice(self.views.connected(
                s, viewer, open_only=ref is None, reference=ref), SHOWN))
            if not connected:
                return [Say(text=privacy.NOTHING_TO_SHOW, to_user=viewer)]
            parts, buttons = [], []
            for case, rel, members in connected:
                for_employee = Relation.EMPLOYEE in rel
                surface = View.STATUS_DM if for_employee else View.CASE_DETAIL
                full = self.views.full_view(
                    s, case, members, "employee" if for_employee else "staff", viewer)
                fields = privacy.redact(full, rel, surface)
                fields["_stage"] = case.stage  # picks the wording; never shown as such
                fields[PLAN_AGREED] = plan_agreed(s, case.id)
                if for_employee:  # a proposed plan waits for the employee's answer
                    fields["_plan_for_you"] = s.scalar(select(TemporaryPlan.id).where(
                        TemporaryPlan.case_id == case.id, TemporaryPlan.state == PROPOSED,
                        TemporaryPlan.employee_agreed_at.is_(None))) is not None
                    fields["_plan_state"] = open_plan_state(s, case.id)
                if for_employee and detail:
                    parts.append(status_employee.render_more(fields))
                elif for_employee:
                    parts.append(status_employee.render_short(
                        fields, expected_of_employee(case.stage, fields)))
                    buttons.append(status_employee.more_button(case.reference))
                else:
                    parts.append(render_seen(Seen(case.id, rel, fields), for_employee=False))
                record_view(s, at=self.clock.now(), viewer=viewer, case_id=case.id,
                            view=surface)
        if detail or all(Relation.EMPLOYEE in c[1] for c in connected):
            text = "\n\n".join(parts)
        else:
            head = "Here is where things stand:" if len(parts) == 1 else \
                f"Here are the {len(parts)} cases you are part of:"
            text = head + "\n\n" + "\n\n".join(parts)
        return [Say(text=text, to_user=viewer, buttons=tuple(buttons[:5]))]
