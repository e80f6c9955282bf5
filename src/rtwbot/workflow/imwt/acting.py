"""How a team member's action is taken: who may take it (a refusal is audited), then the
decision in one transaction, with the edits it makes in Slack (the messages it settles,
the parent) written to the outbox in that transaction; returning a `Result` — what to say
now, and the Slack work `ImwtWorkflow.after` does once that is said."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.domain import privacy
from rtwbot.domain.stages import Action, TransitionError, transition
from rtwbot.store.cases import audit
from rtwbot.store.imwt_models import PlanEvent
from rtwbot.store.models import Case
from rtwbot.workflow import team as teams
from rtwbot.workflow.imwt.access import NOT_ON_TEAM, refusal
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.parent import refresh_parent
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.outbox import Button, Say, Update

CASE_CLOSED = "This case is closed."


@dataclass
class Result:
    case_id: int | None = None
    says: list[Say] = field(default_factory=list)  # thread replies and DMs, in order
    errors: dict[str, str] = field(default_factory=dict)
    refusal: str | None = None
    refresh: bool = False
    checklist: bool = False
    documents: list[int] = field(default_factory=list)  # plan ids
    edits: list[tuple[str, str, Say]] = field(default_factory=list)  # (channel, ts, say)

    @property
    def ok(self) -> bool:
        return not self.errors and self.refusal is None


def refused(text: str) -> Result:
    return Result(refusal=text)


def directory_hr(deps: Deps, case: Case) -> list[str]:
    """The case's HR in Slack, from the directory (the team may not be formed yet)."""
    found = (teams.resolve_entry(teams.Entry(teams.HR, ref), deps.people.user,
                                 deps.people.by_email)
             for ref in deps.directory.hr_for(case.division))
    return list(dict.fromkeys(m.slack_id for m in found if m.in_slack and m.slack_id))


def team_of(deps: Deps, s: Session, reference: str) -> CaseTeam | None:
    """The case's team as an action sees it. Before its thread opens the team is not stored
    yet: its HR is who the directory says (HR records answers from the start)."""
    team = CaseTeam.by_reference(s, reference)
    if team is not None and not team.people.hr:
        team.people = replace(team.people, hr=tuple(directory_hr(deps, team.case)))
    return team


def authorize(s: Session, clock: Clock, team: CaseTeam | None, user: str,
              action: str) -> str | None:
    """None when `user` may take `action` on the case, else the refusal (audited)."""
    if team is None:
        return privacy.NOTHING_TO_SHOW
    rels = privacy.relations(user, team.people)
    why = refusal(rels, action, union_declined=team.union_out)
    if why is not None:
        audit(s, at=clock.now(), actor=user, action="imwt.refused",
              case_id=team.case.id, attempted=action,
              why="not_on_team" if why == NOT_ON_TEAM else "role")
    return why


@dataclass(frozen=True)
class Act:
    """One team member's action on a case, inside the session that records it."""

    s: Session
    team: CaseTeam
    user: str
    now: datetime
    deps: Deps

    @property
    def case(self) -> Case:
        return self.team.case

    def today(self) -> date:
        return self.deps.today()

    def audit(self, action: str, **detail: Any) -> None:
        audit(self.s, at=self.now, actor=self.user, action=action, case_id=self.case.id,
              **detail)

    def record_event(self, kind: str, on_date: date, detail: dict[str, Any],
                     plan_id: int | None = None) -> None:
        """A dated event in the case's plan history (a check-in, a recommendation...)."""
        self.s.add(PlanEvent(case_id=self.case.id, plan_id=plan_id, kind=kind, on_date=on_date,
                             by=self.user, at=self.now, detail=detail))

    def move(self, action: Action) -> str | None:
        """Move the case's stage; the refusal sentence if the program does not allow it."""
        try:
            new = transition(self.case.stage, action)
        except TransitionError as exc:
            return str(exc)
        self.case.stage, self.case.updated_at = new.value, self.now
        return None

    def announce(self, text: str, *events: str, buttons: tuple[Button, ...] = ()) -> Say:
        """The thread message saying what changed; its follow-ups run `events`, then
        "case_changed"."""
        return self.team.reply(text, buttons, events=tuple(
            (event, self.case.id) for event in (*events, "case_changed")))

    def invalid(self, errors: dict[str, str]) -> Result:
        """The modal's fields to fix; nothing was decided."""
        return Result(case_id=self.case.id, errors=errors)

    def done(self, *says: Say, checklist: bool = False, documents: tuple[int, ...] = (),
             edits: tuple[tuple[str, str, Say], ...] = ()) -> Result:
        """Decided: say `says`, then refresh the parent (and the rest) in `after`."""
        return Result(case_id=self.case.id, says=list(says), refresh=True, checklist=checklist,
                      documents=list(documents), edits=list(edits))


def run(deps: Deps, reference: str, user: str, action: str, decide: Callable[[Act], Result],
        *, not_on_team: str = NOT_ON_TEAM) -> Result:
    """Take `action` on the case `reference` as `user`: refused unless their relation to the
    case allows it, else `decide` in one transaction. `not_on_team` is what someone outside
    the team is told."""
    now = deps.clock.now()
    with deps.db.session() as s:
        team = team_of(deps, s, reference)
        why = authorize(s, deps.clock, team, user, action)
        if why:
            return refused(not_on_team if why == NOT_ON_TEAM else why)
        assert team is not None  # authorize refuses an unknown reference
        result = decide(Act(s, team, user, now, deps))
        if result.ok and result.case_id is not None:
            # What the decision changes in Slack is written with it (the outbox).
            deps.enqueue([Update.to(channel, ts, say) for channel, ts, say in result.edits], s)
            if result.refresh:
                refresh_parent(deps, result.case_id, s)
            result.edits, result.refresh = [], False
        return result
