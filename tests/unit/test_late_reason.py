"""Issue 18, story 5: Form 7's "If reported late, why" is prefilled with what the timeline
knows — when the employer learned what made the case reportable, from whom, and when it was
recorded — only once Form 7 is late, and only in the Form 7's own terms."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from rtwbot.domain import timeline as t
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.late_reason import late_reason
from rtwbot.domain.moment import Moment

TZ = ZoneInfo("America/Toronto")
CAL = WorkCalendar()
FIRST_AID = {"case_kind": "work_injury", "critical_injury": "no", "health_care": "no",
             "absent": "no", "lower_pay": "no", "modified_work": "none"}


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=TZ)


def reason(report: dict, learned: datetime, *more: t.Fact, today: date) -> str | None:
    facts = t.report_facts(report, learned, recorded_at=learned) + list(more)
    base = t.CaseBase(occurred=Moment.of(learned), learned=Moment.of(learned))
    return late_reason(facts, t.case_duties(base, facts, CAL), today, CAL)


TOLD_MONDAY = t.Fact(t.HEALTH_CARE, "yes", at(9), t.SUPERVISOR, recorded_at=at(13))


def test_learned_monday_typed_friday_says_both_days_once_it_is_late() -> None:
    assert reason(FIRST_AID, at(9), TOLD_MONDAY, today=date(2026, 11, 12)) is None  # due today
    said = reason(FIRST_AID, at(9), TOLD_MONDAY, today=date(2026, 11, 13))
    assert said == ("The employer learned on Monday, November 9, 2026 that the worker received "
                    "health care beyond first aid (from the supervisor), recorded on Friday, "
                    "November 13, 2026. Form 7 was due by Thursday, November 12, 2026 "
                    "(OPM 15-01-02).")


def test_a_late_report_names_its_own_facts_and_a_form_is_named_as_a_form() -> None:
    report = {**FIRST_AID, "health_care": "yes", "absent": "yes"}
    said = reason(report, at(2), today=date(2026, 11, 9))
    assert said is not None and "Monday, November 2, 2026" in said
    assert "health care beyond first aid (from the supervisor's report)" in said
    assert "absent from regular work" in said and "work-related" not in said
    form = t.Fact(t.FORM, "unable", at(4, 14), t.HEALTH_PROFESSIONAL)
    said = reason(FIRST_AID, at(2), form, today=date(2026, 11, 16))
    assert said is not None and "a health professional's form reached the employer" in said
    assert "Wednesday, November 4, 2026" in said and "unable" not in said


def test_nothing_to_say_when_not_reportable() -> None:
    assert reason(FIRST_AID, at(2), today=date(2026, 12, 30)) is None
