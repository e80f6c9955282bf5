"""Start-up imports what a running bot needs and nothing more: Alembic only for
`db upgrade` (the schema check reads the migration files and the version row itself), dateparser when the first date is read, python-docx,
docxtpl, jinja2 and pypdf when the first form is filled or read."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("alembic", "dateparser", "docx", "docxtpl", "jinja2", "pypdf", "spellchecker")


def loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport sys, json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_worker_starts_without_alembic_or_dateparser() -> None:
    assert loaded_after(
        "import rtwbot.cli, rtwbot.runtime, rtwbot.http_server, rtwbot.slack.wsgi, "
        "rtwbot.slack.http, rtwbot.scheduler, rtwbot.playground"
    ) == []


def test_they_load_when_needed() -> None:
    assert loaded_after("from rtwbot.store.db import head_revision; head_revision('sqlite://')") \
        == []  # read from the migration files themselves
    assert loaded_after("from rtwbot.store.db import upgrade; upgrade('sqlite://')") \
        == ["alembic"]
    assert {"docx", "docxtpl", "jinja2", "pypdf"} <= set(loaded_after(
        "from rtwbot.forms import FormRegistry, fill\n"
        "from rtwbot.forms.samples import sample_context\n"
        "for t in FormRegistry.load():\n"
        "    fill(t, sample_context())"
    ))
    assert "dateparser" in loaded_after(
        "from datetime import date; from rtwbot.workflow.imwt.values import parse_dates; "
        "parse_dates('next tuesday', date(2026, 11, 25))"
    )


def test_the_servers_schema_check_leaves_alembic_out_of_the_server(database_url: str,
                                                                    tmp_path) -> None:
    from rtwbot.store.crypto import generate_key

    directory = tmp_path / "directory.yaml"
    directory.write_text("hr: []\n")
    assert loaded_after(
        "from rtwbot.config import load_settings\n"
        "from rtwbot.http_server import preflight_in_child\n"
        f"preflight_in_child(load_settings(SLACK_BOT_TOKEN='x', SLACK_SIGNING_SECRET='s', "
        f"RTWBOT_ENCRYPTION_KEY={generate_key()!r}, RTWBOT_DIRECTORY={str(directory)!r}, "
        f"RTWBOT_DATABASE_URL={database_url!r}))"
    ) == []


OPERATOR_COMMANDS = ("rtwbot.directory_check", "rtwbot.doctor", "rtwbot.nudges_cli",
                     "rtwbot.outbox_cli", "rtwbot.roster_cli")


def test_the_command_line_imports_an_operator_command_only_when_it_is_named() -> None:
    probe = (
        "import sys, json\n"
        "from click.testing import CliRunner\n"
        "from rtwbot.cli import main\n"
        f"wanted = {OPERATOR_COMMANDS!r}\n"
        "before = [m for m in wanted if m in sys.modules]\n"
        "result = CliRunner().invoke(main, ['outbox', '--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(json.dumps([before, [m for m in wanted if m in sys.modules]]))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    before, after = json.loads(out.stdout.strip().splitlines()[-1])
    assert before == []
    assert after == ["rtwbot.outbox_cli"]
