"""The metrics' store adapter reads each date from where the store keeps it (issue 15)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.metrics.figures import Period
from rtwbot.metrics.load import load_records
from rtwbot.store.cases import audit
from rtwbot.store.db import Database
from rtwbot.store.imwt_models import MEDIATION_REQUESTED, PlanEvent, TemporaryPlan
from rtwbot.store.models import Case, Document, FunctionalInfo
from rtwbot.store.nudge_models import Nudge

pytestmark = pytest.mark.store

TZ = ZoneInfo("America/Toronto")
CAL = WorkCalendar()


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=TZ)


def _case(s, reference: str, filed: datetime, **extra) -> Case:
    case = Case(reference=reference, kind="work_injury", stage="closed", division="Parks",
                job_title="Gardener", supervisor_id="U1", occurred_at=filed, learned_at=filed,
                reportable="reportable", form7_due=date(2026, 10, 6),
                answers={"absent": "yes", "description": "private"}, filed_at=filed,
                updated_at=filed, employee_name="Erin Employee", **extra)
    s.add(case)
    s.flush()
    return case


def test_every_date_comes_from_its_record(database_url) -> None:
    db = Database(database_url)
    with db.session() as s:
        c = _case(s, "RTW-2026-0001", at(10, 1), closed_at=at(10, 20, 16),
                  close_reason="returned_to_regular_duties",
                  form7_received_on=date(2026, 10, 9))  # late: due Oct 6
        _case(s, "RTW-2026-0002", at(8, 1), closed_at=at(8, 20))  # closed before: not read
        s.add_all([
            Document(case_id=c.id, template="employer-report", template_version="1",
                     filename="f.pdf", sha256="0" * 64, created_at=at(10, 1)),  # prepared
            Document(case_id=c.id, template="rtwi", template_version="1", filename="r.docx",
                     sha256="0" * 64, created_at=at(10, 1, 11)),
            FunctionalInfo(case_id=c.id, received_at=at(10, 5), recorded_by="U2",
                           source="upload", abilities={"restrictions": ["x"]}, comments={}),
            TemporaryPlan(case_id=c.id, number=1, state="ended", option="own_job",
                          ruled_out={}, duties=["y"], hours="4", start=date(2026, 10, 8),
                          end=date(2026, 10, 30), proposed_by="U2", proposed_at=at(10, 7),
                          union_approved_at=at(10, 8), ended_at=at(10, 20, 16),
                          created_at=at(10, 7), updated_at=at(10, 20)),
            PlanEvent(case_id=c.id, kind=MEDIATION_REQUESTED, on_date=None, by="U3",
                      at=at(10, 12), detail={}),
        ])
        s.flush()
        root = Nudge(case_id=c.id, kind="k", recipient_role="hr", due_at=at(10, 2),
                     deliver_after=at(10, 2), state="acknowledged", escalation=[],
                     idempotency_key="a", message="m", basis="b", created_at=at(10, 2),
                     updated_at=at(10, 2))
        s.add(root)
        s.flush()
        s.add(Nudge(case_id=c.id, parent_id=root.id, kind="k", recipient_role="hr",
                    due_at=at(10, 3), deliver_after=at(10, 3), state="sent",
                    escalate_at=at(10, 4), escalation=[], idempotency_key="b", message="m",
                    basis="b", created_at=at(10, 3), updated_at=at(10, 3)))
        audit(s, at=at(10, 20, 16), actor="U2", action="case.closed", case_id=c.id,
              reason="returned_to_regular_duties", returned_on="2026-10-19")
    with db.session() as s:
        cases, nudges = load_records(s, Period(date(2026, 10, 1), date(2026, 10, 31)), CAL,
                                     at(11, 2))
    db.dispose()
    [r] = cases
    assert (r.learned_on, r.filed_on, r.form7_due) == (date(2026, 10, 1),) * 2 + (
        date(2026, 10, 6),)
    assert r.absent and r.form7_filed_on == date(2026, 10, 9)
    assert r.package_sent_on == date(2026, 10, 1)
    assert r.functional_info_on == date(2026, 10, 5)
    assert r.plan_agreed_on == date(2026, 10, 8)
    assert r.plans[0].ended_on == date(2026, 10, 20) and r.expected_return_on == date(2026, 10, 30)
    assert r.returned_on == date(2026, 10, 19)  # the date HR entered, not the closing day
    assert r.closed_on == date(2026, 10, 20)
    assert r.mediation_on == (date(2026, 10, 12),)
    assert sorted((n.escalation, n.overdue) for n in nudges) == [(False, False), (True, True)]
    assert "Erin" not in repr(cases) and "RTW-" not in repr(cases)
