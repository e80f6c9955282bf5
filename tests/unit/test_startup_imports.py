"""Start-up imports what a running bot needs and nothing more: Alembic only for
`db upgrade` and the schema check, dateparser when the first date is read."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("alembic", "dateparser")


def loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport sys, json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_worker_starts_without_alembic_or_dateparser() -> None:
    assert loaded_after(
        "import rtwbot.cli, rtwbot.runtime, rtwbot.slack.server, rtwbot.slack.wsgi, "
        "rtwbot.slack.http, rtwbot.nudges.scheduler, rtwbot.playground"
    ) == []


def test_they_load_when_needed() -> None:
    assert loaded_after("from rtwbot.store.db import head_revision; head_revision('sqlite://')") \
        == ["alembic"]
    assert "dateparser" in loaded_after(
        "from datetime import date; from rtwbot.workflow.imwt.values import parse_dates; "
        "parse_dates('next tuesday', date(2026, 11, 25))"
    )
