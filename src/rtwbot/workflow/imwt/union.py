"""Consent first: the employee is asked, in their first DM after filing, whether they
authorize the union to represent them in the program (yes / no / talk to me first), and can
change it any time (`/rtw union`). Until they say yes the union knows only that a case exists
in their unit and its stage (`privacy.relations`); a refusal binds every union role.

Three states: not answered (never asked, or "talk to me first") is never "no". HR reviews
plans in the union's place only after a no (or with a recorded reason: `union_review`).
An employee who is not in Slack is never assumed to have answered: HR is asked to ask them,
and records the answer with how (paper, phone, in person) and when it was given —
`record_answer` is the one place any answer is recorded, whoever gives it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from rtwbot.domain.participation import GIVEN_TO_HR, IN_SLACK, check_given
from rtwbot.domain.stages import Stage
from rtwbot.store.cases import audit
from rtwbot.store.imwt_models import UNION_NO, UNION_NOT_ASKED, UNION_TALK, UNION_YES, ImwtThread
from rtwbot.store.models import Case
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt import union_review
from rtwbot.workflow.imwt.acting import Act, Result, directory_hr, refused
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.imwt.records import latest_plan, thread_of
from rtwbot.workflow.imwt.values import fmt
from rtwbot.workflow.outbox import Button, Say, escape

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


def ask_hr_to_ask(reference: str, name: str | None, hr: str) -> Say:
    """An employee who is not in Slack cannot be asked by DM: HR asks them, and records the
    answer with how and when it was given."""
    who = escape(name or "The employee")
    return Say(text=(f"*{reference}*: {who} isn't on Slack, so I can't ask them whether they "
                     "authorize the union to represent them in the modified work program. "
                     "Please ask them (on paper, by phone or in person) and record their "
                     "answer. Until then it is *not answered* — never taken as a no — and "
                     "the union knows only that a case exists and its stage."),
               to_user=hr,
               buttons=(Button("Record their answer", union_review.RECORD_ANSWER_ACTION,
                               reference, "primary"),))


def ask_at_filing(deps: Deps, case_id: int) -> list[Say]:
    """Follow-up of `case_filed`: ask the employee, once, before anything is shared (HR,
    for an employee who is not in Slack)."""
    now = deps.clock.now()
    with deps.db.session() as s:
        case = s.get(Case, case_id)
        if case is None or not _has_union(deps, case):
            return []
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
        if not case.employee_user_id:
            audit(s, at=now, actor="rtwbot", action="imwt.union_asked", case_id=case_id,
                  through="hr")
            return [ask_hr_to_ask(case.reference, case.employee_name, u)
                    for u in directory_hr(deps, case)]
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
    if not act.case.employee_user_id:  # not in Slack: HR asks them and records the answer
        hr = act.team.in_slack(teams.HR)
        says = [Say(text=f"<@{act.user}> asked the union to join: the employee decides; they "
                         "are not in Slack, so HR asks them.", to_user=act.user)]
        return act.done(*says, *(ask_hr_to_ask(ref, act.case.employee_name, u) for u in hr))
    return act.done(
        Say(text=f"<@{act.user}> asked the union to join: the employee decides, and has "
                 "been asked.", to_user=act.user),
        question(ref, act.case.employee_user_id, again=True))


def answer_union_authorization(act: Act, answer: str) -> Result:
    """The employee's own answer, in Slack (a button, or their own words)."""
    return record_answer(act, answer)


