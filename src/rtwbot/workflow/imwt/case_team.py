"""A case with its thread and team, as every IMWT step sees it: who is on the team and in
Slack, who reads the thread, and how to say something there."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from rtwbot.domain import participation, privacy
from rtwbot.domain.privacy import Relation
from rtwbot.store.cases import case_by_reference
from rtwbot.store.imwt_models import UNION_NO, UNION_YES, ImwtThread
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

    @classmethod
    def of(cls, s: Session, case: Case) -> CaseTeam:
        thread = thread_of(s, case.id)
        members = teams.load_team(s, case.id)
        people = teams.case_people(case, members, thread.union_authorized if thread else None)
        return cls(case, thread, members, people)

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
    def union_answer(self) -> str | None:
        """The employee's answer on union representation: participation.YES or NO, or None
        while not answered (never asked, or "talk to me first") — never taken as a no."""
        value = self.thread.union_authorized if self.thread is not None else None
        return {UNION_YES: participation.YES, UNION_NO: participation.NO}.get(value or "")

    @property
    def has_union(self) -> bool:
        """A union represents the employee's unit (the directory names one for the team)."""
        return any(m.role in (teams.UNION, teams.SAFETY_REP) for m in self.members)

    @property
    def union_out(self) -> bool:
        """The union takes no part (yet): the employee has not said yes, or there is none.
        Who reviews a plan then is `review_basis`'s answer, not this."""
        return not self.union_authorized or not self.has_union

    def review_basis(self, hr_reason: bool = False) -> str:
        """Who reviews a plan for the union (domain.participation.union_review_basis)."""
        return participation.union_review_basis(self.union_answer, has_union=self.has_union,
                                                hr_reason=hr_reason)

    @property
    def employee_in_slack(self) -> bool:
        return bool(self.case.employee_user_id)

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
