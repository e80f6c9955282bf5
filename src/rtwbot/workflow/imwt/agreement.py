"""The employee's part in their plan: a proposed plan goes to the employee by DM (duties,
hours, dates, reviews, pay) to agree, ask for changes, or ask to talk to HR. A plan is agreed
only when the union's review (HR's in its place, recorded with why) and the employee's
agreement are both in (`domain.participation`).

Nothing is assumed for an employee who is not in Slack: HR records their agreement, with how
(paper, phone, in person) and when they gave it (`record_agreement`). HR never agrees in the
place of an employee who is in Slack.

What the employee types when asking for changes is theirs: it goes to HR alone; the team is
told only that changes were asked for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtwbot.domain import participation
from rtwbot.domain.participation import GIVEN_TO_HR, IN_SLACK, check_given
from rtwbot.domain.stages import Action, Stage
from rtwbot.store.imwt_models import AGREED, CHANGES_REQUESTED, PROPOSED, TemporaryPlan
from rtwbot.store.models import Case
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt import union_review
from rtwbot.workflow.imwt.acting import Act, Result, refused
from rtwbot.workflow.imwt.records import latest_plan
from rtwbot.workflow.imwt.values import as_date, fmt, text_value
from rtwbot.workflow.outbox import Button, Say, escape

AGREE, CHANGES, TALK = "agreed", "changes", "talk_to_hr"
NOT_WAITING = "That plan is no longer waiting for your answer."


def employee_done(plan: TemporaryPlan) -> bool:
    """The employee agreed: themselves in Slack, or HR recorded the agreement an employee
    who is not in Slack gave on paper, by phone or in person. Never assumed."""
    return plan.employee_agreed_at is not None


def how_agreed(plan: TemporaryPlan) -> str:
    """How the employee's agreement was given, when HR recorded it: " (on paper on …,
    recorded by <@HR>)"; nothing when they agreed in Slack."""
    how = GIVEN_TO_HR.get(plan.employee_agreed_via or "")
    if not how or plan.employee_agreed_on is None:
        return ""
    return f" ({how} on {fmt(plan.employee_agreed_on)}, recorded by <@{plan.employee_agreed_by}>)"


def ask_employee(case: Case, plan: TemporaryPlan, abilities: Mapping[str, Any]) -> Say | None:
    """The proposed plan, to the employee, with their three answers (`abilities`: the
    functional information the plan's end is measured against)."""
    if not case.employee_user_id:
        return None
    from rtwbot.workflow.imwt.plans import plan_text  # one rendering of a plan

    value = f"{case.reference}|{plan.id}"
    text = (plan_text(case, plan, "proposed to you", abilities)
            + "\nYou take part in your own plan: does it work for you? It is agreed only "
              "once you (and your union, where you authorized it) agree.")
    return Say(text=text, to_user=case.employee_user_id, buttons=(
        Button("I agree", "imwt_plan_agree", value, "primary"),
        Button("Ask for changes", "imwt_plan_changes", value),
        Button("Talk to HR first", "imwt_plan_talk", value)))


def finalize(act: Act, plan: TemporaryPlan,
             edits: tuple[tuple[str, str, Say], ...] = ()) -> Result:
    """Both agreements are in: the plan is agreed, the case is on modified work, the
    document follows."""
    case, now = act.case, act.now
    if not participation.agreed(plan.union_approved_at is not None, employee_done(plan)):
        return act.done()
    if case.stage != Stage.TEMPORARY_MODIFIED_WORK:
        moved = act.move(Action.START_TEMPORARY_PLAN)
        if moved:
            return refused(moved)
    plan.state, plan.updated_at = AGREED, now
    act.audit("imwt.plan_agreed", plan=plan.number, union_waived=plan.union_waived,
              basis=plan.union_review_basis, employee_via=plan.employee_agreed_via)
    who = union_review.who_reviewed(plan)
    says = [act.announce(
        f":white_check_mark: Plan #{plan.number} is *agreed* by the employee"
        f"{how_agreed(plan)} and {who}. "
        f"It runs {fmt(plan.start)} to {fmt(plan.end)}. The plan document follows.",
        "imwt_plan_agreed")]
    if case.employee_user_id:
        says.append(Say(text=(f"Your temporary modified work plan for *{case.reference}* "
                              f"is agreed: {fmt(plan.start)} to {fmt(plan.end)}. Your copy "
                              "of the plan follows. Ask me *status* any time."),
                        to_user=case.employee_user_id))
    return act.done(*says, documents=(plan.id,), edits=tuple(edits))


