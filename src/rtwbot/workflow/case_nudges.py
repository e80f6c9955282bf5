"""Keeps a case's nudges in step with the case: build the catalogue's snapshot from the
store and let the nudge service create, move or cancel rows. Call after any case change.

Some facts are not columns but follow from what people did: Form 7 counts as filed when
its reminder was marked Done, the worker's copy likewise, and the last check-in is the
newest Done check-in reminder or check-in recorded in the team thread.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reporting import CaseKind, ohsa_notice_due
from rtwbot.domain.stages import Stage
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.catalogue import CaseSnapshot, PermanentPlacement, TemporaryPlan
from rtwbot.nudges.service import recompute_case_nudges
from rtwbot.store import imwt_models as imwt
from rtwbot.store.models import Case, FunctionalInfo
from rtwbot.store.nudge_models import ACKNOWLEDGED, Nudge
from rtwbot.workflow import reemployment
from rtwbot.workflow import team as teams
from rtwbot.workflow.filing import report_facts

if TYPE_CHECKING:
    from rtwbot.workflow.wiring import Wiring


def _done_at(s: Session, case_id: int, *kinds: str) -> datetime | None:
    """When a reminder of these kinds was first marked Done."""
    return s.scalar(select(func.min(Nudge.acknowledged_at)).where(
        Nudge.case_id == case_id, Nudge.kind.in_(kinds), Nudge.state == ACKNOWLEDGED))


def _last_check_in(s: Session, case_id: int) -> datetime | None:
    done = s.scalar(select(func.max(Nudge.acknowledged_at)).where(
        Nudge.case_id == case_id, Nudge.kind.in_((c.CHECK_IN, c.FIRST_CONTACT)),
        Nudge.state == ACKNOWLEDGED))
    recorded = s.scalar(select(func.max(imwt.PlanEvent.at)).where(
        imwt.PlanEvent.case_id == case_id, imwt.PlanEvent.kind == imwt.CHECK_IN))
    return max((d for d in (done, recorded) if d is not None), default=None)


def _last_event(s: Session, case_id: int, kind: str) -> datetime | None:
    return s.scalar(select(func.max(imwt.PlanEvent.at)).where(
        imwt.PlanEvent.case_id == case_id, imwt.PlanEvent.kind == kind))


def _meetings(s: Session, case_id: int) -> tuple[tuple[date, str], ...]:
    rows = s.scalars(select(imwt.PlanEvent).where(
        imwt.PlanEvent.case_id == case_id, imwt.PlanEvent.kind == imwt.MEETING))
    return tuple((r.on_date, str((r.detail or {}).get("when") or ""))
                 for r in rows if r.on_date is not None)  # a meeting always has its day


def _plan(s: Session, case_id: int) -> TemporaryPlan | None:
    row = s.scalars(select(imwt.TemporaryPlan).where(
        imwt.TemporaryPlan.case_id == case_id,
        imwt.TemporaryPlan.state.in_(imwt.OPEN_PLAN_STATES),
    ).order_by(imwt.TemporaryPlan.number.desc())).first()
    if row is None:
        return None
    reviews = tuple(date.fromisoformat(d) if isinstance(d, str) else d
                    for d in row.review_dates or ())
    waived = s.scalar(select(imwt.PlanEvent.id).where(
        imwt.PlanEvent.plan_id == row.id, imwt.PlanEvent.kind == imwt.UNION_REVIEW_WAIVED)
        .limit(1)) is not None
    return TemporaryPlan(start=row.start, end=row.end, review_dates=reviews,
                         submitted_at=row.proposed_at, union_approved_at=row.union_approved_at,
                         union_review_waived=waived)


def _union_unanswered(s: Session, case_id: int, answer: str | None) -> bool:
    """Not answered (never asked, or "talk to me first") with a union to answer for."""
    if answer in (imwt.UNION_YES, imwt.UNION_NO):
        return False
    return s.scalar(select(imwt.CaseParticipant.id).where(
        imwt.CaseParticipant.case_id == case_id,
        imwt.CaseParticipant.role.in_((teams.UNION, teams.SAFETY_REP))).limit(1)) is not None


def _placement(s: Session, case_id: int) -> PermanentPlacement | None:
    row = s.scalar(select(imwt.Placement).where(imwt.Placement.case_id == case_id))
    if row is None:
        return None
    return PermanentPlacement(start=row.start, training_start=row.training_start)


# The report's answers that decide whether the WSIB must be told.
_REPORTING_FACTS = ("health_care", "absent", "lower_pay", "modified_work")

# Back at work, even on modified duties, is a return: the case is not stalled.
WORKING_STAGES = (Stage.TEMPORARY_MODIFIED_WORK, Stage.CLOSED)


def days_away(case: Case, off_work: bool, now: datetime, calendar: WorkCalendar) -> int:
    """Days since the accident for someone still off work: what the stall rule counts."""
    if not off_work or case.stage in WORKING_STAGES:
        return 0
    return max(0, (calendar.local_date(now) - calendar.local_date(case.occurred_at)).days)


def ohsa_due(case: Case, calendar: WorkCalendar) -> date | None:
    """The OHSA s.52 written notice date, when the report's answers call for one."""
    try:
        notice = ohsa_notice_due(report_facts(case.answers or {}, calendar), calendar)
    except (KeyError, ValueError, TypeError):  # an old or partial answer set: no notice date
        return None
    return notice.notice_due if notice.required else None


