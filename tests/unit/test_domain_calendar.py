from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rtwbot.domain.calendar import WorkCalendar, add_months, add_years

TORONTO = ZoneInfo("America/Toronto")
CAL = WorkCalendar()
CIVIC_HOLIDAY_2026 = date(2026, 8, 3)

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
aware = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


def at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm), tzinfo=TORONTO)


# --- holidays -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # New Year's Day
        date(2026, 2, 16),  # Family Day
        date(2026, 4, 3),  # Good Friday
        date(2026, 5, 18),  # Victoria Day
        date(2026, 7, 1),  # Canada Day
        date(2026, 9, 7),  # Labour Day
        date(2026, 10, 12),  # Thanksgiving
        date(2026, 12, 25),  # Christmas
        date(2026, 12, 28),  # Boxing Day observed (26th is a Saturday)
        date(2027, 12, 27),  # Christmas observed
        date(2027, 12, 28),  # Boxing Day observed
    ],
)
def test_ontario_statutory_holidays_are_not_business_days(day: date) -> None:
    assert CAL.is_holiday(day)
    assert not CAL.is_business_day(day)


@pytest.mark.parametrize(
    "day",
    [CIVIC_HOLIDAY_2026, date(2026, 4, 6), date(2026, 11, 11)],  # Civic, Easter Mon, Rem.
)
def test_optional_holidays_are_business_days_unless_the_employer_adds_them(day: date) -> None:
    assert CAL.is_business_day(day)
    assert not WorkCalendar(extra_holidays={day}).is_business_day(day)
    assert WorkCalendar(extra_holidays={day}).holiday_name(day) == "Employer closure"


def test_weekends_are_not_business_days() -> None:
    assert not CAL.is_business_day(date(2026, 3, 7))  # Saturday
    assert not CAL.is_business_day(date(2026, 3, 8))  # Sunday
    assert CAL.is_business_day(date(2026, 3, 9))


def test_legal_calendar_drops_employer_extras_and_custom_workdays() -> None:
    employer = WorkCalendar(extra_holidays={CIVIC_HOLIDAY_2026}, workdays={0, 1, 2, 3, 4, 5})
    legal = employer.legal()
    assert legal.is_business_day(CIVIC_HOLIDAY_2026)
    assert not legal.is_business_day(date(2026, 8, 1))  # Saturday
    assert employer.is_business_day(date(2026, 8, 1))


# --- business-day arithmetic ----------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 3, 6), 0, date(2026, 3, 6)),  # day 0 is the day itself
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday + 1 -> Monday
        (date(2026, 3, 6), 3, date(2026, 3, 11)),  # Friday + 3 -> Wednesday
        (date(2026, 2, 13), 3, date(2026, 2, 19)),  # over Family Day
        (date(2026, 9, 4), 3, date(2026, 9, 10)),  # over Labour Day
        (date(2026, 12, 24), 3, date(2026, 12, 31)),  # over Christmas and Boxing Day obs.
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # from a Saturday
        (date(2026, 3, 11), -3, date(2026, 3, 6)),  # backwards
    ],
)
def test_add_business_days(start: date, n: int, expected: date) -> None:
    assert CAL.add_business_days(start, n) == expected


def test_add_calendar_days() -> None:
    assert CAL.add_calendar_days(date(2026, 2, 27), 2) == date(2026, 3, 1)


def test_business_days_between() -> None:
    assert CAL.business_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 3
    assert CAL.business_days_between(date(2026, 12, 31), date(2026, 12, 24)) == -3
    assert CAL.business_days_between(date(2026, 3, 6), date(2026, 3, 6)) == 0


@given(dates, st.integers(min_value=1, max_value=40))
def test_add_business_days_lands_on_a_business_day(start: date, n: int) -> None:
    assert CAL.is_business_day(CAL.add_business_days(start, n))


@given(dates, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=10))
def test_add_business_days_is_monotone(start: date, n: int, extra: int) -> None:
    assert CAL.add_business_days(start, n) <= CAL.add_business_days(start, n + extra)
    if extra:
        assert CAL.add_business_days(start, n) < CAL.add_business_days(start, n + extra)


@given(dates, st.integers(min_value=0, max_value=40))
def test_business_days_between_inverts_add(start: date, n: int) -> None:
    assert CAL.business_days_between(start, CAL.add_business_days(start, n)) == n


def test_misconfigured_calendar_is_rejected() -> None:
    with pytest.raises(ValueError, match="start before it ends"):
        WorkCalendar(work_start=time(17), work_end=time(9))
    with pytest.raises(ValueError, match="Workdays"):
        WorkCalendar(workdays=set())


def test_tz_may_be_a_name() -> None:
    assert WorkCalendar(tz="America/Toronto").tz == TORONTO


# --- working hours --------------------------------------------------------------------
def test_next_working_time_inside_hours_is_unchanged() -> None:
    assert CAL.next_working_time(at(date(2026, 3, 9), 10, 30)) == at(date(2026, 3, 9), 10, 30)


@pytest.mark.parametrize(
    ("due", "delivered"),
    [
        (at(date(2026, 3, 9), 2), at(date(2026, 3, 9), 9)),  # 02:00 -> 09:00 same day
        (at(date(2026, 3, 9), 17), at(date(2026, 3, 10), 9)),  # 17:00 is after hours
        (at(date(2026, 3, 6), 18), at(date(2026, 3, 9), 9)),  # Friday evening -> Monday
        (at(date(2026, 3, 7), 12), at(date(2026, 3, 9), 9)),  # Saturday -> Monday
        (at(date(2026, 12, 25), 10), at(date(2026, 12, 29), 9)),  # Christmas -> Tue 29th
        (at(date(2026, 2, 16), 9), at(date(2026, 2, 17), 9)),  # Family Day -> Tuesday
    ],
)
def test_next_working_time_moves_into_working_hours(due: datetime, delivered: datetime) -> None:
    assert CAL.next_working_time(due) == delivered


def test_next_working_time_converts_other_zones() -> None:
    # 13:30 UTC on a March Monday is 09:30 in Toronto (EDT from 8 March 2026).
    due = datetime(2026, 3, 9, 13, 30, tzinfo=UTC)
    assert CAL.next_working_time(due) == at(date(2026, 3, 9), 9, 30)


def test_configured_hours_are_respected() -> None:
    early = WorkCalendar(work_start=time(7, 30), work_end=time(15, 30))
    assert early.next_working_time(at(date(2026, 3, 9), 6)) == at(date(2026, 3, 9), 7, 30)
    assert early.next_working_time(at(date(2026, 3, 9), 16)) == at(date(2026, 3, 10), 7, 30)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        CAL.next_working_time(datetime(2026, 3, 9, 10))


@given(aware)
def test_next_working_time_is_in_hours_and_not_earlier(dt: datetime) -> None:
    result = CAL.next_working_time(dt)
    assert result >= dt
    assert CAL.is_working_time(result)
    # Nothing earlier qualifies: it is either dt itself or the start of a working day.
    assert result == dt or result.timetz().replace(tzinfo=None) == CAL.work_start


def test_end_of_day_is_the_last_instant_of_the_local_day() -> None:
    end = CAL.end_of_day(date(2026, 12, 31))
    assert end.date() == date(2026, 12, 31)
    assert end + timedelta(microseconds=1) == at(date(2027, 1, 1), 0)


# --- month and year arithmetic ----------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 15), 2, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months(start: date, n: int, expected: date) -> None:
    assert add_months(start, n) == expected


def test_add_years_from_leap_day() -> None:
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(2026, 5, 4), -1) == date(2025, 5, 4)
