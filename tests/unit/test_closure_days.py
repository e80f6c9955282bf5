"""Issue 18: the employer's own closure days (the directory's `employer.closure_days`):
reminders skip them; the law's deadlines do not."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rtwbot.config import ConfigError, load_settings
from rtwbot.directory import load_directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reporting import ReportFacts, assess_reportability
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.catalogue import CaseSnapshot, nudges_for

TZ = ZoneInfo("America/Toronto")


def calendar_from(tmp_path: Path, closure_days: str) -> WorkCalendar:
    path = tmp_path / "directory.yaml"
    path.write_text(f"employer:\n  name: City\n  closure_days: {closure_days}\n")
    directory = load_directory(path)
    return load_settings(SLACK_BOT_TOKEN="x").work_calendar(directory.employer)


def test_yearly_days_named_holidays_and_dates_close_the_employer(tmp_path) -> None:
    cal = calendar_from(tmp_path, '[2026-12-29, "12-24", Civic Holiday]')
    for day in (date(2026, 12, 29), date(2026, 12, 24), date(2027, 12, 24),
                date(2026, 8, 3), date(2027, 8, 2)):  # Civic Holiday: first Monday of August
        assert cal.holiday_name(day) == "Employer closure", day
        assert not cal.is_business_day(day) and cal.legal().is_business_day(day), day
    assert cal.is_business_day(date(2026, 12, 23))


@pytest.mark.parametrize("bad", ['["13-40"]', '["Boxing Week"]'])
def test_a_closure_day_that_cannot_be_read_stops_start_up_with_its_line(tmp_path, bad) -> None:
    with pytest.raises(ConfigError, match="line 3: employer → closure_days"):
        calendar_from(tmp_path, bad)


def test_reminders_skip_a_closure_day_but_form7_is_due_on_the_legal_day(tmp_path) -> None:
    cal = calendar_from(tmp_path, '["12-22"]')
    learned = datetime(2026, 12, 21, 10, tzinfo=TZ)  # Monday; closed on Tuesday the 22nd
    facts = ReportFacts("work_injury", learned, learned, health_care="yes", absent="no",
                        lower_pay="no", modified_work="none")
    closed, legal = assess_reportability(facts, cal), assess_reportability(facts, WorkCalendar())
    assert closed.form7_due == legal.form7_due == date(2026, 12, 24)  # Tue, Wed, Thu 24

    def reminder(calendar: WorkCalendar):
        snapshot = CaseSnapshot(reference="RTW-2026-0009", kind="work_injury",
                                stage="reported", occurred_at=learned, learned_at=learned,
                                reportability="reportable",
                                obligation_date=closed.obligation_date,
                                form7_due=closed.form7_due)
        [hr] = [s for s in nudges_for(snapshot, calendar)
                if (s.kind, s.recipient_role) == (c.FORM7_DUE, c.HR)]
        return hr

    shut, open_ = reminder(cal), reminder(WorkCalendar())
    assert "Thursday, December 24, 2026" in shut.message == open_.message
    assert open_.deliver_after.astimezone(TZ).date() == date(2026, 12, 22)
    assert shut.deliver_after.astimezone(TZ).date() == date(2026, 12, 23)  # the next open day
    assert shut.due_at == open_.due_at and shut.expires_at == open_.expires_at
