"""Consent first: the employee is asked, in their first DM after filing, whether they
authorize the union to represent them in the program (yes / no / talk to me first), and can
change it any time (`/rtw union`). Until they say yes the union knows only that a case exists
in their unit and its stage (`privacy.relations`); a refusal binds every union role. HR is
told when the answer takes the union out of the plan review, which HR then does (recorded
on the plan as `union_waived`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from rtwbot.domain.stages import Stage
from rtwbot.store.cases import audit
from rtwbot.store.imwt_models import UNION_NO, UNION_NOT_ASKED, UNION_TALK, UNION_YES, ImwtThread
from rtwbot.store.models import Case
from rtwbot.workflow import team as teams
from rtwbot.workflow.facts import worker_contact_held
from rtwbot.workflow.imwt.acting import Act, Result, refused
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.imwt.records import thread_of
from rtwbot.workflow.outbox import Button, Say

ANSWERS = {"yes": UNION_YES, "no": UNION_NO, "talk": UNION_TALK}
ACTION_PREFIX = "imwt_union_"  # + yes | no | talk


def question(reference: str, employee: str, again: bool = False) -> Say:
    """The question, with its three answers."""
    lead = ("You can change your answer about union representation for "
            f"*{reference}* here." if again else
            f"While your return-to-work case *{reference}* gets going, one question.")
    return Say(
        text=(f"{lead}\nYour union representative can support you, take part in your "
              "return-to-work team and review every modified work plan with you — but only "
              "if you say so. Until you say yes, the union knows only that a case exists "
              "and its stage.\n*Do you authorize the union to represent you in the "
              "modified work program?* You can change your answer any time with "
              "`/rtw union`."),
        to_user=employee,
        buttons=(Button("Yes, the union may represent me", f"{ACTION_PREFIX}yes", reference,
                        "primary"),
                 Button("No", f"{ACTION_PREFIX}no", reference),
                 Button("Talk to me first", f"{ACTION_PREFIX}talk", reference)))


def _has_union(deps: Deps, case: Case) -> bool:
    return any(e.role in (teams.UNION, teams.SAFETY_REP)
               for e in teams.team_entries(case, deps.directory))


def hr_ids(deps: Deps, case: Case) -> list[str]:
    """The case's HR in Slack (from the directory: the team may not be formed yet)."""
    found = (teams.resolve_entry(teams.Entry(teams.HR, ref), deps.people.user,
                                 deps.people.by_email)
             for ref in deps.directory.hr_for(case.division))
    return list(dict.fromkeys(m.slack_id for m in found if m.in_slack and m.slack_id))


def ask_at_filing(deps: Deps, case_id: int) -> list[Say]:
    """Follow-up of `case_filed`: ask the employee, once, before anything is shared."""
    now = deps.clock.now()
    with deps.db.session() as s:
        case = s.get(Case, case_id)
        if case is None or not case.employee_user_id or not _has_union(deps, case):
            return []
        if worker_contact_held(s, case, deps.calendar):
            return []  # a critical injury: asked once HR says the worker may be contacted
        if thread_of(s, case_id) is None:
            try:
                with s.begin_nested():
                    s.add(ImwtThread(case_id=case_id, union_authorized=UNION_NOT_ASKED,
                                     created_at=now, updated_at=now))
            except IntegrityError:
                pass
        thread = thread_of(s, case_id)
        if thread is None or thread.union_asked_at is not None \
                or thread.union_authorized != UNION_NOT_ASKED:
            return []
        thread.union_asked_at = now
        audit(s, at=now, actor="rtwbot", action="imwt.union_asked", case_id=case_id)
        return [question(case.reference, case.employee_user_id)]


def ask_union_authorization(team: CaseTeam, now: datetime) -> Say | None:
    """When the team thread opens and the employee was never asked (a case filed before
    the question existed): ask now."""
    thread = team.thread
    if (thread is None or thread.union_authorized != UNION_NOT_ASKED
            or thread.union_asked_at is not None or not team.case.employee_user_id
            or not (team.in_slack(teams.UNION) or team.in_slack(teams.SAFETY_REP))):
        return None
    thread.union_asked_at = now
    return question(team.case.reference, team.case.employee_user_id)


