"""Issue 18's migration: a Done pressed before the duty table is kept as a closing only where
the new rule agrees (the person the reminder was for, on a duty that role may close) — a
supervisor's Done on a Form 7 reminder does not file Form 7."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from rtwbot.store.db import upgrade

pytestmark = pytest.mark.store

BEFORE = "20261206_retention"
AT = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def test_earlier_dones_become_records_only_where_the_table_says_so(empty_database_url):
    upgrade(empty_database_url, BEFORE)
    engine = sa.create_engine(empty_database_url)
    meta = sa.MetaData()
    meta.reflect(engine, only=["cases", "nudges"])
    cases, nudges = meta.tables["cases"], meta.tables["nudges"]
    with engine.begin() as conn:
        case_id = conn.execute(cases.insert().values(
            reference="RTW-2026-0001", kind="work_injury", stage="reported", division="Parks",
            job_title="Gardener", supervisor_id="USUP", occurred_at=AT, learned_at=AT,
            reportable="reportable", answers="x", filed_at=AT, updated_at=AT)
            .returning(cases.c.id)).scalar()
        base = dict(case_id=case_id, due_at=AT, deliver_after=AT, attempts=1,
                    escalation_level=0, escalation=[], message="m", basis="b",
                    created_at=AT, updated_at=AT, acknowledged_at=AT)
        rows = [("form7_due", "supervisor", "USUP", "acknowledged"),  # passed to HR: no
                ("form7_late", "hr", "UHR", "acknowledged"),  # HR's own: Form 7 recorded
                ("ohsa_critical_injury", "committee", "UCOM", "acknowledged"),
                ("ohsa_critical_injury", "hr", None, "cancelled"),  # silenced: stays open
                ("check_in", "supervisor", "USUP", "acknowledged"),
                ("functional_info", "employee", "UEMP", "acknowledged")]  # a copy only
        for i, (kind, role, by, state) in enumerate(rows):
            conn.execute(nudges.insert().values(**base, kind=kind, recipient_role=role,
                                                acknowledged_by=by, state=state,
                                                idempotency_key=f"k{i}"))
    upgrade(empty_database_url)
    with engine.connect() as conn:
        carried = conn.execute(sa.text(
            "SELECT duty, role, closed_by, once_key FROM duty_records ORDER BY duty")).all()
    engine.dispose()
    assert [(d, r, by) for d, r, by, _ in carried] == [
        ("check_in", "supervisor", "USUP"), ("form7", "hr", "UHR"),
        ("ohsa_s51_committee", "committee", "UCOM")]
    assert carried[0].once_key.startswith("check_in:")  # one per reminder
