"""Issue 13: a completed functional abilities form dated before the injury (or in the
future) is refused at read-back with the reason, and nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rtwbot.store.models import AuditEvent, FunctionalInfo
from tests.e2e.test_forms import case_now, completed, count, fa_sent_to, file_report, upload

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("dated", "why"), [
    ("2026-11-20", "before the injury on Tuesday, November 24, 2026"),
    ("2026-12-01", "in the future"),
])
def test_a_form_dated_before_the_injury_or_in_the_future_is_refused(pg, dated, why) -> None:
    case = file_report(pg)  # injured "yesterday": Tuesday, November 24, 2026
    stage = case_now(pg, case.id).stage
    with pg.bot.db.session() as s:
        audits = len(s.scalars(select(AuditEvent)).all())
    said = upload(pg, "erin", completed(fa_sent_to(pg, "erin"), assessment_date=dated))
    assert "I can't record this form" in said and why in said
    assert "fa_confirm" not in said
    assert count(pg, FunctionalInfo) == 0
    assert case_now(pg, case.id).stage == stage
    with pg.bot.db.session() as s:
        assert len(s.scalars(select(AuditEvent)).all()) == audits


def test_a_form_assessed_after_the_injury_is_read_back_with_the_wsib_details(pg) -> None:
    file_report(pg)
    said = upload(pg, "erin", completed(fa_sent_to(pg, "erin")))
    assert "Assessed on:* Wednesday, November 25, 2026" in said
    assert "graduated hours, from Thursday, November 26, 2026" in said
    assert "authorization to release:* signed" in said
