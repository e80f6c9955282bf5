"""The operator's commands against a database the bot has used: audit and key rotation."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from rtwbot.cli import main
from rtwbot.store import crypto
from rtwbot.store.models import Case
from tests.e2e.conftest import click, say
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e


def run(pg, *args: str, key: str | None = None):
    env = {"RTWBOT_DATABASE_URL": pg.settings.database_url,
           "RTWBOT_ENCRYPTION_KEY": key or pg.encryption_key}
    return CliRunner().invoke(main, list(args), env=env)


def file_and_look(pg) -> str:
    answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))
    click(pg, "sam", "intake_confirm")
    say(pg, "erin", "status")
    with pg.bot.db.session() as s:
        return s.scalar(select(Case.reference))


def test_audit_prints_the_cases_timeline_of_changes_and_views(pg) -> None:
    reference = file_and_look(pg)
    result = run(pg, "audit", reference.lower())
    assert result.exit_code == 0, result.output
    assert f"Audit timeline of {reference}" in result.output
    assert "case.filed" in result.output
    assert "case.viewed" in result.output and "viewed (status DM)" in result.output
    assert "Slipped" not in result.output  # no free text in the audit trail
    missing = run(pg, "audit", "RTW-2026-0999")
    assert missing.exit_code == 1 and "no case RTW-2026-0999" in missing.output


def test_keys_rotate_re_encrypts_under_the_new_key(pg) -> None:
    reference = file_and_look(pg)
    new_key = crypto.generate_key()
    result = run(pg, "keys", "rotate", key=f"{new_key},{pg.encryption_key}")
    assert result.exit_code == 0, result.output
    assert "Re-encrypted" in result.output and "cases.answers" in result.output
    try:
        crypto.configure(new_key)  # the old key is gone
        with pg.bot.db.session() as s:
            case = s.scalar(select(Case).where(Case.reference == reference))
            assert case.answers["location"] == "North yard greenhouse"
    finally:
        crypto.configure(pg.encryption_key)