def snapshot_of(s: Session, case: Case, now: datetime, calendar: WorkCalendar) -> CaseSnapshot:
    received = s.scalar(
        select(func.min(FunctionalInfo.received_at)).where(FunctionalInfo.case_id == case.id)
    )
    answers = case.answers or {}
    off_work = answers.get("absent") == "yes"
    form7_filed_at = _done_at(s, case.id, c.FORM7_DUE, c.FORM7_LATE)
    last_check_in = _last_check_in(s, case.id)
    union = s.scalar(select(imwt.ImwtThread.union_authorized).where(
        imwt.ImwtThread.case_id == case.id))
    if case.form7_received_on is not None:  # HR recorded the WSIB's receipt
        form7_filed_at = form7_filed_at or calendar.start_of_work(case.form7_received_on)
    return CaseSnapshot(
        reference=case.reference,
        kind=cast(CaseKind, case.kind),
        stage=case.stage,
        occurred_at=case.occurred_at,
        learned_at=case.learned_at,
        reportability=case.reportable,
        obligation_date=case.obligation_date,
        form7_due=case.form7_due,
        recheck_on=case.recheck_on,
        form7_filed=form7_filed_at is not None,
        form7_filed_at=form7_filed_at,
        worker_given_form7_copy=bool(case.form7_worker_copy)
        or _done_at(s, case.id, c.FORM7_WORKER_COPY) is not None,
        functional_info_requested_at=case.filed_at,
        functional_info_received_at=received,
        off_work=off_work,
        days_without_return=days_away(case, off_work, now, calendar),
        last_check_in_at=last_check_in,
        last_employee_check_in_at=_last_event(s, case.id, imwt.EMPLOYEE_CHECK_IN),
        last_progress_at=_last_event(s, case.id, imwt.CHECK_IN),
        union_authorized=union == imwt.UNION_YES,
        union_unanswered=_union_unanswered(s, case.id, union),
        employee_in_slack=bool(case.employee_user_id),
        meetings=_meetings(s, case.id),
        plan=_plan(s, case.id),
        placement=_placement(s, case.id),
        as_of=now,
        closed=case.closed_at is not None,
        ohsa_notice_due=ohsa_due(case, calendar),
        ohsa_notice_given=_done_at(s, case.id, c.OHSA_NOTICE) is not None,
        critical_injury=answers.get("critical_injury") == "yes",
        critical_injury_acknowledged=_done_at(s, case.id, c.CRITICAL_INJURY) is not None,
        first_contact_made=last_check_in is not None,
        reemployment_ends_on=reemployment.ends_on(s, case.id),
        missing_facts=any(answers.get(k) in (None, "unknown") for k in _REPORTING_FACTS),
        facts_updated=case.facts_updated_at is not None,
    )


def refresh_case_nudges(s: Session, case: Case, now: datetime, calendar: WorkCalendar) -> None:
    recompute_case_nudges(s, case.id, snapshot_of(s, case, now, calendar), calendar, now)


# Anything that changes a case changes what is due next.
CASE_EVENTS = ("functional_info_recorded", "case_changed", "case_closed", "nudge_done")


def register(bot: Wiring) -> None:
    def refresh(case_id: int) -> None:
        with bot.db.session() as s:
            case = s.get(Case, case_id)
            if case is not None:
                refresh_case_nudges(s, case, bot.clock.now(), bot.calendar)

    for event in CASE_EVENTS:
        bot.on(event, refresh)
