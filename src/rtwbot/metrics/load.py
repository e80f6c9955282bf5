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
from rtwbot.store.retention_models import CaseFigures

PACKAGE = ("rtwi", "functional-abilities")
OPEN_NUDGE_STATES = ("pending", "claimed", "sent", "snoozed")
RETURNED = "returned_to_regular_duties"


def _bounds(period: Period, cal: WorkCalendar) -> tuple[datetime, datetime]:
    start = datetime.combine(period.start, time.min, tzinfo=cal.tz)
    return start, datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=cal.tz)


def _first_dates(db: Connection, stmt, cal: WorkCalendar) -> dict[int, date]:
    return {cid: cal.local_date(at) for cid, at in db.execute(stmt) if at is not None}


def load_records(s: Session, period: Period, cal: WorkCalendar, now: datetime,
                 case_ids: list[int] | None = None) -> tuple[list[CaseRecord], list[NudgeRecord]]:
    """The period's case and reminder records: live cases, and the figures of cases whose
    records were disposed of (rtwbot.ops.retention). `case_ids`: only these live cases."""
    start, end = _bounds(period, cal)
    db = s.connection()  # plain rows: no ORM result machinery for tens of thousands of them
    in_scope = and_(Case.filed_at < end, or_(Case.closed_at.is_(None), Case.closed_at >= start),
                    Case.id.not_in(select(CaseFigures.case_id)))
    if case_ids is not None:
        in_scope = and_(in_scope, Case.id.in_(case_ids))
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
                  .where(Nudge.created_at >= start, Nudge.created_at < end,
                         Nudge.case_id.not_in(select(CaseFigures.case_id)),
                         *([Nudge.case_id.in_(case_ids)] if case_ids is not None else [])))]
    if case_ids is None:
        more_cases, more_nudges = disposed_records(db, start, end, cal)
        cases += more_cases
        nudges += more_nudges
    return cases, nudges


def disposed_records(db: Connection, start: datetime, end: datetime,
                     cal: WorkCalendar) -> tuple[list[CaseRecord], list[NudgeRecord]]:
    """The records kept as figures for cases disposed of under the retention schedule."""
    cases: list[CaseRecord] = []
    nudges: list[NudgeRecord] = []
    first, last = cal.local_date(start), cal.local_date(end)
    for record, reminders in db.execute(select(CaseFigures.record, CaseFigures.reminders).where(
            CaseFigures.filed_at < end,
            or_(CaseFigures.closed_at.is_(None), CaseFigures.closed_at >= start))):
        case = record_from_json(record)
        cases.append(case)
        nudges += [NudgeRecord(case.division, on, bool(escalation), False)
                   for on, escalation in ((date.fromisoformat(d), e) for d, e in reminders)
                   if first <= on < last]
    return cases, nudges


def record_to_json(case: CaseRecord) -> dict:
    """A case record as plain JSON (its derived fields are made again when read)."""
    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "id": case.id, "kind": case.kind, "division": case.division, "stage": case.stage,
        "learned_on": iso(case.learned_on), "filed_on": iso(case.filed_on),
        "absent": case.absent, "form7_due": iso(case.form7_due),
        "form7_filed_on": iso(case.form7_filed_on), "package_sent_on": iso(case.package_sent_on),
        "functional_info_on": iso(case.functional_info_on),
        "plans": [[iso(p.agreed_on), iso(p.start), iso(p.end), iso(p.ended_on)]
                  for p in case.plans],
        "placed_on": iso(case.placed_on), "returned_on": iso(case.returned_on),
        "closed_on": iso(case.closed_on), "mediation_on": [iso(d) for d in case.mediation_on],
    }


def record_from_json(data: dict) -> CaseRecord:
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    plans = tuple(PlanRecord(day(a), day(b), day(c), day(d))  # type: ignore[arg-type]
                  for a, b, c, d in data.get("plans") or ())
    return CaseRecord(
        id=data["id"], kind=data["kind"], division=data["division"], stage=data["stage"],
        learned_on=day(data["learned_on"]), filed_on=day(data["filed_on"]),  # type: ignore[arg-type]
        absent=bool(data.get("absent")), form7_due=day(data.get("form7_due")),
        form7_filed_on=day(data.get("form7_filed_on")),
        package_sent_on=day(data.get("package_sent_on")),
        functional_info_on=day(data.get("functional_info_on")), plans=plans,
        placed_on=day(data.get("placed_on")), returned_on=day(data.get("returned_on")),
        closed_on=day(data.get("closed_on")),
        mediation_on=tuple(day(d) for d in data.get("mediation_on") or ()),  # type: ignore[misc]
    )
