from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rtwbot.domain.accommodation import (
    PLACEMENT_STEP_LABELS,
    HierarchyError,
    PlacementChecklist,
    PlacementStep,
    TemporaryOption,
    check_extension,
    check_plan_agreement,
    check_plan_dates,
    check_return_to_regular_duties,
    check_temporary_option,
    check_training_willingness,
    follow_up_complete,
    follow_up_dates,
    training_limit,
)
from rtwbot.domain.calendar import WorkCalendar


# --- temporary preference order ---------------------------------------------------------
def test_own_job_needs_no_reasons() -> None:
    assert check_temporary_option("own_job_modified") is None


def test_same_division_needs_a_reason_the_own_job_could_not_be_modified() -> None:
    refusal = check_temporary_option(TemporaryOption.SAME_DIVISION)
    assert refusal is not None and "(a) modify the regular job" in refusal
    assert check_temporary_option("same_division", {"own_job_modified": "no lighter tasks"}) is None
    assert check_temporary_option("same_division", {"own_job_modified": "  "}) is not None


def test_other_division_needs_reasons_for_both_earlier_options() -> None:
    refusal = check_temporary_option("other_division", {"own_job_modified": "x"})
    assert refusal is not None and "(b) transitional work in the same division" in refusal
    assert "(a)" not in refusal
    both = {"own_job_modified": "x", "same_division": "y"}
    assert check_temporary_option("other_division", both) is None


def test_other_division_outside_the_unit_needs_a_reason() -> None:
    both = {"own_job_modified": "x", "same_division": "y"}
    assert check_temporary_option("other_division", both, same_bargaining_unit=False) is not None
    assert (
        check_temporary_option(
            "other_division", both, same_bargaining_unit=False, outside_unit_reason="none open"
        )
        is None
    )


# --- temporary plan sign-offs -----------------------------------------------------------
def test_extension_rules() -> None:
    assert "written recommendation" in (check_extension(False, False, None) or "")
    assert "concurrence" in (check_extension(True, True, None) or "")
    assert check_extension(True, True, True) is None
    assert check_extension(True, False, None) is None


def test_return_to_regular_duties_needs_medical_authorization() -> None:
    assert "medical authorization" in (check_return_to_regular_duties(False) or "")
    assert check_return_to_regular_duties(True) is None


def test_union_approval_before_agreement() -> None:
    assert "union" in (check_plan_agreement(False) or "")
    assert check_plan_agreement(True) is None


def test_training_willingness() -> None:
    assert check_training_willingness(False) is not None
    assert check_training_willingness(True) is None


def test_plan_dates() -> None:
    start, end = date(2026, 3, 9), date(2026, 4, 17)
    assert "end date" in (check_plan_dates(start, None) or "")
    assert check_plan_dates(start, start) is not None
    assert "2026-05-01" in (
        check_plan_dates(start, end, [date(2026, 3, 20), date(2026, 5, 1)]) or ""
    )
    assert check_plan_dates(start, end, [date(2026, 3, 20), end]) is None


# --- permanent hierarchy ----------------------------------------------------------------
def rule_out(checklist: PlacementChecklist, *steps: int) -> PlacementChecklist:
    for step in steps:
        checklist = checklist.record_considered(step, available=False, reason=f"none at {step}")
    return checklist


def test_step_one_can_be_chosen_straight_away() -> None:
    chosen = PlacementChecklist().choose(PlacementStep.PRE_INJURY_JOB)
    assert chosen.chosen is PlacementStep.PRE_INJURY_JOB
    assert chosen.record(1) is not None and chosen.record(1).available  # type: ignore[union-attr]


def test_choosing_out_of_order_names_the_missing_steps() -> None:
    checklist = rule_out(PlacementChecklist(), 1, 3)
    with pytest.raises(HierarchyError) as err:
        checklist.choose(4)
    message = str(err.value)
    assert "step 2 (a comparable job in the division/department)" in message
    assert "step 1" not in message and "step 3" not in message


def test_choose_after_every_earlier_step_ruled_out() -> None:
    checklist = rule_out(PlacementChecklist(), 1, 2, 3, 4, 5, 6)
    assert checklist.next_to_consider() is PlacementStep.SUITABLE_OUTSIDE_UNIT
    assert checklist.choose(7).chosen is PlacementStep.SUITABLE_OUTSIDE_UNIT


def test_a_step_recorded_available_does_not_count_as_ruled_out() -> None:
    checklist = PlacementChecklist().record_considered(1, available=True, reason="maybe")
    with pytest.raises(HierarchyError, match="step 1"):
        checklist.choose(2)


def test_not_available_needs_a_reason() -> None:
    with pytest.raises(HierarchyError, match="Record why step 2"):
        PlacementChecklist().record_considered(2, available=False, reason=" ")


def test_cannot_choose_a_step_recorded_not_available() -> None:
    checklist = rule_out(PlacementChecklist(), 1)
    with pytest.raises(HierarchyError, match="not available"):
        checklist.choose(1)


def test_checklist_is_immutable_and_rerecording_replaces() -> None:
    empty = PlacementChecklist()
    once = empty.record_considered(1, available=False, reason="a")
    twice = once.record_considered(1, available=True, reason="new job demands analysis")
    assert empty.records == ()
    assert len(twice.records) == 1 and twice.records[0].available
    with pytest.raises(FrozenInstanceError):
        once.chosen = PlacementStep(1)  # type: ignore[misc]


def test_no_changes_after_a_choice() -> None:
    chosen = PlacementChecklist().choose(1)
    with pytest.raises(HierarchyError, match="already been chosen"):
        chosen.record_considered(2, available=False, reason="x")


def test_step_wording_matches_the_program() -> None:
    assert PLACEMENT_STEP_LABELS[PlacementStep(6)] == (
        "a comparable job outside the bargaining unit (seniority recognized)"
    )
    assert len(PLACEMENT_STEP_LABELS) == 7


@given(st.sets(st.integers(min_value=1, max_value=7)), st.integers(min_value=1, max_value=7))
def test_choose_succeeds_exactly_when_all_earlier_steps_are_ruled_out(
    ruled: set[int], target: int
) -> None:
    checklist = rule_out(PlacementChecklist(), *sorted(ruled - {target}))
    ok = all(s in ruled for s in range(1, target))
    if ok:
        assert checklist.choose(target).chosen == target
    else:
        with pytest.raises(HierarchyError):
            checklist.choose(target)


# --- training and follow-up -------------------------------------------------------------
def test_training_limit_is_one_year() -> None:
    assert training_limit(date(2026, 3, 9)) == date(2027, 3, 9)
    assert training_limit(date(2028, 2, 29)) == date(2029, 2, 28)


def test_monthly_follow_ups_for_six_months() -> None:
    assert follow_up_dates(date(2026, 1, 31)) == (
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
        date(2026, 7, 31),
    )


def test_follow_ups_configurable_and_moved_off_holidays() -> None:
    assert follow_up_dates(date(2026, 1, 15), interval_months=2) == (
        date(2026, 3, 15),
        date(2026, 5, 15),
        date(2026, 7, 15),
    )
    # 31 May 2026 is a Sunday; 1 June is the next business day.
    moved = follow_up_dates(date(2026, 1, 31), calendar=WorkCalendar())
    assert date(2026, 6, 1) in moved
    with pytest.raises(ValueError):
        follow_up_dates(date(2026, 1, 1), interval_months=0)


def test_follow_up_complete_after_six_months() -> None:
    assert not follow_up_complete(date(2026, 1, 15), date(2026, 7, 14))
    assert follow_up_complete(date(2026, 1, 15), date(2026, 7, 15))
