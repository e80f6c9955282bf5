"""`rtwbot export --employee ID` (a real process, against the Slack sandbox): one archive with
everything held about the person — their case with its answers decrypted and the audit of
who looked, what the bot told them and what they sent, the forms as sent — readable by its
owner only, and the export itself audited."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from rtwbot.playground import Playground, directory_for_cast
from rtwbot.store.models import AuditEvent, Case
from tests.e2e.conftest import NOW, click, say
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def rtwbot(pg: Playground, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    directory = tmp_path / "directory.yaml"
    directory.write_text(yaml.safe_dump(directory_for_cast()))
    env = {**os.environ, "RTWBOT_DATABASE_URL": pg.settings.database_url,
           "RTWBOT_ENCRYPTION_KEY": pg.encryption_key, "RTWBOT_DIRECTORY": str(directory),
           "SLACK_BOT_TOKEN": pg.sandbox.bot_token, "RTWBOT_SLACK_API_URL": pg.sandbox.api_url}
    return subprocess.run([sys.executable, "-m", "rtwbot.cli", *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=180)


def test_export_holds_everything_about_the_person_for_hr_to_review(
        database_url: str, tmp_path: Path) -> None:
    with Playground(database_url=database_url, start_at=NOW) as pg:
        erin = pg.users["erin"]
        answers = work_injury_answers(erin)
        answer_all(pg, "sam", answers)
        click(pg, "sam", "intake_confirm")
        say(pg, "erin", "status")
        with pg.bot.db.session() as s:
            case = s.scalars(select(Case)).one()
            reference, location = case.reference, case.answers["location"]

        out = tmp_path / "erin.zip"
        done = rtwbot(pg, tmp_path, "export", "--employee", erin, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert f"Wrote {out}: 1 case(s)" in done.stdout and "review before release" in done.stdout
        assert stat.S_IMODE(out.stat().st_mode) == 0o600

        with zipfile.ZipFile(out) as z:
            names = z.namelist()
            read = lambda name: json.loads(z.read(name))  # noqa: E731
            assert "README.txt" in names and "FOR HR TO REVIEW" in z.read("README.txt").decode()
            record = read(f"cases/{reference}/case.json")
            assert record["answers"]["location"] == location  # decrypted
            looks = read(f"cases/{reference}/audit_events.json")
            assert any(a["action"] == "case.viewed" and a["actor"] == erin for a in looks)
            told = read("messages_to.json")
            assert told and all(m["conversation"] == f"user:{erin}" for m in told)
            sent = read("messages_from.json")
            # What they typed is not kept once handled (their answers are in the case).
            assert any(m["user_id"] == erin and m["kind"] == "event" for m in sent)
            documents = read(f"cases/{reference}/documents.json")
            files = [n for n in names if n.startswith(f"cases/{reference}/files/")]
            assert documents and len(files) == len(documents)
            assert all(z.read(n) for n in files)
        with pg.bot.db.session() as s:
            exported = s.scalars(select(AuditEvent).where(
                AuditEvent.action == "case.exported")).all()
        assert [e.case_id for e in exported] == [record["id"]]

        nobody = rtwbot(pg, tmp_path, "export", "--employee", "E999999")
        assert nobody.returncode == 2 and "holds nothing about 'E999999'" in nobody.stderr
        assert "Traceback" not in nobody.stderr
        again = rtwbot(pg, tmp_path, "export", "--employee", erin, "--out", str(out))
        assert again.returncode == 2 and "already exists" in again.stderr
