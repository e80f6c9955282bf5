"""A year of plausible cases, written straight into the store: for the demo, the benchmark
and the end-to-end tests of the metrics. Every case carries a made-up name, reference and
restriction, so a test can check that none of them reaches a report.

Bulk inserts (one statement per table) keep 10,000 cases fast enough for the benchmark.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.store.imwt_models import MEDIATION_REQUESTED, PlanEvent, TemporaryPlan
from rtwbot.store.models import AuditEvent, Case, Document, FunctionalInfo
from rtwbot.store.nudge_models import Nudge

DIVISIONS = (("Parks and Recreation", 5), ("Transportation Services", 4), ("Water", 3),
             ("Library Services", 0))  # weights; Library Services gets SMALL_DIVISION cases
SMALL_DIVISION = 3
KINDS = (("work_injury", 7), ("work_illness", 2), ("non_occupational", 2))
NAME = "Casey Example"
RESTRICTION = "No lifting over 5 kg (seeded)"


def _at(day: date, hour: int, cal: WorkCalendar) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=cal.tz).astimezone(UTC)


def _pick(rnd: random.Random, weighted) -> str:
    return rnd.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def seed_year(db, today: date, n: int, cal: WorkCalendar, *, seed: int = 7) -> int:
    """Write `n` cases learned of over the 365 days before `today`; returns how many."""
    rnd = random.Random(seed)
    rows: dict[str, list[dict]] = {k: [] for k in ("case", "doc", "info", "plan", "event",
                                                   "audit", "nudge")}
    with db.session() as s:
        first_id = (s.scalar(select(func.max(Case.id))) or 0) + 1
        nudge_id = (s.scalar(select(func.max(Nudge.id))) or 0) + 1
    for i in range(n):
        cid = first_id + i
        division = ("Library Services" if i < SMALL_DIVISION else
                    _pick(rnd, DIVISIONS[:3]))
        _one(rows, rnd, cid, division, today, cal)
    for row in rows["nudge"]:  # escalations point at the nudge before them
        row["id"], nudge_id = nudge_id, nudge_id + 1
        row["parent_id"] = row["id"] - 1 if row.pop("escalates") else None
    with db.session() as s:
        for table, key in ((Case, "case"), (Document, "doc"), (FunctionalInfo, "info"),
                           (TemporaryPlan, "plan"), (PlanEvent, "event"), (AuditEvent, "audit"),
                           (Nudge, "nudge")):
            if rows[key]:
                s.execute(insert(table), rows[key])
    return n


def _one(rows, rnd: random.Random, cid: int, division: str, today: date,
         cal: WorkCalendar) -> None:
    learned = today - timedelta(days=rnd.randrange(1, 366))
    filed = learned + timedelta(days=rnd.choice((0, 0, 0, 1)))
    kind = _pick(rnd, KINDS)
    absent = rnd.random() < 0.45
    due = cal.add_business_days(learned, 3) if kind != "non_occupational" else None
    at = _at(filed, 11, cal)
    closed = returned = None
    case = dict(
        id=cid, reference=f"RTW-{learned.year}-{cid:05d}", kind=kind,
        stage="awaiting_functional_info", employee_user_id=None,
        employee_name=f"{NAME} {cid}", employee_number=f"E{cid:06d}", division=division,
        job_title="Gardener", supervisor_id="U0SUPER", occurred_at=_at(learned, 8, cal),
        learned_at=_at(learned, 9, cal), reportable="reportable" if due else "not_reportable",
        form7_due=due, recheck_on=None, answers={"absent": "yes" if absent else "no"},
        intake_session_id=None, filed_at=at, updated_at=at, closed_at=None, close_reason=None,
        obligation_date=learned if due else None, form7_received_on=None)
    rows["case"].append(case)
    if due:
        late = rnd.random() < 0.12
        received = cal.add_business_days(learned, rnd.randrange(4, 8) if late else
                                         rnd.randrange(0, 4))
        if received < today:  # recorded by HR with the WSIB's receipt date
            case["form7_received_on"] = received
        rows["doc"].append(_doc(cid, "employer-report", _at(filed, 14, cal)))
    rows["doc"].append(_doc(cid, "rtwi", _at(filed, 12, cal)))
    info_day = filed + timedelta(days=rnd.randrange(2, 21))
    if info_day < today and rnd.random() < 0.85:
        case["stage"] = "functional_info_received"
        rows["info"].append(dict(
            case_id=cid, received_at=_at(info_day, 10, cal), recorded_by="U0HR",
            source="upload", document_id=None, comments={"comments": ""},
            abilities={"return_status": "with_restrictions", "restrictions": [RESTRICTION]}))
        agreed = info_day + timedelta(days=rnd.randrange(1, 15))
        if agreed < today and rnd.random() < 0.75:
            end = agreed + timedelta(days=rnd.randrange(14, 60))
            back = agreed + timedelta(days=rnd.randrange(7, 80))
            ended = back if back < today else None
            rows["plan"].append(dict(
                case_id=cid, number=1, state="ended" if ended else "agreed",
                option="own_job_modified", ruled_out={}, duties=[RESTRICTION], hours="4",
                start=agreed, end=end, review_dates=[], proposed_by="U0HR",
                proposed_at=_at(agreed, 9, cal), union_approved_by="U0UNION",
                union_approved_at=_at(agreed, 15, cal), union_waived=False,
                ended_at=_at(ended, 16, cal) if ended else None,
                ended_reason="returned_to_regular_duties" if ended else None,
                created_at=_at(agreed, 9, cal), updated_at=_at(agreed, 15, cal)))
            case["stage"] = "temporary_modified_work"
            if ended:
                closed, returned = _at(ended, 16, cal), ended
            elif rnd.random() < 0.08:
                case["stage"] = "stalled"
                rows["event"].append(dict(
                    case_id=cid, plan_id=None, kind=MEDIATION_REQUESTED,
                    on_date=agreed + timedelta(days=3), by="U0UNION",
                    at=_at(agreed + timedelta(days=3), 10, cal), detail={}, document_id=None))
    elif not absent and rnd.random() < 0.5:
        returned = filed + timedelta(days=rnd.randrange(1, 10))
        if returned < today:
            closed = _at(returned, 16, cal)
        else:
            returned = None
    if closed:
        assert returned is not None  # a seeded case closes when its worker is back
        case.update(stage="closed", closed_at=closed, close_reason="returned_to_regular_duties")
        rows["audit"].append(dict(at=closed, actor="U0HR", action="case.closed", case_id=cid,
                                  detail={"reason": "returned_to_regular_duties",
                                          "returned_on": returned.isoformat()}))
    if rnd.random() < 0.3:
        _nudges(rows, rnd, cid, filed, cal)


def _doc(cid: int, template: str, at: datetime) -> dict:
    return dict(case_id=cid, template=template, template_version="1",
                filename=f"{template}.pdf", sha256="0" * 64, slack_file_id=None,
                recipients=[], created_at=at)


def _nudges(rows, rnd: random.Random, cid: int, filed: date, cal: WorkCalendar) -> None:
    at = _at(filed + timedelta(days=3), 10, cal)
    escalated = rnd.random() < 0.4
    for level in range(2 if escalated else 1):
        rows["nudge"].append(dict(
            case_id=cid, escalates=level > 0, kind="check_in", recipient_role="hr", recipient=None,
            due_at=at, deliver_after=at, state="acknowledged" if level == 0 else "sent",
            attempts=1, escalation_level=level, escalation=[],
            escalate_at=at + timedelta(days=2) if level else None,
            idempotency_key=f"seed:{cid}:{level}", message="Check in (seeded).",
            basis="MWP", created_at=at + timedelta(days=level), updated_at=at))
