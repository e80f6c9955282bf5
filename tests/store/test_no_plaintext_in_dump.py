"""A database dump holds no medical text in the clear.

Seeded medical strings go in through the models (every encrypted column), then the whole
database is dumped the way an operator or a backup would: SQLite's `.dump` (iterdump) or
PostgreSQL's pg_dump. None of the strings may appear; a plain control value must (so an
empty or failed dump cannot pass).

pg_dump is looked for in $RTWBOT_TEST_PG_BIN (a folder), then on PATH. Without it the
PostgreSQL leg is skipped locally but fails in CI ($CI set).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from rtwbot.store import crypto
from rtwbot.store.cases import audit
from rtwbot.store.db import Database
from rtwbot.store.duty_models import DutyRecord
from rtwbot.store.fact_models import CaseFact
from rtwbot.store.imwt_models import (
    ImwtThread,
    Placement,
    PlacementStep,
    PlanEvent,
    TemporaryPlan,
)
from rtwbot.store.keyrotation import encrypted_columns
from rtwbot.store.law_models import ReemploymentAssessment
from rtwbot.store.message_models import InboxRow, OutboxRow
from rtwbot.store.models import Case, FunctionalInfo, IntakeSession
from rtwbot.store.roster_models import RosterEmployee

pytestmark = pytest.mark.store

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)

# What must never be readable in a dump (ASCII, so no escaping can disguise it).
MEDICAL = (
    "Diagnosis: lumbar disc herniation L4-L5",
    "herniation",
    "sciatica radiating down the left leg",
    "prescribed oxycodone 5 mg",
    "Priya Okonkwo-Shah",  # a witness's name, typed as free text
    "L4-L5 disc bulge",
    "torn rotator cuff",
    "post-surgical tendon repair",  # a health professional's comment
    "Dr. Imelda Vasquez-Thornbury",
)
# Stored in the clear on purpose; proves the dump holds the data at all.
CONTROL = ("RTW-2026-0042", "Roads Operations Yard 7")


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


def seed(db: Database) -> dict[str, set[str]]:
    """Fill every encrypted column with medical text; return table -> columns seeded."""
    answers = {
        "description": f"{MEDICAL[0]}, {MEDICAL[2]}; {MEDICAL[3]}",
        "body_parts": [{"part": "back", "side": None, "detail": MEDICAL[5]},
                       {"part": "shoulder", "side": "right", "detail": MEDICAL[6]}],
        "witnesses": MEDICAL[4],
        "health_care": "yes",
    }
    with db.session() as s:
        intake = IntakeSession(supervisor_id="USUP", status="done", created_at=NOW,
                               updated_at=NOW, state={"answers": answers, "step": "confirm"})
        s.add(intake)
        s.flush()
        case = Case(reference=CONTROL[0], kind="work_injury", stage="reported",
                    employee_user_id="UEMP", employee_name="Sam Lee", employee_number="12345",
                    division=CONTROL[1], job_title="Labourer", supervisor_id="USUP",
                    occurred_at=NOW, learned_at=NOW, reportable="reportable",
                    form7_due=NOW.date(), answers=answers, intake_session_id=intake.id,
                    filed_at=NOW, updated_at=NOW)
        s.add(case)
        s.flush()
        intake.case_id = case.id
        # A report still in progress, with its own free text.
        s.add(IntakeSession(supervisor_id="USUP2", status="active", created_at=NOW,
                            updated_at=NOW, state={"answers": {"description": MEDICAL[1]}}))
        audit(s, at=NOW, actor="USUP", action="case.filed", case_id=case.id,
              reference=case.reference, kind=case.kind, reportable="reportable")
        s.add(FunctionalInfo(
            case_id=case.id, received_at=NOW, recorded_by="UEMP", source="upload",
            abilities={"return_status": "with_restrictions",
                       "restrictions": ["Lifting floor to waist: up to 5 kg"],
                       "health_professional": MEDICAL[8]},
            comments={"comments": MEDICAL[7]}, team_wording=[MEDICAL[3]]))
        seed_imwt(s, case.id)
        seed_inbox_outbox(s)
        s.add(RosterEmployee(employee_number="12345", contact="ulee", imported_at=NOW,
                             updated_at=NOW, record={"name": "Sam Lee", "address": MEDICAL[4],
                                                     "date_of_birth": "1970-01-01"}))
    return SEEDED


def seed_inbox_outbox(s) -> None:
    """A delivery waiting in the inbox and a reply waiting in the outbox carry what was typed."""
    s.add(InboxRow(key="ev:E1", kind="event", user_id="USUP", status="pending", attempts=0,
                   received_at=NOW, next_attempt_at=NOW, told=0,
                   body={"event": {"type": "message", "text": MEDICAL[2]}}))
    s.add(OutboxRow(kind="say", conversation="user:USUP", status="pending", attempts=0,
                    created_at=NOW, next_attempt_at=NOW, events=[], events_done=0,
                    slack_file_ids=[], payload={"to_user": "USUP", "text": MEDICAL[6]}))


def seed_imwt(s, case_id: int) -> None:
    """The IMWT tables: free text the team types may carry medical detail too."""
    thread = ImwtThread(case_id=case_id, channel="CIMWT", ts="1.0", created_at=NOW,
                        updated_at=NOW, close_note=MEDICAL[1])
    plan = TemporaryPlan(case_id=case_id, number=1, state="agreed", option="same_division",
                         ruled_out={"own_job_modified": MEDICAL[2]}, duties=[MEDICAL[5]],
                         hours=MEDICAL[3], start=NOW.date(), end=NOW.date(), review_dates=[],
                         proposed_by="USUP", proposed_at=NOW, changes_note=MEDICAL[6],
                         regular_rate=MEDICAL[7], position_rate=MEDICAL[8],
                         restriction_checks=[MEDICAL[0]],
                         accommodation={"kinds": ["tasks"], "essential_duties": [MEDICAL[2]]},
                         created_at=NOW, updated_at=NOW)
    s.add_all([thread, plan])
    s.flush()
    s.add_all([
        PlanEvent(case_id=case_id, plan_id=plan.id, kind="check_in", by="USUP", at=NOW,
                  detail={"note": MEDICAL[0]}),
        PlacementStep(case_id=case_id, step=1, available=False, reason=MEDICAL[1],
                      recorded_by="USUP", recorded_at=NOW),
        Placement(case_id=case_id, step=2, position=MEDICAL[4], chosen_by="USUP", chosen_at=NOW,
                  start=NOW.date(), follow_up_end=NOW.date(), follow_up_dates=[],
                  accommodation={"kinds": ["tasks"], "essential_duties": [MEDICAL[5]]}),
        ReemploymentAssessment(case_id=case_id, status="applies", assessed_at=NOW,
                               detail={"reasons": [MEDICAL[0]], "end_reason": MEDICAL[1]}),
        DutyRecord(case_id=case_id, duty="ohsa_s51_ministry", once_key="ohsa_s51_ministry",
                   role="hr", closed_by="UHR", recorded_at=NOW, done_at=NOW, via="command",
                   detail={"call": MEDICAL[2]}),
        CaseFact(case_id=case_id, name="functional_abilities", learned_at=NOW,
                 source="health_professional", recorded_by="UHR", recorded_at=NOW,
                 detail={"value": MEDICAL[6], "occurred": MEDICAL[7]}),
    ])


SEEDED = {"cases": {"answers"}, "intake_sessions": {"state"},
          "functional_info": {"abilities", "comments", "team_wording"},
          "imwt_threads": {"close_note"},
          "temporary_plans": {"ruled_out", "duties", "hours", "changes_note", "regular_rate",
                              "position_rate", "restriction_checks", "accommodation"},
          "reemployment_assessments": {"detail"}, "duty_records": {"detail"},
          "case_facts": {"detail"},
          "plan_events": {"detail"}, "placement_steps": {"reason"},
          "placements": {"position", "accommodation"},
          "inbox": {"body"}, "outbox": {"payload"},
          "roster_employees": {"record"}}


def pg_dump_executable() -> str | None:
    folder = os.environ.get("RTWBOT_TEST_PG_BIN")
    if folder:
        candidate = Path(folder) / "pg_dump"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("pg_dump")


def dump(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        conn = sqlite3.connect(parsed.database)
        try:
            return "\n".join(conn.iterdump())
        finally:
            conn.close()
    pg_dump = pg_dump_executable()
    if pg_dump is None:
        message = "pg_dump not found (set RTWBOT_TEST_PG_BIN to its folder or put it on PATH)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # pg_dump speaks libpq: plain postgresql://, and the password through the environment
    # rather than the command line.
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    dsn = parsed.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    result = subprocess.run([pg_dump, "--no-owner", "--no-privileges", "--dbname", dsn],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, f"pg_dump failed: {result.stderr}"
    return result.stdout


def test_every_encrypted_column_is_seeded_here() -> None:
    # A new encrypted column must be added to seed() so the dump test covers it.
    covered = SEEDED
    for table, columns in encrypted_columns().items():
        assert set(columns) <= covered.get(table, set()), (
            f"seed {table}.{columns} with medical text in test_no_plaintext_in_dump.py")


def test_dump_has_no_medical_text_in_the_clear(db: Database, database_url: str) -> None:
    seeded = seed(db)
    for table, columns in encrypted_columns().items():
        assert set(columns) <= seeded.get(table, set())

    # The stored values are Fernet tokens that the configured ring reads back.
    with db.engine.connect() as conn:
        for table, columns in encrypted_columns().items():
            for column in columns:
                raw = conn.execute(sa.text(f"SELECT {column} FROM {table}")).scalars().all()
                assert raw, f"{table}.{column} was not seeded"
                for token in raw:
                    assert token.startswith("gAAAAA")
                    crypto.decrypt(token)
    db.dispose()  # let go of the file / connections before dumping

    text = dump(database_url)
    for control in CONTROL:
        assert control in text, "the dump does not contain the data at all"
    lowered = text.lower()
    leaked = [m for m in MEDICAL if m.lower() in lowered]
    assert leaked == [], f"medical text in the clear in the dump: {leaked}"
