"""Issue 21: a plan's dates against the facts (pure): not before the injury, by the health
professional's estimate, the start and the reviews on the employer's working days (statutory
holidays and closure days), the weekly schedule around them, and where the end comes from."""

from __future__ import annotations

from datetime import date

import pytest

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.plan_dates import (
    end_basis,
    estimate_of,
    expected_days,
    not_working,
    window_problems,
    working_day_problem,
)
from rtwbot.forms.plan_doc import schedule_by_week
from rtwbot.workflow.imwt.plan_checks import end_prefill, plan_fit_errors
from rtwbot.workflow.imwt.plan_form import weekly_reviews

CAL = WorkCalendar()
# The employer also closes on Christmas Eve and between the holidays.
CLOSED = WorkCalendar(extra_holidays={date(2026, 12, 24), date(2026, 12, 29),
                                      date(2026, 12, 30), date(2026, 12, 31)})
INJURY = date(2026, 11, 24)
# Story 13's form: 8-14 days, estimated end Saturday Dec 19, next assessment Dec 2.
FORM = {"expected_duration": "8-14 days", "estimated_end": "2026-12-19",
        "assessment_date": "2026-11-25", "next_assessment": "2026-12-02"}
D = date


@pytest.mark.parametrize(("band", "days"), [
    ("1-2 days", 2), ("3-7 days", 7), ("8-14 days", 14), ("14+ days", None), ("2 weeks", 14),
    ("more than 3 weeks", None), ("", None), (None, None), ("soon", None),
])
def test_the_most_days_an_expected_duration_says(band, days) -> None:
    assert expected_days(band) == days


def test_the_estimate_is_the_form_s_date_else_its_duration_from_the_assessment() -> None:
    assert estimate_of(FORM).latest == D(2026, 12, 19)
    by_band = estimate_of({**FORM, "estimated_end": None})
    assert (by_band.latest, by_band.said_as) == (D(2026, 12, 9), "duration")
    assert "8-14 days from the assessment on Wednesday, November 25, 2026" in by_band.sentence()
    assert estimate_of({"expected_duration": "14+ days", "assessment_date": "2026-11-25"}) \
        is None
    assert estimate_of({"expected_duration": "8-14 days"}) is None  # from when? not said


def test_a_plan_starts_no_earlier_than_the_injury_and_on_a_working_day() -> None:
    said = window_problems(D(2026, 11, 20), D(2026, 12, 18), INJURY, FORM, CAL)
    assert said["start"] == ("The plan can't start before the injury (Tuesday, November 24, "
                             "2026): pick a later start.")
    assert window_problems(INJURY, D(2026, 12, 18), INJURY, FORM, CAL) == {}
    # Without the injury's day, the form's.
    said = window_problems(D(2026, 11, 24), D(2026, 12, 18), None, FORM, CAL)
    assert "before the functional abilities form (Wednesday, November 25" in said["start"]
    said = window_problems(D(2026, 12, 25), D(2027, 1, 5), INJURY, {}, CAL)
    assert said["start"].startswith("Friday, December 25, 2026 is Christmas Day, a statutory "
                                    "holiday: start on a working day (Tuesday, December 29")


def test_a_plan_ends_by_the_estimate_or_is_an_extension() -> None:
    assert window_problems(D(2026, 11, 30), D(2026, 12, 19), INJURY, FORM, CAL) == {}
    said = window_problems(D(2026, 11, 30), D(2027, 6, 30), INJURY, FORM, CAL)["end"]
    assert said.startswith("The health professional estimated the end as Saturday, December "
                           "19, 2026: end the plan by then.")
    assert "written recommendation" in said and "concurrence" in said and "review" in said
    said = window_problems(D(2026, 12, 21), D(2026, 12, 31), INJURY, FORM, CAL)["end"]
    assert "before this plan would start" in said
    # No estimate at all ("14+ days"): the team sets the end.
    assert window_problems(D(2026, 11, 30), D(2027, 6, 30), INJURY,
                           {"expected_duration": "14+ days"}, CAL) == {}


def test_holidays_and_closure_days_are_not_working_days() -> None:
    assert not_working(D(2026, 12, 25), CAL) == "Christmas Day, a statutory holiday"
    assert not_working(D(2026, 12, 24), CAL) is None
    assert not_working(D(2026, 12, 24), CLOSED) == "a day the employer is closed"
    assert not_working(D(2026, 12, 19), CAL) == "a Saturday, not a working day"
    said = working_day_problem([D(2026, 12, 25), D(2026, 12, 21), D(2027, 1, 1)], CAL,
                               "reviews")
    assert said == ("Friday, December 25, 2026 is Christmas Day, a statutory holiday; "
                    "Friday, January 1, 2027 is New Year's Day, a statutory holiday: pick "
                    "working days for the reviews (for example Tuesday, December 29, 2026).")
    assert working_day_problem([D(2026, 12, 21)], CAL, "reviews") is None


