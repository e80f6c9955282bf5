"""The IMWT workflow's pure parts: who may act, the plan form's checks, review dates, and
what the case's parent message says must happen next."""

from __future__ import annotations

from datetime import date

import pytest

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.privacy import Relation
from rtwbot.domain.stages import Stage
from rtwbot.workflow.imwt import (
    NOT_ON_TEAM,
    PERMISSIONS,
    Situation,
    allowed_relations,
    next_date,
    parse_dates,
    read_plan_form,
    refusal,
    weekly_reviews,
    who_must_act,
)
from rtwbot.workflow.imwt.access import EMPLOYEE_ACTIONS

R = Relation
TODAY = date(2026, 11, 25)  # a Wednesday
CAL = WorkCalendar(tz="America/Toronto")


# --- who may act -------------------------------------------------------------------------
@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_nobody_outside_the_case_may_do_anything(action: str) -> None:
    assert refusal({R.NONE}, action) == NOT_ON_TEAM


@pytest.mark.parametrize("action", sorted(set(PERMISSIONS) - EMPLOYEE_ACTIONS))
def test_the_employee_is_not_a_team_member_in_the_thread(action: str) -> None:
    assert refusal({R.EMPLOYEE}, action) == NOT_ON_TEAM


def test_only_the_union_side_approves_plans_and_only_hr_closes() -> None:
    assert refusal({R.UNION}, "union_review") is None
    assert refusal({R.SAFETY_REP}, "union_review") is None
    assert "Only the union representative or the union safety representative" in refusal(
        {R.REPORTER, R.DIVISION_REP}, "union_review")
    assert refusal({R.HR}, "close") is None
    assert refusal({R.REPORTER}, "close") == "Only HR can close the case. Nothing was changed."
    assert refusal({R.UNION}, "propose") is not None
    assert refusal({R.INSURER}, "extend") is None
    assert refusal({R.INSURER}, "propose") is not None


def test_hr_reviews_plans_when_the_employee_declined_the_union() -> None:
    assert allowed_relations("union_review", union_declined=True) == {R.HR}
    assert refusal({R.HR}, "union_review", union_declined=True) is None
    assert refusal({R.HR}, "union_review") is not None


def test_only_the_employee_answers_about_union_representation() -> None:
    assert refusal({R.EMPLOYEE}, "union_authorization") is None
    assert refusal({R.HR}, "union_authorization") is not None


# --- the plan form -----------------------------------------------------------------------
def form(**changes) -> dict:
    values = {"option": "own_job_modified", "duties": "Potting\n- Watering\n\n",
              "hours": "4 h/day, then 6", "start": "2026-11-30", "end": "2026-12-18",
              "reviews": "2026-12-07, Dec 14"}
    return {**values, **changes}


def test_a_good_plan_is_read_with_its_duties_and_reviews() -> None:
    plan, errors = read_plan_form(form(), TODAY)
    assert errors == {}
    assert plan.duties == ("Potting", "Watering")
    assert plan.review_dates == (date(2026, 12, 7), date(2026, 12, 14))
    assert plan.ruled_out == {}


def test_no_reviews_given_means_weekly_ones_and_one_at_the_end() -> None:
    plan, _ = read_plan_form(form(reviews=""), TODAY, CAL)
    assert plan.review_dates == (date(2026, 12, 7), date(2026, 12, 14), date(2026, 12, 18))


@pytest.mark.parametrize(("changes", "block", "words"), [
    ({"end": None}, "end", "defined end date"),
    ({"end": "2026-11-30"}, "end", "after its start"),
    ({"reviews": "2027-02-01"}, "reviews", "within the plan"),
    ({"reviews": "someday soon"}, "reviews", "could not read"),
    ({"option": "same_division"}, "why_a", "(a) modify the regular job"),
    ({"option": "other_division", "why_a": "no light duties"}, "why_b", "(b) transitional"),
    ({"option": "other_division", "why_a": "x", "why_b": "y", "outside_unit": ["yes"]},
     "why_outside", "bargaining unit"),
    ({"duties": "  "}, "duties", "one per line"),
    ({"option": None}, "option", "Pick option"),
])
def test_plans_against_the_rules_are_refused_on_the_right_field(changes, block, words) -> None:
    plan, errors = read_plan_form(form(**changes), TODAY)
    assert plan is None
    assert words in errors[block]


