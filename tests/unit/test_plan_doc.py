"""The plan document's schedule by week, the end date's stated source, the pay in numbers
and the sign-off rows (pure)."""

from __future__ import annotations

from datetime import date

from rtwbot.forms.plan_doc import end_basis, pay_numbers, schedule_by_week, signoffs

START, END = date(2026, 11, 30), date(2026, 12, 18)


def test_schedule_by_week_follows_the_hours_text() -> None:
    weeks = schedule_by_week("4 hours a day in week 1, 6 in week 2, then full days", START, END)
    assert weeks == [
        "Week 1 (Monday, November 30, 2026 to Friday, December 4, 2026): 4 hours a day",
        "Week 2 (Monday, December 7, 2026 to Friday, December 11, 2026): 6 hours a day",
        "Week 3 (Monday, December 14, 2026 to Friday, December 18, 2026): full days",
    ]
    assert schedule_by_week("full days from week 2, 4 h/day in week 1", START,
                            date(2026, 12, 9))[1].endswith(": full days")
    assert schedule_by_week("6 hours a day", START, START)[0].endswith(": 6 hours a day")
    assert schedule_by_week("x", END, START) == []


def test_the_end_date_source_is_stated_truthfully() -> None:
    assert end_basis(END, {"estimated_end": "2026-12-18"}).startswith(
        "the end date the health professional estimated")
    said = end_basis(END, {"estimated_end": "2026-12-09", "expected_duration": "8-14 days"})
    assert said.startswith("set by the team") and "Wednesday, December 9, 2026" in said
    said = end_basis(END, {"expected_duration": "8-14 days"})
    assert "8-14 days, not a date" in said and "estimated" not in said
    assert end_basis(END, {}).startswith("set by the team; no end was estimated")


def test_pay_in_numbers_only_when_known() -> None:
    assert pay_numbers(31.25, 36, "rule") == (
        "Regular rate $31.25 an hour for 36 hours a week: regular earnings $1,125.00 a week. "
        "During the plan, hours worked are paid at no less than that rate.")
    assert pay_numbers(None, 36, "rule") is None and pay_numbers(31.25, None, None) is None


def test_signoff_rows_show_how_and_when_only_for_who_agreed() -> None:
    rows = signoffs([{"role_label": "Union representative", "name": "Uma", "how": "approved",
                      "on": date(2026, 11, 25)},
                     {"role_label": "Human Resources", "name": "Hana", "how": "x", "on": None}])
    assert rows == [
        {"role_label": "Union representative", "name": "Uma", "agreed": "approved",
         "date": "Wednesday, November 25, 2026"},
        {"role_label": "Human Resources", "name": "Hana", "agreed": "", "date": ""},
    ]
