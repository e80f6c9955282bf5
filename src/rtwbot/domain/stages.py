"""The stages of a return-to-work case and the moves allowed between them.

reported -> awaiting_functional_info -> functional_info_received ->
temporary_modified_work / permanent_accommodation -> (stalled: mediation) -> closed.
A closed case stays closed: a recurrence is a new case.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Literal

__all__ = [
    "ACTION_PHRASES",
    "EMPLOYEE_LABELS",
    "STAFF_LABELS",
    "Action",
    "CloseReason",
    "Stage",
    "TransitionError",
    "allowed_actions",
    "close_reason",
    "is_open",
    "stage_label",
    "transition",
]


class Stage(StrEnum):
    REPORTED = "reported"
    AWAITING_FUNCTIONAL_INFO = "awaiting_functional_info"
    FUNCTIONAL_INFO_RECEIVED = "functional_info_received"
    TEMPORARY_MODIFIED_WORK = "temporary_modified_work"
    PERMANENT_ACCOMMODATION = "permanent_accommodation"
    STALLED = "stalled"
    CLOSED = "closed"


class Action(StrEnum):
    REQUEST_FUNCTIONAL_INFO = "request_functional_info"
    RECEIVE_FUNCTIONAL_INFO = "receive_functional_info"
    START_TEMPORARY_PLAN = "start_temporary_plan"
    START_PERMANENT_ACCOMMODATION = "start_permanent_accommodation"
    STALL = "stall"
    CLOSE_RETURNED_TO_REGULAR_DUTIES = "close_returned_to_regular_duties"
    CLOSE_PERMANENTLY_PLACED = "close_permanently_placed"
    CLOSE_OTHER = "close_other"


class CloseReason(StrEnum):
    RETURNED_TO_REGULAR_DUTIES = "returned_to_regular_duties"
    PERMANENTLY_PLACED = "permanently_placed"
    OTHER = "other"


class TransitionError(ValueError):
    """A move the program does not allow; the message is one plain sentence."""


_A, _S = Action, Stage  # short names for the tables below
# Closing "other" is always possible for an open case; returning to regular duties needs
# medical authorization (checked in accommodation), not a particular stage, except that a
# case with permanent restrictions is placed rather than returned.
_TRANSITIONS: MappingProxyType[Stage, MappingProxyType[Action, Stage]] = MappingProxyType(
    {
        stage: MappingProxyType(moves)
        for stage, moves in {
            _S.REPORTED: {
                _A.REQUEST_FUNCTIONAL_INFO: _S.AWAITING_FUNCTIONAL_INFO,
                _A.CLOSE_RETURNED_TO_REGULAR_DUTIES: _S.CLOSED,
                _A.CLOSE_OTHER: _S.CLOSED,
            },
            _S.AWAITING_FUNCTIONAL_INFO: {
                _A.RECEIVE_FUNCTIONAL_INFO: _S.FUNCTIONAL_INFO_RECEIVED,
                _A.STALL: _S.STALLED,
                _A.CLOSE_RETURNED_TO_REGULAR_DUTIES: _S.CLOSED,
                _A.CLOSE_OTHER: _S.CLOSED,
            },
            _S.FUNCTIONAL_INFO_RECEIVED: {
                _A.START_TEMPORARY_PLAN: _S.TEMPORARY_MODIFIED_WORK,
                _A.START_PERMANENT_ACCOMMODATION: _S.PERMANENT_ACCOMMODATION,
                # An incomplete form goes back to the health professional.
                _A.REQUEST_FUNCTIONAL_INFO: _S.AWAITING_FUNCTIONAL_INFO,
                _A.STALL: _S.STALLED,
                _A.CLOSE_RETURNED_TO_REGULAR_DUTIES: _S.CLOSED,
                _A.CLOSE_OTHER: _S.CLOSED,
            },
            _S.TEMPORARY_MODIFIED_WORK: {
                # Reassessment, e.g. before an extension.
                _A.REQUEST_FUNCTIONAL_INFO: _S.AWAITING_FUNCTIONAL_INFO,
                # The restrictions turned out to be permanent.
                _A.START_PERMANENT_ACCOMMODATION: _S.PERMANENT_ACCOMMODATION,
                _A.STALL: _S.STALLED,
                _A.CLOSE_RETURNED_TO_REGULAR_DUTIES: _S.CLOSED,
                _A.CLOSE_OTHER: _S.CLOSED,
            },
            _S.PERMANENT_ACCOMMODATION: {
                _A.REQUEST_FUNCTIONAL_INFO: _S.AWAITING_FUNCTIONAL_INFO,
                _A.STALL: _S.STALLED,
                _A.CLOSE_PERMANENTLY_PLACED: _S.CLOSED,
                _A.CLOSE_OTHER: _S.CLOSED,
            },
            _S.STALLED: {
                _A.REQUEST_FUNCTIONAL_INFO: _S.AWAITING_FUNCTIONAL_INFO,
                _A.RECEIVE_FUNCTIONAL_INFO: _S.FUNCTIONAL_INFO_RECEIVED,
                _A.START_TEMPORARY_PLAN: _S.TEMPORARY_MODIFIED_WORK,
                _A.START_PERMANENT_ACCOMMODATION: _S.PERMANENT_ACCOMMODATION,
                _A.CLOSE_RETURNED_TO_REGULAR_DUTIES: _S.CLOSED,
                _A.CLOSE_OTHER: _S.CLOSED,
            },
            _S.CLOSED: {},
        }.items()
    }
)

_CLOSE_REASONS = MappingProxyType(
    {
        _A.CLOSE_RETURNED_TO_REGULAR_DUTIES: CloseReason.RETURNED_TO_REGULAR_DUTIES,
        _A.CLOSE_PERMANENTLY_PLACED: CloseReason.PERMANENTLY_PLACED,
        _A.CLOSE_OTHER: CloseReason.OTHER,
    }
)

# What each action does, as a verb phrase for sentences.
ACTION_PHRASES = MappingProxyType(
    {
        _A.REQUEST_FUNCTIONAL_INFO: "ask for the functional abilities form",
        _A.RECEIVE_FUNCTIONAL_INFO: "record the functional abilities form",
        _A.START_TEMPORARY_PLAN: "start a temporary modified work plan",
        _A.START_PERMANENT_ACCOMMODATION: "start looking for a permanent accommodation",
        _A.STALL: "be marked stalled",
        _A.CLOSE_RETURNED_TO_REGULAR_DUTIES: "close with a return to regular duties",
        _A.CLOSE_PERMANENTLY_PLACED: "close with a permanent placement",
        _A.CLOSE_OTHER: "close for another recorded reason",
    }
)

STAFF_LABELS = MappingProxyType(
    {
        _S.REPORTED: "Reported",
        _S.AWAITING_FUNCTIONAL_INFO: "Awaiting functional information",
        _S.FUNCTIONAL_INFO_RECEIVED: "Functional information received",
        _S.TEMPORARY_MODIFIED_WORK: "Temporary modified work",
        _S.PERMANENT_ACCOMMODATION: "Permanent accommodation",
        _S.STALLED: "Stalled (mediation may help)",
        _S.CLOSED: "Closed",
    }
)

EMPLOYEE_LABELS = MappingProxyType(
    {
        _S.REPORTED: "Your injury or illness has been reported. We will tell you what happens next.",
        _S.AWAITING_FUNCTIONAL_INFO: "We are waiting for your health professional's "
        "functional abilities form.",
        _S.FUNCTIONAL_INFO_RECEIVED: "We have your health professional's functional "
        "abilities form, and your team is planning your return to work.",
        _S.TEMPORARY_MODIFIED_WORK: "You are on a temporary modified work plan that suits "
        "your abilities.",
        _S.PERMANENT_ACCOMMODATION: "Your team is finding permanent work that suits your abilities.",
        _S.STALLED: "Your return to work is on hold. Your employer or your union may ask for "
        "mediation to help.",
        _S.CLOSED: "Your case is closed.",
    }
)


def _stage(value: Stage | str) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise TransitionError(f"{value!r} is not a case stage.") from None


def _action(value: Action | str) -> Action:
    try:
        return Action(value)
    except ValueError:
        raise TransitionError(f"{value!r} is not something a case can do.") from None


def allowed_actions(stage: Stage | str) -> tuple[Action, ...]:
    return tuple(_TRANSITIONS[_stage(stage)])


def is_open(stage: Stage | str) -> bool:
    return _stage(stage) is not Stage.CLOSED


def transition(stage: Stage | str, action: Action | str) -> Stage:
    """The stage `action` moves a case at `stage` to, or TransitionError saying why not."""
    current, move = _stage(stage), _action(action)
    moves = _TRANSITIONS[current]
    if move in moves:
        return moves[move]
    if current is Stage.CLOSED:
        raise TransitionError(
            f"This case is closed, so it cannot {ACTION_PHRASES[move]}; "
            "open a new case for a recurrence."
        )
    options = "; ".join(ACTION_PHRASES[a] for a in moves)
    raise TransitionError(
        f'A case at "{STAFF_LABELS[current]}" cannot {ACTION_PHRASES[move]}; '
        f"from here it can: {options}."
    )


def close_reason(action: Action | str) -> CloseReason | None:
    """The closing reason an action records, or None if it does not close the case."""
    return _CLOSE_REASONS.get(_action(action))


def stage_label(stage: Stage | str, audience: Literal["staff", "employee"] = "staff") -> str:
    labels = EMPLOYEE_LABELS if audience == "employee" else STAFF_LABELS
    return labels[_stage(stage)]