def test_only_the_reasons_before_the_chosen_option_are_kept() -> None:
    plan, errors = read_plan_form(form(option="same_division", why_a="all lifting",
                                       why_b="not relevant"), TODAY)
    assert errors == {}
    assert plan.ruled_out == {"own_job_modified": "all lifting"}
    plan, _ = read_plan_form(form(option="other_division", why_a="a", why_b="b",
                                  outside_unit=["yes"], why_outside="no vacancy"), TODAY)
    assert plan.ruled_out == {"own_job_modified": "a", "same_division": "b",
                              "outside_unit": "no vacancy"}


def test_dates_are_read_leniently() -> None:
    found, bad = parse_dates("2026-12-07; Dec 14\nnonsense", TODAY)
    assert found == [date(2026, 12, 7), date(2026, 12, 14)]
    assert bad == ["nonsense"]


def test_weekly_reviews_move_off_holidays() -> None:
    # Dec 25 and 26 (Boxing Day observed on Monday Dec 28 in 2026) are holidays.
    reviews = weekly_reviews(date(2026, 12, 18), date(2027, 1, 8), CAL)
    assert date(2026, 12, 25) not in reviews
    assert reviews[-1] == date(2027, 1, 8)
    assert all(CAL.is_business_day(d) for d in reviews[:-1])


# --- what happens next -------------------------------------------------------------------
def test_who_must_act_follows_the_case() -> None:
    base = Situation(stage=Stage.FUNCTIONAL_INFO_RECEIVED)
    assert "propose a temporary plan" in who_must_act(base, TODAY)
    proposed = Situation(stage=Stage.FUNCTIONAL_INFO_RECEIVED, plan_state="proposed")
    assert who_must_act(proposed, TODAY).startswith("The union representative")
    declined = Situation(stage=Stage.FUNCTIONAL_INFO_RECEIVED, plan_state="proposed",
                         union_basis="declined")
    assert who_must_act(declined, TODAY).startswith("HR, in the union's place (the employee "
                                                    "declined")
    # Not answered is not "no": the employee is who must act, HR does not review.
    waiting = Situation(stage=Stage.FUNCTIONAL_INFO_RECEIVED, plan_state="proposed",
                        union_basis="waiting")
    assert who_must_act(waiting, TODAY).startswith("The employee: answer whether the union")
    not_in_slack = Situation(stage=Stage.FUNCTIONAL_INFO_RECEIVED, plan_state="proposed",
                             union_basis="waiting", employee_in_slack=False)
    assert who_must_act(not_in_slack, TODAY).startswith("HR: ask the employee")
    reviewed = Situation(stage=Stage.FUNCTIONAL_INFO_RECEIVED, plan_state="proposed",
                         waiting=("employee",), employee_in_slack=False)
    assert "HR, recording the employee's agreement" in who_must_act(reviewed, TODAY)
    agreed = Situation(stage=Stage.TEMPORARY_MODIFIED_WORK, plan_state="agreed",
                       plan_end=date(2026, 12, 18))
    assert "check in" in who_must_act(agreed, TODAY)
    assert "has ended" in who_must_act(agreed, date(2026, 12, 21))
    permanent = Situation(stage=Stage.PERMANENT_ACCOMMODATION, next_step=3)
    assert "step 3" in who_must_act(permanent, TODAY)
    placed = Situation(stage=Stage.PERMANENT_ACCOMMODATION, placement_start=date(2027, 1, 4),
                       follow_up_end=date(2027, 7, 4))
    assert "follow up" in who_must_act(placed, TODAY)
    assert "close the case" in who_must_act(placed, date(2027, 7, 5))
    assert who_must_act(Situation(stage=Stage.CLOSED), TODAY).startswith("Nobody")


def test_the_next_date_is_the_first_one_ahead() -> None:
    sit = Situation(stage=Stage.TEMPORARY_MODIFIED_WORK, plan_state="agreed",
                    plan_end=date(2026, 12, 18),
                    review_dates=(date(2026, 11, 20), date(2026, 12, 7)),
                    next_assessment=date(2026, 12, 2))
    assert next_date(sit, TODAY) == date(2026, 12, 2)
    assert next_date(sit, date(2026, 12, 8)) == date(2026, 12, 18)
    assert next_date(Situation(stage=Stage.CLOSED, review_dates=(date(2027, 1, 1),)),
                     TODAY) is None
