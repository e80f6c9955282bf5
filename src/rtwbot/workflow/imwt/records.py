"""Reading a case's IMWT rows: its thread, newest functional abilities, plans, placement
and placement checklist."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot.domain import privacy
from rtwbot.domain.accommodation import PlacementChecklist, StepRecord
from rtwbot.domain.accommodation import PlacementStep as Step
from rtwbot.store.imwt_models import (
    UNION_REVIEW_WAIVED,
    ImwtThread,
    Placement,
    PlanEvent,
    TemporaryPlan,
)
from rtwbot.store.imwt_models import PlacementStep as StepRow
from rtwbot.store.models import Case, FunctionalInfo


def thread_of(s: Session, case_id: int) -> ImwtThread | None:
    return s.scalar(select(ImwtThread).where(ImwtThread.case_id == case_id))


def case_for_thread(s: Session, channel: str, thread_ts: str) -> Case | None:
    """The case whose IMWT thread this is (a thread message's channel + thread ts)."""
    row = s.scalar(select(ImwtThread).where(ImwtThread.channel == channel,
                                            ImwtThread.ts == thread_ts))
    return s.get(Case, row.case_id) if row else None


def latest_functional(s: Session, case_id: int) -> dict[str, Any]:
    """The newest functional abilities of a case as the team may know them (never its
    comments nor anything typed on the form): see `team_abilities`."""
    return team_abilities(newest_functional_info(s, case_id))


def newest_functional_info(s: Session, case_id: int) -> FunctionalInfo | None:
    return s.scalar(select(FunctionalInfo).where(FunctionalInfo.case_id == case_id)
                    .order_by(FunctionalInfo.received_at.desc(), FunctionalInfo.id.desc())
                    .limit(1))


# What of a functional abilities record is structured (chosen, not typed): the plan's dates
# and hours are checked against the form's dates and recommended hours.
_STRUCTURED = ("return_status", "expected_duration", "next_assessment", "said_by",
               "estimated_end", "assessment_date", "completed_on", "recommended_hours",
               "recommended_start")


def team_abilities(row: FunctionalInfo | None) -> dict[str, Any]:
    """The structured abilities, with the restriction lines the team may see
    (`privacy.shared_restrictions`: the form's lines and HR's approved wording)."""
    if row is None:
        return {}
    abilities = dict(row.abilities or {})
    out = {k: abilities.get(k) for k in _STRUCTURED if abilities.get(k)}
    out["restrictions"] = privacy.shared_restrictions(abilities.get("restrictions") or [],
                                                      row.team_wording)
    out["wording_approved"] = row.team_wording is not None
    return out


def latest_plan(s: Session, case_id: int,
                states: Iterable[str] | None = None) -> TemporaryPlan | None:
    """The case's newest temporary plan (in one of `states`, when given)."""
    q = select(TemporaryPlan).where(TemporaryPlan.case_id == case_id)
    if states is not None:
        q = q.where(TemporaryPlan.state.in_(tuple(states)))
    return s.scalar(q.order_by(TemporaryPlan.number.desc()).limit(1))


def waiver_reason(s: Session, case_id: int, plan_id: int | None) -> str | None:
    """Why HR recorded that this plan (None: the permanent placement) goes on without the
    union's review, if it did."""
    which = PlanEvent.plan_id.is_(None) if plan_id is None else PlanEvent.plan_id == plan_id
    event = s.scalars(select(PlanEvent).where(PlanEvent.case_id == case_id, which,
                                              PlanEvent.kind == UNION_REVIEW_WAIVED)
                      .order_by(PlanEvent.id.desc())).first()
    return str((event.detail or {}).get("reason") or "") if event is not None else None


def placement_of(s: Session, case_id: int) -> Placement | None:
    return s.scalar(select(Placement).where(Placement.case_id == case_id))


def step_row(s: Session, case_id: int, step: Step) -> StepRow | None:
    return s.scalar(select(StepRow).where(StepRow.case_id == case_id,
                                          StepRow.step == int(step)))


def load_checklist(s: Session, case_id: int) -> PlacementChecklist:
    """The placement steps recorded so far, as the domain's checklist."""
    rows = list(s.scalars(select(StepRow).where(StepRow.case_id == case_id)))
    records = tuple(sorted((StepRecord(Step(r.step), r.available, r.reason or "")
                            for r in rows), key=lambda r: r.step))
    chosen = next((Step(r.step) for r in rows if r.chosen), None)
    return PlacementChecklist(records=records, chosen=chosen)
