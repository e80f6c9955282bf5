"""Views of a case are audited by surface only, and a case's timeline reads back in order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from rtwbot.domain.privacy import View
from rtwbot.store.audit_log import (
    TimelineRow,
    format_timeline,
    record_view,
    summarize,
    timeline,
)
from rtwbot.store.cases import audit
from rtwbot.store.db import Database
from rtwbot.store.models import AuditEvent, Case

pytestmark = pytest.mark.store

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # 09:00 in Toronto (EST)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


def add_case(s, reference: str) -> Case:
    case = Case(reference=reference, kind="work_injury", stage="reported",
                employee_user_id="UEMP", employee_name="Sam Lee", division="Roads",
                job_title="Labourer", supervisor_id="USUP", occurred_at=T0, learned_at=T0,
                reportable="reportable",
                answers={"description": "Diagnosis: lumbar disc herniation L4-L5"},
                filed_at=T0, updated_at=T0)
    s.add(case)
    s.flush()
    return case


def test_record_view_writes_the_surface_and_nothing_else(db: Database) -> None:
    with db.session() as s:
        case = add_case(s, "RTW-2026-0007")
        record_view(s, at=T0, viewer="UHR", case_id=case.id, view=View.CASE_DETAIL)
    with db.session() as s:
        event = s.scalars(sa.select(AuditEvent)).one()
        assert (event.actor, event.action, event.case_id) == ("UHR", "case.viewed", case.id)
        assert event.detail == {"view": "case_detail"}


def test_record_view_refuses_anything_but_a_known_view(db: Database) -> None:
    with db.session() as s:
        case = add_case(s, "RTW-2026-0007")
        with pytest.raises(ValueError):
            record_view(s, at=T0, viewer="UHR", case_id=case.id,
                        view="Diagnosis: lumbar disc herniation")
    with db.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_timeline_is_the_cases_events_oldest_first(db: Database) -> None:
    with db.session() as s:
        case = add_case(s, "RTW-2026-0007")
        other = add_case(s, "RTW-2026-0008")
        # Written out of order; the same instant twice keeps insertion order.
        record_view(s, at=T0 + timedelta(hours=2), viewer="UEMP", case_id=case.id,
                    view="status_dm")
        audit(s, at=T0, actor="USUP", action="case.filed", case_id=case.id,
              reference=case.reference, kind="work_injury", reportable="reportable",
              form7_due="2026-03-05")
        record_view(s, at=T0 + timedelta(hours=2), viewer="UHR", case_id=case.id,
                    view="form_employer_report")
        record_view(s, at=T0, viewer="UOTHER", case_id=other.id, view="home")
    with db.session() as s:
        rows = timeline(s, "rtw-2026-0007 ")
    assert rows == [
        TimelineRow(T0, "USUP", "case.filed", "form7_due=2026-03-05, kind=work_injury, "
                    "reference=RTW-2026-0007, reportable=reportable"),
        TimelineRow(T0 + timedelta(hours=2), "UEMP", "case.viewed", "viewed (status DM)"),
        TimelineRow(T0 + timedelta(hours=2), "UHR", "case.viewed",
                    "viewed (employer's report (Form 7))"),
    ]
    assert all(r.at.tzinfo is not None for r in rows)


def test_timeline_of_an_unknown_case_is_empty(db: Database) -> None:
    with db.session() as s:
        assert timeline(s, "RTW-1999-0001") == []


def test_summary_never_prints_clinical_keys_even_if_a_caller_wrote_them() -> None:
    text = summarize("case.updated", {"description": "lumbar disc herniation",
                                      "diagnosis": "x", "answers": {"a": 1},
                                      "stage": "reported", "note": None})
    assert text == "stage=reported"
    assert summarize("case.updated", None) == ""
    assert summarize("case.viewed", {"view": "nonsense"}) == "viewed"
    long = summarize("x", {"a": "y" * 500, "b": {"nested": 1}})
    assert len(long) <= 120 and "b=…" in long


def test_format_timeline_as_a_plain_table_in_local_time() -> None:
    rows = [
        TimelineRow(T0, "USUP", "case.filed", "reference=RTW-2026-0007"),
        TimelineRow(T0 + timedelta(minutes=5), "UHR1234567", "case.viewed",
                    "viewed (case detail)"),
    ]
    text = format_timeline(rows, ZoneInfo("America/Toronto"))
    assert text.splitlines() == [
        "When                  Who         Action       Details",
        "--------------------  ----------  -----------  -------",
        "2026-03-02 09:00 EST  USUP        case.filed   reference=RTW-2026-0007",
        "2026-03-02 09:05 EST  UHR1234567  case.viewed  viewed (case detail)",
    ]
    assert format_timeline(rows, "America/Toronto") == text
    # A naive time (as SQLite gives back) is read as UTC.
    naive = [TimelineRow(T0.replace(tzinfo=None), "USUP", "case.filed", "")]
    assert format_timeline(naive, "UTC").splitlines()[2].startswith("2026-03-02 14:00 UTC")
    assert format_timeline([], "America/Toronto") == "No audit events."