@pytest.mark.parametrize("calendar", [CAL, CLOSED])
def test_weekly_reviews_fall_on_working_days_only(calendar) -> None:
    reviews = weekly_reviews(D(2026, 12, 18), D(2027, 1, 16), calendar)
    assert reviews and all(calendar.is_business_day(d) for d in reviews)
    assert reviews[-1] == D(2027, 1, 15)  # the end is a Saturday: the Friday before


def test_weekly_reviews_skip_christmas_and_the_closure() -> None:
    assert weekly_reviews(D(2026, 12, 18), D(2027, 1, 16), CAL) == [
        D(2026, 12, 29), D(2027, 1, 4), D(2027, 1, 8), D(2027, 1, 15)]
    # Dec 25 -> Dec 29 (Boxing Day observed on the 28th); with the closure: Jan 4.
    assert weekly_reviews(D(2026, 12, 18), D(2027, 1, 16), CLOSED) == [
        D(2027, 1, 4), D(2027, 1, 8), D(2027, 1, 15)]


def test_the_weekly_schedule_names_the_days_off_and_skips_a_closed_week() -> None:
    weeks = schedule_by_week("4 h/day in week 1, 6 h/day in week 2, then full days",
                             D(2026, 12, 21), D(2027, 1, 15), CLOSED)
    assert weeks[0] == ("Week 1 (Monday, December 21, 2026 to Wednesday, December 23, 2026; "
                        "not Thursday, December 24, 2026: a day the employer is closed; not "
                        "Friday, December 25, 2026: Christmas Day, a statutory holiday): "
                        "4 h/day")
    assert weeks[1] == ("Monday, December 28, 2026 to Friday, January 1, 2027: no working day "
                        "(Boxing Day (observed), a statutory holiday; a day the employer is "
                        "closed; a day the employer is closed; a day the employer is closed; "
                        "New Year's Day, a statutory holiday)")
    assert weeks[2].startswith("Week 2 (Monday, January 4, 2027 to Friday, January 8, 2027)")
    assert weeks[3].startswith("Week 3 (") and weeks[3].endswith(": full days")
    # Without the employer's calendar (before issue 21) Christmas was a week's last day.
    assert "to Friday, December 25, 2026)" in schedule_by_week("6 h/day", D(2026, 12, 21),
                                                               D(2026, 12, 31))[0]


def test_the_end_s_source_is_said_as_the_form_said_it() -> None:
    assert end_basis(D(2026, 12, 19), FORM) == ("the end date the health professional "
                                                "estimated on the functional abilities form")
    said = end_basis(D(2026, 12, 18), FORM)
    assert said.startswith("set by the team; the health professional estimated Saturday, "
                           "December 19, 2026")
    assert "not a date" not in said  # the form had Dec 19 (issue 21)
    said = end_basis(D(2026, 12, 9), {**FORM, "estimated_end": None})
    assert "within the health professional's expected duration of 8-14 days" in said
    assert end_basis(D(2027, 1, 15), FORM, extended=True).startswith(
        "extended on a health professional's written recommendation")
    assert "not a date" in end_basis(D(2026, 12, 9), {"expected_duration": "14+ days"})


def test_the_modal_s_end_is_the_estimate_never_the_next_assessment() -> None:
    end, hint = end_prefill(FORM, D(2026, 11, 26))
    assert end == D(2026, 12, 19)
    assert hint.startswith("Prefilled with the health professional's estimated end, "
                           "Saturday, December 19, 2026.")
    end, hint = end_prefill({"expected_duration": "14+ days",
                             "next_assessment": "2026-12-02"}, D(2026, 11, 26))
    assert end is None
    assert hint == ("The form gives no end date (expected duration: 14+ days); the next "
                    "assessment is Wednesday, December 2, 2026. Set the end with the team.")
    end, hint = end_prefill(FORM, D(2026, 12, 21))
    assert end is None and "has passed" in hint


def test_every_plan_check_on_its_field() -> None:
    values = {"duties": "Operating the ride-on mower\nCarrying 20 kg soil bags",
              "hours": "Full days", "start": "2026-11-20", "end": "2027-06-30",
              "reviews": "2026-12-25"}
    errors = plan_fit_errors(values, ["Operating motorized equipment: not able",
                                      "Carrying: up to 5 kg"],
                             {**FORM, "recommended_hours": "graduated"}, INJURY,
                             D(2026, 11, 25), CAL)
    assert set(errors) == {"duties", "respects", "hours", "start", "end", "reviews"}
    assert "ride-on mower" in errors["duties"] and "20 kg" in errors["duties"]
    assert "beyond 2 of these restriction(s)" in errors["respects"]
    assert "Christmas Day" in errors["reviews"]
    fine = {"duties": "Answer phones\nCarry 2 kg tools", "hours": "4 h/day, then 6 h/day",
            "start": "2026-11-30", "end": "2026-12-18", "reviews": "2026-12-07, Dec 14"}
    assert plan_fit_errors(fine, ["Operating motorized equipment: not able",
                                  "Carrying: up to 5 kg"], FORM, INJURY, D(2026, 11, 25),
                           CAL) == {}