def respond(act: Act, plan_id: int | None, answer: str,
            values: Mapping[str, Any] | None = None) -> Result:
    """The employee's answer to a proposed plan."""
    case, now = act.case, act.now
    plan = act.s.get(TemporaryPlan, plan_id) if plan_id else None
    if plan is None or plan.case_id != case.id or plan.state != PROPOSED:
        return refused(NOT_WAITING)
    hr = act.team.in_slack(teams.HR)
    name = escape(case.employee_name or "The employee")
    if answer == AGREE:
        plan.employee_response, plan.employee_response_at = AGREE, now
        plan.employee_agreed_by, plan.employee_agreed_at = act.user, now
        plan.employee_agreed_via, plan.employee_agreed_on = IN_SLACK, act.today()
        act.audit("imwt.plan_employee_agreed", plan=plan.number)
        mine = Say(text=f"Thank you — you agreed to plan #{plan.number}.", to_user=act.user)
        if plan.union_approved_at is None:
            told = act.announce(f"The employee agreed to plan #{plan.number}; it waits for "
                                "the union's review.")
            return act.done(mine, told)
        done = finalize(act, plan)
        done.says.insert(0, mine)
        return done
    if answer == CHANGES:
        note = text_value(values or {}, "note")
        if not note:
            return act.invalid({"note": "Say what should change."})
        plan.employee_response, plan.employee_response_at = CHANGES, now
        plan.state, plan.updated_at = CHANGES_REQUESTED, now
        act.audit("imwt.plan_employee_changes", plan=plan.number)  # never the note
        private = [Say(text=(f"*{case.reference}*: {name} asked for changes to plan "
                             f"#{plan.number} (only you see this):\n> {escape(note)}"),
                       to_user=u) for u in hr]
        told = act.announce(f"The employee asked for changes to plan #{plan.number}; HR "
                            f"has the details. {act.team.mentions(teams.HR)} please revise "
                            "it with the supervisor and propose it again.")
        mine = Say(text="Thank you — HR has your request and will revise the plan with "
                        "you.", to_user=act.user)
        return act.done(mine, *private, told)
    if answer == TALK:
        plan.employee_response, plan.employee_response_at = TALK, now
        act.audit("imwt.plan_employee_talk", plan=plan.number)
        private = [Say(text=(f"*{case.reference}*: {name} would like to talk with you about "
                             f"plan #{plan.number} before agreeing."), to_user=u) for u in hr]
        mine = Say(text="HR will contact you. Your plan waits for your answer.",
                   to_user=act.user)
        return act.done(mine, *private)
    return refused("I did not understand that answer.")


def record_agreement(act: Act, plan_id: int | None, values: Mapping[str, Any]) -> Result:
    """HR records that an employee who is not in Slack agreed to their proposed plan, with
    how and when they gave it. An employee in Slack agrees only themselves."""
    case, now = act.case, act.now
    name = escape(case.employee_name or "The employee")
    if act.team.employee_in_slack:
        return refused(f"{name} is in Slack, so only they can agree to their plan (from the "
                       "plan in their direct messages); HR cannot agree in their place.")
    plan = act.s.get(TemporaryPlan, plan_id) if plan_id \
        else latest_plan(act.s, case.id, (PROPOSED,))
    if plan is None or plan.case_id != case.id or plan.state != PROPOSED:
        return refused("There is no proposed plan waiting for the employee's agreement.")
    if plan.employee_agreed_at is not None:
        return refused(f"The employee's agreement to plan #{plan.number} is already recorded.")
    via, given_on = values.get("via"), as_date(values.get("on"))
    errors = check_given(via, given_on, act.today(),
                         earliest=act.deps.calendar.local_date(plan.proposed_at))
    if errors:
        return act.invalid(errors)
    assert given_on is not None and isinstance(via, str)
    plan.employee_response, plan.employee_response_at = AGREE, now
    plan.employee_agreed_by, plan.employee_agreed_at = act.user, now
    plan.employee_agreed_via, plan.employee_agreed_on = via, given_on
    act.audit("imwt.plan_employee_agreement_recorded", plan=plan.number, via=via,
              on=given_on.isoformat())
    if plan.union_approved_at is None:
        return act.done(act.announce(
            f"<@{act.user}> recorded that {name} agreed to plan #{plan.number} "
            f"({GIVEN_TO_HR[via]} on {fmt(given_on)}). It waits for the union's review."))
    return finalize(act, plan)

