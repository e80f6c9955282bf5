"""The one adapter between the store and the metrics: reads plain records for a period.

Where each date comes from (the single place to change when the store learns more):
- Form 7 received: the date HR recorded the WSIB received it (`cases.form7_received_on`,
  `/rtw form7`). A Form 7 with no recorded receipt past its due day counts as late;
- functional abilities form sent: the first RTW information / functional abilities document;
- functional information: the first `functional_info` row; a plan agreed: a temporary plan's
  union approval (or waiver) time; a placement: its start;
- back at regular duties: the `case.closed` audit row's `returned_on` (the date HR entered),
  else the closing day of a case closed as returned to regular duties;
- mediation: `plan_events` of kind `mediation_requested`.
Cases read: those filed by the period's end and not closed before it began, so the cost
follows the period's cases, not the table.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.orm import Session

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.metrics.figures import Period
from rtwbot.metrics.records import CaseRecord, NudgeRecord, PlanRecord
from rtwbot.store.imwt_models import MEDIATION_REQUESTED, Placement, PlanEvent, TemporaryPlan
from rtwbot.store.models import AuditEvent, Case, Document, FunctionalInfo
from rtwbot.store.nudge_models import Nudge

PACKAGE = ("rtwi", "functional-abilities")
OPEN_NUDGE_STATES = ("pending", "claimed", "sent", "snoozed")
RETURNED = "returned_to_regular_duties"


def _bounds(period: Period, cal: WorkCalendar) -> tuple[datetime, datetime]:
    start = datetime.combine(period.start, time.min, tzinfo=cal.tz)
    return start, datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=cal.tz)


def _first_dates(db: Connection, stmt, cal: WorkCalendar) -> dict[int, date]:
    return {cid: cal.local_date(at) for cid, at in db.execute(stmt) if at is not None}


def load_records(s: Session, period: Period, cal: WorkCalendar,
                 now: datetime) -> tuple[list[CaseRecord], list[NudgeRecord]]:
    start, end = _bounds(period, cal)
    db = s.connection()  # plain rows: no ORM result machinery for tens of thousands of them
    in_scope = and_(Case.filed_at < end, or_(Case.closed_at.is_(None), Case.closed_at >= start))
    ids = select(Case.id).where(in_scope).scalar_subquery()
    day = cal.local_date

    def first(col, case_col, *where):
        return _first_dates(db, select(case_col, func.min(col)).where(
            case_col.in_(ids), *where).group_by(case_col), cal)

    package = first(Document.created_at, Document.case_id, Document.template.in_(PACKAGE))
    info = first(FunctionalInfo.received_at, FunctionalInfo.case_id)
    placed = {cid: d for cid, d in db.execute(
        select(Placement.case_id, Placement.start).where(Placement.case_id.in_(ids)))}
    plans: dict[int, list[PlanRecord]] = defaultdict(list)
    for cid, agreed, p_start, p_end, ended in db.execute(
            select(TemporaryPlan.case_id, TemporaryPlan.union_approved_at, TemporaryPlan.start,
                   TemporaryPlan.end, TemporaryPlan.ended_at)
            .where(TemporaryPlan.case_id.in_(ids), TemporaryPlan.union_approved_at.is_not(None))):
        assert agreed is not None  # the query keeps agreed plans only
        plans[cid].append(PlanRecord(day(agreed), p_start, p_end, day(ended) if ended else None))
    mediation: dict[int, list[date]] = defaultdict(list)
    for cid, on, at in db.execute(select(PlanEvent.case_id, PlanEvent.on_date, PlanEvent.at).where(
            PlanEvent.case_id.in_(ids), PlanEvent.kind == MEDIATION_REQUESTED)):
        mediation[cid].append(on or day(at))
    returned: dict[int, date] = {}
    for cid, detail in db.execute(select(AuditEvent.case_id, AuditEvent.detail).where(
            AuditEvent.case_id.in_(ids), AuditEvent.action == "case.closed")):
        if (detail or {}).get("returned_on"):
            returned[cid] = date.fromisoformat(detail["returned_on"])

    cases = []
    for c in db.execute(select(
            Case.id, Case.kind, Case.division, Case.stage, Case.learned_at, Case.filed_at,
            Case.form7_due, Case.form7_received_on, Case.closed_at, Case.close_reason, Case.answers).where(in_scope)):
        closed = day(c.closed_at) if c.closed_at else None
        back = returned.get(c.id) or (closed if c.close_reason == RETURNED else None)
        cases.append(CaseRecord(
            id=c.id, kind=c.kind, division=c.division, stage=c.stage,
            learned_on=day(c.learned_at), filed_on=day(c.filed_at),
            absent=(c.answers or {}).get("absent") == "yes", form7_due=c.form7_due,
            form7_filed_on=c.form7_received_on, package_sent_on=package.get(c.id),
            functional_info_on=info.get(c.id), plans=tuple(plans.get(c.id, ())),
            placed_on=placed.get(c.id), returned_on=back, closed_on=closed,
            mediation_on=tuple(mediation.get(c.id, ())),
        ))
    nudges = [NudgeRecord(division, day(created), parent is not None,
                          state in OPEN_NUDGE_STATES and esc is not None and esc < now)
              for division, created, parent, state, esc in db.execute(
                  select(Case.division, Nudge.created_at, Nudge.parent_id, Nudge.state,
                         Nudge.escalate_at).join(Case, Case.id == Nudge.case_id)
                  .where(Nudge.created_at >= start, Nudge.created_at < end))]
    return cases, nudges
