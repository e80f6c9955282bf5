"""Issue 18, as a property: random presses of Done / Snooze / Open, record modals and
`/rtw form7` by random people (HR, the supervisor, the employee, the union, the committee,
an outsider) on random reminders of a case, through the same use cases the Slack listeners
call → no duty is ever closed by a role not entitled to close it, no one's copy is ended by
someone else, and every closing is recorded with who and when."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from rtwbot.clock import ManualClock
from rtwbot.directory import BargainingUnit, Channels, Directory, Division
from rtwbot.domain import privacy
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.duties import Record, duty, duty_of_reminder
from rtwbot.nudges.service import NudgeService
from rtwbot.store.db import Database
from rtwbot.store.duty_models import DutyRecord
from rtwbot.store.models import AuditEvent, Case
from rtwbot.store.nudge_models import ACKNOWLEDGED, CANCELLED, SENT, SNOOZED, Nudge
from rtwbot.workflow.duties import Duties
from rtwbot.workflow.form7_filed import Form7Filing
from rtwbot.workflow.status import CaseViews

pytestmark = pytest.mark.store

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=TORONTO)  # a Wednesday
# Who each person is, independently of the code under test.
ROLES = {"U_HR": {"hr"}, "U_SUP": {"supervisor"}, "U_EMP": {"employee"},
         "U_UNION": {"union"}, "U_COM": {"committee"}, "U_OUT": set()}
PEOPLE = sorted(ROLES)
DIRECTORY = Directory(
    channels=Channels(hr="C_HR"), safety_committee=("U_COM",),
    bargaining_units=(BargainingUnit(name="Local 79", union_reps=("U_UNION",)),),
    divisions=(Division(name="Parks", hr_reps=("U_HR",), bargaining_unit="Local 79"),),
)
# The reminders a case may carry: (kind, role sent to); escalations below.
REMINDERS = [
    ("form7_due", "supervisor"), ("form7_due", "hr"), ("form7_late", "hr"),
    ("form7_worker_copy", "hr"), ("ohsa_critical_injury", "hr"),
    ("ohsa_critical_injury", "committee"), ("ohsa_critical_injury", "union"),
    ("ohsa_critical_report", "hr"), ("ohsa_notice", "supervisor"),
    ("first_contact", "supervisor"), ("check_in", "supervisor"),
    ("functional_info", "employee"), ("functional_info", "hr"), ("union_review", "union"),
    ("mw_check_in", "employee"), ("plan_review", "supervisor"), ("imwt_meeting", "employee"),
]
ESCALATED = [(0, "hr"), (5, "hr"), (6, "hr")]  # (index of the reminder escalated, to whom)
_numbers = itertools.count(1)


def seed(db: Database) -> tuple[str, list[int]]:
    reference = f"RTW-2026-{next(_numbers):04d}"
    with db.session() as s:
        case = Case(reference=reference, kind="work_injury", stage="reported",
                    employee_user_id="U_EMP", employee_name="Erin E.", division="Parks",
                    job_title="Gardener", supervisor_id="U_SUP", occurred_at=NOW - timedelta(1),
                    learned_at=NOW - timedelta(1), reportable="reportable",
                    form7_due=date(2026, 11, 27), answers={"critical_injury": "yes"},
                    filed_at=NOW, updated_at=NOW)
        s.add(case)
        s.flush()
        base = dict(case_id=case.id, due_at=NOW, deliver_after=NOW, state=SENT, attempts=1,
                    escalation_level=0, escalation=[], message="Reminder.", basis="test",
                    created_at=NOW, updated_at=NOW, sent_at=NOW)
        ids = [s.execute(insert(Nudge).values(**base, kind=kind, recipient_role=role,
                                               idempotency_key=f"{reference}:{i}")
                         .returning(Nudge.id)).scalar()
               for i, (kind, role) in enumerate(REMINDERS)]
        for i, (parent, role) in enumerate(ESCALATED):
            kind = REMINDERS[parent][0]
            ids.append(s.execute(insert(Nudge).values(
                **{**base, "escalation_level": 1}, kind=kind, recipient_role=role,
                parent_id=ids[parent], idempotency_key=f"{reference}:e{i}")
                .returning(Nudge.id)).scalar())
    return reference, ids


def valid_record(asks_by: str) -> Record:
    return Record(on=NOW.date(), at=time(9, 0), by=asks_by, call="Inspector Lee",
                  claim_number="31234567")


actions = st.lists(st.tuples(
    st.sampled_from(["done", "done_then_record", "snooze", "open", "record", "form7"]),
    st.sampled_from(PEOPLE),
    st.integers(min_value=0, max_value=len(REMINDERS) + len(ESCALATED) - 1),
    st.sampled_from(sorted({d for k, r in REMINDERS if (d := duty_of_reminder(k, r))},
                           key=lambda d: d.key)),
), min_size=1, max_size=8)


@pytest.fixture
def world(database_url: str):
    db = Database(database_url)
    clock, calendar = ManualClock(NOW.astimezone(UTC)), WorkCalendar()
    views = CaseViews(DIRECTORY, lambda u: {"id": u, "deleted": False} if u in ROLES else None,
                      lambda email: None, calendar)
    yield db, Duties(db, clock, calendar, views), Form7Filing(db, clock, calendar, views), \
        NudgeService(db, clock, calendar), clock
    db.dispose()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=actions)
def test_no_duty_is_closed_by_a_role_not_entitled_and_every_close_is_recorded(world, steps):
    db, duties, form7, service, clock = world
    reference, ids = seed(db)
    for what, who, index, d in steps:
        nudge_id = ids[index]
        if what in ("done", "done_then_record"):
            pressed = duties.done(nudge_id, who)
            if what == "done_then_record" and pressed.form is not None:
                if pressed.form.modal == "form7":
                    form7.record(who, reference, NOW.date(), "31234567", worker_copy=False)
                else:
                    duties.submit(who, reference, pressed.form.duty, valid_record(who), nudge_id)
        elif what == "snooze":
            if duties.may_act(nudge_id, who) is None:
                service.snooze(nudge_id, clock.now() + timedelta(days=1), who)
        elif what == "open":
            shown = duties.open_case(nudge_id, who)
            if not ROLES[who]:
                assert shown == privacy.NOTHING_TO_SHOW
        elif what == "record":
            duties.submit(who, reference, d.key, valid_record(who))
        else:
            form7.record(who, reference, NOW.date(), None, worker_copy=True)
        clock.advance(timedelta(minutes=7))
    check(db, reference)


def check(db: Database, reference: str) -> None:
    with db.session() as s:
        case = s.scalar(select(Case).where(Case.reference == reference))
        records = s.scalars(select(DutyRecord).where(DutyRecord.case_id == case.id)).all()
        closed = {r.duty for r in records}
        for r in records:  # closed only by a role entitled, held by the person who closed it
            assert r.role in duty(r.duty).closers, (r.duty, r.role)
            assert r.role in ROLES[r.closed_by], (r.duty, r.closed_by)
            assert r.recorded_at is not None and r.done_at is not None
            said = s.scalars(select(AuditEvent).where(
                AuditEvent.case_id == case.id, AuditEvent.actor == r.closed_by,
                AuditEvent.action.in_(("duty.closed", "duty.corrected")))).all()
            assert any(a.detail.get("duty") == r.duty for a in said), r.duty
        rows = s.scalars(select(Nudge).where(Nudge.case_id == case.id)).all()
        by_id = {n.id: n for n in rows}
        for n in rows:
            root = by_id[n.parent_id] if n.parent_id else n
            d = duty_of_reminder(root.kind, root.recipient_role)
            holders = ROLES.get(n.acknowledged_by or n.snoozed_by or "", set())
            own = n.recipient_role in holders
            entitled = d is not None and bool(holders & set(d.closers))
            if n.state == ACKNOWLEDGED and n.parent_id is None:
                # Someone's own copy, or a closing by someone entitled, on the record.
                assert own or (entitled and d.key in closed), (n.kind, n.acknowledged_by)
            if n.state == SNOOZED:
                assert own or entitled, (n.kind, n.snoozed_by)
            if n.state == CANCELLED and (n.cancel_reason or "").startswith("done:"):
                assert d is not None and d.key in closed, (n.kind, n.cancel_reason)