def ask_again(deps: Deps, user: str) -> list[Say]:
    """`/rtw union`: the question again, for each of the employee's open cases."""
    with deps.db.session() as s:
        cases = s.scalars(select(Case).where(Case.employee_user_id == user,
                                             Case.stage != Stage.CLOSED.value)
                          .order_by(Case.id)).all()
        says = [question(c.reference, user, again=True) for c in cases if _has_union(deps, c)]
    return says or [Say(text="You have no open return-to-work case with a union to answer "
                             "for.", to_user=user)]


def ask_union_to_join(act: Act) -> Result:
    """Any team member may ask the union to take part: brought in when the employee
    authorized it; otherwise the employee is asked (a refusal is respected)."""
    thread, ref = act.team.thread, act.case.reference
    if thread is None or not thread.ts:
        return refused("The team thread is not open yet.")
    act.audit("imwt.union_join_asked", authorized=thread.union_authorized)
    if thread.union_authorized == UNION_YES:
        who = act.team.mentions(teams.UNION, teams.SAFETY_REP) or "The union"
        return act.done(act.announce(f"<@{act.user}> asked the union to join: {who}, "
                                     "please take part here."))
    if thread.union_authorized == UNION_NO:
        return refused("The employee declined union representation; the union cannot "
                       "join unless they change their answer (`/rtw union`).")
    says = [Say(text=f"<@{act.user}> asked the union to join: the employee decides, and has "
                     "been asked.", to_user=act.user)]
    if act.case.employee_user_id:
        says.append(question(ref, act.case.employee_user_id, again=True))
    return act.done(*says)


def answer_union_authorization(act: Act, answer: str) -> Result:
    """The employee's answer, told to them, to HR and (when it changes anything) the team."""
    thread = act.team.thread
    if thread is None:
        return refused("Your team has not been set up yet.")
    stored = ANSWERS.get(answer)
    if stored is None:
        return refused("I did not understand that answer.")
    before = thread.union_authorized
    thread.union_authorized = stored
    thread.union_authorized_at, thread.updated_at = act.now, act.now
    thread.union_asked_at = thread.union_asked_at or act.now
    act.audit("imwt.union_authorization", answer=stored, before=before)
    ref, hr = act.case.reference, hr_ids(act.deps, act.case)
    name = act.case.employee_name or "The employee"
    says: list[Say] = [Say(to_user=act.user, text={
        UNION_YES: "Thank you — your union representative will take part in your "
                   "return-to-work planning and review your plans with you.",
        UNION_NO: "Understood — the union will not take part in your return-to-work "
                  "planning and sees nothing about it. You can change this any time with "
                  "`/rtw union`.",
        UNION_TALK: "Understood — HR will contact you to talk it over. Until you decide, "
                    "the union knows only that your case exists and its stage.",
    }[stored])]
    if stored == UNION_TALK:
        says += [Say(text=f"*{ref}*: {name} would like to talk with you before deciding "
                          "whether the union represents them. Until then the union knows "
                          "only that the case exists and its stage.", to_user=u) for u in hr]
        return act.done(*says)
    if stored == UNION_NO:
        says += [Say(text=f"*{ref}*: {name} declined union representation. The union "
                          "(representative and safety and rehabilitation representative) "
                          "sees nothing and cannot act; the union's review of modified work "
                          "plans is replaced by HR's review, recorded on each plan.",
                     to_user=u) for u in hr]
    if thread.ts:
        says.append(act.announce("The employee has " + (
            "*authorized* union representation: the union representatives take part."
            if stored == UNION_YES else
            "*declined* union representation: the union does not take part in this case, "
            "and HR reviews its plans.")))
    return act.done(*says)
