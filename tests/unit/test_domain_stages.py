from __future__ import annotations

import pytest

from rtwbot.domain.stages import (
    Action,
    CloseReason,
    Stage,
    TransitionError,
    allowed_actions,
    close_reason,
    is_open,
    stage_label,
    transition,
)


def run(*actions: str, start: Stage = Stage.REPORTED) -> Stage:
    stage = start
    for action in actions:
        stage = transition(stage, action)
    return stage


def test_happy_path_to_temporary_work_and_back_to_regular_duties() -> None:
    assert (
        run(
            "request_functional_info",
            "receive_functional_info",
            "start_temporary_plan",
            "close_returned_to_regular_duties",
        )
        is Stage.CLOSED
    )


def test_permanent_path_closes_with_placement() -> None:
    stage = run(
        "request_functional_info",
        "receive_functional_info",
        "start_temporary_plan",
        "start_permanent_accommodation",
    )
    assert stage is Stage.PERMANENT_ACCOMMODATION
    assert transition(stage, "close_permanently_placed") is Stage.CLOSED


def test_stalled_case_can_resume_with_a_plan() -> None:
    stage = run("request_functional_info", "stall")
    assert stage is Stage.STALLED
    assert transition(stage, Action.START_TEMPORARY_PLAN) is Stage.TEMPORARY_MODIFIED_WORK


def test_plan_cannot_start_before_functional_information() -> None:
    with pytest.raises(TransitionError) as err:
        transition(Stage.AWAITING_FUNCTIONAL_INFO, Action.START_TEMPORARY_PLAN)
    message = str(err.value)
    assert "Awaiting functional information" in message
    assert "start a temporary modified work plan" in message
    assert "record the functional abilities form" in message  # what it can do instead


def test_permanent_restrictions_cannot_close_as_returned_to_regular_duties() -> None:
    with pytest.raises(TransitionError):
        transition(Stage.PERMANENT_ACCOMMODATION, Action.CLOSE_RETURNED_TO_REGULAR_DUTIES)


def test_only_permanent_accommodation_closes_as_placed() -> None:
    for stage in Stage:
        if stage is not Stage.PERMANENT_ACCOMMODATION:
            assert Action.CLOSE_PERMANENTLY_PLACED not in allowed_actions(stage)


def test_closed_is_terminal() -> None:
    assert allowed_actions(Stage.CLOSED) == ()
    assert not is_open("closed")
    with pytest.raises(TransitionError, match="closed"):
        transition("closed", "request_functional_info")


def test_every_open_stage_can_close_for_another_reason() -> None:
    for stage in Stage:
        if is_open(stage):
            assert transition(stage, Action.CLOSE_OTHER) is Stage.CLOSED


def test_unknown_names_are_plain_errors() -> None:
    with pytest.raises(TransitionError, match="not a case stage"):
        transition("limbo", "stall")
    with pytest.raises(TransitionError, match="not something a case can do"):
        transition("reported", "fly")


def test_close_reasons() -> None:
    assert close_reason("close_permanently_placed") is CloseReason.PERMANENTLY_PLACED
    assert (
        close_reason("close_returned_to_regular_duties") is CloseReason.RETURNED_TO_REGULAR_DUTIES
    )
    assert close_reason("close_other") is CloseReason.OTHER
    assert close_reason("stall") is None


def test_labels_for_staff_and_employees() -> None:
    assert stage_label("awaiting_functional_info", "employee") == (
        "We are waiting for your health professional's functional abilities form."
    )
    for stage in Stage:
        assert stage_label(stage)
        assert stage_label(stage, "employee").endswith(".")


def test_stages_store_as_plain_strings() -> None:
    assert Stage.STALLED == "stalled"
    assert transition("reported", "request_functional_info") == "awaiting_functional_info"
