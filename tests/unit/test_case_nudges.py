"""The stall rule counts days away from work since the accident, not since the last look."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.workflow.case_nudges import days_away

TORONTO = ZoneInfo("America/Toronto")
ACCIDENT = datetime(2026, 9, 1, 14, 0, tzinfo=TORONTO)
CAL = WorkCalendar()


def case(stage: str = "functional_info_received"):
    return SimpleNamespace(stage=stage, occurred_at=ACCIDENT)


def test_days_away_grow_with_time_while_off_work() -> None:
    assert days_away(case(), True, ACCIDENT + timedelta(days=10), CAL) == 10
    assert days_away(case(), True, ACCIDENT + timedelta(days=95), CAL) == 95


def test_back_at_work_or_never_off_is_not_away() -> None:
    later = ACCIDENT + timedelta(days=95)
    assert days_away(case(), False, later, CAL) == 0
    assert days_away(case("temporary_modified_work"), True, later, CAL) == 0
    assert days_away(case("closed"), True, later, CAL) == 0
