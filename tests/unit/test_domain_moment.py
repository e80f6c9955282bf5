"""Issue 10: one notion of a moment, shared by the intake, filing, the domain and the forms."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rtwbot.domain import moment as moment_module
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.moment import FUTURE_SLACK, Moment, in_future, order_problem
from rtwbot.domain.reporting import ReportFacts, assess_reportability
from rtwbot.intake import INJURY_REPORT, IntakeContext
from rtwbot.intake.answers import parse_answer
from rtwbot.intake.context import Invalid, Ok
from rtwbot.intake.moment_answer import parse_date_time
from rtwbot.intake.question import question_by_key

TZ = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=TZ)
CTX = IntakeContext(now=NOW, tz=TZ)
CAL = WorkCalendar()


def at(day: int, hour: int, minute: int = 0) -> Moment:
    d = datetime(2026, 11, day, hour, minute, tzinfo=TZ)
    return Moment(d.date(), d)


def test_future_slack_is_five_minutes() -> None:
    assert timedelta(minutes=5) == FUTURE_SLACK
    edge = NOW + timedelta(minutes=5)
    assert not in_future(Moment(edge.date(), edge), NOW)
    beyond = edge + timedelta(seconds=1)
    assert in_future(Moment(beyond.date(), beyond), NOW)


def test_the_intake_uses_the_same_slack() -> None:
    assert isinstance(parse_date_time("2026-11-25 10:35", CTX), Ok)
    assert isinstance(parse_date_time("2026-11-25 10:36", CTX), Invalid)
    assert isinstance(parse_date_time("today", CTX), Ok)
    assert isinstance(parse_date_time("tomorrow", CTX), Invalid)


def test_a_day_without_a_time_compares_by_day() -> None:
    day = Moment(date(2026, 11, 24))
    assert not day.before(at(24, 15))
    assert not at(24, 15).before(day)
    assert Moment(date(2026, 11, 23)).before(at(24, 15))
    assert at(24, 14).before(at(24, 15))
    assert order_problem(at(24, 15), day) is None
    assert order_problem(at(24, 15), at(24, 14))
    assert order_problem(at(24, 15), Moment(date(2026, 11, 23)))


@pytest.mark.parametrize("value", [
    {"date": "2026-11-24", "time_known": True, "datetime": "2026-11-24T15:00:00-05:00"},
    {"date": "2026-11-24", "time_known": False, "datetime": None},
])
def test_the_stored_answer_round_trips(value) -> None:
    assert Moment.of(value).to_answer() == value


def test_the_domain_takes_what_the_intake_accepts_and_refuses_with_the_same_sentence() -> None:
    occurred = Moment.of(parse_date_time("yesterday at 3pm", CTX).value)
    learned = Moment.of(parse_date_time("yesterday", CTX).value)
    facts = ReportFacts("work_injury", occurred, learned, health_care="yes")
    r = assess_reportability(facts, CAL)
    assert r.status == "reportable" and r.obligation_date == date(2026, 11, 24)

    answers = {"occurred_at": occurred.to_answer()}
    earlier = parse_date_time("2 days ago", CTX).value
    refused = parse_answer(question_by_key(INJURY_REPORT, "learned_at"), "2 days ago", CTX,
                           answers)
    assert isinstance(refused, Invalid)
    with pytest.raises(ValueError) as raised:
        ReportFacts("work_injury", occurred, Moment.of(earlier))
    assert str(raised.value) == refused.message


def test_naive_datetimes_are_still_refused_by_the_domain() -> None:
    with pytest.raises(ValueError, match="time zone"):
        ReportFacts("work_injury", datetime(2026, 11, 24, 15), NOW)


def test_the_module_has_one_slack_constant() -> None:
    from rtwbot.intake import moment_answer

    assert moment_answer.FUTURE_SLACK is moment_module.FUTURE_SLACK


@pytest.mark.parametrize(("typed", "shown"), [
    ("yesterday around 3pm", "Tuesday, November 24, 2026, 3:00 PM"),
    ("this morning around 9", "Wednesday, November 25, 2026, 9:00 AM"),
    ("earlier today", "Wednesday, November 25, 2026 (time not known)"),
    ("about 5 minutes ago", "Wednesday, November 25, 2026, 10:25 AM"),
])
def test_hedged_phrasings_are_read(typed, shown) -> None:
    result = parse_date_time(typed, CTX)
    assert isinstance(result, Ok) and result.display == shown
