"""Reports left idle, a second report about the same person, and several at once."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta

import pytest
from sqlalchemy import select

from rtwbot.store.models import IntakeSession
from tests.e2e.conftest import click, dm_texts, say

pytestmark = pytest.mark.e2e


def sessions(pg) -> list[IntakeSession]:
    with pg.bot.db.session() as s:
        return list(s.scalars(select(IntakeSession).order_by(IntakeSession.id)))


def test_an_idle_report_is_reminded_once_then_discarded_after_a_week(pg) -> None:
    say(pg, "sam", "report")
    say(pg, "sam", f"<@{pg.users['erin']}>")
    say(pg, "sam", "parks")
    pg.sandbox.clock.advance(timedelta(hours=25))
    pg.bot.tick()
    pg.bot.tick()
    pg.settle()
    reminders = [t for t in dm_texts(pg, "sam") if "report in progress" in t]
    assert len(reminders) == 1
    assert "where was I" in reminders[0]

    pg.sandbox.clock.advance(timedelta(days=7))
    pg.bot.tick()
    pg.settle()
    assert any("discarded" in t for t in dm_texts(pg, "sam"))
    [row] = sessions(pg)
    assert row.status == "discarded"
    assert "answers" not in row.state  # nothing half-finished is kept
    assert "I'm rtwbot" in say(pg, "sam", "hello")  # no longer taken as an answer


def test_a_second_report_about_the_same_person_continues_the_first(pg) -> None:
    say(pg, "sam", "report")
    say(pg, "sam", f"<@{pg.users['erin']}>")
    say(pg, "sam", "parks")
    asked = say(pg, "sam", "report an injury")
    assert "Continue it, or start a new report" in asked
    click(pg, "sam", "intake_new")
    merged = say(pg, "sam", f"<@{pg.users['erin']}>")
    assert "already have a report in progress about this person" in merged
    assert "job title" in merged.lower()  # back where the first report was
    first, second = sessions(pg)
    assert (first.status, second.status) == ("active", "discarded")
    assert first.state["answers"]["division"] == "Parks and Recreation"


def test_reports_about_two_people_can_be_under_way_at_once(pg) -> None:
    say(pg, "sam", "report")
    say(pg, "sam", f"<@{pg.users['erin']}>")
    say(pg, "sam", "report")
    click(pg, "sam", "intake_new")
    say(pg, "sam", f"<@{pg.users['ray']}>")
    assert [s.status for s in sessions(pg)] == ["active", "active"]
    asked = say(pg, "sam", "report")
    click(pg, "sam", "intake_resume")
    assert "Ray Roads" in asked  # the report touched last is offered
    assert "division" in dm_texts(pg, "sam")[-1].lower()


def test_the_health_probe_answers(pg) -> None:
    url = pg.server.url.replace("/slack/events", "/healthz")
    with urllib.request.urlopen(url, timeout=5) as resp:  # loopback only
        assert resp.status == 200
        assert json.loads(resp.read()) == {"ok": True, "outbox_pending": 0,
                                           "outbox_failed": 0, "outbox_lag_seconds": 0.0}
