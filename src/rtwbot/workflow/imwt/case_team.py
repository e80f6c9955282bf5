"""A case with its thread and team, as every IMWT step sees it: who is on the team and in
Slack, who reads the thread, and how to say something there."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot.domain import privacy
from rtwbot.domain.privacy import Relation
from rtwbot.store.cases import case_by_reference
from rtwbot.store.imwt_models import (
    PROPOSED,
    UNION_NO,
    UNION_REVIEW_WAIVED,
    UNION_YES,
    ImwtThread,
    PlanEvent,
    TemporaryPlan,
)
from rtwbot.store.models import Case
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt.records import thread_of
from rtwbot.workflow.outbox import Button, Say
from rtwbot.workflow.team import Member


def slack_ids(members: Iterable[Member], role: str) -> list[str]:
    """The Slack users holding `role`, once each."""
    return list(dict.fromkeys(m.slack_id for m in members
                              if m.role == role and m.in_slack and m.slack_id))


@dataclass
class CaseTeam:
    case: Case
    thread: ImwtThread | None
    members: list[Member]
    people: privacy.CasePeople
    # HR recorded why the plan under review must go on without the union's review.
    union_review_waived: bool = False

    @classmethod
    def of(cls, s: Session, case: Case) -> CaseTeam:
        thread = thread_of(s, case.id)
        members = teams.load_team(s, case.id)
        people = teams.case_people(case, members, thread.union_authorized if thread else None)
        waived = s.scalar(select(PlanEvent.id).join(
            TemporaryPlan, TemporaryPlan.id == PlanEvent.plan_id).where(
            PlanEvent.case_id == case.id, PlanEvent.kind == UNION_REVIEW_WAIVED,
            TemporaryPlan.state == PROPOSED).limit(1)) is not None
        return cls(case, thread, members, people, waived)

    @classmethod
    def by_reference(cls, s: Session, reference: str) -> CaseTeam | None:
        case = case_by_reference(s, reference or "")
        return None if case is None else cls.of(s, case)

    @property
    def union_declined(self) -> bool:
        return self.thread is not None and self.thread.union_authorized == UNION_NO

    @property
    def union_authorized(self) -> bool:
        return self.thread is not None and self.thread.union_authorized == UNION_YES

    @property
    def union_out(self) -> bool:
        """The union takes no part (sees no plan): the employee declined, or has not said
        yes."""
        return not self.union_authorized

    @property
    def hr_reviews_for_union(self) -> bool:
        """HR reviews in the union's place only after the employee's no, or once HR recorded
        why the plan must go on without the union's review. "Not answered" is never a no."""
        return self.union_declined or (self.union_review_waived and not self.union_authorized)

    @property
    def union_answer_awaited(self) -> bool:
        """The union's review waits on the employee's answer (not asked, not answered, or
        they want to talk to HR first)."""
        return not self.union_authorized and not self.hr_reviews_for_union

    def why_union_out(self) -> str | None:
        """What the record says put HR in the union's place (None: the union reviews)."""
        if self.union_authorized:
            return None
        return "employee_declined" if self.union_declined else (
            "hr_recorded_why" if self.union_review_waived else None)

    @property
    def private_channel(self) -> bool:
        return self.thread is not None and bool(self.thread.private_channel)

    @property
    def work_related(self) -> bool:
        return self.case.kind in teams.WORK_RELATED_KINDS

    def in_slack(self, role: str) -> list[str]:
        return slack_ids(self.members, role)

    def insurer(self) -> Member | None:
        return next((m for m in self.members if m.role == teams.INSURER), None)

    def audience_ids(self) -> list[str]:
        """The team members who read the thread (the employee is not in the channel)."""
        ids = []
        for m in self.members:
            if m.role == teams.EMPLOYEE or not m.in_slack or not m.slack_id:
                continue
            rels = privacy.relations(m.slack_id, self.people)
            if Relation.NONE in rels:
                continue  # e.g. a union rep after the employee declined representation
            if rels == {Relation.UNION_PENDING} and self.private_channel:
                continue  # not brought into the case's own channel before consent
            ids.append(m.slack_id)
        if self.case.supervisor_id not in ids:
            ids.append(self.case.supervisor_id)
        return list(dict.fromkeys(ids))

    def audience(self) -> list[frozenset[Relation]]:
        return [privacy.relations(i, self.people) for i in self.audience_ids()]

    def mentions(self, *roles: str) -> str:
        ids = [i for role in roles for i in self.in_slack(role)
               if not (role in (teams.UNION, teams.SAFETY_REP) and self.union_out)]
        return " ".join(f"<@{i}>" for i in dict.fromkeys(ids))

    def reply(self, text: str, buttons: tuple[Button, ...] = (),
              events: tuple[tuple[str, int], ...] = ()) -> Say:
        """A message in the case's thread."""
        assert self.thread is not None
        return Say(text=text, channel=self.thread.channel, thread_ts=self.thread.ts,
                   buttons=buttons, events=events)
