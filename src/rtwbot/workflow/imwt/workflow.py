"""`ImwtWorkflow`: the IMWT use cases as the listeners call them.

Each action is split in two: the decision (`propose_plan`, `union_approve`...) checks, writes
the store, an audit event and its edits (the plan message, the parent) to the outbox in one
transaction, and returns a `Result` whose `says` (thread replies, DMs) the listener
delivers; `after(result)` then does the Slack work that follows (the checklist, the plan
documents), through the outbox too. A listener acks before both, once the decision is made,
so a modal gets its errors in time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from rtwbot.clock import Clock
from rtwbot.directory import Directory
from rtwbot.domain import privacy
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.participation import IN_SLACK
from rtwbot.forms import FormRegistry
from rtwbot.store.db import Database
from rtwbot.store.imwt_models import OPEN_PLAN_STATES
from rtwbot.workflow.imwt import (
    agreement,
    check_ins,
    closing,
    documents,
    meetings,
    modals,
    parent,
    placement,
    plans,
    thread,
    union,
    union_review,
)
from rtwbot.workflow.imwt.acting import Act, Result, run
from rtwbot.workflow.imwt.plan_checks import refit_note
from rtwbot.workflow.imwt.ports import Deps, Enqueue, PeoplePort, ThreadSlack
from rtwbot.workflow.imwt.records import latest_functional, latest_plan
from rtwbot.workflow.imwt.views import ModalContext
from rtwbot.workflow.outbox import Later, Say, Update

log = logging.getLogger(__package__)  # one logger for the IMWT workflow


class ImwtWorkflow:
    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar, directory: Directory,
                 forms: FormRegistry, people: PeoplePort, slack: ThreadSlack,
                 enqueue: Enqueue):
        self.deps = Deps(db, clock, calendar, directory, forms, people, slack, enqueue)

    def _run(self, reference: str, user: str, action: str,
             decide: Callable[[Act], Result]) -> Result:
        return run(self.deps, reference, user, action, decide)

    # ----------------------------------------------------------------- opening the thread
    def open_thread(self, case_id: int, actor: str | None = None,
                    note: str | None = None) -> list[Say | Later]:
        """Open (or reuse) the case's thread; on reuse, `note` is said in the thread."""
        return thread.open_thread(self.deps, case_id, actor, note)

    def on_functional_info(self, case_id: int) -> list[Say | Later]:
        """Follow-up of `functional_info_recorded`: open the thread, or update it, saying
        whether the open plan still fits the new restrictions and estimate."""
        note = ("New functional information is recorded: the restrictions and dates above "
                "are updated.")
        with self.deps.db.session() as s:
            plan = latest_plan(s, case_id, OPEN_PLAN_STATES)
            if plan is not None:
                abilities = latest_functional(s, case_id)
                note += " " + refit_note(plan.number, plan.duties or [], plan.end,
                                         abilities.get("restrictions") or [], abilities)
        return self.open_thread(case_id, note=note)

    def open_by_reference(self, reference: str, user: str) -> list[Say | Later]:
        """HR's `/rtw team RTW-...`: open the thread by hand (or refresh it)."""
        return thread.open_by_reference(self.deps, reference, user)

    def prepare(self, reference: str, user: str, action: str, plan_id: int | None = None,
                modal: str | None = None, message_ts: str | None = None) -> ModalContext | str:
        """What a modal for `action` needs, or the refusal to show instead of opening it."""
        return modals.prepare(self.deps, reference, user, action, plan_id, modal, message_ts)

    # ----------------------------------------------------------------- temporary plans
    def propose_plan(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        return self._run(reference, user, "propose", lambda act: plans.propose(act, values))

    def union_approve(self, reference: str, plan_id: int | None, user: str,
                      message_ts: str | None = None) -> Result:
        return self._run(reference, user, "union_review",
                         lambda act: plans.union_approve(act, plan_id, message_ts))

    def request_changes(self, reference: str, plan_id: int | None, user: str,
                        values: Mapping[str, Any], message_ts: str | None = None) -> Result:
        return self._run(reference, user, "union_review",
                         lambda act: plans.request_changes(act, plan_id, values, message_ts))

    def employee_plan(self, reference: str, plan_id: int | None, user: str, answer: str,
                      values: Mapping[str, Any] | None = None) -> Result:
        """The employee's answer to a proposed plan: agreed / changes / talk_to_hr."""
        return run(self.deps, reference, user, "employee_plan",
                   lambda act: agreement.respond(act, plan_id, answer, values),
                   not_on_team=privacy.NOTHING_TO_SHOW)

    def check_in(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        return self._run(reference, user, "check_in", lambda act: plans.check_in(act, values))

    def extend(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        return self._run(reference, user, "extend", lambda act: plans.extend(act, values))

    def request_mediation(self, reference: str, user: str) -> Result:
        return self._run(reference, user, "mediation", plans.request_mediation)

    # ----------------------------------------------------------------- closing
    def return_to_regular(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        return self._run(reference, user, "return",
                         lambda act: closing.return_to_regular(act, values))

    def close(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        return self._run(reference, user, "close", lambda act: closing.close(act, values))

    # ----------------------------------------------------------------- permanent accommodation
    def start_permanent(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        return self._run(reference, user, "permanent",
                         lambda act: placement.start_permanent(act, values))

    def record_step(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        return self._run(reference, user, "record_step",
                         lambda act: placement.record_step(act, values))

    def review_placement(self, reference: str, user: str) -> Result:
        """The union reviews a permanent placement (HR in its place when not authorized)."""
        return self._run(reference, user, "union_review", placement.review_placement)

    def choose_step(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        return self._run(reference, user, "choose_step",
                         lambda act: placement.choose_step(act, values))

    # ----------------------------------------------------------------- union authorization
    def record_union_answer(self, reference: str, user: str, answer: str | None,
                            via: str | None = IN_SLACK,
                            given_on: date | None = None) -> Result:
        """Record an answer on union representation — the one way in, whoever gives it:
        `answer` "yes" / "no" (or "talk", to HR first), recorded by `user` — the employee
        in Slack (`via` "slack"), or HR for an employee who is not in Slack, saying how it
        was given (`via` "paper" / "phone" / "in_person") and on which day (`given_on`)."""
        in_slack = via == IN_SLACK
        # Someone else pressing the employee's DM button learns nothing about the case.
        result = run(self.deps, reference, user,
                     "union_authorization" if in_slack else "record_for_employee",
                     lambda act: union.record_answer(act, answer or "", via=via or "",
                                                     given_on=given_on),
                     not_on_team=privacy.NOTHING_TO_SHOW)
        return _then_bring_in(self.deps, result)  # the team as the answer makes it

    def union_authorization(self, reference: str, user: str, answer: str) -> Result:
        """The employee's own answer in Slack: "yes", "no" or "talk" (to HR first)."""
        return self.record_union_answer(reference, user, answer)

    def waive_union_review(self, reference: str, plan_id: int | None, user: str,
                           values: Mapping[str, Any]) -> Result:
        """HR records why a plan goes on without the union's review (not answered)."""
        return self._run(reference, user, "union_waiver",
                         lambda act: union_review.waive(act, plan_id, values))

    def record_agreement(self, reference: str, plan_id: int | None, user: str,
                         values: Mapping[str, Any]) -> Result:
        """HR records the agreement an employee who is not in Slack gave to their plan."""
        return self._run(reference, user, "record_for_employee",
                         lambda act: agreement.record_agreement(act, plan_id, values))

    def schedule_meeting(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        return self._run(reference, user, "meeting",
                         lambda act: meetings.schedule(act, values))

    def ask_union_to_join(self, reference: str, user: str) -> Result:
        return _then_bring_in(self.deps, self._run(reference, user, "ask_union",
                                                   union.ask_union_to_join))

    def bring_in(self, case_id: int) -> list[Say]:
        """Follow-up of TEAM_CHANGED: the channel's members as the team now is."""
        thread.bring_in(self.deps, case_id)
        return []

    def ask_union_at_filing(self, case_id: int) -> list[Say]:
        """Follow-up of `case_filed`: the employee is asked before anything is shared."""
        return union.ask_at_filing(self.deps, case_id)

    def ask_union_again(self, user: str) -> list[Say]:
        """`/rtw union`: the employee changes their answer."""
        return union.ask_again(self.deps, user)

    def employee_check_in(self, case_id: int, user: str, ok: bool,
                          note: str | None = None) -> list[Say]:
        """The employee's weekly answer on modified work."""
        return check_ins.employee_answer(self.deps, case_id, user, ok, note)

    # ----------------------------------------------------------------- the Slack work
    def after(self, result: Result) -> list[Say]:
        """The Slack work a decision calls for once its messages are out (the checklist,
        documents; edits and the parent when the decision did not write them itself);
        returns anything more to say."""
        if result.case_id is None or not result.ok:
            return []
        with self.deps.db.session() as s:
            self.deps.enqueue([Update.to(channel, ts, say) for channel, ts, say in result.edits],
                              s)
            if result.refresh:
                parent.refresh_parent(self.deps, result.case_id, s)
        if result.checklist:
            self.refresh_checklist(result.case_id)
        says: list[Say] = []
        for plan_id in result.documents:
            says += self.post_plan_document(plan_id)
        return says

    def archive_if_closed(self, case_id: int) -> list[Say]:
        """Follow-up of "case_closed", run once the closing message is out: the case's own
        channel is archived after it (archiving first would lose the message)."""
        thread.archive_if_closed(self.deps, case_id)
        return []

    def parent_posted(self, case_id: int) -> list[Say]:
        """Follow-up of the parent's post: the thread is known by its Slack ts from now on."""
        thread.record_parent_ts(self.deps, case_id)
        return []

    def refresh_parent(self, case_id: int) -> None:
        parent.refresh_parent(self.deps, case_id)

    def refresh_checklist(self, case_id: int) -> None:
        placement.refresh_checklist(self.deps, case_id)

    def post_plan_document(self, plan_id: int) -> list[Say]:
        return documents.post_plan_document(self.deps, plan_id)


TEAM_CHANGED = "imwt_team_changed"


def _then_bring_in(deps: Deps, result: Result) -> Result:
    """Who reads the thread changed: the channel is brought in line once the answer has
    been said (a follow-up of its message), so reading the channel's members from Slack
    never happens inside the answer's transaction."""
    if not result.ok or result.case_id is None:
        return result
    carriers = [i for i, say in enumerate(result.says) if isinstance(say, Say)]
    if not carriers:
        thread.bring_in(deps, result.case_id)
        return result
    last = result.says[carriers[-1]]
    result.says[carriers[-1]] = replace(
        last, events=(*last.events, (TEAM_CHANGED, result.case_id)))
    return result
