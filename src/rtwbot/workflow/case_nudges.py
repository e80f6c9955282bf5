"""Keeps a case's nudges in step with the case: build the catalogue's snapshot from the
store and let the nudge service create, move or cancel rows. Call after any case change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.nudges.catalogue import CaseSnapshot, PermanentPlacement, TemporaryPlan
from rtwbot.nudges.service import recompute_case_nudges
from rtwbot.store.models import Case, FunctionalInfo

# Other rooms (the IMWT plans) add what they know about a case's plan and placement.
PlanSource = Callable[[Session, Case], tuple[TemporaryPlan | None, PermanentPlacement | None]]
_plan_sources: list[PlanSource] = []


def add_plan_source(source: PlanSource) -> None:
    if source not in _plan_sources:
        _plan_sources.append(source)


def snapshot_of(s: Session, case: Case, now: datetime) -> CaseSnapshot:
    received = s.scalar(
        select(func.min(FunctionalInfo.received_at)).where(FunctionalInfo.case_id == case.id)
    )
    plan, placement = None, None
    for source in _plan_sources:
        found_plan, found_placement = source(s, case)
        plan, placement = plan or found_plan, placement or found_placement
    answers = case.answers or {}
    return CaseSnapshot(
        reference=case.reference,
        kind=case.kind,
        stage=case.stage,
        occurred_at=case.occurred_at,
        learned_at=case.learned_at,
        reportability=case.reportable,
        form7_due=case.form7_due,
        recheck_on=case.recheck_on,
        functional_info_requested_at=case.filed_at,
        functional_info_received_at=received,
        off_work=answers.get("absent") == "yes",
        plan=plan,
        placement=placement,
        as_of=now,
        closed=case.closed_at is not None,
    )


def refresh_case_nudges(s: Session, case: Case, now: datetime, calendar: WorkCalendar) -> None:
    recompute_case_nudges(s, case.id, snapshot_of(s, case, now), calendar, now)
