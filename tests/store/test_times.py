"""Times keep their instant through the database, on SQLite as on PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from rtwbot.store.db import Database
from rtwbot.store.models import AuditEvent

pytestmark = pytest.mark.store


def test_a_toronto_time_comes_back_as_the_same_instant(database_url: str) -> None:
    # 01:30 in Toronto is 06:30 UTC: read back as a naive 01:30 it would land on the
    # previous day in Toronto, and a deadline would move.
    late_night = datetime(2026, 11, 24, 1, 30, tzinfo=ZoneInfo("America/Toronto"))
    db = Database(database_url)
    try:
        with db.session() as s:
            s.add(AuditEvent(at=late_night, actor="U1", action="test", detail={}))
        with db.session() as s:
            [at] = s.query(AuditEvent.at).all()[0]
        assert at == late_night
        assert at.tzinfo is not None
    finally:
        db.dispose()


def test_a_time_without_a_zone_is_refused(database_url: str) -> None:
    db = Database(database_url)
    try:
        with pytest.raises(Exception, match="no time zone"), db.session() as s:
            s.add(AuditEvent(at=datetime(2026, 11, 24, 1, 30), actor="U1", action="t",
                             detail={}))
    finally:
        db.dispose()
