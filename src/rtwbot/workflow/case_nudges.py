"""Keeps a case in step with its facts, and its nudges in step with the case: the duties
are computed from all of the case's facts (`rtwbot.domain.timeline`, read by
`workflow.facts`), written to the case (its kind, reportability and Form 7 clock, the report's
answers as now known), then the catalogue's snapshot is built and the nudge service creates,
moves or cancels rows. Call after any change, whatever its source.

Some facts are not columns but follow from what people did: the duties closed by someone
entitled (`duty_records`: the worker's copy of Form 7, the OHSA notices, the first contact),
and the last check-in, the newest closed check-in or one recorded in the team thread. Form 7
counts as filed only when HR recorded it sent (`/rtw form7`): a supervisor's Done on its
reminder passes it to HR and files nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rtwbot.domain import timeline
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reporting import CaseKind, Reportability
from rtwbot.domain.reporting import Status as ReportStatus
from rtwbot.domain.stages import Stage
from rtwbot.nudges.catalogue import CaseSnapshot, PermanentPlacement, TemporaryPlan
from rtwbot.nudges.service import recompute_case_nudges
from rtwbot.store import imwt_models as imwt
from rtwbot.store.duty_models import closed_duties, last_done
from rtwbot.store.models import Case, FunctionalInfo
from rtwbot.workflow import reemployment
from rtwbot.workflow import team as teams
from rtwbot.workflow.facts import duties_of

if TYPE_CHECKING:
    from rtwbot.workflow.outbox import Say
    from rtwbot.workflow.wiring import Wiring as Bot


def _last_check_in(s: Session, case_id: int) -> datetime | None:
    done = last_done(s, case_id, "check_in", "first_contact")
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


# Back at work, even on modified duties, is a return: the case is not stalled.
WORKING_STAGES = (Stage.TEMPORARY_MODIFIED_WORK, Stage.CLOSED)


def days_away(case: Case, off_work: bool, now: datetime, calendar: WorkCalendar) -> int:
    """Days since the accident for someone still off work: what the stall rule counts."""
    if not off_work or case.stage in WORKING_STAGES:
        return 0
    return max(0, (calendar.local_date(now) - calendar.local_date(case.occurred_at)).days)


def snapshot_of(s: Session, case: Case, now: datetime, calendar: WorkCalendar,
                duties: timeline.Duties | None = None) -> CaseSnapshot:
    duties = duties or duties_of(s, case, calendar)
    received = s.scalar(
        select(func.min(FunctionalInfo.received_at)).where(FunctionalInfo.case_id == case.id)
    )
    values = duties.values
    off_work = duties.off_work
    closed = closed_duties(s, case.id)
    form7_filed_at = last_done(s, case.id, "form7")
    last_check_in = _last_check_in(s, case.id)
    union = s.scalar(select(imwt.ImwtThread.union_authorized).where(
        imwt.ImwtThread.case_id == case.id))
    if case.form7_received_on is not None:  # HR recorded it sent (the WSIB's receipt)
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
        worker_given_form7_copy=bool(case.form7_worker_copy) or "form7_worker_copy" in closed,
        functional_info_requested_at=case.filed_at,
        functional_info_received_at=received,
        off_work=off_work,
        off_work_since=duties.off_work_since,
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
        ohsa_notice_due=duties.ohsa.notice_due if duties.ohsa.required else None,
        ohsa_since=duties.ohsa_since,
        ohsa_notice_given="ohsa_s52_notice" in closed,
        critical_injury=duties.critical,
        critical_since=duties.critical_since,
        worker_contact_held=duties.worker_contact_held,
        closed_duties=closed,
        first_contact_made=last_check_in is not None,
        reemployment_ends_on=reemployment.ends_on(s, case.id),
        missing_facts=any(values.get(k) in (None, "unknown") for k in timeline.REPORTING),
        facts_updated=case.facts_updated_at is not None,
    )


@dataclass(frozen=True)
class Change:
    """What a recompute did to a case: its reportability before and after, and the duties
    as now known (for the messages of `workflow.duty_notices`)."""

    before: Reportability
    after: Reportability
    duties: timeline.Duties
    kind_before: str


def _apply(case: Case, duties: timeline.Duties) -> Change:
    """The duties written to the case: its kind, reportability and Form 7 clock, and the
    report's answers as now known (the forms print them)."""
    before = Reportability(status=cast(ReportStatus, case.reportable), reasons=(),
                           obligation_date=case.obligation_date, form7_due=case.form7_due,
                           recheck_on=case.recheck_on)
    r = duties.reportability
    if case.form7_received_on is not None and before.status == "reportable":
        r = before  # Form 7 is already with the WSIB: its clock is history
    kind_before = case.kind
    case.kind = duties.kind
    case.reportable, case.obligation_date = r.status, r.obligation_date
    case.form7_due, case.recheck_on = r.form7_due, r.recheck_on
    answers = dict(case.answers or {})
    now_known = {k: v for k, v in duties.values.items()
                 if k in timeline.REPORT_KEYS and answers.get(k) != v}
    if now_known:
        case.answers = {**answers, **now_known}
    return Change(before=before, after=r, duties=duties, kind_before=kind_before)


def refresh_case_nudges(s: Session, case: Case, now: datetime,
                        calendar: WorkCalendar) -> Change:
    """Recompute the case from all of its facts, then its nudges (in the caller's
    transaction); returns what changed."""
    duties = duties_of(s, case, calendar)
    change = _apply(case, duties)
    s.flush()
    recompute_case_nudges(s, case.id, snapshot_of(s, case, now, calendar, duties), calendar,
                          now)
    return change


# Anything that changes a case changes what is due next.
CASE_EVENTS = ("functional_info_recorded", "case_changed", "case_closed", "nudge_done")


def register(bot: Bot) -> None:
    from rtwbot.workflow.duty_notices import change_notices

    def refresh(case_id: int) -> list[Say]:
        with bot.db.session() as s:
            case = s.get(Case, case_id)
            if case is None:
                return []
            now = bot.clock.now()
            change = refresh_case_nudges(s, case, now, bot.calendar)
            hr = [uid for ref in bot.directory.hr_for(case.division)
                  if (uid := bot.people.resolve(ref))]
            return change_notices(case, change, bot.calendar.local_date(now), hr,
                                  bot.directory.channels.hr)

    for event in CASE_EVENTS:
        bot.on(event, refresh)
