"""Retention, as an operator runs it: `rtwbot retention run --dry-run` lists, `rtwbot
retention run` (a real process, against the Slack sandbox) disposes of closed cases' records
past the schedule — rows, documents and their files in Slack — keeps one audit row per
disposal, and leaves the committee's figures exactly as they were."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy import select

from rtwbot.metrics.export import to_csv
from rtwbot.metrics.figures import Period
from rtwbot.metrics.report import MetricsWorkflow
from rtwbot.metrics.seed import seed_year
from rtwbot.playground import Playground, directory_for_cast
from rtwbot.store.db import Database
from rtwbot.store.models import AuditEvent, Base, Case, Document
from rtwbot.store.retention_models import CaseFigures
from tests.e2e.conftest import TORONTO, click
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

# Nine years ago: past the default seven-year schedule.
LONG_AGO = datetime.now(TORONTO).replace(year=datetime.now(TORONTO).year - 9, month=3, day=2,
                                         hour=10, minute=30, second=0, microsecond=0)


def rtwbot(pg: Playground, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    directory = tmp_path / "directory.yaml"
    directory.write_text(yaml.safe_dump(directory_for_cast()))
    env = {**os.environ, "RTWBOT_DATABASE_URL": pg.settings.database_url,
           "RTWBOT_ENCRYPTION_KEY": pg.encryption_key, "RTWBOT_DIRECTORY": str(directory),
           "SLACK_BOT_TOKEN": pg.sandbox.bot_token, "RTWBOT_SLACK_API_URL": pg.sandbox.api_url}
    return subprocess.run([sys.executable, "-m", "rtwbot.cli", *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=180)


def committee_figures(pg: Playground, period: Period) -> str:
    flow = MetricsWorkflow(pg.bot.db, pg.clock, pg.bot.calendar, pg.bot.directory,
                           lambda ref: None)
    return to_csv(flow.report(period, date.today()))


def rows_naming(db: Database, case_id: int) -> int:
    with db.session() as s:
        return sum(s.scalar(sa.select(sa.func.count()).select_from(t)
                            .where(t.c.case_id == case_id)) or 0
                   for t in Base.metadata.sorted_tables
                   if "case_id" in t.c and t.name != "case_figures")


def test_retention_disposes_of_old_records_and_keeps_the_committee_figures(
        database_url: str, tmp_path: Path) -> None:
    with Playground(database_url=database_url, start_at=LONG_AGO) as pg:
        # A case reported through Slack nine years ago: its forms went out as files.
        answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))
        click(pg, "sam", "intake_confirm")
        with pg.bot.db.session() as s:
            case = s.scalars(select(Case)).one()
            files = list(s.scalars(select(Document.slack_file_id)
                                   .where(Document.slack_file_id.is_not(None))))
            case.closed_at, case.close_reason = LONG_AGO + timedelta(days=30), "returned"
            reference, case_id = case.reference, case.id
        assert files and set(files) <= {f["id"] for f in pg.sandbox.files()}
        # A year of the program's cases around it, and a recent one that must stay.
        seed_year(pg.bot.db, LONG_AGO.date() + timedelta(days=200), 40, pg.bot.calendar)
        with pg.bot.db.session() as s:
            for old in s.scalars(select(Case).where(Case.id != case_id)):
                if old.id % 2:
                    old.closed_at = old.filed_at + timedelta(days=60)
            recent = s.scalars(select(Case).where(Case.id != case_id)).first()
            recent.closed_at = datetime.now(UTC) - timedelta(days=30)
            kept_id = recent.id
        period = Period(LONG_AGO.date() - timedelta(days=200), LONG_AGO.date() + timedelta(days=300))
        before = committee_figures(pg, period)

        dry = rtwbot(pg, tmp_path, "retention", "run", "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert "dry run: nothing was disposed of" in dry.stdout and reference in dry.stdout
        assert "case records: 7 years after the case closed" in dry.stdout
        assert rows_naming(pg.bot.db, case_id) > 0

        real = rtwbot(pg, tmp_path, "retention", "run")
        assert real.returncode == 0, real.stderr
        assert reference in real.stdout and "Disposed of the records of" in real.stdout
        assert "Erin" not in real.stdout + real.stderr

        # Gone: every row naming the case, the case, its files in Slack.
        assert rows_naming(pg.bot.db, case_id) == 0
        with pg.bot.db.session() as s:
            assert s.get(Case, case_id) is None
            assert s.get(Case, kept_id) is not None  # closed last month: kept
            [record] = s.scalars(select(AuditEvent).where(
                AuditEvent.action == "retention.disposed",
                AuditEvent.detail["reference"].as_string() == reference)).all()
            figures = s.get(CaseFigures, case_id)
        assert not set(files) & {f["id"] for f in pg.sandbox.files()}
        assert record.detail["rules"][-1] == "case records: 7 years after the case closed"
        assert record.detail["files_deleted"] == len(files)
        assert "Erin" not in str(figures.record) and reference not in str(figures.record)
        # The committee's figures are exactly what they were.
        assert committee_figures(pg, period) == before

        again = rtwbot(pg, tmp_path, "retention", "run")
        assert again.returncode == 0 and "records of 0 case(s)" in again.stdout


def test_health_information_may_go_before_the_case(database_url: str, tmp_path: Path) -> None:
    from rtwbot.domain.retention import Schedule
    from rtwbot.ops.retention import run
    from rtwbot.store.models import FunctionalInfo

    with Playground(database_url=database_url, start_at=LONG_AGO) as pg:
        seed_year(pg.bot.db, LONG_AGO.date() + timedelta(days=200), 12, pg.bot.calendar)
        now = datetime.now(UTC)
        with pg.bot.db.session() as s:
            for case in s.scalars(select(Case)):
                case.closed_at = now - timedelta(days=365 * 4)
        period = Period(LONG_AGO.date() - timedelta(days=200), LONG_AGO.date() + timedelta(days=300))
        before = committee_figures(pg, period)
        done = run(pg.bot.db, Schedule(case_records=10, health_information=3, documents=3),
                   now, pg.bot.calendar, lambda file_id: None)
        assert done and all(d.kinds == ("health_information", "documents") for d in done)
        with pg.bot.db.session() as s:
            assert s.scalar(select(sa.func.count(FunctionalInfo.id))) == 0
            assert s.scalar(select(sa.func.count(Document.id))) == 0
            assert s.scalar(select(sa.func.count(Case.id))) == 12  # the cases stay
        assert committee_figures(pg, period) == before
        # Later, the cases themselves: their figures were kept at the first disposal.
        later = run(pg.bot.db, Schedule(case_records=3, health_information=3, documents=3),
                    now, pg.bot.calendar, lambda file_id: None)
        assert len(later) == 12 and all(d.kinds == ("case_records",) for d in later)
        assert committee_figures(pg, period) == before