def record_answer(act: Act, answer: str, *, via: str = IN_SLACK,
                  given_on: date | None = None) -> Result:
    """Record an answer on union representation: `answer` (yes / no; "talk" from the
    employee), who recorded it (`act.user`: the employee in Slack, or HR for an employee who
    is not in Slack), how it was given (`via`: slack, paper, phone, in_person) and on which
    day (`given_on`; today in Slack). Told to the employee, HR and, when it changes
    anything, the team; a plan waiting for the union's review learns who reviews it now."""
    stored = ANSWERS.get(answer)
    if via != IN_SLACK and stored not in (UNION_YES, UNION_NO):
        return act.invalid({"answer": "Choose what the employee answered: yes or no."})
    if stored is None:
        return refused("I did not understand that answer.")
    name = escape(act.case.employee_name or "The employee")
    if via != IN_SLACK:
        if act.team.employee_in_slack:
            return refused(f"{name} is in Slack, so they answer this themselves (the question "
                           "in their direct messages, or `/rtw union`); HR cannot answer in "
                           "their place.")
        errors = check_given(via, given_on, act.today(),
                             act.deps.calendar.local_date(act.case.occurred_at))
        if errors:
            return act.invalid(errors)
    thread = act.team.thread or _thread_row(act)
    before = thread.union_authorized
    thread.union_authorized = stored
    thread.union_authorized_at, thread.updated_at = act.now, act.now
    thread.union_asked_at = thread.union_asked_at or act.now
    thread.union_answer_via, thread.union_answer_by = via, act.user
    thread.union_answer_on = given_on or act.today()
    act.audit("imwt.union_authorization", answer=stored, before=before, via=via,
              on=thread.union_answer_on.isoformat())
    ref, hr = act.case.reference, directory_hr(act.deps, act.case)
    given = f"{GIVEN_TO_HR[via]} on {fmt(thread.union_answer_on)}" if via != IN_SLACK else ""
    how = f" ({given}, recorded by <@{act.user}>)" if given else ""
    says: list[Say] = []
    if via == IN_SLACK:
        says.append(Say(to_user=act.user, text={
            UNION_YES: "Thank you — your union representative will take part in your "
                       "return-to-work planning and review your plans with you.",
            UNION_NO: "Understood — the union will not take part in your return-to-work "
                      "planning and sees nothing about it. You can change this any time with "
                      "`/rtw union`.",
            UNION_TALK: "Understood — HR will contact you to talk it over. Until you decide, "
                        "the union knows only that your case exists and its stage.",
        }[stored]))
    else:
        says.append(Say(to_user=act.user, text=(
            f"*{ref}*: recorded — {name} "
            f"{'authorized' if stored == UNION_YES else 'declined'} union representation "
            f"({given}).")))
    if stored == UNION_TALK:
        says += [Say(text=f"*{ref}*: {name} would like to talk with you before deciding "
                          "whether the union represents them. Until then the union knows "
                          "only that the case exists and its stage, and a plan's union "
                          "review waits on their answer.", to_user=u) for u in hr]
        return act.done(*says)
    if stored == UNION_NO:
        says += [Say(text=f"*{ref}*: {name} declined union representation{how}. The union "
                          "(representative and safety and rehabilitation representative) "
                          "sees nothing and cannot act; the union's review of modified work "
                          "plans is replaced by HR's review, recorded on each plan.",
                     to_user=u) for u in hr if u != act.user]
    if act.team.thread is not None and act.team.thread.ts:
        says.append(act.announce("The employee has " + (
            "*authorized* union representation: the union representatives take part."
            if stored == UNION_YES else
            "*declined* union representation: the union does not take part in this case, "
            "and HR reviews its plans.") + how))
        says += _plans_after(act, stored)
    return act.done(*says)


def _plans_after(act: Act, stored: str) -> list[Say]:
    """Who reviews the waiting plan now; after a yes, a plan HR already reviewed in the
    union's place keeps that record, said so."""
    says = []
    reviewed = latest_plan(act.s, act.case.id)
    if stored == UNION_YES and reviewed is not None and reviewed.union_waived \
            and reviewed.union_approved_at is not None and reviewed.ended_at is None:
        says.append(act.announce(
            f"Plan #{reviewed.number} was reviewed by HR in the union's place before this "
            "answer (recorded); the union takes part from now on."))
    return says + union_review.now_reviewed_by(act)


def _thread_row(act: Act) -> ImwtThread:
    """The case's thread row, made now if the case had none (an answer before anything
    else; the thread itself opens later)."""
    row = ImwtThread(case_id=act.case.id, union_authorized=UNION_NOT_ASKED,
                     created_at=act.now, updated_at=act.now)
    act.s.add(row)
    act.s.flush()
    act.team.thread = row
    return row
